"""A round as the solvers see it: validated arrays, the per-arc view they share, and the exact
min-cost flow that every method starts from.

A round has candidates (rows) and positions (columns). Every candidate ends the round either
where they are ("stay", worth `stay_score`) or in exactly one eligible position (worth its
score). A position takes at most its open slots; with `chains`, a candidate's current position
is a column too and every candidate who leaves it frees one more seat there.

Seen from the seats, a round is a transportation problem: each candidate is one unit of flow
that must end in a seat, their own (stay) or an eligible open one — a min-cost flow, solved
exactly (OR-Tools SimpleMinCostFlow, integer costs at 1e-6 resolution).
"""

from __future__ import annotations

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
class Problem:
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


def as_array(value, name: str, shape: tuple[int, ...], dtype) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: cannot be read as {np.dtype(dtype).name} values ({exc})")
    if arr.shape != shape:
        raise ValueError(f"{name}: expected shape {shape}, got {arr.shape}")
    return arr


def prepare(score, slots, current_pos, stay_score, *, unit_of_pos, unit_of_cand,
             max_loss_per_unit, chains, bonus, stay_bonus, move_cost) -> Problem:
    score = np.asarray(score, dtype=np.float64)
    if score.ndim != 2:
        raise ValueError(f"score: expected a 2-d array [n_candidates, n_positions], got "
                         f"{score.ndim}-d")
    n_cand, n_pos = score.shape
    if np.isposinf(score).any():
        raise ValueError("score: +inf is not a score (use NaN or -inf for ineligible pairs)")
    slots = as_array(slots, "slots", (n_pos,), np.float64)
    if not np.all(np.isfinite(slots)) or np.any(slots < 0) or np.any(slots != np.round(slots)):
        raise ValueError("slots: open slots must be whole numbers ≥ 0 (clip overstaffed "
                         "positions to 0)")
    slots = slots.astype(np.int64)
    current_pos = as_array(current_pos, "current_pos", (n_cand,), np.int64)
    if np.any((current_pos < -1) | (current_pos >= n_pos)):
        bad = int(np.flatnonzero((current_pos < -1) | (current_pos >= n_pos))[0])
        raise ValueError(f"current_pos[{bad}] = {current_pos[bad]}: must be -1 or a column "
                         f"index below {n_pos}")
    stay_score = as_array(stay_score, "stay_score", (n_cand,), np.float64)
    if not np.all(np.isfinite(stay_score)):
        raise ValueError("stay_score: must be finite for every candidate (use 0 for none)")
    if bonus is None:
        bonus = np.zeros((n_cand, n_pos))
    bonus = as_array(bonus, "bonus", (n_cand, n_pos), np.float64)
    if stay_bonus is None:
        stay_bonus = np.zeros(n_cand)
    stay_bonus = as_array(stay_bonus, "stay_bonus", (n_cand,), np.float64)
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
        unit_of_pos = as_array(unit_of_pos, "unit_of_pos", (n_pos,), np.int64)
        if unit_of_cand is None:
            unit_of_cand = np.where(current_pos >= 0, unit_of_pos[np.maximum(current_pos, 0)], -1)
        unit_of_cand = as_array(unit_of_cand, "unit_of_cand", (n_cand,), np.int64)

    weight = np.where(np.isfinite(score), score + bonus - move_cost, np.nan)
    # nobody "moves" into the position they already hold
    has_pos = np.flatnonzero(current_pos >= 0)
    weight[has_pos, current_pos[has_pos]] = np.nan
    # a column with no open seat at all (no slots, nobody leaving it) takes no arcs
    r = Problem(weight=weight, score=score, slots=slots, current_pos=current_pos,
               stay_score=stay_score, stay_weight=stay_score + stay_bonus,
               unit_of_pos=unit_of_pos, unit_of_cand=unit_of_cand,
               max_loss=max_loss_per_unit, chains=bool(chains))
    r.weight[:, r.capacity() == 0] = np.nan
    if not r.chains:
        # Without chains a move that does not beat staying can never help: dropping it is exact.
        r.weight[~(r.weight > r.stay_weight[:, None] + GAIN_EPS)] = np.nan
    return r


def solve_flow(r: Problem, loss_penalty: np.ndarray | None = None):
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


def losses(r: Problem, target: np.ndarray, n_units: int | None = None) -> np.ndarray:
    """People each unit loses under `target` (index = unit code)."""
    idx = np.flatnonzero(target != STAY)
    loss = r.is_loss(idx, target[idx])
    if n_units is None:
        n_units = int(max(r.unit_of_pos.max(initial=-1), r.unit_of_cand.max(initial=-1))) + 1
    return np.bincount(r.unit_of_cand[idx[loss]], minlength=n_units)
