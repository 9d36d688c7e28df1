"""Yearly appraisals (SKP) under the regime of the year.

Why: the history's evidence of fit is the appraisal that followed a placement. A rating
is the truth of the pair held that year plus a unit's leniency (fixed and yearly) plus
person-year noise, optionally inflated and compressed (a variant), then written the way
the year's regime wrote it: PP 46/2011 scores 0-100 up to 2018, PP 30/2019 scores 0-120 in
2019-2021, PermenPANRB 6/2022 predicates from 2022; old categories appear sometimes.
"""

from __future__ import annotations

import numpy as np

from .variants import Mechanisms


def observed(true_outcome: np.ndarray, leniency: np.ndarray, m: Mechanisms, rng) -> np.ndarray:
    v = true_outcome + leniency + rng.normal(0, m.appraisal_noise, len(true_outcome))
    v = 3.0 + (v - 3.0) * m.compression + m.inflation
    return np.clip(v, 0.0, 4.4)


def _old_category(score: float, top: float) -> str:
    s = score / top * 100
    return ("Sangat Baik" if s >= 91 else "Baik" if s >= 76 else "Cukup" if s >= 61 else "Kurang" if s >= 51
            else "Buruk")


def regime_rows(year: int, emp: np.ndarray, v: np.ndarray, rng) -> list[tuple]:
    """(employee, year, rating, score) rows for one year."""
    rows = []
    if year <= 2018:
        scores = np.clip(52 + 10.5 * v + rng.normal(0, 1.0, len(v)), 0, 100)
        for e, s in zip(emp, scores):
            rating = _old_category(s, 100) if rng.random() < 0.35 else ""
            rows.append((int(e), year, rating, f"{s:.2f}"))
    elif year <= 2021:
        scores = np.clip(58 + 14.5 * v + rng.normal(0, 1.2, len(v)), 0, 120)
        for e, s in zip(emp, scores):
            rating = ("Sangat Baik" if s > 110 else "Baik" if s >= 90 else "Cukup" if s >= 70 else "Kurang"
                      if s >= 50 else "Buruk") if rng.random() < 0.5 else ""
            rows.append((int(e), year, rating, f"{s:.1f}"))
    else:
        cut = np.array([0.7, 1.4, 2.15, 3.3])
        labels = ("Sangat Kurang", "Kurang", "Butuh Perbaikan", "Baik", "Sangat Baik")
        for e, k in zip(emp, np.searchsorted(cut, v, side="right")):
            rows.append((int(e), year, labels[int(k)], ""))
    return rows
