"""The placement plan of a mutation round (penataan mutasi): many vacancies filled at once.

    plan = plan_round(parts, positions=None, candidates=None, max_loss_per_unit=3,
                      preference_weight=0.1, as_of=date(2025, 7, 1))

Per-person lists collide (everyone's best match is the same vacancy) and filling vacancies
one at a time wastes people; a round is planned as a whole. The steps: check the request;
choose the positions and the pool of candidates (the eligibility rules); score the pool
against the positions (planning.columns); solve — the plan (planning.solver) and the greedy
baseline, growing chains — and put the answer in words (planning.answer).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from features.requests import RequestError, check_as_of
from models.ranking import shown_score, tiebreak_keys
from planning import answer as words
from planning import defaults
from planning.columns import RoundState, iterate
from planning.parts import RoundParts
from planning.solver import STAY, Assignment, greedy_round, solve_round

MAX_PREFERENCE_WEIGHT = 1.0    # scores live in [0, 1]: a larger weight would drown the fit
MAX_MOVE_COST = 1.0
MAX_MOVES_PER_FILL = 100.0


@dataclass
class PlanDetail:
    """plan_round's answer plus where everyone in the pool ends, under the plan and under the
    greedy baseline (employee_id -> position_id, None = no position): for benchmarks."""

    answer: dict
    plan_final: dict[str, str | None]
    greedy_final: dict[str, str | None]
    keep_final: dict[str, str | None]


@dataclass(frozen=True)
class Options:
    """A round's checked parameters (see plan_round_detail)."""

    as_of: date
    max_loss_per_unit: int | None
    preference_weight: float
    chains: bool
    move_cost: float
    vacancy_value: float
    max_moves_per_fill: float | None
    chain_rounds: int
    chain_candidates: int
    time_limit: float
    explain: bool
    workers: int

    def echo(self) -> dict[str, Any]:
        """The parameters as the answer's `round` shows them."""
        return {"max_loss_per_unit": self.max_loss_per_unit,
                "preference_weight": self.preference_weight, "chains": self.chains,
                "move_cost": self.move_cost, "vacancy_value": self.vacancy_value,
                "max_moves_per_fill": self.max_moves_per_fill}


def _number(value: Any, field: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) \
            or not math.isfinite(float(value)) or not lo <= float(value) <= hi:
        raise RequestError(field, f"must be a number from {lo:g} to {hi:g}, got {value!r}")
    return float(value)


def _count(value: Any, field: str, none_ok: bool = False) -> int | None:
    if value is None and none_ok:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise RequestError(field, f"must be a whole number ≥ 0{' or null' if none_ok else ''}"
                                  f", got {value!r}")
    return int(value)


def check_options(as_of, max_loss_per_unit, preference_weight, chains, move_cost,
                  vacancy_value, chain_rounds, chain_candidates, time_limit, explain,
                  workers, max_moves_per_fill=None) -> Options:
    """The request's parameters, checked; RequestError names the first bad one."""
    return Options(
        as_of=check_as_of(as_of),
        max_loss_per_unit=_count(max_loss_per_unit, "max_loss_per_unit", none_ok=True),
        preference_weight=_number(preference_weight, "preference_weight", 0.0,
                                  MAX_PREFERENCE_WEIGHT),
        chains=bool(chains),
        move_cost=_number(move_cost, "move_cost", 0.0, MAX_MOVE_COST),
        vacancy_value=_number(vacancy_value, "vacancy_value", 0.0, MAX_MOVE_COST),
        max_moves_per_fill=None if max_moves_per_fill is None else _number(
            max_moves_per_fill, "max_moves_per_fill", 0.0, MAX_MOVES_PER_FILL),
        chain_rounds=_count(chain_rounds, "chain_rounds"),
        chain_candidates=_count(chain_candidates, "chain_candidates"),
        time_limit=float(time_limit), explain=bool(explain), workers=int(workers))


def by_tie_key(rows, ids, model_version: str) -> np.ndarray:
    """``rows`` (into ``ids``) ordered by models.ranking.tiebreak_keys of their ids."""
    rows = np.asarray(rows, dtype=np.int64)
    keys = tiebreak_keys(np.asarray(ids).astype(str)[rows], model_version)
    return rows[np.argsort(keys, kind="stable")]


def choose_pool(parts: RoundParts, eligible: np.ndarray, cand_rows: list[int] | None,
                as_of: date) -> tuple[np.ndarray, list[dict]]:
    """Who may move: everyone with an eligible position (or those of `cand_rows` who have
    one), and why each given candidate who cannot move is left out."""
    movable = eligible.any(axis=1)
    if cand_rows is None:
        return np.flatnonzero(movable), []
    emp_ids = parts.export.employees["employee_id"].astype(str).to_numpy()
    excluded = []
    for e in cand_rows:
        if not movable[e]:
            s = parts.eligibility.positions_for_row(e, as_of, vacant_only=False)
            excluded.append({"employee_id": str(emp_ids[e]),
                             "reason": s.reason or "no position passes the eligibility rules",
                             "excluded": {str(k): int(v) for k, v in s.excluded.items()}})
    return np.array([e for e in cand_rows if movable[e]], dtype=np.int64), excluded


