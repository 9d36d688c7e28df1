"""The metric the promotion gate compares models on: ``selection_metric(ev, scorer)``.

Why not the held-out NDCG of the calibrated score: the calibrator's level term orders people
by their general level, and its fit on the validation rows made the challenger's figure
in-sample while the champion kept its old calibrator. And a relevance of raw appraisals
rewards "who is good", not fit (docs/model.md: the trap of the raw labels).

So every model is scored the same way — its raw fit margin, no calibrator — on the same
held-out rows, and judged against an outcome that holds the person fixed:

- rows: validation placements (started on or after the cut-off) of people with two or more
  placements with appraisals, so that their own level is estimated from more than this one
  placement;
- relevance: the placement's person-centred outcome (appraisals net of unit and year leniency
  and of the person's own level: the validation ``residual``), cut into 5 quantile grades;
- queries: people who started in the same unit in the same year (≥ 2 of them);
- metric: mean NDCG@10 over those queries.

A shuffled-label model scores well below a trained one on it (0.71 vs 0.83 on the default
city), and the rule baseline lower than the ranker (0.79). The lead's truth-free selection
metric is meant to replace this function; the gate calls nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

NAME = "person_centred_ndcg_10"
LABEL = "person-centred NDCG@10"
N_GRADES = 5
MIN_QUERIES = 20      # fewer: the mean's standard error (~0.04) is as large as model gaps
MIN_ROWS = 100

Scorer = Callable[[np.ndarray], np.ndarray]   # raw validation features → fit margin per row


@dataclass(frozen=True)
class Selection:
    """A model's selection metric with the data behind it."""

    value: float
    n_queries: int
    n_rows: int
    name: str = NAME

    @property
    def enough_data(self) -> bool:
        return self.n_queries >= MIN_QUERIES and self.n_rows >= MIN_ROWS

    def shortage(self) -> str | None:
        """Plain words when the data are too few to judge by, else None."""
        if self.enough_data:
            return None
        return (f"too little validation data to judge a model: {self.n_queries} groups of "
                f"people who started in one unit and year ({MIN_QUERIES} needed), "
                f"{self.n_rows} placements ({MIN_ROWS} needed)")


@dataclass(frozen=True)
class SelectionQueries:
    """Which validation rows the metric uses, their grades and query sizes."""

    rows: np.ndarray
    grades: np.ndarray
    sizes: np.ndarray


def selection_queries(ev) -> SelectionQueries:
    """The metric's rows of ``ev.labels.valid`` (a training.pipeline.Evaluation)."""
    valid = ev.labels.valid
    keep = np.asarray(ev.valid_identified, dtype=bool) & np.isfinite(
        valid["residual"].to_numpy(float))
    rows = np.flatnonzero(keep)
    groups = valid["group"].to_numpy()[rows]
    uniq, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    rows = rows[counts[inverse] >= 2]
    groups = valid["group"].to_numpy()[rows]
    order = np.argsort(groups, kind="stable")
    rows, groups = rows[order], groups[order]
    resid = valid["residual"].to_numpy(float)[rows]
    edges = np.quantile(resid, np.linspace(0, 1, N_GRADES + 1)[1:-1]) if len(rows) else []
    grades = np.searchsorted(edges, resid, side="right").astype(float)
    sizes = np.unique(groups, return_counts=True)[1] if len(rows) else np.zeros(0, int)
    # np.unique sorts, and so are the rows: sizes follow the rows' order
    return SelectionQueries(rows, grades, sizes)


def selection_metric(ev, scorer: Scorer) -> Selection:
    """Mean NDCG@10 of ``scorer``'s order over the person-centred validation queries.

    ``scorer`` takes the raw validation feature matrix (``ev.X_valid``, columns
    ``ev.feature_names``) and returns one fit margin per row (``JobfitModel.margin``)."""
    from training.metrics import per_query

    q = selection_queries(ev)
    if len(q.rows) == 0:
        return Selection(float("nan"), 0, 0)
    scores = np.asarray(scorer(ev.X_valid), dtype=float)[q.rows]
    ndcg = per_query(q.grades, scores, q.sizes, ks=(10,), map_k=10)["ndcg_10"]
    counted = np.isfinite(ndcg)
    value = float(ndcg[counted].mean()) if counted.any() else float("nan")
    return Selection(value, int(counted.sum()), int(len(q.rows)))


def model_scorer(ev, model) -> Scorer | None:
    """A registered JobfitModel's margin over this evaluation's columns; None when it was
    trained on features this code does not compute (it could not be served either)."""
    names = list(ev.feature_names)
    if not set(model.feature_names) <= set(names):
        return None
    cols = [names.index(n) for n in model.feature_names]
    return lambda X: model.margin(np.asarray(X)[:, cols])


def baseline_scorer(ev, name: str = "rule") -> Scorer:
    """One of the run's own scorers (e.g. the rule baseline) on raw validation features."""
    from training.policy import FeaturePolicy, prepare

    fill = FeaturePolicy.for_names(ev.feature_names).fill_missing()
    scorer = ev.scorers[name]
    return lambda X: scorer.predict(prepare(np.asarray(X, dtype=np.float32), fill))
