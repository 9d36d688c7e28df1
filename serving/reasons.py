"""Reasons and gaps in plain words for one (employee, position) pair, in Bahasa Indonesia
(the default) or English.

Reasons are drawn from what actually moved the score: the pair's per-feature contributions
(LightGBM SHAP values), strongest positive first, each turned into a sentence about the facts
behind that feature (features.pairs.PairFeatures.describe). Gaps — what falls short of the
position's standard, whatever the model made of it — are serving.gaps; `explain` gives both.

The sentences live in the message catalogue (serving/i18n/catalogue.toml): the functions here
choose a message and its facts (`Msg`); `explain(..., lang=)` puts them into words.

No personal data appears: describe() carries no name, NIP, gender or birth date.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from serving.gaps import fields_asked, gaps_for
from serving.i18n import DEFAULT, Msg, Num, Years, has, msg, render

MAX_REASONS = 3
MIN_SHARE = 0.05   # a reason must carry at least this share of the strongest push
Phrase = Callable[[dict, dict], "Msg | None"]


# --- names of codes ----------------------------------------------------------------------------
def _job_type(code: float | None) -> Msg | None:
    from features.vocab import JOB_TYPES

    if code is None or not 0 <= int(code) < len(JOB_TYPES):
        return None
    return msg(f"job_type.{JOB_TYPES[int(code)]}")


def _unit_type(code: float | None) -> Msg | None:
    from features.catalog import UNIT_TYPES

    if code is None or not 0 <= int(code) < len(UNIT_TYPES) or UNIT_TYPES[int(code)] == "other":
        return None
    return msg(f"unit_type.{UNIT_TYPES[int(code)]}")


def _jpm_category(name: str | None) -> Msg | str:
    key = f"jpm_category.{(name or '').replace(' ', '_')}"
    return msg(key) if has(key) else (name or "?")


def _predicate(value: float) -> str:
    from features.vocab import value_to_predicate

    return value_to_predicate(value)


def _unit(f: dict, fallback: str = "unit.this_unit") -> Msg | str:
    return f["position"]["unit_name"] or msg(fallback)


def _target_unit_type(f: dict, x: dict) -> Msg:
    return _unit_type(x.get("target_unit_type")) or msg("unit.similar")


def _target_job_type(x: dict) -> Msg:
    return _job_type(x.get("target_job_type")) or msg("unit.similar")


def _degree(f: dict, fields: Sequence[str]) -> str | None:
    """'S1 Akuntansi' for the highest education whose field is among `fields`."""
    rows = [e for e in f.get("education", []) if e.get("field") in fields]
    if not rows:
        return None
    from features.vocab import EDUCATION_ORDINAL

    best = max(rows, key=lambda e: EDUCATION_ORDINAL.get(str(e.get("level")), 0))
    return f"{best.get('level') or ''} {best['field']}".strip()


# --- one message per feature (None: nothing positive to say) ----------------------------------
def _field(f: dict, x: dict) -> Msg | None:
    pos = f["position"]
    match = f.get("field_match")
    if match == "exact":
        degree = _degree(f, f["matched_fields"]) or f["matched_fields"][0]
        if pos["any_field"]:
            return msg("reason.field_needed", degree=degree, unit=_unit(f))
        return msg("reason.field_exact", degree=degree, asked=fields_asked(f))
    if match == "family":
        held = _degree(f, f["fields_held"]) or ", ".join(f["fields_held"])
        return msg("reason.field_family", held=held, asked=fields_asked(f))
    if x.get("field_match_unit") == 1.0 and f["fields_held"]:
        return msg("reason.field_unit", fields=", ".join(f["fields_held"]), unit=_unit(f))
    if x.get("position_any_field") == 1.0:
        return msg("reason.field_any")
    return None


def _education(f: dict, x: dict) -> Msg | None:
    surplus = x.get("education_surplus")
    levels = [e["level"] for e in f.get("education", []) if e.get("level")]
    if surplus and surplus > 0 and levels:
        from features.vocab import EDUCATION_ORDINAL

        top = max(levels, key=lambda lv: EDUCATION_ORDINAL.get(lv, 0))
        return msg("reason.education_above", level=top, minimum=f["position"]["min_education"])
    return None


def _field_training(f: dict, x: dict) -> Msg | None:
    hours = f.get("relevant_training_hours") or 0
    trainings = f.get("relevant_trainings") or []
    if hours > 0:
        return msg("reason.training_field_hours", hours=Num(hours))
    if trainings:
        if len(trainings) == 1:
            return msg("reason.training_field_one", name=trainings[0]["name"])
        return msg("reason.training_field_many", n=len(trainings), name=trainings[0]["name"])
    if (x.get("train_family_hours") or 0) > 0:
        return msg("reason.training_family_hours", hours=Num(x["train_family_hours"]))
    return None


def _recent_training(f: dict, x: dict) -> Msg | None:
    hours = x.get("train_hours_3y") or 0
    return msg("reason.training_recent", hours=Num(hours)) if hours > 0 else None


def _leadership(f: dict, x: dict) -> Msg | None:
    lead = f.get("leadership") or {}
    if lead.get("has_needed"):
        return msg("reason.leadership_needed", name=lead["needed"])
    if lead.get("held"):
        return msg("reason.leadership_held", name=lead["held"][-1])
    return None


def _required(f: dict, x: dict) -> Msg | None:
    req = f.get("required_trainings") or {}
    required, missing = req.get("required") or [], req.get("missing") or []
    held = [r for r in required if r not in missing]
    if held:
        return msg("reason.required_held", held=len(held), required=len(required),
                   names=", ".join(held))
    return None


def _years_in(key: str, message: str, **where: Callable[[dict, dict], Any]) -> Phrase:
    """`message` with {years} from feature `key` (at least half a year) and the `where`
    parameters computed from the facts."""
    def phrase(f: dict, x: dict) -> Msg | None:
        y = x.get(key)
        if y is None or y < 0.5:
            return None
        return msg(message, years=Years(y), **{k: fn(f, x) for k, fn in where.items()})
    return phrase


def _tenure(f: dict, x: dict) -> Msg | None:
    y = x.get("tenure_years")
    if y is None:
        return None
    return msg("reason.tenure_rotation" if y >= 5 else "reason.tenure", years=Years(y))


def _jpm(f: dict, x: dict) -> Msg | None:
    comp = f.get("competencies") or {}
    if comp.get("jpm") is None:
        return None
    return msg("reason.jpm" if comp.get("below") else "reason.jpm_full",
               jpm=Num(comp["jpm"], percent=True), category=_jpm_category(comp["category"]))


def _rank(f: dict, x: dict) -> Msg | None:
    r = f.get("rank") or {}
    if not r.get("rank"):
        return None
    steps = r.get("steps_above_floor")
    if r.get("floor") and steps is not None and steps > 0:
        if round(steps) == 1:
            return msg("reason.rank_above_one", rank=r["rank"], floor=r["floor"])
        return msg("reason.rank_above", rank=r["rank"], steps=Num(steps), floor=r["floor"])
    if r.get("floor") and steps == 0:
        return msg("reason.rank_meets", rank=r["rank"])
    return msg("reason.rank", rank=r["rank"])


def _step(f: dict, x: dict) -> Msg | None:
    step = x.get("managerial_step")
    cur = (f.get("current_position") or {}).get("title")
    if step is None or cur is None:
        return None
    if step > 0:
        return msg("reason.step_up", current=cur)
    if step == 0:
        return msg("reason.step_same", current=cur)
    return None


def _level_held(f: dict, x: dict) -> Msg | None:
    above, level = x.get("level_above_held"), x.get("target_managerial_level")
    return msg("reason.level_held") if above is not None and above <= 0 and level else None


def _job_class(f: dict, x: dict) -> Msg | None:
    step = x.get("job_class_step")
    if step is None or x.get("target_job_class") is None:
        return None
    if step > 0:
        return msg("reason.job_class_up", job_class=Num(x["target_job_class"]), steps=Num(step))
    if step == 0:
        return msg("reason.job_class_same", job_class=Num(x["target_job_class"]))
    return None


def _same_unit(f: dict, x: dict) -> Msg | None:
    if x.get("same_unit") == 1.0:
        return msg("reason.same_unit", unit=_unit(f, "unit.the_unit"))
    if x.get("same_unit_cluster") == 1.0:
        return msg("reason.linked_unit", unit=_unit(f, "unit.the_unit"))
    return None


def _job_move(f: dict, x: dict) -> Msg | None:
    cur, tgt = _job_type(x.get("current_job_type")), _job_type(x.get("target_job_type"))
    if cur and tgt:
        return msg("reason.job_move" if cur != tgt else "reason.job_same", current=cur,
                   target=tgt)
    return None


def _unit_move(f: dict, x: dict) -> Msg | None:
    cur, tgt = _unit_type(x.get("current_unit_type")), _unit_type(x.get("target_unit_type"))
    if cur and tgt:
        return msg("reason.unit_move" if cur != tgt else "reason.unit_same",
                   current=cur, target=tgt)
    return None


def _perf_last(f: dict, x: dict) -> Msg | None:
    recent = (f.get("performance") or {}).get("recent") or []
    if recent and recent[0]["value"] >= 4.0:
        return msg("reason.perf_last", predicate=recent[0]["predicate"], year=recent[0]["year"])
    return None


def _perf_mean(years: int, key: str) -> Phrase:
    def phrase(f: dict, x: dict) -> Msg | None:
        v = x.get(key)
        if v is None or v < 4.0:   # "Baik" or better only
            return None
        return msg("reason.perf_mean", predicate=_predicate(v), n=years)
    return phrase


def _perf_good_last2(f: dict, x: dict) -> Msg | None:
    return msg("reason.perf_good_last2") if x.get("perf_good_last2") == 1.0 else None


def _perf_n_good(f: dict, x: dict) -> Msg | None:
    n = x.get("perf_n_good_5y")
    return msg("reason.perf_n_good", n=Num(n)) if n and n >= 1 else None


def _perf_slope(f: dict, x: dict) -> Msg | None:
    s = x.get("perf_slope_5y")
    return msg("reason.perf_rising") if s is not None and s > 0 else None


def _perf_in(key: str, where: Callable[[dict], Msg]) -> Phrase:
    def phrase(f: dict, x: dict) -> Msg | None:
        v = x.get(key)
        if v is None or v < 4.0:
            return None
        return msg("reason.perf_in", predicate=_predicate(v), where=where(x))
    return phrase


def _open(f: dict, x: dict) -> Msg | None:
    return msg("reason.open_to_move") if x.get("open_to_move") == 1.0 else None


def _preferred(f: dict, x: dict) -> Msg | None:
    if x.get("preferred_unit") == 1.0:
        return msg("reason.preferred_unit", unit=_unit(f))
    return None


PHRASES: dict[str, Phrase] = {
    "field_match_highest": _field, "field_match_any": _field, "field_family_match": _field,
    "field_match_required": _field,
    "field_match_unit": _field, "position_any_field": _field, "employee_field": _field,
    "target_field": _field,
    "education_ordinal": _education, "education_surplus": _education,
    "train_field_hours": _field_training, "train_field_count": _field_training,
    "train_field_years_since": _field_training, "train_family_hours": _field_training,
    "train_field_hours_3y": _field_training, "train_field_recency_hours": _field_training,
    "train_hours_3y": _recent_training, "train_count_3y": _recent_training,
    "leadership_level_held": _leadership, "leadership_for_level": _leadership,
    "leadership_gap": _leadership, "level_above_held": _level_held,
    "structural_years": _years_in("structural_years", "reason.exp_structural"),
    "required_trainings_share": _required,
    "exp_field_years": _years_in("exp_field_years", "reason.exp_field"),
    "exp_family_years": _years_in("exp_family_years", "reason.exp_family"),
    "exp_unit_years": _years_in("exp_unit_years", "reason.exp_unit", unit=lambda f, x: _unit(f)),
    "exp_unit_type_years": _years_in("exp_unit_type_years", "reason.exp_unit_type",
                                     unit_type=_target_unit_type),
    "exp_job_type_years": _years_in("exp_job_type_years", "reason.exp_job_type",
                                    job_type=lambda f, x: _target_job_type(x)),
    "exp_level_years": _years_in("exp_level_years", "reason.exp_level"),
    "tenure_years": _tenure,
    "service_years": _years_in("service_years", "reason.service"),
    "jpm": _jpm, "jpm_min_gap": _jpm, "jpm_n_below": _jpm,
    "rank_ordinal": _rank, "rank_minus_floor": _rank,
    "target_managerial_level": _step, "managerial_step": _step,
    "target_job_class": _job_class, "job_class_step": _job_class, "class_above_held": _job_class,
    "same_unit": _same_unit, "same_unit_cluster": _same_unit,
    "target_job_type": _job_move, "current_job_type": _job_move,
    "target_unit_type": _unit_move, "current_unit_type": _unit_move,
    "perf_last": _perf_last, "perf_mean_2y": _perf_mean(2, "perf_mean_2y"),
    "perf_mean_5y": _perf_mean(5, "perf_mean_5y"), "perf_slope_5y": _perf_slope,
    "perf_n_good_5y": _perf_n_good, "perf_good_last2": _perf_good_last2,
    "perf_in_field_mean": _perf_in("perf_in_field_mean", lambda x: msg("reason.perf_in_field")),
    "perf_in_job_type_mean": _perf_in(
        "perf_in_job_type_mean", lambda x: msg("reason.perf_in_job_type",
                                               job_type=_target_job_type(x))),
    "open_to_move": _open, "preferred_unit": _preferred,
}


def reason_messages(feature_names: Sequence[str], contributions: np.ndarray, facts: dict,
                    limit: int = MAX_REASONS) -> list[Msg]:
    """The reasons (as messages) from the strongest positive contributions of this pair."""
    x = facts.get("features", {})
    c = np.asarray(contributions, dtype=np.float64)
    c = np.where(np.isfinite(c), c, 0.0)
    top = float(c.max()) if len(c) else 0.0
    if top <= 0:
        return []
    out: list[Msg] = []
    for i in np.argsort(-c, kind="stable"):
        if c[i] <= max(1e-9, MIN_SHARE * top) or len(out) >= limit:
            break
        phrase = PHRASES.get(feature_names[i])
        m = phrase(facts, x) if phrase else None
        if m is not None and m not in out:
            out.append(m)
    return out


def _words(messages: list[Msg], lang: str) -> list[str]:
    return list(dict.fromkeys(render(m, lang) for m in messages))   # in order, no repeats


def reasons_for(feature_names: Sequence[str], contributions: np.ndarray, facts: dict,
                limit: int = MAX_REASONS, lang: str = DEFAULT) -> list[str]:
    """Plain-word reasons from the strongest positive contributions of this pair."""
    return _words(reason_messages(feature_names, contributions, facts, limit), lang)


def explain(feature_names: Sequence[str], contributions: np.ndarray,
            facts: dict[str, Any], lang: str = DEFAULT) -> tuple[list[str], list[str]]:
    """(reasons, gaps) for one pair, in `lang` ("id", the default, or "en")."""
    return (reasons_for(feature_names, contributions, facts, lang=lang),
            gaps_for(facts, lang=lang))