def solve(state: RoundState, opts: Options, timing: dict[str, float]
          ) -> tuple[Assignment, Assignment, int]:
    """The plan and the greedy baseline over the same columns; the plan's chain rounds."""
    common = dict(max_loss_per_unit=opts.max_loss_per_unit, move_cost=opts.move_cost,
                  max_moves_per_fill=opts.max_moves_per_fill)
    exact = dict(chains=opts.chains, time_limit=opts.time_limit, workers=opts.workers, **common)
    # Columns grow on the uncapped, unbudgeted problem (one fast flow each); a unit cap or a
    # move budget, if any, is solved once, on the final columns, with the whole time limit.
    plan, plan_rounds, timing["solver"] = iterate(
        state, solve_round, opts.chains, opts.chain_rounds, move_cost=opts.move_cost,
        max_loss_per_unit=None)
    if opts.max_loss_per_unit is not None or opts.max_moves_per_fill is not None:
        plan = solve_round(**state.arrays(), **exact)
        timing["solver"] += plan.seconds
    n_before = len(state.cols.rows)
    greedy, _, timing["greedy"] = iterate(state, greedy_round, opts.chains, opts.chain_rounds,
                                          **common)
    if len(state.cols.rows) > n_before:
        # greedy's chains reached positions the plan had not scored: give the plan them too
        # (columns are only ever appended, so every earlier index stays valid)
        plan = solve_round(**state.arrays(), **exact)
        timing["solver"] += plan.seconds
    return plan, greedy, plan_rounds


def describe(state: RoundState, plan: Assignment, greedy: Assignment, plan_rounds: int,
             opts: Options, candidates_excluded: list[dict], timing: dict[str, float],
             t_start: float) -> dict:
    """The answer: moves with reasons, what stays open and why, totals, solver figures."""
    parts = state.parts
    t0 = time.perf_counter()
    names = words.Names(parts.export)
    movers = np.flatnonzero(plan.target != STAY)
    to_rows = np.asarray(state.cols.rows, dtype=np.int64)[plan.target[movers]]
    explained = (parts.explain_pairs(opts.as_of, state.pool[movers], to_rows)
                 if opts.explain and parts.explain_pairs is not None and len(movers) else None)
    moves = words.moves(state, plan.target, names, explained)
    unfilled = words.unfilled(state, plan.target, names, opts.move_cost,
                              opts.max_loss_per_unit, opts.as_of)
    vacated = words.vacated_unfilled(state, plan.target, names)
    timing["explain"] = time.perf_counter() - t0
    keep = np.full(len(state.pool), STAY, dtype=np.int64)
    slots = state.arrays()["slots"]
    return {
        "status": "ok", "model_version": parts.model_version,
        "data_snapshot": parts.export.snapshot, "as_of": opts.as_of.isoformat(),
        "round": {"positions": state.cols.n_targets,
                  "vacancies": int(slots[: state.cols.n_targets].sum()),
                  "candidates": int(len(state.pool)), **opts.echo(),
                  "preference_sources": {k: int((state.pref_source == k).sum())
                                         for k in ("stated", "export", "none")}},
        "moves": moves, "unfilled": unfilled, "vacated_unfilled": vacated,
        "candidates_excluded": candidates_excluded,
        "totals": {"plan": words.totals(state, plan, plan.target),
                   "greedy": words.totals(state, greedy, greedy.target),
                   "keep": words.totals(state, None, keep)},
        "solver": {
            "method": plan.method, "optimal": bool(plan.optimal),
            "upper_bound": None if plan.upper_bound is None else shown_score(plan.upper_bound),
            "notes": list(plan.notes), "chain_rounds": plan_rounds,
            "columns": len(state.cols.rows), "pairs_scored": int(state.pairs_scored),
            "pairs_prescored": int(state.pairs_prescored),
            "seconds": {k: round(v, 3) for k, v in
                        {**timing, "total": time.perf_counter() - t_start}.items()},
        },
    }


def _empty(parts: RoundParts, as_of: date, message: str, **extra) -> PlanDetail:
    answer = {"status": "empty", "message": message, "model_version": parts.model_version,
              "data_snapshot": parts.export.snapshot, "as_of": as_of.isoformat(),
              "moves": [], "unfilled": [], "vacated_unfilled": [], "totals": {}, **extra}
    return PlanDetail(answer, {}, {}, {})


def plan_round(parts: RoundParts, positions: Iterable[str] | None = None,
               candidates: Iterable[str] | None = None, max_loss_per_unit: int | None = None,
               preference_weight: float = 0.0, as_of: date | None = None, **options) -> dict:
    """Plan one mutation round; returns a JSON-ready dict (see plan_round_detail)."""
    return plan_round_detail(parts, positions, candidates, max_loss_per_unit,
                             preference_weight, as_of, **options).answer


