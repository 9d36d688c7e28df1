"""Ranking metrics per query: NDCG@k and MAP@k, and their means over many queries.

Written out here (rather than sklearn's) because evaluation is per query over ragged groups,
with the exponential gain ``2^rel − 1`` the brief asks for. Ties in the scores are handled as
sklearn's ``ndcg_score`` does (the gains of tied items are averaged), so a model that scores
everything alike earns the expected NDCG of a random order, not a lucky one.

Conventions
- A query whose ideal DCG is 0 (nothing relevant) carries no information about the order and
  is left out of the mean (``nan`` for the single query).
- MAP uses binary relevance ``rel >= relevant_from``; AP@k divides by ``min(k, n_relevant)``;
  ties are broken by position in the input (stable), so inputs should not be pre-sorted by
  label. A query without relevant items is left out of the mean.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

GAINS = ("exponential", "linear")


def _gains(relevance: np.ndarray, gain: str) -> np.ndarray:
    if gain == "exponential":
        return np.power(2.0, relevance) - 1.0
    if gain == "linear":
        return relevance.astype(float)
    raise ValueError(f"gain must be one of {GAINS}, got {gain!r}")


def _discounts(n: int, k: int | None) -> np.ndarray:
    d = 1.0 / np.log2(np.arange(n) + 2.0)
    if k is not None:
        d[k:] = 0.0
    return d


def dcg_at_k(relevance: Sequence[float], scores: Sequence[float], k: int | None = None,
             gain: str = "exponential") -> float:
    """DCG of the order given by ``scores`` (descending), gains of tied scores averaged."""
    rel = np.asarray(relevance, dtype=float)
    s = np.asarray(scores, dtype=float)
    if rel.shape != s.shape or rel.ndim != 1:
        raise ValueError(f"relevance and scores must be 1-d of equal length, got {rel.shape} "
                         f"and {s.shape}")
    if k is not None and k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    n = len(rel)
    if n == 0:
        return 0.0
    g = _gains(rel, gain)
    disc = _discounts(n, k)
    order = np.argsort(-s, kind="stable")
    s_sorted, g_sorted = s[order], g[order]
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(s_sorted[1:], s_sorted[:-1], out=new[1:])
    if new.all():                       # no ties: the plain sum
        return float(g_sorted @ disc)
    # Tie groups: every item of a group gets the group's mean gain over the group's positions.
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, n))
    mean_gain = np.add.reduceat(g_sorted, starts) / counts
    return float(mean_gain @ np.add.reduceat(disc, starts))


def ndcg_at_k(relevance: Sequence[float], scores: Sequence[float], k: int | None = None,
              gain: str = "exponential") -> float:
    """NDCG@k of one query; ``nan`` when nothing in the query is relevant."""
    rel = np.asarray(relevance, dtype=float)
    ideal = dcg_at_k(rel, rel, k, gain)
    if ideal <= 0.0:
        return float("nan")
    return dcg_at_k(rel, scores, k, gain) / ideal


def average_precision_at_k(relevance: Sequence[float], scores: Sequence[float],
                           k: int | None = None, relevant_from: float = 1.0) -> float:
    """AP@k of one query with binary relevance ``rel >= relevant_from``; ``nan`` when the
    query has no relevant item."""
    rel = np.asarray(relevance, dtype=float) >= relevant_from
    s = np.asarray(scores, dtype=float)
    if rel.shape != s.shape or rel.ndim != 1:
        raise ValueError(f"relevance and scores must be 1-d of equal length, got {rel.shape} "
                         f"and {s.shape}")
    n_rel = int(rel.sum())
    if n_rel == 0:
        return float("nan")
    order = np.argsort(-s, kind="stable")
    hits = rel[order]
    if k is not None:
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        hits = hits[:k]
    cum = np.cumsum(hits)
    precision = cum / np.arange(1, len(hits) + 1)
    denom = min(k, n_rel) if k is not None else n_rel
    return float((precision * hits).sum() / denom)


def group_slices(group_sizes: Sequence[int]) -> list[slice]:
    """Contiguous row slices of queries given their sizes (LightGBM's ``group`` form)."""
    sizes = np.asarray(group_sizes, dtype=int)
    if (sizes < 0).any():
        raise ValueError("group sizes must be >= 0")
    ends = np.cumsum(sizes)
    return [slice(int(e - n), int(e)) for n, e in zip(sizes, ends)]


def sizes_from_ids(group_ids: Sequence) -> np.ndarray:
    """Group sizes for rows already sorted so that each query's rows are contiguous."""
    ids = np.asarray(group_ids)
    if len(ids) == 0:
        return np.zeros(0, dtype=int)
    change = np.flatnonzero(ids[1:] != ids[:-1]) + 1
    bounds = np.concatenate([[0], change, [len(ids)]])
    sizes = np.diff(bounds)
    if len(np.unique(ids)) != len(sizes):
        raise ValueError("rows of a query must be contiguous")
    return sizes


def per_query(relevance: np.ndarray, scores: np.ndarray, group_sizes: Sequence[int],
              ks: Sequence[int] = (5, 10), map_k: int = 10,
              relevant_from: float = 3.0) -> dict[str, np.ndarray]:
    """NDCG@k for each k and AP@map_k for every query (nan where undefined)."""
    relevance = np.asarray(relevance, dtype=float)
    scores = np.asarray(scores, dtype=float)
    if len(relevance) != len(scores):
        raise ValueError("relevance and scores differ in length")
    slices = group_slices(group_sizes)
    if slices and slices[-1].stop != len(relevance):
        raise ValueError(f"group sizes sum to {slices[-1].stop}, rows are {len(relevance)}")
    out: dict[str, np.ndarray] = {}
    for k in ks:
        out[f"ndcg_{k}"] = np.array([ndcg_at_k(relevance[sl], scores[sl], k) for sl in slices])
    out[f"map_{map_k}"] = np.array([
        average_precision_at_k(relevance[sl], scores[sl], map_k, relevant_from)
        for sl in slices])
    return out


def ranking_metrics(relevance: np.ndarray, scores: np.ndarray, group_sizes: Sequence[int],
                    ks: Sequence[int] = (5, 10), map_k: int = 10,
                    relevant_from: float = 3.0) -> dict[str, float]:
    """Means over queries of ``per_query``; queries where a metric is undefined are left out.
    Also reports how many queries counted (``n_queries``)."""
    pq = per_query(relevance, scores, group_sizes, ks, map_k, relevant_from)
    res = {name: float(np.nanmean(v)) if np.isfinite(v).any() else float("nan")
           for name, v in pq.items()}
    res["n_queries"] = float(np.isfinite(pq[f"ndcg_{ks[0]}"]).sum()) if ks else float(
        len(group_sizes))
    return res
