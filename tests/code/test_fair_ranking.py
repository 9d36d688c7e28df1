"""The fair re-ranking of candidate lists (models/fair_ranking.py): every group gets its share
of every prefix, a fair list stays as it is, a group keeps its own order, and over many lists
the four-fifths ratio of exposure rises above the bar where the plain top k is below it."""

from __future__ import annotations

import numpy as np
import pytest

from models.fair_ranking import UNKNOWN, fair_top_k
from models.ranking import top_k

K = 10


def biased_list(rng, n: int, gap: float, share_b: float = 0.5):
    """Scores where group B is pushed down by ``gap``; gender and age labels, tie keys."""
    gender = np.where(rng.random(n) < share_b, "P", "L").astype(object)
    age = rng.choice(np.array(["<35", "35-44", "45-54", "55+"], dtype=object), n)
    scores = rng.random(n) - gap * (gender == "P") - gap * (age == "<35")
    keys = rng.integers(0, 2**62, n).astype(np.uint64)
    return scores, keys, gender, age


def counts_at_each_prefix(shown: np.ndarray, labels: np.ndarray, group) -> np.ndarray:
    return np.cumsum(labels[shown] == group)


def exposure(shown: np.ndarray, labels: np.ndarray, group) -> float:
    w = 1.0 / np.log2(np.arange(1, len(shown) + 1) + 1.0)
    return float(w[labels[shown] == group].sum())


# --- minimum functionality --------------------------------------------------------------------
def test_a_list_with_one_group_or_no_known_group_is_the_plain_top_k():
    rng = np.random.default_rng(1)
    scores, keys, _, _ = biased_list(rng, 200, 0.0)
    for labels in (np.full(200, "L", dtype=object), np.full(200, UNKNOWN, dtype=object)):
        assert fair_top_k(scores, keys, [labels], K).tolist() == top_k(scores, keys, K).tolist()


def test_a_list_already_in_proportion_is_unchanged():
    rng = np.random.default_rng(2)
    scores, keys, _, _ = biased_list(rng, 100, 0.0)
    plain = np.lexsort((keys, -scores))
    gender = np.empty(100, dtype=object)
    gender[plain] = np.where(np.arange(100) % 2 == 0, "L", "P")   # L, P, L, P … by score
    assert fair_top_k(scores, keys, [gender], K).tolist() == top_k(scores, keys, K).tolist()
    # and a floor of zero share never moves anyone, however biased the list
    scores, keys, gender, age = biased_list(rng, 300, 0.8)
    assert fair_top_k(scores, keys, [gender, age], K, share=0.0).tolist() == \
        top_k(scores, keys, K).tolist()


def test_the_answer_is_k_distinct_items_or_the_whole_short_list():
    rng = np.random.default_rng(3)
    scores, keys, gender, age = biased_list(rng, 300, 0.5)
    shown = fair_top_k(scores, keys, {"gender": gender, "age": age}, K)
    assert len(shown) == K and len(set(shown.tolist())) == K
    assert sorted(fair_top_k(scores[:4], keys[:4], [gender[:4]], K).tolist()) == [0, 1, 2, 3]
    assert len(fair_top_k(scores, keys, [gender], 0)) == 0
    with pytest.raises(ValueError):
        fair_top_k(scores, keys, [gender[:10]], K)
    with pytest.raises(ValueError):
        fair_top_k(scores, keys, [gender], K, share=1.5)


# --- directional ------------------------------------------------------------------------------
def floor_of(labels: np.ndarray, group, r: int) -> float:
    known = labels[labels != UNKNOWN]
    return np.floor(np.mean(known == group) * r + 0.5)


def owed_groups(shown_before: np.ndarray, attrs: list[np.ndarray], r: int) -> list[set]:
    """Per attribute, the groups behind their floor for a prefix of length r (given what the
    first r − 1 places hold) that still have members to show."""
    out = []
    for labels in attrs:
        owed = set()
        for g in set(labels[labels != UNKNOWN]):
            held = np.sum(labels[shown_before] == g)
            if held < floor_of(labels, g, r) and held < np.sum(labels == g):
                owed.add(g)
        out.append(owed)
    return out


