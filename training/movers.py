"""A selection metric that needs no truth: does a model know where a person does better?

Held-out NDCG of unit-year queries rewards knowing *who is good* — people differ more than
posts do — while serving asks *where* one person fits. A real export answers that question
only through movers: people whose appraisals we see in one post and then in the next. For
every placement that starts on or after the validation cut-off and follows a placement of the
same person, both with appraisals:

    Δoutcome = adjusted appraisal in the new post − in the previous post
               (leniency of unit and year removed; the person's own level cancels)
    Δscore   = model margin for (person, new post) − for (person, previous post),
               both featured as of the move, the day the decision was taken

and the metric is Spearman's rank correlation of Δscore with Δoutcome over the movers. It
reads only the export's history (no truth), holds the person fixed, and scores every model
the same way (raw margins, no calibrator), so a challenger and a champion compare on equal
terms. docs/model.md reports how it tracks truth NDCG@10 across the world matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from features.export import Export
from training.labels import LabelSet, appraisal_years, outcomes, placements

MIN_MOVERS = 30     # below this the metric is too noisy to select by (undefined)


@dataclass
class Movers:
    """The movers' pairs: rows of (person, new post) and (person, previous post), both as of
    the move, and the change in adjusted appraisal."""

    new: pd.DataFrame        # employee_id, position_id, as_of
    previous: pd.DataFrame   # employee_id, position_id, as_of (the same dates)
    delta_outcome: np.ndarray

    def __len__(self) -> int:
        return len(self.delta_outcome)


def movers(export: Export, labels: LabelSet) -> Movers:
    """Every move into a post starting on or after the cut-off, from a post with appraisals."""
    pl = placements(export)
    years = appraisal_years(export, pl)
    out = outcomes(years, labels.effects_all).set_index("placement_id")
    pl = pl[pl["placement_id"].isin(out.index)].sort_values(
        ["employee_id", "start_date", "placement_id"], kind="stable")
    prev = pl.groupby("employee_id", sort=False).shift(1)
    has_prev = prev["placement_id"].notna().to_numpy() & \
        (pl["start_date"] >= labels.cutoff).to_numpy()
    new_rows, prev_rows = pl[has_prev], prev[has_prev]
    delta = (out.loc[new_rows["placement_id"], "adjusted"].to_numpy()
             - out.loc[prev_rows["placement_id"].astype(int), "adjusted"].to_numpy())
    as_of = new_rows["start_date"].to_numpy()
    return Movers(
        new=pd.DataFrame({"employee_id": new_rows["employee_id"].to_numpy(),
                          "position_id": new_rows["position_id"].to_numpy(), "as_of": as_of}),
        previous=pd.DataFrame({"employee_id": new_rows["employee_id"].to_numpy(),
                               "position_id": prev_rows["position_id"].to_numpy(),
                               "as_of": as_of}),
        delta_outcome=delta)


def mover_correlation(delta_score: np.ndarray, delta_outcome: np.ndarray) -> float:
    """Spearman's rho of Δscore with Δoutcome; NaN with fewer than MIN_MOVERS movers or no
    variation."""
    if len(delta_outcome) < MIN_MOVERS or np.ptp(delta_score) == 0 \
            or np.ptp(delta_outcome) == 0:
        return float("nan")
    return float(spearmanr(delta_score, delta_outcome).statistic)
