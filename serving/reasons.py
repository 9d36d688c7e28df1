"""Reasons and gaps in plain words for one (employee, position) pair.

Reasons are drawn from what actually moved the score: the pair's per-feature contributions
(LightGBM SHAP values), strongest positive first, each turned into a sentence about the facts
behind that feature (features.pairs.PairFeatures.describe). Gaps list what falls short of the
position's standard — competencies below the required level, required or leadership trainings
not taken, a field of study that is not the one asked for — whatever the model made of them.

No personal data appears: describe() carries no name, NIP, gender or birth date.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

MAX_REASONS = 3
MAX_GAPS = 5
MIN_SHARE = 0.05   # a reason must carry at least this share of the strongest push


# --- formatting -------------------------------------------------------------------------------
def _num(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "?"
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _years(y: float) -> str:
    return "1 year" if round(y) == 1 and y >= 0.95 else (
        f"{y:.1f} years" if y < 2 else f"{y:.0f} years")


def _job_type(code: float | None) -> str | None:
    from features.vocab import JOB_TYPES

    if code is None or not 0 <= int(code) < len(JOB_TYPES):
        return None
    name = JOB_TYPES[int(code)]
    return name.replace("jpt_", "JPT ").replace("_", " ")


def _unit_type(code: float | None) -> str | None:
    from features.catalog import UNIT_TYPES

    if code is None or not 0 <= int(code) < len(UNIT_TYPES) or UNIT_TYPES[int(code)] == "other":
        return None
    return UNIT_TYPES[int(code)]


def _predicate(value: float | None) -> str | None:
    from features.vocab import value_to_predicate

    return None if value is None else value_to_predicate(value)


def _asked(f: dict) -> str:
    pos = f["position"]
    return ", ".join(pos["fields_asked"] or pos["target_fields"])


def _degree(f: dict, fields: Sequence[str]) -> str | None:
    """'S1 Akuntansi' for the highest education whose field is among `fields`."""
    rows = [e for e in f.get("education", []) if e.get("field") in fields]
    if not rows:
        return None
    from features.vocab import EDUCATION_ORDINAL

    best = max(rows, key=lambda e: EDUCATION_ORDINAL.get(str(e.get("level")), 0))
    return f"{best.get('level') or ''} {best['field']}".strip()


# --- one sentence per feature (None: nothing positive to say) ---------------------------------
def _field(f: dict, x: dict) -> str | None:
    pos = f["position"]
    match = f.get("field_match")
    if match == "exact":
        degree = _degree(f, f["matched_fields"]) or f["matched_fields"][0]
        if pos["any_field"]:
            return f"{degree} is a field {pos['unit_name'] or 'this unit'} needs"
        return f"{degree} matches the field asked for ({_asked(f)})"
    if match == "family":
        held = _degree(f, f["fields_held"]) or ", ".join(f["fields_held"])
        return f"{held} is close to the field asked for ({_asked(f)})"
    if x.get("field_match_unit") == 1.0 and f["fields_held"]:
        return f"{', '.join(f['fields_held'])} suits the work of {pos['unit_name']}"
    if x.get("position_any_field") == 1.0:
        return "the position accepts any field of study"
    return None


def _education(f: dict, x: dict) -> str | None:
    surplus = x.get("education_surplus")
    levels = [e["level"] for e in f.get("education", []) if e.get("level")]
    if surplus and surplus > 0 and levels:
        from features.vocab import EDUCATION_ORDINAL

        top = max(levels, key=lambda lv: EDUCATION_ORDINAL.get(lv, 0))
        return f"{top} education, above the minimum {f['position']['min_education']}"
    return None


def _field_training(f: dict, x: dict) -> str | None:
    hours = f.get("relevant_training_hours") or 0
    trainings = f.get("relevant_trainings") or []
    if hours > 0:
        return f"{_num(hours)} JP of technical training in the position's field"
    if trainings:
        n = len(trainings)
        return f"{n} training{'s' if n > 1 else ''} in the position's field " \
               f"(latest: {trainings[0]['name']})"
    if (x.get("train_family_hours") or 0) > 0:
        return f"{_num(x['train_family_hours'])} JP of training in related fields"
    return None


def _recent_training(f: dict, x: dict) -> str | None:
    hours = x.get("train_hours_3y") or 0
    return f"{_num(hours)} JP of training in the last 3 years" if hours > 0 else None


def _leadership(f: dict, x: dict) -> str | None:
    lead = f.get("leadership") or {}
    if lead.get("has_needed"):
        return f"holds {lead['needed']}, the leadership training for this level"
    if lead.get("held"):
        return f"holds leadership training {lead['held'][-1]}"
    return None


def _required(f: dict, x: dict) -> str | None:
    req = f.get("required_trainings") or {}
    required, missing = req.get("required") or [], req.get("missing") or []
    held = [r for r in required if r not in missing]
    if held:
        return f"has {len(held)} of {len(required)} required trainings ({', '.join(held)})"
    return None


def _years_in(what: str, key: str) -> Callable[[dict, dict], str | None]:
    def phrase(f: dict, x: dict) -> str | None:
        y = x.get(key)
        if y is None or y < 0.5:
            return None
        return f"{_years(y)} {what(f, x) if callable(what) else what}"
    return phrase


def _tenure(f: dict, x: dict) -> str | None:
    y = x.get("tenure_years")
    if y is None:
        return None
    if y >= 5:
        return f"{_years(y)} in the current position: rotation is due"
    return f"{_years(y)} in the current position"


def _jpm(f: dict, x: dict) -> str | None:
    comp = f.get("competencies") or {}
    if comp.get("jpm") is None:
        return None
    text = f"JPM {comp['jpm']:.0%} against the position's standard ({comp['category']})"
    return text if comp.get("below") else text + ", no competency below standard"


def _rank(f: dict, x: dict) -> str | None:
    r = f.get("rank") or {}
    if not r.get("rank"):
        return None
    steps = r.get("steps_above_floor")
    if r.get("floor") and steps is not None and steps > 0:
        return f"rank {r['rank']}, {_num(steps)} step{'s' if steps > 1 else ''} above the " \
               f"floor {r['floor']}"
    if r.get("floor") and steps == 0:
        return f"rank {r['rank']} meets the floor"
    return f"rank {r['rank']}"


def _step(f: dict, x: dict) -> str | None:
    step = x.get("managerial_step")
    cur = (f.get("current_position") or {}).get("title")
    if step is None or cur is None:
        return None
    if step > 0:
        return f"a step up from {cur}"
    if step == 0:
        return f"a move at the same level as {cur}"
    return None


def _job_class(f: dict, x: dict) -> str | None:
    step = x.get("job_class_step")
    if step is None or x.get("target_job_class") is None:
        return None
    if step > 0:
        return f"job class {_num(x['target_job_class'])}, {_num(step)} above the current one"
    if step == 0:
        return f"the same job class ({_num(x['target_job_class'])}) as now"
    return None


def _same_unit(f: dict, x: dict) -> str | None:
    unit = f["position"]["unit_name"] or "the unit"
    if x.get("same_unit") == 1.0:
        return f"already works in {unit}"
    if x.get("same_unit_cluster") == 1.0:
        return f"works in a unit linked to {unit}"
    return None


def _job_move(f: dict, x: dict) -> str | None:
    cur, tgt = _job_type(x.get("current_job_type")), _job_type(x.get("target_job_type"))
    if cur and tgt:
        return f"moves from {cur} to {tgt} posts have gone well" if cur != tgt else \
            f"{tgt} experience for a {tgt} post"
    return None


def _unit_move(f: dict, x: dict) -> str | None:
    cur, tgt = _unit_type(x.get("current_unit_type")), _unit_type(x.get("target_unit_type"))
    if cur and tgt:
        return f"experience in a {cur} for a post in a {tgt}" if cur != tgt else \
            f"{cur} experience for a post in a {tgt}"
    return None


def _perf_last(f: dict, x: dict) -> str | None:
    recent = (f.get("performance") or {}).get("recent") or []
    if recent and recent[0]["value"] >= 4.0:
        return f"rated {recent[0]['predicate']} in {recent[0]['year']}"
    return None


def _perf_mean(years: int, key: str) -> Callable[[dict, dict], str | None]:
    def phrase(f: dict, x: dict) -> str | None:
        v = x.get(key)
        if v is None or v < 4.0:   # "Baik" or better only
            return None
        return f"appraisals averaging {_predicate(v)} over the last {years} years"
    return phrase


def _perf_good_last2(f: dict, x: dict) -> str | None:
    return "Baik or better in each of the last 2 years" \
        if x.get("perf_good_last2") == 1.0 else None


def _perf_n_good(f: dict, x: dict) -> str | None:
    n = x.get("perf_n_good_5y")
    return f"Baik or better in {_num(n)} of the last 5 years" if n and n >= 1 else None


def _perf_slope(f: dict, x: dict) -> str | None:
    s = x.get("perf_slope_5y")
    return "appraisals improving over the last 5 years" if s is not None and s > 0 else None


def _perf_in(what: str, key: str) -> Callable[[dict, dict], str | None]:
    def phrase(f: dict, x: dict) -> str | None:
        v = x.get(key)
        if v is None or v < 4.0:
            return None
        label = what if isinstance(what, str) else what(x)
        return f"rated {_predicate(v)} on average in {label}"
    return phrase


def _open(f: dict, x: dict) -> str | None:
    return "said to be open to a move" if x.get("open_to_move") == 1.0 else None


def _preferred(f: dict, x: dict) -> str | None:
    if x.get("preferred_unit") == 1.0:
        return f"asked to work in {f['position']['unit_name'] or 'this unit'}"
    return None


PHRASES: dict[str, Callable[[dict, dict], str | None]] = {
    "field_match_highest": _field, "field_match_any": _field, "field_family_match": _field,
    "field_match_unit": _field, "position_any_field": _field, "employee_field": _field,
    "target_field": _field,
    "education_ordinal": _education, "education_surplus": _education,
    "train_field_hours": _field_training, "train_field_count": _field_training,
    "train_field_years_since": _field_training, "train_family_hours": _field_training,
    "train_hours_3y": _recent_training, "train_count_3y": _recent_training,
    "leadership_level_held": _leadership, "leadership_for_level": _leadership,
    "required_trainings_share": _required,
    "exp_field_years": _years_in("in positions of this field", "exp_field_years"),
    "exp_family_years": _years_in("in positions of related fields", "exp_family_years"),
    "exp_unit_years": _years_in(lambda f, x: f"in {f['position']['unit_name'] or 'this unit'}",
                                "exp_unit_years"),
    "exp_unit_type_years": _years_in(
        lambda f, x: f"in {_unit_type(x.get('target_unit_type')) or 'similar'} units",
        "exp_unit_type_years"),
    "exp_job_type_years": _years_in(
        lambda f, x: f"in {_job_type(x.get('target_job_type')) or 'similar'} posts",
        "exp_job_type_years"),
    "exp_level_years": _years_in("at this managerial level", "exp_level_years"),
    "tenure_years": _tenure,
    "service_years": _years_in("of service", "service_years"),
    "jpm": _jpm, "jpm_min_gap": _jpm, "jpm_n_below": _jpm,
    "rank_ordinal": _rank, "rank_minus_floor": _rank,
    "target_managerial_level": _step, "managerial_step": _step,
    "target_job_class": _job_class, "job_class_step": _job_class,
    "same_unit": _same_unit, "same_unit_cluster": _same_unit,
    "target_job_type": _job_move, "current_job_type": _job_move,
    "target_unit_type": _unit_move, "current_unit_type": _unit_move,
    "perf_last": _perf_last, "perf_mean_2y": _perf_mean(2, "perf_mean_2y"),
    "perf_mean_5y": _perf_mean(5, "perf_mean_5y"), "perf_slope_5y": _perf_slope,
    "perf_n_good_5y": _perf_n_good, "perf_good_last2": _perf_good_last2,
    "perf_in_field_mean": _perf_in("positions of this field", "perf_in_field_mean"),
    "perf_in_job_type_mean": _perf_in(
        lambda x: f"{_job_type(x.get('target_job_type')) or 'similar'} posts",
        "perf_in_job_type_mean"),
    "open_to_move": _open, "preferred_unit": _preferred,
}


def reasons_for(feature_names: Sequence[str], contributions: np.ndarray, facts: dict,
                limit: int = MAX_REASONS) -> list[str]:
    """Plain-word reasons from the strongest positive contributions of this pair."""
    x = facts.get("features", {})
    c = np.asarray(contributions, dtype=np.float64)
    c = np.where(np.isfinite(c), c, 0.0)
    top = float(c.max()) if len(c) else 0.0
    if top <= 0:
        return []
    out: list[str] = []
    for i in np.argsort(-c, kind="stable"):
        if c[i] <= max(1e-9, MIN_SHARE * top) or len(out) >= limit:
            break
        phrase = PHRASES.get(feature_names[i])
        text = phrase(facts, x) if phrase else None
        if text and text not in out:
            out.append(text)
    return out


def gaps_for(facts: dict, limit: int = MAX_GAPS) -> list[str]:
    """What falls short of the position's standard, most concrete first."""
    out: list[str] = []
    comp = facts.get("competencies") or {}
    for c in sorted(comp.get("below") or [], key=lambda c: c["gap"]):
        out.append(f"{c['competency']}: {_num(c['assessed'])} of {c['required']}")
    req = facts.get("required_trainings") or {}
    for name in req.get("missing") or []:
        out.append(f"{name} training not taken")
    lead = facts.get("leadership") or {}
    if lead.get("has_needed") is False and lead.get("needed") not in (req.get("missing") or []):
        out.append(f"{lead['needed']} training not taken (leadership training for this level)")
    pos = facts["position"]
    if facts.get("field_match") == "none" and not pos["any_field"]:
        held = ", ".join(facts.get("fields_held") or []) or "unknown"
        out.append(f"field of study ({held}) not among those asked for ({_asked(facts)})")
    rank = facts.get("rank") or {}
    steps = rank.get("steps_above_floor")
    if steps is not None and steps < 0 and rank.get("rank") and rank.get("floor"):
        out.append(f"rank {rank['rank']}, floor {rank['floor']}")
    perf = facts.get("performance") or {}
    if perf.get("good_last2") is False:
        out.append("not Baik or better in each of the last 2 years")
    if comp.get("standard") and comp.get("jpm") is None:
        out.append("no competency assessment against the position's standard")
    return out[:limit]


def explain(feature_names: Sequence[str], contributions: np.ndarray,
            facts: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(reasons, gaps) for one pair."""
    return reasons_for(feature_names, contributions, facts), gaps_for(facts)
