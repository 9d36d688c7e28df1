"""Yearly appraisals (SKP) under the regime of each year.

Why: the contract's performance rows change meaning over time — a 0-100 score (PP 46/2011)
until 2018, a 0-120 score (PP 30/2019) 2019-2021, a predicate only from 2022 (PermenPANRB
6/2022). Each follows the truth of the post held on 1 July, plus a unit×year leniency and
person×year noise; predicates are inflated toward 'Baik' as real ones are."""

from __future__ import annotations

import numpy as np

from .truth import components, outcome, person_state


def _cat_100(s):
    return np.select([s >= 91, s >= 76, s >= 61, s >= 51], ["Sangat Baik", "Baik", "Cukup", "Kurang"],
                     "Buruk")


def _cat_120(s):
    return np.select([s >= 110, s >= 90, s >= 70, s >= 50], ["Sangat Baik", "Baik", "Cukup", "Kurang"],
                     "Buruk")


def _predicate(v):
    return np.select([v >= 3.55, v >= 2.45, v >= 1.6, v >= 0.9],
                     ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang"], "Sangat Kurang")


def appraise_year(W, year: int, t: int, rng) -> np.ndarray:
    """Append the year's appraisal rows for everyone holding a post on day t; returns the
    true outcomes (for measurement)."""
    P, v = W.people, W.variant
    rows = P.alive(t)
    rows = rows[(P.i["post"][rows] >= 0) & (P.i["hire"][rows] <= t)]
    if len(rows) == 0:
        return np.zeros(0)
    post = P.i["post"][rows]
    ps = person_state(P, rows, t, W.posts.unit)
    e = np.arange(len(rows))
    parts = components(ps, W.posts, e, post, P.f["prev_class"][rows],
                       (t - P.i["post_start"][rows]) / 365.25,
                       (t - P.i["unit_start"][rows]) / 365.25, v, W.seed, candidate=False)
    true = outcome(parts)
    n_units = len(W.org.units)
    leniency = rng.normal(0, v.leniency, n_units)[W.posts.unit[post]]
    val = true + leniency + rng.normal(0, v.rating_noise, len(rows))
    keep = rng.random(len(rows)) > 0.03            # HR gaps: some years never entered
    also_rating = rng.random(n_units)[W.posts.unit[post]] < 0.4
    if year <= 2018:
        score = np.clip(np.round(55 + 10.5 * val + rng.normal(0, 1.5, len(rows)), 2), 0, 100)
        rating = np.where(also_rating, _cat_100(score), "")
    elif year <= 2021:
        score = np.clip(np.round(40 + 18 * val + rng.normal(0, 2, len(rows)), 2), 0, 120)
        rating = np.where(also_rating, _cat_120(score), "")
    else:
        score = np.full(len(rows), np.nan)
        rating = _predicate(val + v.inflation * (3.0 - val))
    for k, r, s, ok in zip(rows, rating, score, keep):
        if ok:
            W.ledger.perf.append((int(k), year, str(r), "" if np.isnan(s) else f"{s:g}"))
    return true
