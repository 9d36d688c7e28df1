"""An enacted round matched with a later HR export: did each move happen, how did the people
moved do since, and how did each unit change.

    matched = match_round(round_answer, next_export)   # round as StateStore.get_round gives it
    matched.moves, matched.units, matched.summary       # rows for serving.state.outcomes

Why here, apart from the store: matching reads exports (features.export.Export), the store
only ids and figures. Everything comes from the LATER export alone — it carries the whole
history: who held which post on the round's date (the "before"), who holds it now (the
"after"), and every appraisal year. So an ingest needs only the new export, and the "before"
is the same for every later export (less anyone who left in between).

Definitions (docs/outcomes.md):
- the round's date is its `as_of` (the plan's date); the day before it is the "before" day;
- an enacted move is a move whose latest decision is approve or override (the override's
  employee and/or position replace the plan's); rejected and undecided moves are not enacted,
  but are still matched (did it happen anyway?);
- status: `carried_out` (an assignment to the planned post starting on or after the round's
  date), `elsewhere` (moved since, but not there), `not_carried_out` (still in the old post),
  `left` (not in the later export), `position_gone` (the post is not in it);
- appraisal_before: the employee's appraisal of the last year before the round's year;
  appraisal_after: the mean of the appraisals of the years after the round's year (whole
  years in the new post), or of the round's own year when the export has none later, on the
  1–5 scale (features.vocab: 5 Sangat Baik … 1 Sangat Kurang);
- per unit: headcount, vacancies (Σ max(slots − holders, 0) over its posts) and the mean
  appraisal of its people, before (holders on the day before the round; the last year before
  the round's year) and after (current holders; the latest appraisal year of the export),
  and cross-unit moves in and out, planned (enacted) and realised (carried out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from features.export import Export, export_date
from serving.state import BadRequest

ENACTING = ("approve", "override")


@dataclass
class Matched:
    moves: list[dict]
    units: list[dict]
    summary: dict
    export_date: date


def effective_moves(round_answer: dict) -> list[dict]:
    """Every move of the round with its latest decision and the pair it stands for after an
    override: {move_id, decision, enacted, employee_id, from_position_id, to_position_id,
    planned_score, predicted_score (None when an override changed the pair), gain}."""
    out = []
    for m in round_answer["moves"]:
        d = m.get("decision") or {}
        kind = d.get("decision")
        emp = d.get("override_employee_id") or m["employee_id"]
        to = d.get("override_position_id") or m["to_position_id"]
        same = emp == m["employee_id"] and to == m["to_position_id"]
        out.append({"move_id": m["move_id"], "decision": kind, "enacted": kind in ENACTING,
                    "employee_id": emp,
                    "from_position_id": m["from_position_id"] if emp == m["employee_id"]
                    else None,
                    "to_position_id": to, "planned_score": float(m["score"]),
                    "predicted_score": float(m["score"]) if same else None,
                    "gain": m.get("gain") if same else None})
    return out


def round_date(round_answer: dict) -> date:
    as_of = (round_answer.get("params") or {}).get("as_of")
    if not as_of:
        raise BadRequest(f"round_id: round {round_answer['round_id']!r} has no as_of date "
                         "to match outcomes from", field="round_id")
    return date.fromisoformat(as_of)


def match_round(round_answer: dict, export: Export) -> Matched:
    """The round's outcomes as the later `export` tells them (BadRequest naming `--data` when
    the export is not later than the round)."""
    when = round_date(round_answer)
    dated = export_date(export)
    if dated <= when:
        raise BadRequest(f"--data: the export {export.snapshot} is dated {dated}, not after "
                         f"the round's date {when}: outcomes need a later export",
                         field="data")
    moves = effective_moves(round_answer)
    a = export.assignments
    day_before = pd.Timestamp(when - timedelta(days=1))
    held_before = a[(a["start_date"] <= day_before)
                    & (a["end_date"].isna() | (a["end_date"] >= day_before))]
    holder_before = held_before.drop_duplicates("employee_id", keep="last") \
        .set_index("employee_id")["position_id"]
    current = a[a["is_current"]].set_index("employee_id")["position_id"]
    values = _appraisals(export, when.year)
    since = a[a["start_date"] >= pd.Timestamp(when)]
    moved_to = since.groupby("employee_id")["position_id"].agg(set)
    for m in moves:
        _match_move(m, export, current, moved_to, values)
    units, unit_summary = _units(export, moves, holder_before, current, when.year)
    enacted = [m for m in moves if m["enacted"]]
    done = sum(m["status"] == "carried_out" for m in enacted)
    summary = {"moves": len(moves), "enacted": len(enacted), "carried_out": done,
               "followed_through_rate": round(done / len(enacted), 4) if enacted else None,
               "round_date": when.isoformat(), **unit_summary}
    return Matched(moves, units, summary, dated)


def _appraisals(export: Export, year: int) -> dict[str, tuple[float | None, float | None, int]]:
    """employee → (value of the last year before `year`, mean value of the years after it —
    or of `year` itself when there are none —, years counted)."""
    perf = export.performance.dropna(subset=["value"])
    before = perf[perf["year"] < year].sort_values(["employee_id", "year"])
    last = before.drop_duplicates("employee_id", keep="last").set_index("employee_id")["value"]
    # whole years in the new post (after the round's year); else the round's own year
    whole = perf[perf["year"] > year]
    partial = perf[(perf["year"] == year) & ~perf["employee_id"].isin(whole["employee_id"])]
    after = pd.concat([whole, partial]).groupby("employee_id")["value"].agg(["mean", "count"])
    out: dict[str, tuple[float | None, float | None, int]] = {}
    for eid, v in last.items():
        out[str(eid)] = (float(v), None, 0)
    for eid, row in after.iterrows():
        b = out.get(str(eid), (None, None, 0))[0]
        out[str(eid)] = (b, float(row["mean"]), int(row["count"]))
    return out


def _match_move(m: dict, export: Export, current: pd.Series, moved_to: pd.Series,
                values: dict) -> None:
    eid, to = m["employee_id"], m["to_position_id"]
    before, after, years = values.get(eid, (None, None, 0))
    m.update(appraisal_before=before, appraisal_after=after, appraisal_years=years,
             actual_position_id=None)
    if eid not in export.employee_rows:
        m.update(status="left", appraisal_before=None, appraisal_after=None, appraisal_years=0)
        return
    m["actual_position_id"] = str(current[eid]) if eid in current.index else None
    if to not in export.position_rows:
        m["status"] = "position_gone"
    elif to in moved_to.get(eid, set()):
        m["status"] = "carried_out"
    elif eid in moved_to.index:
        m["status"] = "elsewhere"
    else:
        m["status"] = "not_carried_out"


def _units(export: Export, moves: list[dict], holder_before: pd.Series, current: pd.Series,
           year: int) -> tuple[list[dict], dict]:
    pos = export.positions
    rows, unit_ids = export.position_rows, pos["unit_id"].to_numpy()

    def unit_of(position_id) -> str | None:      # through the export's own id → row lookup
        row = rows.get(position_id) if isinstance(position_id, str) else None
        return None if row is None else str(unit_ids[row])
    perf = export.performance.dropna(subset=["value"])
    year_before = year - 1
    later = perf[perf["year"] >= year]
    year_after = int(later["year"].max()) if len(later) else None

    def side(holders: pd.Series, yr: int | None) -> dict[str, dict]:
        units = holders.map(unit_of)
        occupied = holders.value_counts()
        free = (pos.set_index("position_id")["slots"]
                - occupied.reindex(pos["position_id"]).fillna(0).to_numpy()).clip(lower=0)
        vac = free.groupby(pos.set_index("position_id")["unit_id"]).sum()
        head = units.value_counts()
        if yr is None:
            app = pd.DataFrame(columns=["mean", "count"])
        else:
            v = perf[perf["year"] == yr].set_index("employee_id")["value"]
            joined = pd.DataFrame({"unit": units, "value": v.reindex(units.index)}).dropna()
            app = joined.groupby("unit")["value"].agg(["mean", "count"])
        out = {}
        for u in export.units["unit_id"]:
            out[u] = {"headcount": int(head.get(u, 0)), "vacancies": int(vac.get(u, 0)),
                      "appraisal_mean": _round(app["mean"].get(u)) if u in app.index else None,
                      "appraisals": int(app["count"].get(u, 0)) if u in app.index else 0}
        return out

    before, after = side(holder_before, year_before), side(current, year_after)
    flows = {u: {"moves_in_planned": 0, "moves_in_realised": 0, "moves_out_planned": 0,
                 "moves_out_realised": 0} for u in export.units["unit_id"]}
    for m in moves:
        if not m["enacted"]:
            continue
        src = unit_of(m["from_position_id"] or holder_before.get(m["employee_id"]))
        dst = unit_of(m["to_position_id"])
        if src == dst:
            continue
        done = m["status"] == "carried_out"
        for u, way in ((dst, "in"), (src, "out")):
            if u in flows:
                flows[u][f"moves_{way}_planned"] += 1
                flows[u][f"moves_{way}_realised"] += int(done)
    units = [{"unit_id": u, "before": before[u], "after": after[u], **flows[u]}
             for u in export.units["unit_id"]]
    return units, {"appraisal_year_before": year_before, "appraisal_year_after": year_after}


def _round(v) -> float | None:
    return None if v is None or not np.isfinite(v) else round(float(v), 4)
