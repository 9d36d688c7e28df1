"""The report of a round's outcome — what `jobfit report round ID` and `GET /rounds/{id}/report`
answer — built from what the state database holds (the round and its latest outcome ingest),
never from an export: so the service answers it without loading the later export, in
milliseconds.

    round_report(store, round_id, lang="id") -> dict      # NotFound 404, NoOutcome 409

Sections (docs/outcomes.md): `moves` (enacted, carried out, followed-through rate, by status
and decision), `calibration` (the plan's predicted score against the appraisal that followed,
over the moves carried out: Pearson and Spearman correlations and score bins), `units` (each
unit before and after: headcount, vacancies, mean appraisal, moves in and out planned and
realised), `overrides` (overridden moves against moves as planned) and `summary` (sentences in
the asked language; serving.outcomes.texts). Numbers are rounded to 4 places.
"""

from __future__ import annotations

import math

import numpy as np

from serving.outcomes.texts import say
from serving.state import StateStore
from serving.state.errors import StateError
from serving.state.outcomes import OutcomeRecords

MIN_CALIBRATION_PAIRS = 5
CALIBRATION_BINS = 5
STATUSES = ("carried_out", "not_carried_out", "elsewhere", "left", "position_gone")


class NoOutcome(StateError):
    """409: the round exists but no later export was ingested for it yet."""

    status = 409


def round_report(store: StateStore, round_id: str, lang: str = "id") -> dict:
    header = store.round_header(round_id)           # 404 for an unknown round
    found = OutcomeRecords(store).latest(round_id)
    if found is None:
        raise NoOutcome(f"round_id: no outcome ingested for round {round_id!r} yet: run "
                        "`jobfit ingest --data NEXT_EXPORT` with an export from after the "
                        "round", field="round_id")
    return build_report(header, found, lang)


def build_report(header: dict, found: dict, lang: str = "id") -> dict:
    ingest, moves, units = found["ingest"], found["moves"], found["units"]
    enacted = [m for m in moves if m["enacted"]]
    report = {
        "round_id": header["round_id"], "name": header["name"], "status": header["status"],
        "model_version": header["model_version"], "data_snapshot": header["data_snapshot"],
        "round_date": ingest["summary"].get("round_date"),
        "outcome": {k: ingest[k] for k in ("ingest_id", "data_snapshot", "export_date",
                                           "ingested_at")},
        "lang": lang,
        "moves": _moves(moves, enacted),
        "calibration": calibration(enacted),
        "overrides": _overrides(enacted),
        "units": units,
        "appraisal_years": {"before": ingest["summary"].get("appraisal_year_before"),
                            "after": ingest["summary"].get("appraisal_year_after")},
        "move_outcomes": moves,
    }
    report["summary"] = _summary(report, lang)
    return report


def _moves(moves: list[dict], enacted: list[dict]) -> dict:
    done = sum(m["status"] == "carried_out" for m in enacted)
    by_decision: dict[str, int] = {}
    for m in moves:
        by_decision[m["decision"] or "none"] = by_decision.get(m["decision"] or "none", 0) + 1
    return {"total": len(moves), "enacted": len(enacted), "carried_out": done,
            "followed_through_rate": _r(done / len(enacted)) if enacted else None,
            "by_status": {s: sum(m["status"] == s for m in enacted) for s in STATUSES},
            "by_decision": by_decision,
            "not_enacted_but_happened": sum(1 for m in moves if not m["enacted"]
                                            and m["status"] == "carried_out")}


def calibration(enacted: list[dict]) -> dict:
    """Predicted score against realised appraisal over the moves carried out with an
    appraisal since: correlations, and per score bin (equal counts) the means of both."""
    pairs = [(m["predicted_score"], m["appraisal_after"], m["appraisal_before"])
             for m in enacted if m["status"] == "carried_out"
             and m["predicted_score"] is not None and m["appraisal_after"] is not None]
    out = {"pairs": len(pairs), "pearson": None, "spearman": None, "bins": [],
           "scale": "predicted score 0–1; appraisal 1–5 (5 Sangat Baik … 1 Sangat Kurang)"}
    if len(pairs) < MIN_CALIBRATION_PAIRS:
        return out
    s = np.array([p[0] for p in pairs], dtype=float)
    a = np.array([p[1] for p in pairs], dtype=float)
    b = np.array([np.nan if p[2] is None else p[2] for p in pairs], dtype=float)
    out["pearson"] = _corr(s, a)
    out["spearman"] = _corr(_ranks(s), _ranks(a))
    order = np.argsort(s, kind="stable")
    for chunk in np.array_split(order, min(CALIBRATION_BINS, len(order))):
        if len(chunk) == 0:
            continue
        before = b[chunk][np.isfinite(b[chunk])]
        out["bins"].append({"score_from": _r(s[chunk].min()), "score_to": _r(s[chunk].max()),
                            "moves": int(len(chunk)), "predicted_mean": _r(s[chunk].mean()),
                            "appraisal_after_mean": _r(a[chunk].mean()),
                            "appraisal_before_mean": _r(before.mean()) if len(before)
                            else None})
    return out


