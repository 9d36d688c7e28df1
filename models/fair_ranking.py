"""Fair re-ranking of a candidate list: the top k by score, except that every protected group
gets at least its share of every prefix of the list (opt-in: `fair=true` on
/recommend/candidates; off by default).

Why prefixes: exposure falls with the rank (1/log2(rank + 1)), so a group that is in the top 10
in proportion but always at ranks 8–10 is still passed over. Asking every prefix of length r
to hold at least ``round(share · p_g · r)`` members of each group g — ``p_g`` its share of the
eligible candidates whose group is known — keeps each group's count, and so its exposure,
near its proportional share all the way down (the prefix rule of Geyik et al., KDD 2019, for
several attributes at once). Rounded to the nearest, not down: a group of 17 % of a list
would get floor(1.7) = 1 of 10 places, 0.6 times chance, in every list; rounding gives it
2 here and 1 there, about chance over many lists (on a kota world the age ratio of the
candidates' top 10 went 0.13 → 0.52 with floors rounded down, → 0.86 rounded; docs/model.md).

The greedy: rank by rank, if some group is behind its floor for this prefix, the best-scoring
remaining candidate among those who belong to the most such groups takes the rank; otherwise
the best-scoring remaining candidate. So:
- a list that already meets every floor comes back exactly as `models.ranking.top_k` ranks it;
- within a group (the same group on every attribute) candidates keep their score order;
- a group with an unknown value (no gender or birth date) is never constrained, never owed.

Protected attributes are inputs here and nowhere in the model: the score never reads them,
the re-ranking only moves candidates the model scored (merit law, UU 20/2023).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

UNKNOWN = "unknown"
DEFAULT_SHARE = 1.0


def score_order(scores: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """Every item by score descending, ties by the tie key (models.ranking.top_k's order)."""
    return np.lexsort((tiebreak, -np.asarray(scores, dtype=np.float64)))


def _floors(labels: np.ndarray, share: float) -> dict[object, float]:
    """Group → its minimum share of a prefix (share · p_g), known groups only."""
    known = labels[labels != UNKNOWN]
    if len(known) == 0:
        return {}
    values, counts = np.unique(known, return_counts=True)
    return {v: share * c / len(known) for v, c in zip(values, counts)}


def fair_top_k(scores: np.ndarray, tiebreak: np.ndarray,
               groups: Mapping[str, np.ndarray] | Sequence[np.ndarray], k: int,
               share: float = DEFAULT_SHARE) -> np.ndarray:
    """Positions (into ``scores``) of the k items to show, in order.

    ``groups``: one label array per protected attribute (e.g. gender, age band), aligned with
    ``scores``; ``UNKNOWN`` labels are not constrained. ``share`` in [0, 1] scales every
    group's floor (0: plain top k)."""
    scores = np.asarray(scores, dtype=np.float64)
    n = len(scores)
    m = min(max(int(k), 0), n)
    if m == 0:
        return np.empty(0, dtype=np.intp)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must be in [0, 1], got {share}")
    order = score_order(scores, tiebreak)
    arrays = list(groups.values()) if isinstance(groups, Mapping) else list(groups)
    if any(len(g) != n for g in arrays):
        raise ValueError("every group array must have one label per score")
    labels = [np.asarray(g, dtype=object)[order] for g in arrays]
    floors = [_floors(g, share) for g in labels]
    members = [{v: g == v for v in f} for g, f in zip(labels, floors)]
    counts = [dict.fromkeys(f, 0) for f in floors]
    free = np.ones(n, dtype=bool)          # in score order: not yet shown
    picked = np.empty(m, dtype=np.intp)
    for r in range(1, m + 1):
        cover = np.zeros(n, dtype=np.int64)
        for a, f in enumerate(floors):
            for v, p in f.items():
                if counts[a][v] < np.floor(p * r + 0.5 + 1e-9):
                    cover += members[a][v]
        cover[~free] = 0
        best = int(cover.max())
        i = int(np.argmax(cover == best)) if best > 0 else int(np.argmax(free))
        free[i] = False
        picked[r - 1] = i
        for a, g in enumerate(labels):
            if g[i] in counts[a]:
                counts[a][g[i]] += 1
    return order[picked]
