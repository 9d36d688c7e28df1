"""Gaps in plain words for one (employee, position) pair: what falls short of the position's
standard — competencies below the required level, required or leadership trainings not taken,
a field of study that is not the one asked for, a managerial level never held before, a rank
under the floor — whatever the model made of them. Kept apart from the reasons (serving.reasons),
which follow the model's contributions; gaps follow the post's standard alone.
"""

from __future__ import annotations

from serving.i18n import DEFAULT, Msg, Num, has, msg, render

MAX_GAPS = 5


def competency_name(code: str) -> Msg | str:
    return msg(f"competency.{code}") if has(f"competency.{code}") else code.replace("_", " ")


def fields_asked(f: dict) -> str:
    pos = f["position"]
    return ", ".join(pos["fields_asked"] or pos["target_fields"])


def gap_messages(facts: dict, limit: int = MAX_GAPS) -> list[Msg]:
    """What falls short of the position's standard (as messages), most concrete first."""
    out: list[Msg] = []
    comp = facts.get("competencies") or {}
    for c in sorted(comp.get("below") or [], key=lambda c: c["gap"]):
        out.append(msg("gap.competency", competency=competency_name(c["competency"]),
                       assessed=Num(c["assessed"]), required=c["required"]))
    req = facts.get("required_trainings") or {}
    for name in req.get("missing") or []:
        out.append(msg("gap.training", name=name))
    lead = facts.get("leadership") or {}
    if lead.get("has_needed") is False and lead.get("needed") not in (req.get("missing") or []):
        out.append(msg("gap.leadership", name=lead["needed"]))
    pos = facts["position"]
    if facts.get("field_match") == "none" and not pos["any_field"]:
        held = ", ".join(facts.get("fields_held") or []) or msg("unit.unknown")
        out.append(msg("gap.field", held=held, asked=fields_asked(facts)))
    rank = facts.get("rank") or {}
    steps = rank.get("steps_above_floor")
    if steps is not None and steps < 0 and rank.get("rank") and rank.get("floor"):
        out.append(msg("gap.rank", rank=rank["rank"], floor=rank["floor"]))
    above = (facts.get("features") or {}).get("level_above_held")
    if above is not None and above > 0:
        out.append(msg("gap.level_above_held", steps=Num(above)))
    perf = facts.get("performance") or {}
    if perf.get("good_last2") is False:
        out.append(msg("gap.performance"))
    if comp.get("standard") and comp.get("jpm") is None:
        out.append(msg("gap.no_assessment"))
    return out[:limit]



def gaps_for(facts: dict, limit: int = MAX_GAPS, lang: str = DEFAULT) -> list[str]:
    """What falls short of the position's standard, most concrete first, in words."""
    return list(dict.fromkeys(render(m, lang) for m in gap_messages(facts, limit)))
