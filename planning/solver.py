"""The solver of a mutation round, over plain arrays: who goes where so that total fit is highest.

A round has candidates (rows) and positions (columns). Every candidate ends the round either
where they are ("stay", worth `stay_score`) or in exactly one eligible position (worth its
score). A position takes at most its open slots; with `chains`, a candidate's current position
is a column too and every candidate who leaves it frees one more seat there, so vacated
positions are filled in the same round (chains, and swaps as closed chains).

Why this shape: seen from the seats, a round is a transportation problem. Each candidate is one
unit of flow that must end in a seat: their own (stay) or an eligible open one. That is a
min-cost flow, solved exactly (OR-Tools SimpleMinCostFlow, integer costs at 1e-6 resolution).
A cap on how many people a unit may lose is a side constraint that breaks the flow structure;
then the round is a small integer programme for CP-SAT, warm-started from the flow's answer, and
the uncapped flow optimum stays a certified upper bound on what any capped plan can reach.

Nothing here knows about employees or models: `planning.plan` builds the arrays. The parts:
`planning.problem` (arrays, flow), `planning.capped` (unit caps), `planning.greedy` (baseline).
"""

from __future__ import annotations

import time

import numpy as np

from planning.budget import budgeted
from planning.capped import cpsat, lagrangian, repair
from planning.greedy import greedy, greedy_round
from planning.problem import GAIN_EPS, STAY, Assignment, losses, prepare, solve_flow

__all__ = ["GAIN_EPS", "STAY", "Assignment", "greedy_round", "solve_round"]


def solve_round(score, slots, current_pos, stay_score, *, unit_of_pos=None, unit_of_cand=None,
                max_loss_per_unit: int | None = None, chains: bool = True, bonus=None,
                stay_bonus=None, move_cost: float = 0.0, time_limit: float = 8.0,
                exact_caps_below: int = 20_000, workers: int = 2, fill=None,
                max_moves_per_fill: float | None = None) -> Assignment:
    """Choose the moves of one round that maximise the total objective.

    score        float [n_cand, n_pos]: predicted fit of candidate i in position p; NaN or -inf
                 where i is not eligible for p.
    slots        int [n_pos]: seats open now in each position (≥ 0).
    current_pos  int [n_cand]: column of each candidate's current position, or -1 (not a column
                 of this round, or no position).
    stay_score   float [n_cand]: the fit of staying where they are.
    unit_of_pos  int [n_pos] unit codes (needed for caps); unit_of_cand int [n_cand] the unit
                 each candidate leaves (default: the unit of their current column, else none).
    max_loss_per_unit  at most this many people may leave any one unit for another unit.
    chains       a mover's current position becomes fillable in this round.
    bonus        float [n_cand, n_pos] added to a move's value (e.g. preference weight);
    stay_bonus   float [n_cand] added to the value of staying; move_cost subtracted per move.

    fill         float [n_cand, n_pos]: how many vacancies a move fills (the caller's count,
                 e.g. 1 into a listed vacancy, 0 into a seat vacated in the round, −1 for
                 leaving a listed vacancy); needed with max_moves_per_fill.
    max_moves_per_fill  a move budget: Σ moves ≤ this × Σ fill over the movers (None: none).

    Objective: Σ over movers (score + bonus − move_cost) + Σ over stayers (stay_score +
    stay_bonus). Without caps: min-cost flow, exact. With caps: if the uncapped optimum
    respects them it is optimal; otherwise Lagrangian relaxation (priced flows, repaired into a
    capped plan) within `time_limit`, then — for rounds with fewer than `exact_caps_below`
    eligible moves — CP-SAT, which proves optimality when it can. `upper_bound` is always a
    certified bound, so `upper_bound - objective` is the most the plan can be short by.

    The move budget is linear (moves − ratio × fills ≤ 0), so it is priced the same way: a
    price λ on it adds λ to every move's cost and λ × ratio × fill to its value; λ is found by
    bisection (the budget's slack only grows with λ). The plan at that price is optimal among
    plans with at most its own moves-to-fills balance, and the Lagrangian bound over every plan
    within the budget is certified (`upper_bound`).
    """
    common = dict(unit_of_pos=unit_of_pos, unit_of_cand=unit_of_cand,
                  max_loss_per_unit=max_loss_per_unit, chains=chains, bonus=bonus,
                  stay_bonus=stay_bonus, move_cost=move_cost, time_limit=time_limit,
                  exact_caps_below=exact_caps_below, workers=workers)
    if max_moves_per_fill is None:
        return _solve(score, slots, current_pos, stay_score, **common)
    return budgeted(_solve, score, slots, current_pos, stay_score, fill=fill,
                    max_moves_per_fill=max_moves_per_fill, **common)


