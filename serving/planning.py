"""The placement plan of a mutation round (penataan mutasi): many vacancies filled at once.

    parts = RoundParts.from_recommender(recommender)      # or RoundParts(...) by hand
    plan = plan_round(parts, positions=None, candidates=None, max_loss_per_unit=3,
                      preference_weight=0.1, as_of=date(2025, 7, 1))

Per-person lists collide (everyone's best match is the same vacancy) and filling vacancies
one at a time wastes people; a round is planned as a whole. This module builds the round from
an export and a model — who may go where (the eligibility rules), how well they would fit
(the model's calibrated score, for eligible pairs only, vectorised), how well they fit where
they are (the same model on their current position) — hands the arrays to
`serving.plan_solver`, and turns the answer into words: moves with reasons, vacancies left
open and why, and totals against a greedy baseline and against keeping everyone in place.

Chains: a position a mover leaves becomes fillable in the same round. The solver handles
chains exactly over the positions it is given; this module grows that set by column
generation — solve, add the positions the movers vacated, solve again — up to
`chain_rounds` times (docs/planning.md says what that does and does not guarantee).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from serving.plan_solver import GAIN_EPS, STAY, Assignment, greedy_round, solve_round
from serving.ranking import RequestError, UnknownId, _check_as_of

if TYPE_CHECKING:
    from features.eligibility import EligibilityIndex
    from features.export import Export

SCORE_DECIMALS = 6
SCORE_CHUNK = 200_000          # pairs scored per block: bounds feature-matrix memory (~40 MB)
MAX_PREFERENCE_WEIGHT = 1.0    # scores live in [0, 1]: a larger weight would drown the fit
MAX_MOVE_COST = 1.0
PRESCORE_TREES = 25            # trees of the pre-score (Spearman ≈ 0.8 with 300 trees)

# Why a vacancy was left open (the `reason` of an unfilled position).
NO_ELIGIBLE = "no eligible candidate"
NO_VACANCY = "no vacancy (overstaffed or full) and nobody left it"
STAY_BETTER = "every eligible candidate fits better where they are"
USED_ELSEWHERE = "every candidate who would gain here is placed better elsewhere"
UNIT_CAP = "the candidates who would gain here are held by the unit cap"
NOT_CHOSEN = "not chosen (the plan is not proven optimal)"

ScoreFn = Callable[[date, np.ndarray, np.ndarray], np.ndarray]
ExplainFn = Callable[[date, np.ndarray, np.ndarray], list[tuple[list[str], list[str]]]]


@dataclass
class RoundParts:
    """What a round needs from the rest of Jobfit, as plain callables.

    score_pairs(as_of, emp_rows, pos_rows) -> fit in [0, 1] per pair (rows of
    export.employees / export.positions). explain_pairs(as_of, emp_rows, pos_rows) ->
    [(reasons, gaps)] per pair, or None to leave reasons out. prescore_pairs: a quicker,
    rougher score_pairs, used only to pick which candidates get fully scored for seats that
    open during the round (None: score every eligible pair fully).
    """

    export: "Export"
    eligibility: "EligibilityIndex"
    score_pairs: ScoreFn
    explain_pairs: ExplainFn | None = None
    model_version: str = ""
    prescore_pairs: ScoreFn | None = None

    @classmethod
    def from_recommender(cls, rec: Any, threads: int = 2) -> "RoundParts":
        """The Recommender's export, eligibility index, features cache and model.

        A round scores up to a few million pairs in one go, so the model is called with
        `threads` threads (a copy of the model object: the shared one stays untouched).
        """
        from serving.reasons import explain

        model = rec.model
        if dataclasses.is_dataclass(model) and hasattr(model, "num_threads"):
            model = dataclasses.replace(model, num_threads=int(threads))

        def score_pairs(as_of: date, emp: np.ndarray, pos: np.ndarray) -> np.ndarray:
            feats = rec._features_for(as_of)
            out = np.empty(len(emp), dtype=np.float64)
            for s in range(0, len(emp), SCORE_CHUNK):
                X = feats.pairs(emp[s:s + SCORE_CHUNK], pos[s:s + SCORE_CHUNK])
                out[s:s + SCORE_CHUNK] = model.score(X)
            return out

        prescore_pairs = None
        booster = getattr(model, "booster", None)
        calibrator = getattr(model, "calibrator", None)
        if booster is not None and calibrator is not None \
                and booster.current_iteration() > PRESCORE_TREES:
            def prescore_pairs(as_of: date, emp: np.ndarray, pos: np.ndarray) -> np.ndarray:
                # the booster's first trees: most of its signal at a fraction of the cost
                feats = rec._features_for(as_of)
                out = np.empty(len(emp), dtype=np.float64)
                for s in range(0, len(emp), SCORE_CHUNK):
                    X = feats.pairs(emp[s:s + SCORE_CHUNK], pos[s:s + SCORE_CHUNK])
                    margin = booster.predict(X, num_iteration=PRESCORE_TREES,
                                             num_threads=int(threads))
                    out[s:s + SCORE_CHUNK] = calibrator(margin, X)
                return out

        def explain_pairs(as_of: date, emp: np.ndarray, pos: np.ndarray):
            if len(emp) == 0:
                return []
            feats = rec._features_for(as_of)
            contrib = model.contributions(feats.pairs(emp, pos))
            return [explain(rec.feature_names, c, feats.describe(int(e), int(p)))
                    for c, e, p in zip(contrib, emp, pos)]

        return cls(export=rec.export, eligibility=rec.eligibility, score_pairs=score_pairs,
                   explain_pairs=explain_pairs, model_version=str(rec.model_version),
                   prescore_pairs=prescore_pairs)


# --- input checks -------------------------------------------------------------------------------
def _ids(values: Iterable[str] | None, field: str, known: dict[str, int]) -> list[int] | None:
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise RequestError(field, "must be a list of ids")
    rows: list[int] = []
    seen: set[int] = set()
    for v in values:
        if not isinstance(v, str):
            raise RequestError(field, f"ids must be strings, got {v!r}")
        row = known.get(v)
        if row is None:
            raise UnknownId(field, v)
        if row not in seen:          # a repeated id is the same position or person
            seen.add(row)
            rows.append(row)
    return rows


def _number(value: Any, field: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) \
            or not math.isfinite(float(value)) or not lo <= float(value) <= hi:
        raise RequestError(field, f"must be a number from {lo:g} to {hi:g}, got {value!r}")
    return float(value)


def _cap(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise RequestError("max_loss_per_unit", f"must be a whole number ≥ 0 or null, got "
                                                f"{value!r}")
    return int(value)


# --- the round ----------------------------------------------------------------------------------
@dataclass
class _Columns:
    """The round's positions (columns) and everything scored against them so far."""

    rows: list[int]                 # position rows, targets first, chain columns after
    n_targets: int
    score: np.ndarray               # [n_pool, n_cols] fit, NaN where not eligible
    bonus: np.ndarray               # [n_pool, n_cols] preference bonus


