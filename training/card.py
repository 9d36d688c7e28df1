"""The model card of a registered version: what it was trained on, what it is for, how well it
does, how fair its lists are and why it was (not) promoted — in markdown, for the people who
decide whether to use it. Logged with the run as ``model_card.md`` and set as the registered
version's description (training.tracking); ``jobfit card [VERSION]`` prints it.
"""

from __future__ import annotations

import numpy as np

from training.fairness import ATTRIBUTES, MEASURES
from training.selection import LABEL

LIMITS = (
    "Trained on placement history and the appraisals that followed: it learns what went well "
    "under past placement decisions, with their biases (the fairness section shows where).",
    "Fit is only separable from a person's general level for people with two or more "
    "placements; where few people move, the model falls back towards the rule baseline.",
    "Position attributes (peta jabatan, standards, floors) are today's, taken as static for "
    "every past date; a rank before its rank_date is estimated (one grade per 4 years "
    "back), never read from the current rank.",
    "Preferences (open to move, preferred units) are today's snapshot: not learned from "
    "history older than 3 years.",
    "The fairness audit samples 200 posts and up to 200 people as of the export's date; "
    "its intervals are bootstrap intervals over those samples.",
    "The score is the chance of an appraisal of Baik or better under average rating "
    "leniency, not a verdict on a person. The engine recommends; people decide.",
)


def _f(x, digits: int = 3) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def model_card(*, model_name: str, version: str, result, ev, fairness, export_info: dict,
               matrix_metrics: dict | None = None) -> str:
    """Markdown card. ``result``: training.run.TrainResult (verdict, metrics, selection);
    ``ev``: training.pipeline.Evaluation; ``fairness``: training.fairness.FairnessAudit;
    ``export_info``: as_of, employees, positions, fingerprint; ``matrix_metrics``: figures
    on a world matrix when the caller has them (name → value)."""
    status = ("**champion**" if result.promoted else "**challenger** (not promoted)")
    lines = [f"# Model card — {model_name} v{version}", "",
             f"Status after its run: {status}. Gate: `{result.gate_code}` — {result.reason}.",
             f"MLflow run `{result.run_id}`.", ""]
    lines += ["## Data and period", "",
              f"- HR export `{result.data_snapshot}` (sha256 {export_info['fingerprint'][:12]}…),"
              f" dated {export_info['as_of']}: {export_info['employees']} employees, "
              f"{export_info['positions']} positions.",
              f"- Trained on {result.n_train} past placements that started before "
              f"{result.cutoff} (labels from appraisals before it); held out: "
              f"{result.n_valid} placements from {result.cutoff} on.",
              f"- {len(ev.feature_names)} pair features as of each placement's start; no "
              "name, NIP, gender, birth date or age among them.", ""]
    lines += ["## Intended use", "",
              "- Evidence for a *penataan mutasi*: positions where an ASN would do best, and "
              "who would do best in a post, each with reasons and gaps in plain words, for "
              "BKPSDM staff and the Tim Penilai Kinerja.",
              "- Not for: deciding alone, promotion or discipline, or comparing people's worth.",
              "- People decide; every list says why.", ""]
    lines += ["## Metrics on the export", "",
              "| model | movers' ρ (gate) | held-out NDCG@10 | MAP@10 | truth NDCG@10 |",
              "|---|---:|---:|---:|---:|"]
    for name in ("rule", "logistic", "pointwise", "ranker"):
        m = result.metrics.get(name, {})
        lines.append(f"| {name} | {_f(m.get('sel_movers'))} | {_f(m.get('val_ndcg_10'))} | "
                     f"{_f(m.get('val_map_10'))} | {_f(m.get('truth_ndcg_10'))} |")
    sel = result.selection
    lines += ["", f"Gate metric ({LABEL}: the change in raw fit margin against the change in "
                  f"leniency-adjusted appraisal of the people who moved after the cut-off, "
                  f"the same movers for every model): this model {_f(sel.get('challenger'))}, "
                  f"champion before {_f(sel.get('champion'))}, rule baseline "
                  f"{_f(sel.get('rule'))}. Calibration: Brier "
                  f"{_f(ev.calibration.get('calib_brier'))}, ECE "
                  f"{_f(ev.calibration.get('calib_ece'))}.",
              "Truth NDCG@10 exists only for synthetic cities." if not np.isfinite(
                  result.metrics.get("ranker", {}).get("truth_ndcg_10", np.nan)) else "", ""]
    if matrix_metrics:
        lines += ["## Metrics on the world matrix", ""]
        lines += [f"- {k}: {_f(v)}" for k, v in matrix_metrics.items()] + [""]
    lines += _fairness(fairness, result)
    lines += _fair_reranking(fairness, getattr(ev.model, "fair_lifts", None) or {})
    lines += ["## Limits", ""] + [f"- {x}" for x in LIMITS] + [""]
    return "\n".join(lines)


