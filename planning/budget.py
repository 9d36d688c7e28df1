"""A move budget: at most `ratio` moves per vacancy filled (Σ moves ≤ ratio × Σ fill).

A round that takes every positive predicted gain moves far more people than it has vacancies:
every mover's seat opens another chain. HR cannot adopt a plan that churns a city for small
predicted gains, so a round may carry a budget. The budget is one linear constraint over the
movers, `g(plan) = moves − ratio × fills ≤ 0`, and is priced like the unit caps: a price λ ≥ 0
turns it into a per-move cost λ and a per-fill value λ × ratio, which the same flow (or the
same capped solver) handles exactly. `g` at the optimum only falls as λ rises (the Lagrangian
dual's slope), so λ is found by doubling then bisection: the smallest price (to `PRICE_TOL`)
whose plan keeps the budget.

What is certified: the plan at price λ is the best of all plans with at most its own `g`, and
no plan within the budget has a higher objective than the priced optimum (weak duality), which
the answer reports as `upper_bound`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from planning.problem import STAY, Assignment, as_array

PRICE_START = 0.02        # first price tried once the budget binds (fit points per move)
PRICE_TOL = 1e-3          # bisection stops when the bracket is this narrow
MAX_DOUBLINGS = 16        # 0.02 · 2^16 ≫ any score: nobody moves there, so g = 0


def slack(target: np.ndarray, fill: np.ndarray, ratio: float) -> float:
    """moves − ratio × fills of a plan (≤ 0: within the budget)."""
    idx = np.flatnonzero(target != STAY)
    return float(len(idx) - ratio * fill[idx, target[idx]].sum())


def _checked(max_moves_per_fill, score, fill, bonus) -> tuple[float, np.ndarray, np.ndarray,
                                                               np.ndarray]:
    """The budget's inputs as arrays (ratio, score, fill, bonus); ValueError names the bad one."""
    ratio = max_moves_per_fill
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float, np.number)) \
            or not math.isfinite(ratio) or ratio < 0:
        raise ValueError(f"max_moves_per_fill: must be a number ≥ 0 or None, got {ratio!r}")
    score = np.asarray(score, dtype=np.float64)
    if score.ndim != 2:
        raise ValueError("score: expected a 2-d array [n_candidates, n_positions]")
    n, m = score.shape
    if fill is None:
        raise ValueError("fill: needed with max_moves_per_fill (what each move fills)")
    fill = as_array(fill, "fill", (n, m), np.float64)
    if not np.all(np.isfinite(fill[np.isfinite(score)])):
        raise ValueError("fill: must be finite where a move is possible")
    bonus = np.zeros((n, m)) if bonus is None else as_array(bonus, "bonus", (n, m), np.float64)
    return float(ratio), score, np.nan_to_num(fill, nan=0.0), bonus


def _lowest_price(at: Callable[[float, bool], Assignment], fill: np.ndarray, ratio: float,
                  capped: bool) -> tuple[float, Assignment]:
    """The lowest price per move at which the plan keeps the budget: bracket and bisect on
    the exact (uncapped) flow, one fast solve each; then the caps once, at that price (rarely
    a higher price is needed)."""
    lo, hi = 0.0, PRICE_START
    best = at(hi, False)
    for _ in range(MAX_DOUBLINGS):
        if slack(best.target, fill, ratio) <= 1e-9:
            break
        lo, hi = hi, hi * 2
        best = at(hi, False)
    while hi - lo > PRICE_TOL:
        mid = (lo + hi) / 2
        trial = at(mid, False)
        if slack(trial.target, fill, ratio) <= 1e-9:
            hi, best = mid, trial
        else:
            lo = mid
    price, a = hi, best
    if capped:
        a = at(price, True)
        for _ in range(8):
            if slack(a.target, fill, ratio) <= 1e-9:
                break
            price *= 1.5
            a = at(price, True)
        if slack(a.target, fill, ratio) > 1e-9:
            # The capped solver is not exact: at no price tried did its plan keep the budget.
            # The plan in which nobody moves keeps every constraint (its bound still holds:
            # any price gives one).
            a = replace(a, target=np.full_like(a.target, STAY), optimal=False, notes=[
                *a.notes, "move budget not kept by the capped solver at any price tried: "
                "nobody moves"])
    return price, a


def budgeted(solve: Callable[..., Assignment], score, slots, current_pos, stay_score, *,
             fill, max_moves_per_fill: float, bonus=None, stay_bonus=None,
             move_cost: float = 0.0, max_loss_per_unit=None, time_limit: float = 8.0,
             **common) -> Assignment:
    """`solve` (solver._solve's signature) under a move budget; see the module docstring."""
    t0 = time.perf_counter()
    ratio, score, fill, base_bonus = _checked(max_moves_per_fill, score, fill, bonus)
    kw = dict(common, stay_bonus=stay_bonus, time_limit=time_limit)
    solves = 0

    def at(price: float, capped: bool) -> Assignment:
        nonlocal solves
        solves += 1
        return solve(score, slots, current_pos, stay_score, bonus=base_bonus + price * ratio * fill,
                     move_cost=move_cost + price,
                     max_loss_per_unit=max_loss_per_unit if capped else None, **kw)

    capped = max_loss_per_unit is not None
    price, a = 0.0, at(0.0, capped)
    notes = list(a.notes)
    if slack(a.target, fill, ratio) <= 1e-9:
        notes.append(f"move budget ({ratio:g} per vacancy filled) not binding")
    else:
        price, a = _lowest_price(at, fill, ratio, capped)
        notes = list(a.notes) + [
            f"move budget ({ratio:g} per vacancy filled): priced at {price:.4f} fit per move "
            f"({solves} solves)"]
    # the plan's objective and fit at the round's own terms (without the budget's price)
    target = a.target
    idx = np.flatnonzero(target != STAY)
    stay_weight = np.asarray(stay_score, dtype=np.float64) + \
        (0.0 if stay_bonus is None else np.asarray(stay_bonus, dtype=np.float64))
    stays = target == STAY
    objective = float(stay_weight[stays].sum() + (score[idx, target[idx]]
                                                  + base_bonus[idx, target[idx]]
                                                  - move_cost).sum())
    fit = float(np.asarray(stay_score, dtype=np.float64)[stays].sum()
                + score[idx, target[idx]].sum())
    upper = a.upper_bound
    optimal = a.optimal and (price == 0.0 or abs(slack(target, fill, ratio)) <= 1e-9)
    if upper is not None:
        upper = max(upper, objective)
        if not optimal and upper - objective <= 1e-6 * max(1.0, abs(upper)):
            optimal = True
    return Assignment(target, objective, fit, float(np.sum(stay_score)), a.method, optimal,
                      upper, time.perf_counter() - t0, a.n_arcs, notes)
