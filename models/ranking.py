"""The ranking rule every list shares (serving's answers, the planner, the fairness audit):
score descending, ties by a key that says nothing about the person.

The tie key is a hash of (id, model version). Sorting ties by the id itself would not do: a
NIP starts with the birth date and carries the gender, so tied candidates would go to older
people first, then to men. A hash is uncorrelated with both, the same in every process, and
changes with each model version, so no one is first among equals for good.
"""

from __future__ import annotations

import hashlib

import numpy as np

SCORE_DECIMALS = 6  # scores as shown in answers; every order uses the full-precision score


def shown_score(score: float) -> float:
    """A score as an answer shows it."""
    return round(float(score), SCORE_DECIMALS)


def tiebreak_keys(ids, model_version: str) -> np.ndarray:
    """uint64 tie key per id: 8 bytes of blake2b over the model version and the id."""
    v = str(model_version)
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(f"{v}\x1f{i}".encode(), digest_size=8).digest(), "big")
         for i in ids), dtype=np.uint64, count=len(ids))


def top_k(scores: np.ndarray, tiebreak: np.ndarray, k: int) -> np.ndarray:
    """Positions (into `scores`) of the k best, by score descending then `tiebreak` ascending.

    `tiebreak` is an integer key per item (`tiebreak_keys`), so ties resolve the same way in
    every process. Only the candidates at or above the k-th score are fully sorted.
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