def plan_round_detail(parts: RoundParts, positions: Iterable[str] | None = None,
                      candidates: Iterable[str] | None = None,
                      max_loss_per_unit: int | None = None, preference_weight: float = 0.0,
                      as_of: date | None = None, *, chains: bool = True,
                      move_cost: float = defaults.MOVE_COST,
                      vacancy_value: float = defaults.VACANCY_VALUE,
                      max_moves_per_fill: float | None = defaults.MAX_MOVES_PER_FILL,
                      chain_rounds: int = 2, chain_candidates: int = 30,
                      time_limit: float = 3.0, explain: bool = True,
                      workers: int = 2) -> PlanDetail:
    """Plan one mutation round.

    parts              a RoundParts: the export, its eligibility index, the scorers.
    positions          position ids to fill (default: every position with a vacancy).
    candidates         employee ids who may move (default: every employee due for transfer,
                       i.e. with at least one position the eligibility rules allow).
    max_loss_per_unit  at most this many people may leave any one unit for another unit.
    preference_weight  added to a move into a unit the employee asked for, and to staying
                       for an employee who said they do not want to move (0–1).
    chains             positions vacated by movers become fillable in the same round.
    move_cost          subtracted per move: a move must gain at least this much fit (0–1).
    vacancy_value      added per seat filled among `positions` (net of seats emptied there):
                       how much fit the round may give up to fill its listed vacancies (0–1).
    max_moves_per_fill a move budget: at most this many moves per listed vacancy filled
                       (net, as vacancy_value counts them); None: no budget.

    chain_rounds       how many times vacated positions are added and the round re-solved.
    chain_candidates   per vacated position, how many candidates (best by the quick
                       pre-score, when the source has one) are fully scored for it.
    time_limit         seconds the solver may spend on a unit cap.
    explain            add reasons and gaps to each move (the model's contributions).

    Raises RequestError (bad parameter) or UnknownId (unknown id) — HTTP 400 / 404.
    """
    t_start = time.perf_counter()
    opts = check_options(as_of, max_loss_per_unit, preference_weight, chains, move_cost,
                         vacancy_value, chain_rounds, chain_candidates, time_limit, explain,
                         workers, max_moves_per_fill)
    ex = parts.export
    target_rows = None if positions is None else ex.rows_of("positions", positions, "positions")
    cand_rows = None if candidates is None else ex.rows_of("employees", candidates,
                                                           "candidates")
    timing: dict[str, float] = {}
    t0 = time.perf_counter()
    eligible = parts.eligibility.matrix(opts.as_of, vacant_only=False)
    if target_rows is None:
        target_rows = np.flatnonzero(ex.positions["vacancies"].to_numpy() > 0).tolist()
    pool, excluded = choose_pool(parts, eligible, cand_rows, opts.as_of)
    # Ties (equal fits, equal gains, equal-cost optima of the flow) go by the order of the
    # pool and the columns: make that the ranking's tie key, not the export's row order (a
    # NIP encodes birth date and gender; models.ranking).
    pool = by_tie_key(pool, ex.employees["employee_id"], parts.model_version)
    target_rows = by_tie_key(target_rows, ex.positions["position_id"],
                             parts.model_version).tolist()
    timing["eligibility"] = time.perf_counter() - t0
    if not target_rows:
        return _empty(parts, opts.as_of, "no open position to fill: no vacancy in the export"
                      if positions is None else "no position given",
                      candidates_excluded=excluded)
    if len(pool) == 0:
        return _empty(parts, opts.as_of, "no candidate: nobody is due for transfer" if
                      candidates is None else "none of the given candidates may move",
                      candidates_excluded=excluded)

    state = RoundState(parts, opts.as_of, pool, target_rows, eligible, opts.preference_weight,
                       opts.chain_candidates, opts.vacancy_value)
    plan, greedy, plan_rounds = solve(state, opts, timing)
    timing["scoring"] = state.score_seconds
    timing["prescoring"] = state.prescore_seconds
    answer = describe(state, plan, greedy, plan_rounds, opts, excluded, timing, t_start)
    keep = np.full(len(pool), STAY, dtype=np.int64)
    return PlanDetail(answer, _final(state, plan.target), _final(state, greedy.target),
                      _final(state, keep))


def _final(state: RoundState, target: np.ndarray) -> dict[str, str | None]:
    """Where each candidate of the pool ends (employee id → position id, None: none)."""
    ex = state.parts.export
    emp_ids = ex.employees["employee_id"].astype(str).to_numpy()
    pos_ids = ex.positions["position_id"].astype(str).to_numpy()
    cols = np.asarray(state.cols.rows, dtype=np.int64)
    rows = np.where(target == STAY, state.cur_row, cols[np.maximum(target, 0)])
    return {str(emp_ids[e]): (str(pos_ids[p]) if p >= 0 else None)
            for e, p in zip(state.pool, rows)}