class _Round:
    def __init__(self, parts: RoundParts, as_of: date, pool: np.ndarray, targets: list[int],
                 eligible: np.ndarray, preference_weight: float, chain_candidates: int,
                 vacancy_value: float = 0.0) -> None:
        ex = parts.export
        self.parts, self.as_of, self.pool = parts, as_of, pool
        self.eligible = eligible                       # [n_emp, n_pos] bool
        pos = ex.positions
        self.vacancies = pos["vacancies"].to_numpy(dtype=np.int64)
        unit_ids = ex.units["unit_id"].astype(str).tolist()
        self.unit_code = {u: k for k, u in enumerate(unit_ids)}
        self.pos_unit = np.array([self.unit_code.get(str(u), -1) for u in pos["unit_id"]],
                                 dtype=np.int64)
        self.cur_row = parts.eligibility.current_pos_[pool]          # -1 = no position
        self.cand_unit = np.where(self.cur_row >= 0, self.pos_unit[np.maximum(self.cur_row, 0)],
                                  -1)
        self.weight = preference_weight
        emp = ex.employees.iloc[pool]
        # one spare all-False column: a unit code of -1 (unknown unit) indexes it
        prefs = np.zeros((len(pool), len(unit_ids) + 1), dtype=bool)
        for i, units in enumerate(emp["preferred_unit_ids"]):
            for u in (units if isinstance(units, (tuple, list)) else ()):
                if u in self.unit_code:
                    prefs[i, self.unit_code[u]] = True
        self.prefers = prefs
        said_no = emp["open_to_move"].astype("boolean").eq(False).fillna(False)
        self.stay_bonus = preference_weight * said_no.to_numpy(dtype=bool).astype(float)
        self.pairs_scored = 0
        self.pairs_prescored = 0
        self.score_seconds = 0.0
        self.prescore_seconds = 0.0
        self.chain_candidates = chain_candidates
        self._pre_stay: np.ndarray | None = None
        # vacancy_value is paid per net seat filled among the round's positions: into one +v,
        # out of one −v (so moves between two of them are neutral)
        self.vacancy_value = vacancy_value
        self.leaves_target = np.isin(self.cur_row, np.asarray(targets, dtype=np.int64))
        # staying: the same model on the current position (0 for someone with no position)
        has = np.flatnonzero(self.cur_row >= 0)
        self.stay = np.zeros(len(pool))
        self.stay[has] = self._score(pool[has], self.cur_row[has])
        self.cols = _Columns(rows=[], n_targets=len(targets),
                             score=np.empty((len(pool), 0)), bonus=np.empty((len(pool), 0)))
        self.add_columns(targets)

    def _score(self, emp: np.ndarray, pos: np.ndarray) -> np.ndarray:
        t0 = time.perf_counter()
        out = np.asarray(self.parts.score_pairs(self.as_of, emp, pos), dtype=np.float64)
        self.score_seconds += time.perf_counter() - t0
        self.pairs_scored += len(emp)
        if out.shape != (len(emp),) or not np.all(np.isfinite(out)):
            raise RuntimeError("the scorer returned a wrong shape or non-finite scores")
        return out

    def _prescore(self, emp: np.ndarray, pos: np.ndarray) -> np.ndarray:
        t0 = time.perf_counter()
        out = np.asarray(self.parts.prescore_pairs(self.as_of, emp, pos), dtype=np.float64)
        self.prescore_seconds += time.perf_counter() - t0
        self.pairs_prescored += len(emp)
        return out

    def add_columns(self, rows: Sequence[int], chain: bool = False) -> None:
        """Score the pool against more positions. Targets: every eligible pair. Seats opened
        during the round (`chain`): with a pre-scorer, only each position's
        `chain_candidates` best candidates by pre-scored gain over staying."""
        rows = [int(r) for r in rows]
        if not rows and self.cols.rows:
            return
        r = np.asarray(rows, dtype=np.int64)
        ok = self.eligible[np.ix_(self.pool, r)]
        ok &= (self.vacancies[r] >= 0)[None, :]        # overstaffed posts take nobody in
        i, j = np.nonzero(ok)
        k = self.chain_candidates
        if chain and self.parts.prescore_pairs is not None and len(i) > k * len(r):
            if self._pre_stay is None:
                self._pre_stay = np.zeros(len(self.pool))
                has = np.flatnonzero(self.cur_row >= 0)
                self._pre_stay[has] = self._prescore(self.pool[has], self.cur_row[has])
            gain = self._prescore(self.pool[i], r[j]) - self._pre_stay[i]
            order = np.lexsort((-gain, j))                  # by column, best gain first
            start = np.searchsorted(j[order], np.arange(len(r)))
            rank = np.arange(len(order)) - start[j[order]]
            keep = order[rank < k]
            i, j = i[keep], j[keep]
        block = np.full(ok.shape, np.nan)
        if len(i):
            block[i, j] = self._score(self.pool[i], r[j])
        bonus = self.weight * self.prefers[:, self.pos_unit[r]] if len(r) else \
            np.empty((len(self.pool), 0))
        if self.vacancy_value:
            bonus = bonus + self.vacancy_value * ((0.0 if chain else 1.0)
                                                  - self.leaves_target[:, None])
        self.cols.rows += rows
        self.cols.score = np.hstack([self.cols.score, block])
        self.cols.bonus = np.hstack([self.cols.bonus, bonus])

    def arrays(self) -> dict[str, Any]:
        c = self.cols
        col_of = {p: k for k, p in enumerate(c.rows)}
        cur = np.array([col_of.get(int(p), -1) for p in self.cur_row], dtype=np.int64)
        rows = np.asarray(c.rows, dtype=np.int64)
        slots = np.zeros(len(rows), dtype=np.int64)
        slots[: c.n_targets] = np.maximum(self.vacancies[rows[: c.n_targets]], 0)
        return dict(score=c.score, slots=slots, current_pos=cur, stay_score=self.stay,
                    unit_of_pos=self.pos_unit[rows] if len(rows) else np.zeros(0, np.int64),
                    unit_of_cand=self.cand_unit, bonus=c.bonus, stay_bonus=self.stay_bonus)

    def vacated_elsewhere(self, target: np.ndarray) -> list[int]:
        """Positions movers leave that are not yet columns (and could take someone)."""
        have = set(self.cols.rows)
        out = []
        for i in np.flatnonzero(target != STAY):
            p = int(self.cur_row[i])
            if p >= 0 and p not in have and self.vacancies[p] >= 0:
                have.add(p)
                out.append(p)
        return out


