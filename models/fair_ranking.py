"""Fair re-ranking of a candidate list (opt-in: `fair=true` on /recommend/candidates; off by
default). Two pure functions over plain arrays, one per way of doing it:

1. **Lifts** (``lifted_top_k``; what `fair=true` uses when the model version carries lifts):
   each protected group gets a fixed lift of the log-odds of its members' scores, fitted once
   per model version on many candidate lists (``fit_lifts``) so that over lists every gender
   and age band is shown (top k) and exposed (1/log2(rank + 1)) at least at 0.9 of the
   best-served group's rate, relative to chance — the audit's four-fifths ratios with a
   margin. Two sets: ``select`` decides who is in the top k, ``order`` orders those shown
   (one set cannot do both: a group can be shown in few lists but at their top).
2. **Floors** (``fair_top_k``; the fallback for versions trained without lifts): every group
   gets at least its share of every prefix of each list.

Why lifts: a floor makes each list proportional, also where the group's best members are far
below the others, and that is where re-ranking costs fit. The four-fifths ratios pool the
lists, so a constant lift moves a group's members up where they are close to the top — a
lift of d passes only people whose log-odds are at most d higher — and leaves the lists
where they are far behind. On the 20 worlds of the matrix the lifts bring all four ratios
to >= 0.8 on 14 worlds (means 0.85-0.94) at a mean cost of 0.007 truth NDCG@10 of candidate
lists (kota 0.016), the floors on 5 worlds at 0.031 (docs/model.md, "Fair re-ranking"). A
lift is at most MAX_LIFT per attribute, so nobody is ever passed by someone the model rates
more than that below them (in log-odds).

Floors, and why prefixes: exposure falls with the rank, so a group that is in the top 10 in
proportion but always at ranks 8–10 is still passed over. Asking every prefix of length r
to hold at least ``round(share · p_g · r)`` members of each group g — ``p_g`` its share of
the eligible candidates whose group is known — keeps each group's count near its share all
the way down (the prefix rule of Geyik et al., KDD 2019, for several attributes at once).
Rounded to the nearest, not down: a group of 17 % of a list would get floor(1.7) = 1 of 10
places, 0.6 times chance, in every list. The greedy: rank by rank, if some group is behind
its floor for this prefix, the best-scoring remaining candidate among those who belong to
the most such groups takes the rank; otherwise the best-scoring remaining candidate.

Both keep, for people of one group on every attribute, their score order, and never lift or
owe anything to a person with an unknown group (no gender or birth date); with no lift (or a
share of 0) they are the plain top k (``models.ranking.top_k``). A list already at every
floor comes back unchanged from ``fair_top_k``; ``lifted_top_k`` moves members of a lifted
group in every list, since the lift corrects the model's lean over all lists, not one list's
balance.

Protected attributes are inputs here and nowhere in the model: the score never reads them,
the re-ranking only moves candidates the model scored (merit law, UU 20/2023).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from models.ranking import top_k

UNKNOWN = "unknown"
DEFAULT_SHARE = 1.0
MAX_LIFT = 2.0         # log-odds per attribute: a lift never passes anyone with more than
#                        e^2 ≈ 7.4 times the odds (in the matrix the fitted lifts stay < 1.5)
LIFT_TARGET = 0.9      # the ratio aimed at on the fitting lists, so that other lists (the
#                        audit's, the next request's) clear 0.8: on the matrix's audited
#                        posts the lowest of the four ratios is 0.68-0.99, >= 0.8 on 14 of 20
MIN_LISTS = 20         # a group is lifted only if it is in at least this many fitting lists
#                        (the audit compares no group with fewer: training.fairness_rates)


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


# --- lifts ---------------------------------------------------------------------------------------
Groups = Mapping[str, np.ndarray]      # attribute → group label per item (UNKNOWN: no group)
Ranker = Callable[[np.ndarray, np.ndarray, Groups, int], np.ndarray]


@dataclass(frozen=True)
class Lifts:
    """Attribute → group → lift of the log-odds, in [0, MAX_LIFT]: ``select`` decides who is
    in the top k, ``order`` orders those shown. Groups not named (and UNKNOWN) get 0."""

    select: dict[str, dict[str, float]] = field(default_factory=dict)
    order: dict[str, dict[str, float]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(v for part in (self.select, self.order) for g in part.values()
                   for v in g.values())

    def to_dict(self) -> dict:
        return {"select": {a: dict(g) for a, g in self.select.items()},
                "order": {a: dict(g) for a, g in self.order.items()}}

    @classmethod
    def from_dict(cls, d: Mapping | None) -> "Lifts":
        d = d or {}
        part = {p: {str(a): {str(g): float(v) for g, v in gs.items()}
                    for a, gs in (d.get(p) or {}).items()} for p in ("select", "order")}
        for p in part.values():
            for a, gs in p.items():
                bad = {g: v for g, v in gs.items() if not 0.0 <= v <= MAX_LIFT or g == UNKNOWN}
                if bad:
                    raise ValueError(f"lifts of {a}: {bad} (each in [0, {MAX_LIFT}], never "
                                     f"for {UNKNOWN!r})")
        return cls(part["select"], part["order"])


def log_odds(scores: np.ndarray) -> np.ndarray:
    """log(p / (1 − p)) of scores in [0, 1]; 0 and 1 give −inf and +inf, so no two different
    scores become equal (the lifted order with no lift is the plain order)."""
    p = np.asarray(scores, dtype=np.float64)
    with np.errstate(divide="ignore"):
        return np.log(p) - np.log1p(-p)


def _lift_of(groups: Groups, lifts: Mapping[str, Mapping[str, float]], n: int) -> np.ndarray:
    out = np.zeros(n)
    for a, labels in groups.items():
        table = lifts.get(a)
        if table:
            out += np.array([table.get(g, 0.0) for g in labels], dtype=np.float64)
    return out


def lifted_top_k(scores: np.ndarray, tiebreak: np.ndarray, groups: Groups, k: int,
                 lifts: Lifts) -> np.ndarray:
    """Positions (into ``scores``, probabilities) of the k items to show, in order: the top k
    by log-odds plus each item's ``select`` lifts, ordered by log-odds plus its ``order``
    lifts; ties by ``tiebreak`` (models.ranking.top_k's rule)."""
    scores = np.asarray(scores, dtype=np.float64)
    n = len(scores)
    if any(len(g) != n for g in groups.values()):
        raise ValueError("every group array must have one label per score")
    z = log_odds(scores)
    shown = top_k(z + _lift_of(groups, lifts.select, n), tiebreak, k)
    o = z[shown] + _lift_of({a: np.asarray(g, dtype=object)[shown] for a, g in groups.items()},
                            lifts.order, len(shown))
    return shown[np.lexsort((np.asarray(tiebreak)[shown], -o))]


def fair_ranker(lifts: Lifts | None = None, share: float = DEFAULT_SHARE) -> Ranker:
    """What `fair=true` ranks with: the model version's lifts, or the floors when it has
    none (versions trained before lifts, or on too few lists to fit them)."""
    if lifts:
        return lambda s, t, g, k: lifted_top_k(s, t, g, k, lifts)
    return lambda s, t, g, k: fair_top_k(s, t, g, k, share)


# --- fitting the lifts ---------------------------------------------------------------------------
@dataclass
class _Pool:
    """One list cut to the items any lift within bounds could bring into the top k, with the
    whole list's share of each group (the audit's chance: members / list length)."""

    z: np.ndarray
    key: np.ndarray
    codes: dict[str, np.ndarray]       # attribute → index into the group names, −1 unknown
    share: dict[str, np.ndarray]       # attribute → members / n per group


def _pools(lists, k: int, names: dict[str, list[str]], reach: float) -> list[_Pool]:
    out = []
    for scores, key, groups in lists:
        z = log_odds(scores)
        n = len(z)
        kth = np.partition(z, n - k)[n - k] if n > k else -np.inf
        keep = np.flatnonzero(z >= kth - reach)     # nobody below can be lifted into the top k
        codes, share = {}, {}
        for a, labels in groups.items():
            index = {g: i for i, g in enumerate(names[a])}
            c = np.array([index.get(g, -1) for g in labels], dtype=np.int64)
            share[a] = np.bincount(c[c >= 0], minlength=len(names[a])) / n
            codes[a] = c[keep]
        out.append(_Pool(z[keep], np.asarray(key)[keep], codes, share))
    return out


def _shown(p: _Pool, k: int, select: dict[str, np.ndarray], order: dict[str, np.ndarray]):
    s, o = p.z.copy(), p.z.copy()
    for a, c in p.codes.items():
        s += np.append(select[a], 0.0)[c]       # code −1 (unknown) → the appended 0
        o += np.append(order[a], 0.0)[c]
    shown = top_k(s, p.key, k)
    return shown[np.lexsort((p.key[shown], -o[shown]))]


def _rates(pools: list[_Pool], k: int, select, order, exposure: bool) -> dict[str, np.ndarray]:
    """Attribute → each group's rate relative to chance, pooled as the audit pools: Σ over
    lists of the group's part of what the list shows (or of its exposure) ÷ Σ of its part
    of the list's members. 1 for every group under a random order."""
    weight = 1.0 / np.log2(np.arange(2, k + 2))
    got = {a: np.zeros(len(select[a])) for a in select}
    had = {a: np.zeros(len(select[a])) for a in select}
    for p in pools:
        shown = _shown(p, k, select, order)
        v = weight[:len(shown)] if exposure else np.ones(len(shown))
        for a, c in p.codes.items():
            known = c[shown] >= 0
            got[a] += np.bincount(c[shown][known], weights=v[known],
                                  minlength=len(got[a])) / v.sum()
            had[a] += p.share[a]
    with np.errstate(invalid="ignore", divide="ignore"):
        return {a: got[a] / had[a] for a in got}


def _worst(rates: dict[str, np.ndarray], fitted: dict[str, np.ndarray]) -> float:
    """Lowest four-fifths ratio (min rate / max rate) over the attributes' fitted groups."""
    out = 1.0
    for a, r in rates.items():
        r = r[fitted[a]]
        if len(r) >= 2 and r.max() > 0:
            out = min(out, float(r.min() / r.max()))
    return out


def _fit_stage(pools, k: int, fixed: dict, fitted: dict, exposure: bool, target: float,
               max_lift: float, iters: int = 200) -> dict[str, np.ndarray]:
    """Lifts (select lifts, or order lifts given ``fixed`` select lifts) that bring the
    lowest ratio to ``target``: each step lifts every fitted group by a step times the log of
    how far its rate is behind the best-served group's, the least-lifted group back at 0;
    the step shrinks when ten steps bring nothing. The best lifts seen are kept."""
    lift = {a: np.zeros(len(f)) for a, f in fitted.items()}
    best, best_worst, stall, step = {a: v.copy() for a, v in lift.items()}, -1.0, 0, 0.1
    for _ in range(iters):
        rates = (_rates(pools, k, lift, {a: v * 0 for a, v in lift.items()}, False)
                 if fixed is None else _rates(pools, k, fixed, lift, True))
        worst = _worst(rates, fitted)
        if worst > best_worst + 1e-9:
            best, best_worst, stall = {a: v.copy() for a, v in lift.items()}, worst, 0
        else:
            stall += 1
            if stall >= 10:
                step, stall = step * 0.6, 0
        if worst >= target or step < 1e-3:
            break
        for a, f in fitted.items():
            if f.sum() < 2:
                continue
            r = np.maximum(np.nan_to_num(rates[a][f]), 1e-3)
            moved = lift[a][f] + step * (np.log(r.max()) - np.log(r))
            lift[a][f] = np.clip(moved - moved.min(), 0.0, max_lift)
    return best


def fit_lifts(lists: Sequence[tuple[np.ndarray, np.ndarray, Groups]], k: int,
              target: float = LIFT_TARGET, max_lift: float = MAX_LIFT,
              min_lists: int = MIN_LISTS) -> Lifts:
    """The lifts that bring each attribute's four-fifths ratios of selection (top k) and of
    exposure to ``target`` over ``lists`` — (scores, tie keys, attribute → labels) of many
    candidate lists, e.g. a sample of posts — or as near as lifts of at most ``max_lift``
    get. Groups in fewer than ``min_lists`` lists are not lifted. Deterministic."""
    lists = [(np.asarray(s, dtype=np.float64), t, g) for s, t, g in lists if len(s) > k]
    if not lists:
        return Lifts()
    attrs = list(lists[0][2])
    names = {a: sorted({str(x) for _, _, g in lists for x in g[a]} - {UNKNOWN}) for a in attrs}
    pools = _pools([(s, t, {a: np.asarray(g[a], dtype=object).astype(str) for a in attrs})
                    for s, t, g in lists], k, names, max_lift * len(attrs))
    present = {a: np.zeros(len(names[a])) for a in attrs}
    for p in pools:
        for a in attrs:
            present[a] += p.share[a] > 0
    fitted = {a: present[a] >= min_lists for a in attrs}
    select = _fit_stage(pools, k, None, fitted, False, target, max_lift)
    order = _fit_stage(pools, k, select, fitted, True, target, max_lift)

    def named(lift):
        out = {a: {g: round(float(v), 4) for g, v in zip(names[a], lift[a]) if v > 0}
               for a in attrs}
        return {a: g for a, g in out.items() if g}

    return Lifts(named(select), named(order))
