"""Unit caps ("at most N people may leave a unit"): a side constraint that breaks the flow
structure. Lagrangian relaxation prices each unit's leavers and re-solves the flow (every priced
flow is a certified upper bound); a repair step turns a priced plan into a capped one; CP-SAT
solves small capped rounds exactly, warm-started from the best plan found.
"""

from __future__ import annotations

import time

import numpy as np

from planning.problem import CPSAT_SCALE, FLOW_SCALE, LAGRANGIAN_MAX_ITER, STAY, Problem, \
    losses, solve_flow


def lagrangian(r: Problem, time_budget: float, lower: float):
    """Unit caps by Lagrangian relaxation: price each unit's leavers, re-solve the flow.

    Every priced flow gives an upper bound on the capped optimum (weak duality); the prices
    move by Polyak steps against the best known feasible value `lower`. Returns
    (plans worth repairing, best upper bound, prices, iterations); the plans are the best
    feasible priced one (if any), the least violating one and the last one.
    """
    t0 = time.perf_counter()
    n_units = int(max(r.unit_of_pos.max(initial=-1), r.unit_of_cand.max(initial=-1))) + 1
    lam = np.zeros(n_units)
    upper, best, best_violation, theta = np.inf, None, np.inf, 1.0
    feasible, feasible_obj = None, -np.inf
    iterations = 0
    while True:
        target, _ = solve_flow(r, loss_penalty=lam)
        iterations += 1
        obj, _ = r.evaluate(target)
        excess = losses(r, target, n_units) - r.max_loss
        # = max over plans of the priced objective (+ the flow's integer rounding, ≤ ½e-6 each)
        dual = obj - float(lam @ excess) + 0.5 * r.n_cand / FLOW_SCALE
        upper = min(upper, dual)
        violation = float(np.maximum(excess, 0).sum())
        if violation < best_violation:
            best, best_violation = target, violation
        if violation == 0 and obj > feasible_obj:
            feasible, feasible_obj = target, obj
            lower = max(lower, obj)
        grad = np.where((lam > 0) | (excess > 0), excess, 0).astype(float)
        spent = time.perf_counter() - t0
        per_iter = spent / iterations
        if (not grad.any()) or upper - lower <= 1e-6 * max(1.0, abs(upper)) \
                or spent + per_iter > time_budget or iterations >= LAGRANGIAN_MAX_ITER:
            break
        step = theta * max(upper - lower, 1e-6) / float(grad @ grad)
        lam = np.maximum(0.0, lam + step * grad)
        theta = max(theta * 0.7, 0.05)
    plans = [p for p in (feasible, best, target) if p is not None]
    return plans, upper, lam, iterations


def repair(r: Problem, target: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Make a plan respect the caps: in a unit at or over its cap, only the leavers with most
    gain keep their moves out of the unit; re-solve the flow; repeat until nobody is over."""
    weight = r.weight.copy()
    n_units = len(lam)
    for _ in range(n_units + 1):
        lost = losses(r, target, n_units)
        if lost.max(initial=0) <= r.max_loss:
            return target
        idx = np.flatnonzero(target != STAY)
        gain = r.weight[idx, target[idx]] - r.stay_weight[idx]
        leaving = r.is_loss(idx, target[idx])
        for u in np.flatnonzero(lost >= r.max_loss):
            mine = idx[leaving & (r.unit_of_cand[idx] == u)]
            keep = mine[np.argsort(-gain[np.isin(idx, mine)], kind="stable")][: r.max_loss]
            members = np.flatnonzero(r.unit_of_cand == u)
            members = members[~np.isin(members, keep)]
            out = r.unit_of_pos != u
            weight[np.ix_(members, np.flatnonzero(out))] = np.nan
        fixed = Problem(**{**r.__dict__, "weight": weight})
        target, _ = solve_flow(fixed, loss_penalty=lam)
    return target  # unreachable in practice: every pass freezes at least one more unit


def cpsat(r: Problem, hint: np.ndarray, time_limit: float, workers: int):
    """The capped round as an integer programme for CP-SAT (small rounds): (target, optimal)."""
    from ortools.sat.python import cp_model

    rows, cols = r.arcs()
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"m{k}") for k in range(len(rows))]
    stay = [model.new_bool_var(f"s{i}") for i in range(r.n_cand)]
    by_row: list[list[int]] = [[] for _ in range(r.n_cand)]
    by_col: list[list[int]] = [[] for _ in range(r.n_pos)]
    for k, (i, p) in enumerate(zip(rows.tolist(), cols.tolist())):
        by_row[i].append(k)
        by_col[p].append(k)
    for i in range(r.n_cand):
        model.add_exactly_one([x[k] for k in by_row[i]] + [stay[i]])
    cap = r.capacity()
    stayers_of: list[list[int]] = [[] for _ in range(r.n_pos)]
    if r.chains:
        for i in np.flatnonzero(r.current_pos >= 0).tolist():
            stayers_of[int(r.current_pos[i])].append(i)
    for p in range(r.n_pos):
        if by_col[p]:
            model.add(sum(x[k] for k in by_col[p]) + sum(stay[i] for i in stayers_of[p])
                      <= int(cap[p]))
    by_unit: dict[int, list[int]] = {}
    for k in np.flatnonzero(r.is_loss(rows, cols)).tolist():
        by_unit.setdefault(int(r.unit_of_cand[rows[k]]), []).append(k)
    for ks in by_unit.values():
        if len(ks) > r.max_loss:
            model.add(sum(x[k] for k in ks) <= r.max_loss)
    # ×2 then −1 per move: of two equal plans, the one with fewer moves wins
    w = 2 * np.rint(r.weight[rows, cols] * CPSAT_SCALE).astype(np.int64) - 1
    sw = 2 * np.rint(r.stay_weight * CPSAT_SCALE).astype(np.int64)
    model.maximize(sum(int(c) * v for c, v in zip(w.tolist(), x))
                   + sum(int(c) * v for c, v in zip(sw.tolist(), stay)))
    for k, (i, p) in enumerate(zip(rows.tolist(), cols.tolist())):
        model.add_hint(x[k], bool(hint[i] == p))
    for i in range(r.n_cand):
        model.add_hint(stay[i], bool(hint[i] == STAY))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = int(workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    target = np.full(r.n_cand, STAY, dtype=np.int64)
    chosen = np.array([solver.boolean_value(v) for v in x], dtype=bool)
    target[rows[chosen]] = cols[chosen]
    return target, status == cp_model.OPTIMAL