def _iterate(rnd: _Round, solve: Callable[..., Assignment], chains: bool, chain_rounds: int,
             **kw) -> tuple[Assignment, int, float]:
    """Solve; with chains, add the positions movers vacated as columns and solve again.
    Returns the last answer, the chain rounds run and the seconds spent solving."""
    rounds, seconds = 0, 0.0
    while True:
        a = solve(**rnd.arrays(), chains=chains, **kw)
        seconds += a.seconds
        if not chains or rounds >= chain_rounds:
            return a, rounds, seconds
        new = rnd.vacated_elsewhere(a.target)
        if not new:
            return a, rounds, seconds
        rnd.add_columns(new, chain=True)
        rounds += 1


def _empty(parts: RoundParts, as_of: date, message: str, **extra) -> PlanDetail:
    answer = {"status": "empty", "message": message, "model_version": parts.model_version,
              "data_snapshot": parts.export.snapshot, "as_of": as_of.isoformat(),
              "moves": [], "unfilled": [], "vacated_unfilled": [], "totals": {}, **extra}
    return PlanDetail(answer, {}, {}, {})


def _r(x: float) -> float:
    return round(float(x), SCORE_DECIMALS)


@dataclass
class PlanDetail:
    """plan_round's answer plus where everyone in the pool ends, under the plan and under the
    greedy baseline (employee_id -> position_id, None = no position): for benchmarks."""

    answer: dict
    plan_final: dict[str, str | None]
    greedy_final: dict[str, str | None]
    keep_final: dict[str, str | None]