def _solve(score, slots, current_pos, stay_score, *, unit_of_pos=None, unit_of_cand=None,
           max_loss_per_unit: int | None = None, chains: bool = True, bonus=None,
           stay_bonus=None, move_cost: float = 0.0, time_limit: float = 8.0,
           exact_caps_below: int = 20_000, workers: int = 2) -> Assignment:
    """solve_round without a move budget."""
    t0 = time.perf_counter()
    r = prepare(score, slots, current_pos, stay_score, unit_of_pos=unit_of_pos,
                 unit_of_cand=unit_of_cand, max_loss_per_unit=max_loss_per_unit, chains=chains,
                 bonus=bonus, stay_bonus=stay_bonus, move_cost=move_cost)
    if r.n_cand == 0 or r.n_pos == 0 or not np.isfinite(r.weight).any():
        target = np.full(r.n_cand, STAY, dtype=np.int64)
        obj, fit = r.evaluate(target)
        why = ("no candidates" if r.n_cand == 0 else "no positions" if r.n_pos == 0
               else "no candidate is eligible for an open seat, or no move beats staying")
        return Assignment(target, obj, fit, float(r.stay_score.sum()), "empty", True, obj,
                          time.perf_counter() - t0, 0, [why])

    target, n_arcs = solve_flow(r)
    obj, _ = r.evaluate(target)
    notes: list[str] = []
    method, optimal, upper = "min_cost_flow", True, obj
    if r.max_loss is not None:
        if losses(r, target).max(initial=0) <= r.max_loss:
            notes.append("unit cap not binding: the uncapped optimum already respects it")
        else:
            method, optimal = "lagrangian", False
            best = greedy(r).target
            best_obj, _ = r.evaluate(best)
            budget = max(0.0, time_limit - (time.perf_counter() - t0))
            priced, upper, lam, iters = lagrangian(r, budget * 0.6, best_obj)
            for plan in priced:
                repaired = repair(r, plan, lam)
                rep_obj, _ = r.evaluate(repaired)
                if rep_obj > best_obj:
                    best, best_obj = repaired, rep_obj
            notes.append(f"unit caps: Lagrangian relaxation, {iters} priced flow(s)")
            if n_arcs < exact_caps_below:
                left = max(1.0, time_limit - (time.perf_counter() - t0))
                exact, proven = cpsat(r, best, left, workers)
                if exact is not None:
                    ex_obj, _ = r.evaluate(exact)
                    if ex_obj >= best_obj - 1e-9:
                        best, best_obj, method = exact, ex_obj, "cp_sat"
                    optimal = proven
                    if proven:
                        upper = best_obj
            target = best
            if not optimal and upper - best_obj <= 1e-6 * max(1.0, abs(upper)):
                optimal = True          # the bound closed: proven optimal after all
    obj, fit = r.evaluate(target)
    upper = obj if optimal else max(upper, obj)
    return Assignment(target, obj, fit, float(r.stay_score.sum()), method, optimal, upper,
                      time.perf_counter() - t0, n_arcs, notes)