def _fairness(audit, result) -> list[str]:
    out = ["## Fairness", "",
           f"Four-fifths ratios (lowest group rate / highest) with 90 % bootstrap intervals, "
           f"as of {audit.as_of}: {audit.n_positions} posts ranked for their candidates, "
           f"{audit.n_persons} people ranked for vacant posts. Below 0.8: alarm; whole "
           "interval below 0.8: below the bar (the gate does not promote).", "",
           "| measure | gender | age |", "|---|---|---|"]
    for m, words in MEASURES.items():
        cells = []
        for a in ATTRIBUTES:
            r = audit.rates.get((a, m))
            flag = "" if r is None else (" **below bar**" if r.below_bar else
                                         " alarm" if r.alarm else "")
            cells.append("—" if r is None else r.ratio.text() + flag)
        out.append(f"| {words} | {cells[0]} | {cells[1]} |")
    out.append("")
    for a in ATTRIBUTES:
        r = audit.rates.get((a, "candidates_selection"))
        if r is not None and r.compared:
            rates = ", ".join(f"{g} {r.table.at[g, 'rate']:.2f}" for g in r.compared)
            out.append(f"- {a}, candidates for a post — how often a group makes the top 10 "
                       f"relative to a random order (1.00), each post once: {rates}")
    for a, gap in audit.gaps.items():
        out.append(f"- Features behind the {gap.words()}")
    out += [f"- {n}" for n in audit.notes]
    if result.gate_code == "fairness_below_bar":
        out.append("- **Not promoted for fairness**: " + "; ".join(audit.gate_failures()))
    accepted = getattr(result, "fairness_accepted", None)
    if accepted:
        out.append(f"- **Fairness below the bar accepted** by the person who trained it: "
                   f"\"{accepted}\"")
    out.append("")
    return out


def _fair_reranking(audit, lifts: dict) -> list[str]:
    """What `fair=true` does for this version's candidate lists: the lifts and the ratios of
    the audit's posts re-ranked with them (not gated: plain lists are the default)."""
    rates = audit.fair_rates.get("fair")
    if not rates:
        return []
    out = ["## Fair re-ranking (`fair=true`, candidate lists)", ""]
    if any(lifts.get(p) for p in ("select", "order")):
        words = []
        for part, what in (("select", "to be shown"), ("order", "in the order shown")):
            named = [f"{a} {g} +{v:.2f}" for a, groups in (lifts.get(part) or {}).items()
                     for g, v in groups.items()]
            words += [f"{what}: " + ", ".join(named)] if named else []
        out.append("Lifts of the score's log-odds, fitted on other posts of the export — "
                   + "; ".join(words) + ".")
    else:
        out.append("No lifts fitted: `fair=true` gives each group its share of every prefix "
                   "of the list (floors).")
    out.append("Off by default, so not gated: the gate reads the plain lists above.")
    out += ["", "| measure | gender | age |", "|---|---|---|"]
    for m in ("candidates_selection", "candidates_exposure"):
        cells = ["—" if rates.get((a, m)) is None else rates[(a, m)].ratio.text()
                 for a in ATTRIBUTES]
        out.append(f"| {MEASURES[m]} | {cells[0]} | {cells[1]} |")
    return out + [""]
