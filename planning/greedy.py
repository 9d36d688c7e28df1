"""The baseline a person would run: vacancies in turn, each open seat to its best-scoring
remaining candidate. The plan is always compared with it (and the unit-cap search starts from
it)."""

from __future__ import annotations

import time

import numpy as np

from planning.problem import GAIN_EPS, STAY, Assignment, Problem, prepare


def greedy(r: Problem, order=None, fill=None, max_moves_per_fill: float | None = None
           ) -> Assignment:
    t0 = time.perf_counter()
    budget = max_moves_per_fill is not None
    if budget:
        fill = np.nan_to_num(np.asarray(fill, dtype=np.float64), nan=0.0)
    moves = filled = 0.0
    n, m = r.n_cand, r.n_pos
    target = np.full(n, STAY, dtype=np.int64)
    available = np.ones(n, dtype=bool)
    # a move must beat staying, as in the plan (the vacancy ranks by score, not by gain)
    usable = np.isfinite(r.weight) & (r.weight > r.stay_weight[:, None] + GAIN_EPS)
    open_seats = r.slots.copy()
    queue = list(range(m)) if order is None else [int(p) for p in order]
    queued = set(queue)
    capped = r.max_loss is not None and r.unit_of_cand is not None
    lost = np.zeros(int(r.unit_of_cand.max(initial=-1)) + 2 if capped else 1, dtype=np.int64)
    # per column, its usable candidates best first, and how far down that list we are: a
    # candidate passed over stays unusable (moved already, or their unit's cap only fills up)
    ranked: dict[int, list] = {}

    def best_remaining(p: int) -> int:
        if p not in ranked:
            cand = np.flatnonzero(usable[:, p])
            ranked[p] = [cand[np.argsort(-r.score[cand, p], kind="stable")].tolist(), 0]
        lst, k = ranked[p]
        while k < len(lst):
            i = lst[k]
            k += 1
            if not available[i]:
                continue
            if capped and r.unit_of_cand[i] >= 0 and r.unit_of_pos[p] != r.unit_of_cand[i] \
                    and lost[r.unit_of_cand[i]] >= r.max_loss:
                continue
            if budget and moves + 1 > max_moves_per_fill * (filled + fill[i, p]) + 1e-9:
                continue            # the move budget is spent: no more chain moves here
            ranked[p][1] = k
            return i
        ranked[p][1] = k
        return -1

    head = 0
    while head < len(queue):
        p = queue[head]
        head += 1
        queued.discard(p)
        while open_seats[p] > 0:
            i = best_remaining(p)
            if i < 0:
                break
            target[i] = p
            available[i] = False
            if budget:
                moves, filled = moves + 1, filled + fill[i, p]
            open_seats[p] -= 1
            if capped and r.unit_of_cand[i] >= 0 and r.unit_of_pos[p] != r.unit_of_cand[i]:
                lost[r.unit_of_cand[i]] += 1
            c = int(r.current_pos[i])
            if r.chains and c >= 0:
                open_seats[c] += 1
                if c not in queued:
                    queue.append(c)
                    queued.add(c)
    obj, fit = r.evaluate(target)
    return Assignment(target, obj, fit, float(r.stay_score.sum()), "greedy", False, None,
                      time.perf_counter() - t0, int(np.isfinite(r.weight).sum()))


def greedy_round(score, slots, current_pos, stay_score, *, order=None, unit_of_pos=None,
                 unit_of_cand=None, max_loss_per_unit: int | None = None, chains: bool = True,
                 bonus=None, stay_bonus=None, move_cost: float = 0.0, fill=None,
                 max_moves_per_fill: float | None = None) -> Assignment:
    """The baseline a person would run: vacancies in turn (`order`: column order, default
    0..n_pos-1), each open seat takes its best-scoring remaining candidate among those for whom
    the move beats staying and whose unit is under its cap. With `chains`, a position vacated
    by a mover joins the end of the queue. Nobody moves twice. With a move budget
    (`max_moves_per_fill`, `fill` as in solve_round) a move is made only while moves stay
    within the budget of the vacancies filled so far (listed vacancies come first, so the
    budget stops the chains)."""
    r = prepare(score, slots, current_pos, stay_score, unit_of_pos=unit_of_pos,
                 unit_of_cand=unit_of_cand, max_loss_per_unit=max_loss_per_unit, chains=chains,
                 bonus=bonus, stay_bonus=stay_bonus, move_cost=move_cost)
    if max_moves_per_fill is not None and fill is None:
        raise ValueError("fill: needed with max_moves_per_fill (what each move fills)")
    return greedy(r, order, fill, max_moves_per_fill)