@pytest.mark.parametrize("seed", range(5))
def test_every_place_goes_to_a_group_behind_its_floor_when_there_is_one(seed):
    rng = np.random.default_rng(seed)
    scores, keys, gender, age = biased_list(rng, 400, 0.6)
    fair = fair_top_k(scores, keys, [gender, age], K)
    forced = 0
    for r in range(1, K + 1):
        owed = owed_groups(fair[:r - 1], [gender, age], r)
        i = fair[r - 1]
        if any(owed):
            assert gender[i] in owed[0] or age[i] in owed[1], (r, owed, gender[i], age[i])
            forced += 1
        else:   # nobody owed: the best remaining by score, as the plain ranking
            rest = np.setdiff1d(np.arange(len(scores)), fair[:r - 1])
            assert i == rest[np.lexsort((keys[rest], -scores[rest]))[0]]
    assert forced >= 1


@pytest.mark.parametrize("seed", range(5))
def test_the_under_exposed_group_gains_places_and_exposure(seed):
    rng = np.random.default_rng(seed)
    scores, keys, gender, age = biased_list(rng, 400, 0.6)
    plain = top_k(scores, keys, K)
    fair = fair_top_k(scores, keys, [gender], K)
    assert counts_at_each_prefix(plain, gender, "P")[-1] < floor_of(gender, "P", K)  # biased
    # with two groups, neither trails its share of any prefix by more than one place (two
    # floors can ask for the same place: 50 % and 50 % of one place round to one each)
    for g in ("L", "P"):
        need = [floor_of(gender, g, r) for r in range(1, K + 1)]
        assert (np.asarray(need) - counts_at_each_prefix(fair, gender, g) <= 1).all()
    assert counts_at_each_prefix(fair, gender, "P")[-1] >= floor_of(gender, "P", K) - 1
    assert exposure(fair, gender, "P") > exposure(plain, gender, "P")
    both = fair_top_k(scores, keys, [gender, age], K)
    assert exposure(both, age, "<35") > exposure(plain, age, "<35")


def test_over_many_lists_the_exposure_ratio_clears_the_four_fifths_bar():
    """Pooled as the audit pools: each list's exposure per member relative to chance, each
    list weighing once; the ratio of the lowest group to the highest."""
    rng = np.random.default_rng(7)
    rates = {"plain": {"L": [], "P": []}, "fair": {"L": [], "P": []}}
    for _ in range(200):
        n = int(rng.integers(15, 120))
        scores, keys, gender, age = biased_list(rng, n, 0.3, share_b=rng.uniform(0.2, 0.6))
        for name, shown in (("plain", top_k(scores, keys, K)),
                            ("fair", fair_top_k(scores, keys, [gender, age], K))):
            chance = sum(1.0 / np.log2(r + 1.0) for r in range(1, K + 1)) / n
            for g in ("L", "P"):
                members = np.sum(gender == g)
                if members:
                    rates[name][g].append(exposure(shown, gender, g) / members / chance)
    ratio = {name: min(np.mean(r["L"]), np.mean(r["P"])) / max(np.mean(r["L"]),
                                                                 np.mean(r["P"]))
             for name, r in rates.items()}
    assert ratio["plain"] < 0.8 <= ratio["fair"], ratio


# --- order within a group ---------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(5))
def test_each_group_keeps_its_own_score_order_and_its_best_members(seed):
    rng = np.random.default_rng(100 + seed)
    scores, keys, gender, age = biased_list(rng, 250, 0.5)
    fair = fair_top_k(scores, keys, [gender, age], K)
    order = np.lexsort((keys, -scores))
    cell = np.array([f"{g}|{a}" for g, a in zip(gender, age)], dtype=object)
    for c in np.unique(cell[fair]):
        shown = [i for i in fair if cell[i] == c]
        best = [i for i in order if cell[i] == c][:len(shown)]
        assert shown == best      # the cell's best, in score order (ties by the key)