def plan_round(source: Any, positions: Iterable[str] | None = None,
               candidates: Iterable[str] | None = None, max_loss_per_unit: int | None = None,
               preference_weight: float = 0.0, as_of: date | None = None, **options) -> dict:
    """Plan one mutation round; returns a JSON-ready dict (see plan_round_detail)."""
    return plan_round_detail(source, positions, candidates, max_loss_per_unit,
                             preference_weight, as_of, **options).answer


def plan_round_detail(source: Any, positions: Iterable[str] | None = None,
                      candidates: Iterable[str] | None = None,
                      max_loss_per_unit: int | None = None, preference_weight: float = 0.0,
                      as_of: date | None = None, *, chains: bool = True,
                      move_cost: float = 0.0, vacancy_value: float = 0.0,
                      chain_rounds: int = 2,
                      chain_candidates: int = 30, time_limit: float = 3.0,
                      explain: bool = True, workers: int = 2) -> PlanDetail:
    """Plan one mutation round.

    source             a RoundParts or a serving.ranking.Recommender.
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

    chain_rounds       how many times vacated positions are added and the round re-solved.
    chain_candidates   per vacated position, how many candidates (best by the quick
                       pre-score, when the source has one) are fully scored for it.
    time_limit         seconds the solver may spend on a unit cap.
    explain            add reasons and gaps to each move (the model's contributions).

    Raises RequestError (bad parameter) or UnknownId (unknown id) — HTTP 400 / 404.
    """
    t_start = time.perf_counter()
    parts = source if isinstance(source, RoundParts) else RoundParts.from_recommender(source)
    as_of = _check_as_of(as_of)
    preference_weight = _number(preference_weight, "preference_weight", 0.0,
                                MAX_PREFERENCE_WEIGHT)
    move_cost = _number(move_cost, "move_cost", 0.0, MAX_MOVE_COST)
    vacancy_value = _number(vacancy_value, "vacancy_value", 0.0, MAX_MOVE_COST)
    cap = _cap(max_loss_per_unit)
    for name, value in (("chain_rounds", chain_rounds), ("chain_candidates", chain_candidates)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RequestError(name, f"must be a whole number ≥ 0, got {value!r}")
    ex, elig = parts.export, parts.eligibility
    emp_ids = ex.employees["employee_id"].astype(str).to_numpy()
    pos_ids = ex.positions["position_id"].astype(str).to_numpy()
    target_rows = _ids(positions, "positions", {p: i for i, p in enumerate(pos_ids)})
    cand_rows = _ids(candidates, "candidates", {e: i for i, e in enumerate(emp_ids)})

    timing: dict[str, float] = {}
    t0 = time.perf_counter()
    eligible = elig.matrix(as_of, vacant_only=False)
    vacancies = ex.positions["vacancies"].to_numpy(dtype=np.int64)
    if target_rows is None:
        target_rows = np.flatnonzero(vacancies > 0).tolist()
    movable = eligible.any(axis=1)
    excluded_candidates = []
    if cand_rows is None:
        pool = np.flatnonzero(movable)
    else:
        pool = np.array([e for e in cand_rows if movable[e]], dtype=np.int64)
        for e in cand_rows:
            if not movable[e]:
                s = elig.positions_for(str(emp_ids[e]), as_of, vacant_only=False)
                excluded_candidates.append({
                    "employee_id": str(emp_ids[e]),
                    "reason": s.reason or "no position passes the eligibility rules",
                    "excluded": {str(k): int(v) for k, v in s.excluded.items()}})
    timing["eligibility"] = time.perf_counter() - t0
    extra = {"candidates_excluded": excluded_candidates}
    if not target_rows:
        return _empty(parts, as_of, "no open position to fill: no vacancy in the export"
                      if positions is None else "no position given", **extra)
    if len(pool) == 0:
        return _empty(parts, as_of, "no candidate: nobody is due for transfer" if
                      candidates is None else "none of the given candidates may move", **extra)

    rnd = _Round(parts, as_of, pool, target_rows, eligible, preference_weight,
                 chain_candidates, vacancy_value)
    common = dict(max_loss_per_unit=cap, move_cost=move_cost)
    # Columns grow on the uncapped problem (one fast flow each); a unit cap, if any, is solved
    # once, on the final columns, with the whole time limit.
    plan, plan_rounds, timing["solver"] = _iterate(
        rnd, solve_round, chains, chain_rounds, **{**common, "max_loss_per_unit": None})
    if cap is not None:
        plan = solve_round(**rnd.arrays(), chains=chains, time_limit=time_limit,
                           workers=workers, **common)
        timing["solver"] += plan.seconds
    n_before = len(rnd.cols.rows)
    greedy, _, timing["greedy"] = _iterate(rnd, greedy_round, chains, chain_rounds, **common)
    if len(rnd.cols.rows) > n_before:
        # greedy's chains reached positions the plan had not scored: give the plan them too
        # (columns are only ever appended, so every earlier index stays valid)
        plan = solve_round(**rnd.arrays(), chains=chains, time_limit=time_limit,
                           workers=workers, **common)
        timing["solver"] += plan.seconds
    arrays = rnd.arrays()
    n_cols = len(rnd.cols.rows)
    plan_target, greedy_target = plan.target, greedy.target
    timing["scoring"] = rnd.score_seconds
    timing["prescoring"] = rnd.prescore_seconds

    # --- moves, in words -------------------------------------------------------------------
    t0 = time.perf_counter()
    cols = np.asarray(rnd.cols.rows, dtype=np.int64)
    movers = np.flatnonzero(plan_target != STAY)
    to_rows = cols[plan_target[movers]]
    explained = (parts.explain_pairs(as_of, pool[movers], to_rows)
                 if explain and parts.explain_pairs is not None and len(movers) else None)
    pos = ex.positions
    titles = pos["title"].astype(str).to_numpy()
    pos_unit_id = pos["unit_id"].astype(str).to_numpy()
    names = ex.employees["name"].astype(str).to_numpy()
    incoming = np.bincount(plan_target[movers], minlength=n_cols)
    seat_no = np.zeros(n_cols, dtype=np.int64)
    slots = arrays["slots"]
    moves = []
    for k, i in enumerate(movers):
        c = int(plan_target[i])
        p = int(cols[c])
        frm = int(rnd.cur_row[i])
        seat_no[c] += 1
        move = {
            "employee_id": str(emp_ids[pool[i]]), "name": str(names[pool[i]]),
            "from_position_id": str(pos_ids[frm]) if frm >= 0 else None,
            "from_title": str(titles[frm]) if frm >= 0 else None,
            "from_unit_id": str(pos_unit_id[frm]) if frm >= 0 else None,
            "to_position_id": str(pos_ids[p]), "to_title": str(titles[p]),
            "to_unit_id": str(pos_unit_id[p]),
            "score": _r(rnd.cols.score[i, c]), "stay_score": _r(rnd.stay[i]),
            "gain": _r(rnd.cols.score[i, c] - rnd.stay[i]),
            # the first `slots` people into a position take its vacancies; any more take
            # seats that movers left in this round
            "fills": "vacancy" if seat_no[c] <= slots[c] else "seat vacated in this round",
            "preferred_unit": bool(rnd.prefers[i, rnd.pos_unit[p]]),
        }
        move["reasons"], move["gaps"] = explained[k] if explained is not None else ([], [])
        moves.append(move)
    moves.sort(key=lambda m: (m["to_unit_id"], m["to_position_id"], -m["score"]))

    # --- what stays open, and why ----------------------------------------------------------
    leaving = np.bincount(arrays["current_pos"][movers][arrays["current_pos"][movers] >= 0],
                          minlength=n_cols)
    W = np.where(np.isfinite(rnd.cols.score), rnd.cols.score + rnd.cols.bonus - move_cost,
                 np.nan)
    stay_w = rnd.stay + rnd.stay_bonus
    lost = np.zeros(len(rnd.unit_code) + 1, dtype=np.int64)
    mv_units = rnd.cand_unit[movers]
    cross = (mv_units >= 0) & (rnd.pos_unit[to_rows] != mv_units)
    np.add.at(lost, mv_units[cross], 1)
    unfilled = []
    # incomers take a position's vacancies first, then seats movers left (as in "fills")
    vacancy_open = np.maximum(slots - incoming, 0)
    for c in range(rnd.cols.n_targets):
        p = int(cols[c])
        if slots[c] == 0:
            if incoming[c] == 0 and leaving[c] == 0:
                unfilled.append(_unfilled(p, pos_ids, titles, pos_unit_id, 0, NO_VACANCY))
            continue
        if vacancy_open[c] == 0:
            continue
        elig_c = np.isfinite(W[:, c])
        entry = None
        if not elig_c.any():
            s = elig.employees_for(str(pos_ids[p]), as_of)
            entry = _unfilled(p, pos_ids, titles, pos_unit_id, int(vacancy_open[c]),
                              NO_ELIGIBLE)
            entry["excluded"] = {str(k): int(v) for k, v in s.excluded.items()}
        else:
            gains = elig_c & (np.nan_to_num(W[:, c], nan=-np.inf) > stay_w + GAIN_EPS)
            idle = gains & (plan_target == STAY)
            if not gains.any():
                why = STAY_BETTER
            elif not idle.any():
                why = USED_ELSEWHERE
            elif cap is not None and np.any(
                    idle & (rnd.cand_unit >= 0) & (rnd.cand_unit != rnd.pos_unit[p])
                    & (lost[np.maximum(rnd.cand_unit, 0)] >= cap)):
                why = UNIT_CAP
            else:
                why = NOT_CHOSEN
            entry = _unfilled(p, pos_ids, titles, pos_unit_id, int(vacancy_open[c]), why)
            entry["eligible_candidates"] = int(elig_c.sum())
            entry["candidates_who_would_gain"] = int(gains.sum())
        unfilled.append(entry)
    # positions this round empties and does not refill (the next round's vacancies)
    vacated: dict[int, int] = {}
    for i in movers:
        p = int(rnd.cur_row[i])
        if p >= 0:
            vacated[p] = vacated.get(p, 0) + 1
    col_of = {int(p): k for k, p in enumerate(cols)}
    vacated_unfilled = []
    for p, n_left in sorted(vacated.items(), key=lambda kv: pos_ids[kv[0]]):
        c = col_of.get(p)
        refilled = int(incoming[c]) if c is not None else 0
        if c is not None and c < rnd.cols.n_targets:
            refilled = max(0, refilled - int(slots[c]))      # first fills were the vacancy's
        still = n_left - min(n_left, refilled)
        if still > 0:
            vacated_unfilled.append({"position_id": str(pos_ids[p]), "title": str(titles[p]),
                                     "unit_id": str(pos_unit_id[p]), "seats": int(still)})
    timing["explain"] = time.perf_counter() - t0

    def totals(a: Assignment | None, target: np.ndarray) -> dict:
        mv = np.flatnonzero(target != STAY)
        inc = np.bincount(target[mv], minlength=n_cols)
        filled = int(np.minimum(inc[: rnd.cols.n_targets], slots[: rnd.cols.n_targets]).sum())
        fit = float(rnd.stay[target == STAY].sum() + rnd.cols.score[mv, target[mv]].sum())
        out = {"fit": _r(fit), "gain_over_keep": _r(fit - rnd.stay.sum()), "moves": int(len(mv)),
               "vacancies_filled": filled,
               "moves_into_preferred_unit": int(rnd.prefers[mv, rnd.pos_unit[cols[target[mv]]]]
                                                .sum()) if len(mv) else 0}
        if a is not None:
            out["objective"] = _r(a.objective)
        return out

    keep = np.full(len(pool), STAY, dtype=np.int64)
    answer = {
        "status": "ok",
        "model_version": parts.model_version,
        "data_snapshot": ex.snapshot,
        "as_of": as_of.isoformat(),
        "round": {
            "positions": len(target_rows),
            "vacancies": int(slots[: rnd.cols.n_targets].sum()),
            "candidates": int(len(pool)),
            "max_loss_per_unit": cap, "preference_weight": preference_weight,
            "chains": bool(chains), "move_cost": move_cost, "vacancy_value": vacancy_value,
        },
        "moves": moves,
        "unfilled": unfilled,
        "vacated_unfilled": vacated_unfilled,
        "candidates_excluded": excluded_candidates,
        "totals": {"plan": totals(plan, plan_target), "greedy": totals(greedy, greedy_target),
                   "keep": totals(None, keep)},
        "solver": {
            "method": plan.method, "optimal": bool(plan.optimal),
            "upper_bound": None if plan.upper_bound is None else _r(plan.upper_bound),
            "notes": list(plan.notes), "chain_rounds": plan_rounds,
            "columns": n_cols, "pairs_scored": int(rnd.pairs_scored),
            "pairs_prescored": int(rnd.pairs_prescored),
            "seconds": {k: round(v, 3) for k, v in
                        {**timing, "total": time.perf_counter() - t_start}.items()},
        },
    }

    def final(target: np.ndarray) -> dict[str, str | None]:
        rows = np.where(target == STAY, rnd.cur_row, cols[np.maximum(target, 0)])
        return {str(emp_ids[e]): (str(pos_ids[p]) if p >= 0 else None)
                for e, p in zip(pool, rows)}

    return PlanDetail(answer, final(plan_target), final(greedy_target), final(keep))


def _unfilled(p: int, pos_ids, titles, unit_ids, open_seats: int, reason: str) -> dict:
    return {"position_id": str(pos_ids[p]), "title": str(titles[p]),
            "unit_id": str(unit_ids[p]), "open_seats": int(open_seats), "reason": reason}


# --- the answer's shape (the OpenAPI schema of POST /plan; checks every answer on its way out)
from pydantic import BaseModel, Field  # noqa: E402


class PlanMove(BaseModel):
    employee_id: str
    name: str
    from_position_id: str | None = Field(description="None: had no position.")
    from_title: str | None
    from_unit_id: str | None
    to_position_id: str
    to_title: str
    to_unit_id: str
    score: float = Field(ge=0, le=1, description="Expected fit in the new position.")
    stay_score: float = Field(ge=0, le=1, description="Expected fit where they are now.")
    gain: float = Field(description="score − stay_score.")
    fills: Literal["vacancy", "seat vacated in this round"]
    preferred_unit: bool = Field(description="The employee asked for this unit.")
    reasons: list[str] = Field(description="What raised the score most, in plain words.")
    gaps: list[str] = Field(description="What falls short of the position's standard.")


class PlanUnfilled(BaseModel):
    position_id: str
    title: str
    unit_id: str
    open_seats: int = Field(ge=0)
    reason: str
    eligible_candidates: int | None = None
    candidates_who_would_gain: int | None = None
    excluded: dict[str, int] | None = Field(
        default=None, description="Employees left out by each eligibility rule.")


class PlanVacated(BaseModel):
    position_id: str
    title: str
    unit_id: str
    seats: int = Field(ge=1, description="Seats movers leave and nobody takes this round.")


class PlanExcludedCandidate(BaseModel):
    employee_id: str
    reason: str
    excluded: dict[str, int]


class PlanTotals(BaseModel):
    fit: float = Field(description="Σ expected fit of the candidates where they end.")
    gain_over_keep: float
    moves: int = Field(ge=0)
    vacancies_filled: int = Field(ge=0)
    moves_into_preferred_unit: int = Field(ge=0)
    objective: float | None = None


class PlanAnswer(BaseModel):
    status: Literal["ok", "empty"]
    message: str | None = None
    model_version: str
    data_snapshot: str
    as_of: str
    round: dict[str, Any] | None = None
    moves: list[PlanMove]
    unfilled: list[PlanUnfilled]
    vacated_unfilled: list[PlanVacated]
    candidates_excluded: list[PlanExcludedCandidate] = []
    totals: dict[Literal["plan", "greedy", "keep"], PlanTotals]
    solver: dict[str, Any] | None = None
