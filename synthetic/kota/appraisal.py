"""Appraisals written in the regime of their year, and competency assessments.

A yearly value on the shared 1–5 scale (vocab.RATING_VALUE) becomes
- ≤ 2019 (PP 46/2011): a score 0–100, for some rows with the old predicate beside it;
- 2020–2021 (PP 30/2019): a score 0–120;
- ≥ 2022 (PermenPANRB 6/2022): a predicate only.
Scores are the inverse of vocab.score_value, so the loader's normalisation gives back the
value that was drawn (to rounding).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import vocab


def _inverse_table(year: int) -> tuple[np.ndarray, np.ndarray]:
    top = 120.0 if vocab.PP30_FIRST_YEAR <= year < vocab.PERMENPAN6_FIRST_YEAR else 100.0
    scores = np.round(np.arange(0.0, top + 0.001, 0.01), 2)
    values = np.array([vocab.score_value(float(s), year) for s in scores])
    keep = (values > 1.0) & (values < 5.0)   # the strictly increasing part
    return values[keep], scores[keep]


def regime_columns(rng: np.random.Generator, year: np.ndarray, value: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(rating, score) text columns for yearly values on the 1–5 scale."""
    n = len(value)
    rating = np.full(n, "", dtype=object)
    score = np.full(n, "", dtype=object)
    v = np.clip(value, 1.0, 5.0)
    new = year >= vocab.PERMENPAN6_FIRST_YEAR
    k = np.clip(np.rint(v[new]), 1, 5).astype(int)
    rating[new] = np.array(vocab.RATINGS_2022, dtype=object)[5 - k]
    for y in np.unique(year[~new]):
        rows = np.flatnonzero(year == y)
        vals, scores = _inverse_table(int(y))
        s = np.interp(np.clip(v[rows], vals[0], vals[-1]), vals, scores)
        score[rows] = [f"{x:.2f}" for x in s]
        if y < vocab.PP30_FIRST_YEAR:
            # Some offices also typed the old predicate; it agrees with the score's band.
            with_pred = rows[rng.random(len(rows)) < 0.35]
            kk = np.clip(np.ceil(np.array([vocab.score_value(float(score[i]), int(y))
                                           for i in with_pred]) - 0.5), 1, 5).astype(int)
            rating[with_pred] = np.array(vocab.RATINGS_OLD, dtype=object)[5 - kk]
    return rating, score


def assessments(rng: np.random.Generator, who: np.ndarray, mlevel: np.ndarray,
                teknis_skill: np.ndarray, ids: np.ndarray, asof: int) -> pd.DataFrame:
    """Levels 1–5 for each competency code, from the managerial level and field skill of
    the assessed people (with the noise of an assessment center)."""
    from synthetic.kota.people import EPOCH
    rows = []
    for e in who:
        day = asof - int(rng.integers(30, 3 * 365))
        d = str(EPOCH + day)
        m = mlevel[e]
        for code in vocab.MANAGERIAL_COMPETENCIES:
            if rng.random() < 0.03:
                continue
            rows.append((ids[e], code, int(np.clip(np.rint(m + rng.normal(0, 0.55)), 1, 5)), d))
        rows.append((ids[e], "sosiokultural",
                     int(np.clip(np.rint(0.7 * m + 0.6 + rng.normal(0, 0.6)), 1, 5)), d))
        rows.append((ids[e], "teknis",
                     int(np.clip(np.rint(1 + 1.6 * teknis_skill[e] + rng.normal(0, 0.6)), 1,
                                 5)), d))
    return pd.DataFrame(rows, columns=["employee_id", "competency", "level", "assessed_date"])
