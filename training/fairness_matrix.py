"""What a world of the matrix says about fairness and its cost (docs/model.md, "Age proxies"
and "Fair re-ranking"): for a model trained on the world, the four-fifths ratios of the
fairness audit (training.fairness, as every `train` run computes them) and the truth NDCG@10
of its candidate lists — with the plain top k and with each fair re-ranking
(models.fair_ranking): ``floors`` (every group's share of every prefix) and ``lifts`` (the
model's lifts, fitted as `train` fits them on posts other than the audit's:
training.fair_lifts).

Why a second truth figure: the matrix's truth NDCG@10 (training.truth) asks serving's first
question, *positions for a person*; the proxies and the re-ranking act on the second one,
*candidates for a post*, where a person's seniority and group differ between rows. The
candidates figure ranks the eligible candidates of the audit's own sample of posts and reads
each pair's true outcome (relevance = the outcome rounded to 0–4, gain 2^rel − 1, as the
first figure).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from features.protected import ATTRIBUTES, protected_groups
from models.fair_ranking import Lifts, Ranker, fair_ranker
from models.ranking import tiebreak_keys, top_k
from training.fair_lifts import fit_fair_lifts
from training.fairness import TOP_K, run_audit, sample_positions
from training.metrics import ndcg_at_k

MATRIX_VERSION = "matrix"                 # the tie key's model version in these runs
RATIO_MEASURES = ("candidates_selection", "candidates_exposure", "persons_step_up")
FAIR_MEASURES = ("candidates_selection", "candidates_exposure")


def _shown_scores(best: np.ndarray, n: int) -> np.ndarray:
    """Pseudo-scores that order ``best`` first, in its order (for ndcg_at_k)."""
    s = np.full(n, -1.0)
    s[best] = np.arange(len(best), 0, -1, dtype=float)
    return s


def candidates_truth_ndcg(export, model, pair_features, eligibility, truth: pd.DataFrame,
                          as_of: date, ranker: Ranker | None = None, k: int = TOP_K
                          ) -> float:
    """Mean truth NDCG@k over the audit's sampled posts of their candidate lists (eligible
    candidates the truth covers), plain (``ranker`` None) or re-ranked by ``ranker``."""
    pos_ids = export.positions["position_id"].astype(str).to_numpy()
    emp_ids = export.employees["employee_id"].astype(str).to_numpy()
    outcome = truth.set_index(["position_id", "employee_id"])["true_outcome"]
    outcome = outcome[~outcome.index.duplicated()]
    keys = tiebreak_keys(emp_ids, MATRIX_VERSION)
    groups = protected_groups(export.employees, as_of)
    out = []
    for p, items in sample_positions(export, eligibility, as_of, k=k):
        idx = pd.MultiIndex.from_arrays([np.full(len(items), pos_ids[p]), emp_ids[items]])
        true = outcome.reindex(idx).to_numpy(dtype=float)
        items, true = items[np.isfinite(true)], true[np.isfinite(true)]
        if len(items) <= k:
            continue
        scores = np.asarray(model.score(pair_features.for_position(p, items)), dtype=float)
        best = (top_k(scores, keys[items], k) if ranker is None else
                ranker(scores, keys[items], {a: g[items] for a, g in groups.items()}, k))
        rel = np.clip(np.rint(true), 0, 4)
        out.append(ndcg_at_k(rel, _shown_scores(best, len(items)), k))
    return float(np.nanmean(out)) if out else float("nan")


def world_fairness(export, model, pair_features, eligibility, truth: pd.DataFrame,
                   as_of: date) -> dict[str, float]:
    """Audit ratios and candidates truth NDCG@10, plain and per fair re-ranking. Keys:
    ``<attr>_<measure>`` and ``cand_truth`` (plain); ``<method>_<attr>_<measure>`` and
    ``<method>_cand_truth`` for ``floors`` and ``lifts``; ``lift_<part>_<attr>_<group>``
    (the fitted lifts)."""
    fitted = fit_fair_lifts(export, model, pair_features, eligibility, as_of)
    methods = {"floors": fair_ranker(None), "lifts": fair_ranker(fitted.lifts)}
    audit = run_audit(export, model, pair_features, eligibility, as_of, MATRIX_VERSION,
                      fair=methods)
    row: dict[str, float] = {}
    for a in ATTRIBUTES:
        for m in RATIO_MEASURES:
            row[f"{a}_{m}"] = float(audit.rates[(a, m)].ratio.value)
        for name in methods:
            for m in FAIR_MEASURES:
                row[f"{name}_{a}_{m}"] = float(audit.fair_rates[name][(a, m)].ratio.value)
    for name, ranker in (("", None), *methods.items()):
        row[f"{name}_cand_truth".lstrip("_")] = candidates_truth_ndcg(
            export, model, pair_features, eligibility, truth, as_of, ranker)
    lifts: Lifts = fitted.lifts
    for part, table in (("select", lifts.select), ("order", lifts.order)):
        for a, groups in table.items():
            for g, v in groups.items():
                row[f"lift_{part}_{a}_{g}"] = float(v)
    return row