def _overrides(enacted: list[dict]) -> dict:
    def group(ms: list[dict]) -> dict:
        done = [m for m in ms if m["status"] == "carried_out"]
        after = [m["appraisal_after"] for m in done if m["appraisal_after"] is not None]
        change = [m["appraisal_after"] - m["appraisal_before"] for m in done
                  if m["appraisal_after"] is not None and m["appraisal_before"] is not None]
        return {"moves": len(ms), "carried_out": len(done),
                "followed_through_rate": _r(len(done) / len(ms)) if ms else None,
                "planned_score_mean": _r(np.mean([m["planned_score"] for m in ms]))
                if ms else None,
                "appraisal_after_mean": _r(np.mean(after)) if after else None,
                "appraisal_change_mean": _r(np.mean(change)) if change else None}

    return {"planned": group([m for m in enacted if m["decision"] == "approve"]),
            "overridden": group([m for m in enacted if m["decision"] == "override"])}


def _summary(report: dict, lang: str) -> list[str]:
    na = say("na", lang)
    out = [say("observed", lang, snapshot=report["outcome"]["data_snapshot"],
               date=report["outcome"]["export_date"], round_date=report["round_date"])]
    mv = report["moves"]
    if mv["enacted"]:
        out.append(say("followed", lang, done=mv["carried_out"], enacted=mv["enacted"],
                       rate=mv["followed_through_rate"]))
    else:
        out.append(say("none_enacted", lang))
    cal = report["calibration"]
    if cal["pearson"] is not None:
        out.append(say("calibration", lang, r=cal["pearson"], rho=cal["spearman"],
                       n=cal["pairs"]))
    else:
        out.append(say("calibration_thin", lang, n=cal["pairs"]))
    ov = report["overrides"]

    def pct(v):
        return na if v is None else f"{v:.0%}"

    def num(v):
        return na if v is None else f"{v:.2f}"

    out.append(say("overrides", lang, n_over=ov["overridden"]["moves"],
                   rate_over=pct(ov["overridden"]["followed_through_rate"]),
                   after_over=num(ov["overridden"]["appraisal_after_mean"]),
                   n_plan=ov["planned"]["moves"],
                   rate_plan=pct(ov["planned"]["followed_through_rate"]),
                   after_plan=num(ov["planned"]["appraisal_after_mean"])))
    units = report["units"]
    changed = sum(1 for u in units if u["moves_in_realised"] or u["moves_out_realised"])

    def city(side: str):
        n = sum(u[side]["appraisals"] for u in units)
        tot = sum(u[side]["appraisal_mean"] * u[side]["appraisals"] for u in units
                  if u[side]["appraisal_mean"] is not None)
        return num(tot / n) if n else na

    years = report["appraisal_years"]
    out.append(say("units", lang, changed=changed,
                   vac_before=sum(u["before"]["vacancies"] for u in units),
                   vac_after=sum(u["after"]["vacancies"] for u in units),
                   app_before=city("before"), app_after=city("after"),
                   year_before=years["before"] or na, year_after=years["after"] or na))
    return out


def _ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    r = np.empty(len(x))
    r[order] = np.arange(len(x))
    # ties share their mean rank
    _, inv, counts = np.unique(x, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=r)
    return sums[inv] / counts[inv]


def _corr(x: np.ndarray, y: np.ndarray) -> float | None:
    if np.std(x) == 0 or np.std(y) == 0:
        return None
    return _r(float(np.corrcoef(x, y)[0, 1]))


def _r(v) -> float | None:
    if v is None:
        return None
    v = float(v)
    return None if not math.isfinite(v) else round(v, 4)
