"""The round planner's scorers, filled in from the service's Recommender: the same export,
eligibility index, feature cache and model that answer the ranking questions, so a plan's
scores and reasons are the rankings' own."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np

from planning.parts import RoundParts
from serving.i18n import DEFAULT
from serving.ranking import Recommender
from serving.reasons import explain

SCORE_CHUNK = 200_000          # pairs scored per block: bounds feature-matrix memory (~40 MB)
PRESCORE_TREES = 25            # trees of the pre-score (Spearman ≈ 0.8 with 300 trees)


def round_parts(rec: Recommender, threads: int = 2, lang: str = DEFAULT) -> RoundParts:
    """RoundParts over the Recommender's export, eligibility index, features and model, and
    the employees' preferences in force now (the latest stated over the export's snapshot),
    which the scores, the reasons and the plan's preference terms all use.

    The moves' reasons and gaps are in `lang` ("id", the default, or "en").

    A round scores up to a few million pairs in one go, so the model is called with
    `threads` threads (a copy of the model object: the shared one stays untouched).
    """
    model = rec.model
    if dataclasses.is_dataclass(model) and hasattr(model, "num_threads"):
        model = dataclasses.replace(model, num_threads=int(threads))
    prefs = rec.preferences()          # one snapshot for the whole round
    names = rec.feature_names

    def features(as_of: date, emp: np.ndarray, pos: np.ndarray) -> np.ndarray:
        return prefs.patch(rec.features_for(as_of).pairs(emp, pos), names, emp, pos)

    def chunked(as_of: date, emp: np.ndarray, pos: np.ndarray, **kw) -> np.ndarray:
        out = np.empty(len(emp), dtype=np.float64)
        for s in range(0, len(emp), SCORE_CHUNK):
            X = features(as_of, emp[s:s + SCORE_CHUNK], pos[s:s + SCORE_CHUNK])
            out[s:s + SCORE_CHUNK] = model.score(X, **kw)
        return out

    def score_pairs(as_of: date, emp: np.ndarray, pos: np.ndarray) -> np.ndarray:
        return chunked(as_of, emp, pos)

    prescore_pairs = None
    if getattr(model, "n_trees", 0) > PRESCORE_TREES:
        def prescore_pairs(as_of: date, emp: np.ndarray, pos: np.ndarray) -> np.ndarray:
            # the booster's first trees: most of its signal at a fraction of the cost
            return chunked(as_of, emp, pos, num_iteration=PRESCORE_TREES)

    def explain_pairs(as_of: date, emp: np.ndarray, pos: np.ndarray):
        if len(emp) == 0:
            return []
        feats = rec.features_for(as_of)
        X = features(as_of, emp, pos)
        contrib = model.contributions(X)
        return [explain(names, c, feats.describe(int(e), int(p), x), lang=lang)
                for c, e, p, x in zip(contrib, emp, pos, X)]

    return RoundParts(export=rec.export, eligibility=rec.eligibility, score_pairs=score_pairs,
                      explain_pairs=explain_pairs, model_version=str(rec.model_version),
                      prescore_pairs=prescore_pairs, preferences=prefs)
