"""A solved round in words: the moves with their reasons, the vacancies left open and why, the
seats the round empties, and the totals against the baselines — and the answer's shape as
pydantic models (the OpenAPI schema of POST /plan; the service checks every answer with them).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from models.ranking import shown_score
from planning.columns import RoundState
from planning.solver import GAIN_EPS, STAY, Assignment

# Why a vacancy was left open (the `reason` of an unfilled position).
NO_ELIGIBLE = "no eligible candidate"
NO_VACANCY = "no vacancy (overstaffed or full) and nobody left it"
STAY_BETTER = "every eligible candidate fits better where they are"
USED_ELSEWHERE = "every candidate who would gain here is placed better elsewhere"
UNIT_CAP = "the candidates who would gain here are held by the unit cap"
NOT_CHOSEN = "not chosen (the plan is not proven optimal)"


class Names:
    """The export's ids, titles and names as arrays (rows → words), read once per answer."""

    def __init__(self, export) -> None:
        pos = export.positions
        self.emp_ids = export.employees["employee_id"].astype(str).to_numpy()
        self.names = export.employees["name"].astype(str).to_numpy()
        self.pos_ids = pos["position_id"].astype(str).to_numpy()
        self.titles = pos["title"].astype(str).to_numpy()
        self.pos_unit = pos["unit_id"].astype(str).to_numpy()

    def position(self, p: int, prefix: str = "") -> dict[str, str | None]:
        keys = ("position_id", "title", "unit_id") if not prefix else \
            (f"{prefix}_position_id", f"{prefix}_title", f"{prefix}_unit_id")
        if p < 0:
            return dict.fromkeys(keys)
        return dict(zip(keys, (str(self.pos_ids[p]), str(self.titles[p]),
                               str(self.pos_unit[p]))))


def moves(state: RoundState, target: np.ndarray, names: Names,
          explained: list[tuple[list[str], list[str]]] | None) -> list[dict]:
    """The plan's moves, grouped by the position they go to; `explained` holds the (reasons,
    gaps) of each mover in `np.flatnonzero(target != STAY)` order."""
    cols = np.asarray(state.cols.rows, dtype=np.int64)
    slots = state.arrays()["slots"]
    seat_no = np.zeros(len(cols), dtype=np.int64)
    out = []
    for k, i in enumerate(np.flatnonzero(target != STAY)):
        c = int(target[i])
        p = int(cols[c])
        seat_no[c] += 1
        e = int(state.pool[i])
        move = {"employee_id": str(names.emp_ids[e]), "name": str(names.names[e]),
                **names.position(int(state.cur_row[i]), "from"),
                **names.position(p, "to"),
                "score": shown_score(state.cols.score[i, c]),
                "stay_score": shown_score(state.stay[i]),
                "gain": shown_score(state.cols.score[i, c] - state.stay[i]),
                # the first `slots` people into a position take its vacancies; any more take
                # seats that movers left in this round
                "fills": "vacancy" if seat_no[c] <= slots[c] else "seat vacated in this round",
                "preferred_unit": bool(state.prefers[i, state.pos_unit[p]])}
        move["reasons"], move["gaps"] = explained[k] if explained is not None else ([], [])
        move["preference_source"] = str(state.pref_source[i])
        out.append(move)
    out.sort(key=lambda m: (m["to_unit_id"], m["to_position_id"], -m["score"]))
    return out


def _why_open(state: RoundState, c: int, target: np.ndarray, weight: np.ndarray,
              stay_weight: np.ndarray, lost: np.ndarray, cap: int | None) -> tuple[str, dict]:
    """Why column c's vacancy stayed open (eligible candidates exist), with the counts."""
    p = state.cols.rows[c]
    elig = np.isfinite(weight[:, c])
    gains = elig & (np.nan_to_num(weight[:, c], nan=-np.inf) > stay_weight + GAIN_EPS)
    idle = gains & (target == STAY)
    if not gains.any():
        why = STAY_BETTER
    elif not idle.any():
        why = USED_ELSEWHERE
    elif cap is not None and np.any(
            idle & (state.cand_unit >= 0) & (state.cand_unit != state.pos_unit[p])
            & (lost[np.maximum(state.cand_unit, 0)] >= cap)):
        why = UNIT_CAP
    else:
        why = NOT_CHOSEN
    return why, {"eligible_candidates": int(elig.sum()),
                 "candidates_who_would_gain": int(gains.sum())}


