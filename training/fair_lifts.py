"""The fair re-ranking's lifts for one trained model (models.fair_ranking.fit_lifts): each
gender's and age band's lift of the log-odds that brings the four-fifths ratios of the
model's candidate lists — selection and exposure in the top 10, pooled over posts as the
audit pools them — to the target, fitted on the export as of its date.

Fitted on a seeded sample of posts other than the audit's (training.fairness), so the audit
of `fair=true` on its own posts is a test on lists the lifts never saw. A city too small for
two samples fits on all its posts, and says so (the audit's fair figures are then
in-sample). The lifts are stored with the model (JobfitModel.fair_lifts) before it is logged:
they correct that model's lean, and serving reads them with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from features.protected import protected_groups
from models.fair_ranking import Lifts, fit_lifts
from models.ranking import tiebreak_keys
from training.fairness import (FAIRNESS_POSITIONS, FAIRNESS_SEED, LIFT_POSITIONS,
                               LIFT_TIE_VERSION, MIN_LIFT_POSITIONS, TOP_K, sample_positions)

LIFT_SEED = FAIRNESS_SEED + 2          # the persons sample uses + 1


@dataclass
class FittedLifts:
    lifts: Lifts
    n_positions: int
    in_sample: bool                     # fitted on the audit's own posts (a small city)
    notes: list[str] = field(default_factory=list)


def fit_fair_lifts(export, model, pair_features, eligibility, as_of: date,
                   n_positions: int = LIFT_POSITIONS, k: int = TOP_K) -> FittedLifts:
    """Score a seeded sample of posts' eligible candidates with ``model`` over
    ``pair_features`` (as of ``as_of``) and fit the lifts on those lists."""
    audit = sample_positions(export, eligibility, as_of, FAIRNESS_POSITIONS, k)
    posts = sample_positions(export, eligibility, as_of, n_positions, k, seed=LIFT_SEED,
                             exclude=frozenset(p for p, _ in audit))
    in_sample = len(posts) < MIN_LIFT_POSITIONS
    notes = []
    if in_sample:
        posts = sample_positions(export, eligibility, as_of, n_positions, k, seed=LIFT_SEED)
        notes.append(f"fair re-ranking: fewer than {MIN_LIFT_POSITIONS} posts outside the "
                     f"audit's sample; lifts fitted on all {len(posts)} posts, so the audit's "
                     "fair=true figures are in-sample")
    keys = tiebreak_keys(export.employees["employee_id"].astype(str), LIFT_TIE_VERSION)
    groups = protected_groups(export.employees, as_of)
    lists = []
    for p, items in posts:
        scores = np.asarray(model.score(pair_features.for_position(p, items)), dtype=np.float64)
        lists.append((scores, keys[items], {a: g[items] for a, g in groups.items()}))
    lifts = fit_lifts(lists, k)
    if not lifts:
        notes.append(f"fair re-ranking: no lifts fitted on {len(posts)} posts (too few, or "
                     "no group behind); fair=true uses the floors")
    return FittedLifts(lifts, len(posts), in_sample, notes)
