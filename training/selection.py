"""The metric the promotion gate compares models on: ``selection_metric(ev, scorer)``.

The question serving answers is *where* one person fits, and a real export has no truth to
grade that by. Its history answers it only through movers (training/movers.py): people seen
in one post and then in the next, both with appraisals. The metric is Spearman's rho between
the change in a model's fit margin from the previous post to the new one (both featured as
of the move) and the change in the person's leniency-adjusted appraisal — the person's own
level cancels, so knowing "who is good" earns nothing.

Why this one and not the held-out NDCG the gate used before (person-centred outcomes,
people who started in one unit and year): over the world matrix (4 scorers × 20 worlds,
docs/model.md) the old metric's Spearman with truth NDCG@10 was −0.54 (it ranked logistic
above the ranker on kota worlds the truth orders the other way), the movers metric's is
0.73; within one world, over the four scorers, 0.03 against 0.41 on average.

Every model is scored the same way — its raw fit margin (``JobfitModel.margin``), no
calibrator — on the same movers, so a challenger and the champion compare on equal terms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from training.movers import MIN_MOVERS, mover_correlation

# the paired bootstrap of a first model against the rule baseline (training.gate)
N_BOOTSTRAP = 400
INTERVAL = 0.90

NAME = "movers_spearman"
LABEL = "movers' Spearman ρ"

Scorer = Callable[[np.ndarray], np.ndarray]   # raw feature rows → fit margin per row


@dataclass(frozen=True)
class Selection:
    """A model's selection metric with the data behind it."""

    value: float
    n_movers: int
    name: str = NAME
    # per mover: the change in the model's margin, and the change in appraisal (for paired
    # comparisons of two models on the same movers; None for hand-made figures)
    delta_score: np.ndarray | None = field(default=None, repr=False, compare=False)
    delta_outcome: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def enough_data(self) -> bool:
        return self.n_movers >= MIN_MOVERS

    def shortage(self) -> str | None:
        """Plain words when the data are too few to judge by, else None."""
        if self.enough_data:
            return None
        return (f"too little validation data to judge a model: {self.n_movers} movers "
                f"(people who moved into a post on or after the validation cut-off from a "
                f"post with appraisals, both appraised; {MIN_MOVERS} needed)")


def selection_metric(ev, scorer: Scorer) -> Selection:
    """The movers' Spearman rho of ``scorer`` (a training.pipeline.Evaluation's movers).

    ``scorer`` takes raw feature rows (columns ``ev.feature_names``) and returns one fit
    margin per row (``JobfitModel.margin``, or ``baseline_scorer``)."""
    movers = ev.movers
    if movers is None or len(movers) == 0:
        return Selection(float("nan"), 0)
    x_new, x_previous = ev.X_movers
    delta = np.asarray(scorer(x_new), dtype=float) - np.asarray(scorer(x_previous), dtype=float)
    return Selection(mover_correlation(delta, movers.delta_outcome), len(movers),
                     delta_score=delta, delta_outcome=movers.delta_outcome)


def difference_interval(a: Selection, b: Selection,
                        seed: int = 0) -> tuple[float, float] | None:
    """The INTERVAL (90 %) interval of rho(a) − rho(b), resampling the movers both were scored
    on (paired: the same movers in each resample); None without per-mover figures.

    Why: with ~600–1,500 movers the metric's own sampling error (±0.04) is as large as the
    gaps between a model and the rule baseline, so "a first model must beat the rule" is asked
    as "the rule must not beat it beyond doubt" (docs/model.md, the gate)."""
    if a.delta_score is None or b.delta_score is None or a.delta_outcome is None \
            or len(a.delta_score) != len(b.delta_score) or len(a.delta_score) < MIN_MOVERS:
        return None
    rng = np.random.default_rng(seed)
    n = len(a.delta_score)
    diffs = []
    for _ in range(N_BOOTSTRAP):
        i = rng.integers(0, n, n)
        d = mover_correlation(a.delta_score[i], a.delta_outcome[i]) \
            - mover_correlation(b.delta_score[i], a.delta_outcome[i])
        if np.isfinite(d):
            diffs.append(d)
    if not diffs:
        return None
    tail = (1 - INTERVAL) / 2 * 100
    low, high = np.percentile(diffs, [tail, 100 - tail])
    return float(low), float(high)


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
