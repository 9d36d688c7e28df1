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

Nothing here knows about employees or models: `serving.planning` builds the arrays.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

FLOW_SCALE = 1_000_000      # min-cost flow works on integers: objective resolved to 1e-6
# (each move also costs one extra unit, so a move that gains nothing is never made for its own
# sake: ties go to staying put)
CPSAT_SCALE = 10_000        # CP-SAT's LP prefers small coefficients: 1e-4 resolution
STAY = -1                   # `target` value of a candidate who ends where they are
LAGRANGIAN_MAX_ITER = 300   # priced flows at most (the step size is at its floor long before)
GAIN_EPS = 1.0 / FLOW_SCALE  # a move "gains" only above this (below: float noise, a tie)


@dataclass
class Assignment:
    """The solved round. `target[i]` is the column candidate i moves to, or STAY (-1)."""

    target: np.ndarray                # int [n_cand]
    objective: float                  # Σ weights of the chosen options (fit + bonuses − move costs)
    fit_total: float                  # Σ score at the final place (stay_score for stayers)
    stay_total: float                 # Σ stay_score: everyone keeps their place
    method: str                       # "min_cost_flow" | "cp_sat" | "greedy" | "empty"
    optimal: bool                     # proven optimal for the problem as given
    upper_bound: float | None         # no plan can have a higher objective (None if unknown)
    seconds: float
    n_arcs: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def movers(self) -> np.ndarray:
        return np.flatnonzero(self.target != STAY)

    def filled(self, n_pos: int) -> np.ndarray:
        """How many candidates move INTO each column."""
        moved = self.target[self.target != STAY]
        return np.bincount(moved, minlength=n_pos)[:n_pos]


