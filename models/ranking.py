"""The ranking rule every list shares (serving's answers, the planner, the fairness audit):
score descending, ties by a stable integer key."""

from __future__ import annotations

import numpy as np

SCORE_DECIMALS = 6  # scores as shown in answers; every order uses the full-precision score


def shown_score(score: float) -> float:
    """A score as an answer shows it."""
    return round(float(score), SCORE_DECIMALS)


def top_k(scores: np.ndarray, tiebreak: np.ndarray, k: int) -> np.ndarray:
    """Positions (into `scores`) of the k best, by score descending then `tiebreak` ascending.

    `tiebreak` is an integer key (the id's rank in sorted id order), so ties resolve the same
    way in every process. Only the candidates at or above the k-th score are fully sorted.
    """
    n = len(scores)
    if n == 0 or k <= 0:
        return np.empty(0, dtype=np.intp)
    if n > k:
        kth = np.partition(scores, n - k)[n - k]
        pool = np.flatnonzero(scores >= kth)  # keeps every tie at the boundary
    else:
        pool = np.arange(n)
    order = np.lexsort((tiebreak[pool], -scores[pool]))
    return pool[order[:k]]