def unfilled(state: RoundState, target: np.ndarray, names: Names, move_cost: float,
             cap: int | None, as_of: date) -> list[dict]:
    """The round's listed positions with a seat left open, each with its reason."""
    n_cols = len(state.cols.rows)
    movers = np.flatnonzero(target != STAY)
    arrays = state.arrays()
    slots = arrays["slots"]
    incoming = np.bincount(target[movers], minlength=n_cols)
    cur = arrays["current_pos"][movers]
    leaving = np.bincount(cur[cur >= 0], minlength=n_cols)
    weight = np.where(np.isfinite(state.cols.score),
                      state.cols.score + state.cols.bonus - move_cost, np.nan)
    stay_weight = state.stay + state.stay_bonus
    lost = np.zeros(len(state.unit_code) + 1, dtype=np.int64)
    mv_units = state.cand_unit[movers]
    to_rows = np.asarray(state.cols.rows, dtype=np.int64)[target[movers]]
    cross = (mv_units >= 0) & (state.pos_unit[to_rows] != mv_units)
    np.add.at(lost, mv_units[cross], 1)
    # incomers take a position's vacancies first, then seats movers left (as in "fills")
    vacancy_open = np.maximum(slots - incoming, 0)
    out = []
    for c in range(state.cols.n_targets):
        p = int(state.cols.rows[c])
        entry = {**names.position(p), "open_seats": int(vacancy_open[c])}
        if slots[c] == 0:
            if incoming[c] == 0 and leaving[c] == 0:
                out.append({**entry, "open_seats": 0, "reason": NO_VACANCY})
            continue
        if vacancy_open[c] == 0:
            continue
        if not np.isfinite(weight[:, c]).any():
            s = state.parts.eligibility.employees_for_row(p, as_of)
            out.append({**entry, "reason": NO_ELIGIBLE,
                        "excluded": {str(k): int(v) for k, v in s.excluded.items()}})
        else:
            why, counts = _why_open(state, c, target, weight, stay_weight, lost, cap)
            out.append({**entry, "reason": why, **counts})
    return out


def vacated_unfilled(state: RoundState, target: np.ndarray, names: Names) -> list[dict]:
    """Positions this round empties and does not refill (the next round's vacancies)."""
    movers = np.flatnonzero(target != STAY)
    incoming = np.bincount(target[movers], minlength=len(state.cols.rows))
    slots = state.arrays()["slots"]
    vacated: dict[int, int] = {}
    for i in movers:
        p = int(state.cur_row[i])
        if p >= 0:
            vacated[p] = vacated.get(p, 0) + 1
    col_of = state.col_of()
    out = []
    for p, n_left in sorted(vacated.items(), key=lambda kv: names.pos_ids[kv[0]]):
        c = col_of.get(p)
        refilled = int(incoming[c]) if c is not None else 0
        if c is not None and c < state.cols.n_targets:
            refilled = max(0, refilled - int(slots[c]))      # first fills were the vacancy's
        still = n_left - min(n_left, refilled)
        if still > 0:
            out.append({**names.position(p), "seats": int(still)})
    return out


def totals(state: RoundState, a: Assignment | None, target: np.ndarray) -> dict:
    """Moves, vacancies filled and total fit of one way to end the round."""
    n_cols = len(state.cols.rows)
    slots = state.arrays()["slots"]
    n_t = state.cols.n_targets
    cols = np.asarray(state.cols.rows, dtype=np.int64)
    mv = np.flatnonzero(target != STAY)
    inc = np.bincount(target[mv], minlength=n_cols)
    fit = float(state.stay[target == STAY].sum() + state.cols.score[mv, target[mv]].sum())
    out = {"fit": shown_score(fit), "gain_over_keep": shown_score(fit - state.stay.sum()),
           "moves": int(len(mv)),
           "vacancies_filled": int(np.minimum(inc[:n_t], slots[:n_t]).sum()),
           "moves_into_preferred_unit": int(state.prefers[mv, state.pos_unit[cols[target[mv]]]]
                                            .sum()) if len(mv) else 0}
    if a is not None:
        out["objective"] = shown_score(a.objective)
    return out


# --- the answer's shape -------------------------------------------------------------------------
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
    preference_source: Literal["stated", "export", "none"] = Field(
        default="none", description="Which of the employee's preferences the plan used: "
                                    "`stated` (the latest stated through the API), `export` "
                                    "(the HR export's snapshot) or `none`.")


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