@dataclass
class _Round:
    """Validated inputs, plus the per-arc view the solvers share."""

    weight: np.ndarray        # float [n_cand, n_pos] objective value of each move, NaN = no arc
    score: np.ndarray         # float [n_cand, n_pos] raw fit (for fit_total)
    slots: np.ndarray         # int [n_pos]
    current_pos: np.ndarray   # int [n_cand]
    stay_score: np.ndarray    # float [n_cand]
    stay_weight: np.ndarray   # float [n_cand] objective value of staying
    unit_of_pos: np.ndarray | None
    unit_of_cand: np.ndarray | None
    max_loss: int | None
    chains: bool

    @property
    def n_cand(self) -> int:
        return self.weight.shape[0]

    @property
    def n_pos(self) -> int:
        return self.weight.shape[1]

    def capacity(self) -> np.ndarray:
        """Seats a column can hold at the end of the round (stayers included, with chains)."""
        cap = self.slots.astype(np.int64).copy()
        if self.chains:
            here = self.current_pos[self.current_pos >= 0]
            cap += np.bincount(here, minlength=self.n_pos)[: self.n_pos]
        return cap

    def arcs(self) -> tuple[np.ndarray, np.ndarray]:
        rows, cols = np.nonzero(np.isfinite(self.weight))
        return rows, cols

    def is_loss(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """True where moving row → col takes a person out of their unit (counts against caps)."""
        if self.unit_of_pos is None or self.unit_of_cand is None:
            return np.zeros(len(rows), dtype=bool)
        home = self.unit_of_cand[rows]
        return (home >= 0) & (self.unit_of_pos[cols] != home)

    def evaluate(self, target: np.ndarray) -> tuple[float, float]:
        moved = target != STAY
        idx = np.flatnonzero(moved)
        objective = float(self.stay_weight[~moved].sum() + self.weight[idx, target[idx]].sum())
        fit = float(self.stay_score[~moved].sum() + self.score[idx, target[idx]].sum())
        return objective, fit


def _as_array(value, name: str, shape: tuple[int, ...], dtype) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: cannot be read as {np.dtype(dtype).name} values ({exc})")
    if arr.shape != shape:
        raise ValueError(f"{name}: expected shape {shape}, got {arr.shape}")
    return arr


def _prepare(score, slots, current_pos, stay_score, *, unit_of_pos, unit_of_cand,
             max_loss_per_unit, chains, bonus, stay_bonus, move_cost) -> _Round:
    score = np.asarray(score, dtype=np.float64)
    if score.ndim != 2:
        raise ValueError(f"score: expected a 2-d array [n_candidates, n_positions], got "
                         f"{score.ndim}-d")
    n_cand, n_pos = score.shape
    if np.isposinf(score).any():
        raise ValueError("score: +inf is not a score (use NaN or -inf for ineligible pairs)")
    slots = _as_array(slots, "slots", (n_pos,), np.float64)
    if not np.all(np.isfinite(slots)) or np.any(slots < 0) or np.any(slots != np.round(slots)):
        raise ValueError("slots: open slots must be whole numbers ≥ 0 (clip overstaffed "
                         "positions to 0)")
    slots = slots.astype(np.int64)
    current_pos = _as_array(current_pos, "current_pos", (n_cand,), np.int64)
    if np.any((current_pos < -1) | (current_pos >= n_pos)):
        bad = int(np.flatnonzero((current_pos < -1) | (current_pos >= n_pos))[0])
        raise ValueError(f"current_pos[{bad}] = {current_pos[bad]}: must be -1 or a column "
                         f"index below {n_pos}")
    stay_score = _as_array(stay_score, "stay_score", (n_cand,), np.float64)
    if not np.all(np.isfinite(stay_score)):
        raise ValueError("stay_score: must be finite for every candidate (use 0 for none)")
    if bonus is None:
        bonus = np.zeros((n_cand, n_pos))
    bonus = _as_array(bonus, "bonus", (n_cand, n_pos), np.float64)
    if stay_bonus is None:
        stay_bonus = np.zeros(n_cand)
    stay_bonus = _as_array(stay_bonus, "stay_bonus", (n_cand,), np.float64)
    if not (np.all(np.isfinite(stay_bonus)) and np.all(np.isfinite(bonus[np.isfinite(score)]))):
        raise ValueError("bonus / stay_bonus: must be finite")
    if not np.isfinite(move_cost) or move_cost < 0:
        raise ValueError(f"move_cost: must be a number ≥ 0, got {move_cost!r}")

    if max_loss_per_unit is not None:
        if int(max_loss_per_unit) != max_loss_per_unit or max_loss_per_unit < 0:
            raise ValueError(f"max_loss_per_unit: must be a whole number ≥ 0 or None, got "
                             f"{max_loss_per_unit!r}")
        max_loss_per_unit = int(max_loss_per_unit)
        if unit_of_pos is None:
            raise ValueError("unit_of_pos: needed when max_loss_per_unit is set")
    if unit_of_pos is not None:
        unit_of_pos = _as_array(unit_of_pos, "unit_of_pos", (n_pos,), np.int64)
        if unit_of_cand is None:
            unit_of_cand = np.where(current_pos >= 0, unit_of_pos[np.maximum(current_pos, 0)], -1)
        unit_of_cand = _as_array(unit_of_cand, "unit_of_cand", (n_cand,), np.int64)

    weight = np.where(np.isfinite(score), score + bonus - move_cost, np.nan)
    # nobody "moves" into the position they already hold
    has_pos = np.flatnonzero(current_pos >= 0)
    weight[has_pos, current_pos[has_pos]] = np.nan
    # a column with no open seat at all (no slots, nobody leaving it) takes no arcs
    r = _Round(weight=weight, score=score, slots=slots, current_pos=current_pos,
               stay_score=stay_score, stay_weight=stay_score + stay_bonus,
               unit_of_pos=unit_of_pos, unit_of_cand=unit_of_cand,
               max_loss=max_loss_per_unit, chains=bool(chains))
    r.weight[:, r.capacity() == 0] = np.nan
    if not r.chains:
        # Without chains a move that does not beat staying can never help: dropping it is exact.
        r.weight[~(r.weight > r.stay_weight[:, None] + GAIN_EPS)] = np.nan
    return r


def _solve_flow(r: _Round, loss_penalty: np.ndarray | None = None):
    """Exact min-cost flow without unit caps. Returns (target, n_arcs).

    `loss_penalty[u]` (optional) is subtracted from every move that takes someone out of unit u
    (a Lagrangian price on the caps, used to warm-start CP-SAT).
    """
    from ortools.graph.python import min_cost_flow

    n, m = r.n_cand, r.n_pos
    rows, cols = r.arcs()
    w = r.weight[rows, cols]
    if loss_penalty is not None and r.unit_of_cand is not None:
        loss = r.is_loss(rows, cols)
        w = w - np.where(loss, loss_penalty[np.maximum(r.unit_of_cand[rows], 0)], 0.0)
    sink = n + m
    stay_head = np.where(r.chains & (r.current_pos >= 0), n + r.current_pos, sink)
    cap = r.capacity()
    tails = np.concatenate([rows, np.arange(n), n + np.arange(m)])
    heads = np.concatenate([n + cols, stay_head, np.full(m, sink)])
    caps = np.concatenate([np.ones(len(rows) + n, dtype=np.int64), cap])
    costs = -np.rint(np.concatenate([w, r.stay_weight, np.zeros(m)]) * FLOW_SCALE)
    costs[: len(rows)] += 1      # one unit (1e-6) per move: of two equal plans, fewer moves
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32),
                                              caps, costs.astype(np.int64))
    supplies = np.zeros(n + m + 1, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    smcf.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:  # cannot happen: staying is always possible
        raise RuntimeError(f"min-cost flow did not solve the round (status {status})")
    flows = smcf.flows(np.arange(len(rows)))
    target = np.full(n, STAY, dtype=np.int64)
    used = flows > 0
    target[rows[used]] = cols[used]
    return target, len(rows)


def _losses(r: _Round, target: np.ndarray, n_units: int | None = None) -> np.ndarray:
    """People each unit loses under `target` (index = unit code)."""
    idx = np.flatnonzero(target != STAY)
    loss = r.is_loss(idx, target[idx])
    if n_units is None:
        n_units = int(max(r.unit_of_pos.max(initial=-1), r.unit_of_cand.max(initial=-1))) + 1
    return np.bincount(r.unit_of_cand[idx[loss]], minlength=n_units)


def _lagrangian(r: _Round, time_budget: float, lower: float):
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
        target, _ = _solve_flow(r, loss_penalty=lam)
        iterations += 1
        obj, _ = r.evaluate(target)
        excess = _losses(r, target, n_units) - r.max_loss
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


def _repair(r: _Round, target: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Make a plan respect the caps: in a unit at or over its cap, only the leavers with most
    gain keep their moves out of the unit; re-solve the flow; repeat until nobody is over."""
    weight = r.weight.copy()
    n_units = len(lam)
    for _ in range(n_units + 1):
        losses = _losses(r, target, n_units)
        if losses.max(initial=0) <= r.max_loss:
            return target
        idx = np.flatnonzero(target != STAY)
        gain = r.weight[idx, target[idx]] - r.stay_weight[idx]
        leaving = r.is_loss(idx, target[idx])
        for u in np.flatnonzero(losses >= r.max_loss):
            mine = idx[leaving & (r.unit_of_cand[idx] == u)]
            keep = mine[np.argsort(-gain[np.isin(idx, mine)], kind="stable")][: r.max_loss]
            members = np.flatnonzero(r.unit_of_cand == u)
            members = members[~np.isin(members, keep)]
            out = r.unit_of_pos != u
            weight[np.ix_(members, np.flatnonzero(out))] = np.nan
        fixed = _Round(**{**r.__dict__, "weight": weight})
        target, _ = _solve_flow(fixed, loss_penalty=lam)
    return target  # unreachable in practice: every pass freezes at least one more unit


def _cpsat(r: _Round, hint: np.ndarray, time_limit: float, workers: int):
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


def solve_round(score, slots, current_pos, stay_score, *, unit_of_pos=None, unit_of_cand=None,
                max_loss_per_unit: int | None = None, chains: bool = True, bonus=None,
                stay_bonus=None, move_cost: float = 0.0, time_limit: float = 8.0,
                exact_caps_below: int = 20_000, workers: int = 2) -> Assignment:
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

    Objective: Σ over movers (score + bonus − move_cost) + Σ over stayers (stay_score +
    stay_bonus). Without caps: min-cost flow, exact. With caps: if the uncapped optimum
    respects them it is optimal; otherwise Lagrangian relaxation (priced flows, repaired into a
    capped plan) within `time_limit`, then — for rounds with fewer than `exact_caps_below`
    eligible moves — CP-SAT, which proves optimality when it can. `upper_bound` is always a
    certified bound, so `upper_bound - objective` is the most the plan can be short by.
    """
    t0 = time.perf_counter()
    r = _prepare(score, slots, current_pos, stay_score, unit_of_pos=unit_of_pos,
                 unit_of_cand=unit_of_cand, max_loss_per_unit=max_loss_per_unit, chains=chains,
                 bonus=bonus, stay_bonus=stay_bonus, move_cost=move_cost)
    if r.n_cand == 0 or r.n_pos == 0 or not np.isfinite(r.weight).any():
        target = np.full(r.n_cand, STAY, dtype=np.int64)
        obj, fit = r.evaluate(target)
        why = ("no candidates" if r.n_cand == 0 else "no positions" if r.n_pos == 0
               else "no candidate is eligible for an open seat, or no move beats staying")
        return Assignment(target, obj, fit, float(r.stay_score.sum()), "empty", True, obj,
                          time.perf_counter() - t0, 0, [why])

    target, n_arcs = _solve_flow(r)
    obj, _ = r.evaluate(target)
    notes: list[str] = []
    method, optimal, upper = "min_cost_flow", True, obj
    if r.max_loss is not None:
        if _losses(r, target).max(initial=0) <= r.max_loss:
            notes.append("unit cap not binding: the uncapped optimum already respects it")
        else:
            method, optimal = "lagrangian", False
            greedy = _greedy(r)
            best = greedy.target
            best_obj, _ = r.evaluate(best)
            budget = max(0.0, time_limit - (time.perf_counter() - t0))
            priced, upper, lam, iters = _lagrangian(r, budget * 0.6, best_obj)
            for plan in priced:
                repaired = _repair(r, plan, lam)
                rep_obj, _ = r.evaluate(repaired)
                if rep_obj > best_obj:
                    best, best_obj = repaired, rep_obj
            notes.append(f"unit caps: Lagrangian relaxation, {iters} priced flow(s)")
            if n_arcs < exact_caps_below:
                left = max(1.0, time_limit - (time.perf_counter() - t0))
                exact, proven = _cpsat(r, best, left, workers)
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


def _greedy(r: _Round, order=None) -> Assignment:
    t0 = time.perf_counter()
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
                 bonus=None, stay_bonus=None, move_cost: float = 0.0) -> Assignment:
    """The baseline a person would run: vacancies in turn (`order`: column order, default
    0..n_pos-1), each open seat takes its best-scoring remaining candidate among those for whom
    the move beats staying and whose unit is under its cap. With `chains`, a position vacated
    by a mover joins the end of the queue. Nobody moves twice."""
    r = _prepare(score, slots, current_pos, stay_score, unit_of_pos=unit_of_pos,
                 unit_of_cand=unit_of_cand, max_loss_per_unit=max_loss_per_unit, chains=chains,
                 bonus=bonus, stay_bonus=stay_bonus, move_cost=move_cost)
    return _greedy(r, order)
