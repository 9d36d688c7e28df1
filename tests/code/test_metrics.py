"""Our per-query NDCG@k and AP@k against sklearn on examples, and the conventions we chose."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, ndcg_score

from training.metrics import (average_precision_at_k, dcg_at_k, ndcg_at_k, ranking_metrics,
                              sizes_from_ids)


def _random_queries(n_queries=60, seed=0, ties=False):
    rng = np.random.default_rng(seed)
    for _ in range(n_queries):
        n = int(rng.integers(2, 40))
        rel = rng.integers(0, 5, n).astype(float)
        if rel.max() == 0:
            rel[0] = 2
        scores = rng.integers(0, 4, n).astype(float) if ties else rng.normal(size=n)
        yield rel, scores


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("k", [1, 5, 10, None])
def test_ndcg_matches_sklearn(k, ties):
    for rel, scores in _random_queries(ties=ties):
        ours_lin = ndcg_at_k(rel, scores, k, gain="linear")
        ref_lin = ndcg_score([rel], [scores], k=k)
        assert ours_lin == pytest.approx(ref_lin, abs=1e-12)
        # exponential gain 2^rel - 1 is sklearn's NDCG with the gains passed as relevance
        ours_exp = ndcg_at_k(rel, scores, k)
        ref_exp = ndcg_score([2.0 ** rel - 1.0], [scores], k=k)
        assert ours_exp == pytest.approx(ref_exp, abs=1e-12)


def test_dcg_by_hand():
    # order by score: rel 3, 0, 2 -> (2^3-1)/log2(2) + 0 + (2^2-1)/log2(4)
    assert dcg_at_k([2, 3, 0], [0.1, 0.9, 0.5]) == pytest.approx(7 + 3 / 2)
    assert dcg_at_k([2, 3, 0], [0.1, 0.9, 0.5], k=1) == pytest.approx(7)


def test_perfect_and_reversed_order():
    rel = np.array([4, 3, 2, 1, 0])
    assert ndcg_at_k(rel, rel, 10) == pytest.approx(1.0)
    assert ndcg_at_k(rel, -rel, 10) < 0.6
    assert np.isnan(ndcg_at_k([0, 0, 0], [1, 2, 3], 10))


def test_all_tied_scores_give_the_mean_not_a_lucky_order():
    rel = np.array([0, 0, 0, 4])
    flat = ndcg_at_k(rel, np.zeros(4), k=1)
    assert flat == pytest.approx(0.25)  # the top slot holds the average gain


@pytest.mark.parametrize("seed", range(5))
def test_average_precision_matches_sklearn(seed):
    for rel, scores in _random_queries(seed=seed):
        binary = rel >= 3
        if not binary.any():
            continue
        ours = average_precision_at_k(rel, scores, k=None, relevant_from=3)
        assert ours == pytest.approx(average_precision_score(binary, scores), abs=1e-12)


def test_average_precision_at_k_by_hand():
    rel = [1, 0, 1, 0, 1]
    scores = [5, 4, 3, 2, 1]
    # hits at ranks 1 and 3 within k=3: (1/1 + 2/3) / min(3, 3)
    assert average_precision_at_k(rel, scores, k=3) == pytest.approx((1 + 2 / 3) / 3)
    assert average_precision_at_k(rel, scores, k=1) == pytest.approx(1.0)
    assert np.isnan(average_precision_at_k([0, 0], [1, 2], k=2))


def test_ranking_metrics_means_over_queries_and_skips_empty_ones():
    rel = np.array([3, 0, 0, 0, 4, 0, 1])
    scores = np.array([1.0, 0.0, 5.0, 4.0, 0.0, 1.0, 2.0])
    res = ranking_metrics(rel, scores, [2, 2, 3], ks=(5, 10), map_k=10, relevant_from=3)
    q1 = ndcg_at_k([3, 0], [1, 0], 10)
    q3 = ndcg_at_k([4, 0, 1], [0, 1, 2], 10)
    assert res["ndcg_10"] == pytest.approx((q1 + q3) / 2)  # query 2 has nothing relevant
    assert res["n_queries"] == 2
    assert res["map_10"] == pytest.approx((1.0 + 1 / 3) / 2)


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="group sizes sum"):
        ranking_metrics(np.zeros(3), np.zeros(3), [2])
    with pytest.raises(ValueError, match="equal length"):
        dcg_at_k([1, 2], [1])
    with pytest.raises(ValueError, match="k must be"):
        ndcg_at_k([1, 2], [1, 2], k=0)
    with pytest.raises(ValueError, match="contiguous"):
        sizes_from_ids(["a", "b", "a"])
    assert list(sizes_from_ids(["a", "a", "b"])) == [2, 1]
