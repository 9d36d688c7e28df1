"""The round being solved: its candidates (the pool), the positions scored against them so far
(the columns), what staying is worth, and the preference and vacancy bonuses — turned into the
solver's plain arrays.

Chains: a position a mover leaves becomes fillable in the same round. The solver handles chains
exactly over the columns it is given; `iterate` grows the columns by column generation — solve,
add the positions the movers vacated, solve again — up to `chain_rounds` times
(docs/planning.md says what that does and does not guarantee).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from planning.parts import RoundParts
from planning.solver import STAY, Assignment


@dataclass
class Columns:
    """The round's positions (columns) and everything scored against them so far."""

    rows: list[int]                 # position rows, targets first, chain columns after
    n_targets: int
    score: np.ndarray               # [n_pool, n_cols] fit, NaN where not eligible
    bonus: np.ndarray               # [n_pool, n_cols] preference (and vacancy) bonus
    fill: np.ndarray                # [n_pool, n_cols] net listed vacancies a move fills


class RoundState:
    """A round's pool and columns. `pool` are employee rows; `targets` the position rows to
    fill; `eligible` the [n_employees, n_positions] eligibility matrix as of `as_of`."""

    def __init__(self, parts: RoundParts, as_of: date, pool: np.ndarray, targets: list[int],
                 eligible: np.ndarray, preference_weight: float, chain_candidates: int,
                 vacancy_value: float = 0.0) -> None:
        ex = parts.export
        self.parts, self.as_of, self.pool = parts, as_of, pool
        self.eligible = eligible
        pos = ex.positions
        self.vacancies = pos["vacancies"].to_numpy(dtype=np.int64)
        self.unit_code = ex.unit_rows
        self.pos_unit = np.array([self.unit_code.get(str(u), -1) for u in pos["unit_id"]],
                                 dtype=np.int64)
        self.cur_row = parts.eligibility.current_pos_[pool]          # -1 = no position
        self.cand_unit = np.where(self.cur_row >= 0, self.pos_unit[np.maximum(self.cur_row, 0)],
                                  -1)
        self.weight = preference_weight
        units, open_to_move, self.pref_source = self._wishes(parts, pool)
        self.prefers = self._preferences(units)
        said_no = np.array([o is False for o in open_to_move], dtype=float)
        self.stay_bonus = preference_weight * said_no
        self.pairs_scored = self.pairs_prescored = 0
        self.score_seconds = self.prescore_seconds = 0.0
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
        empty = np.empty((len(pool), 0))
        self.cols = Columns(rows=[], n_targets=len(targets), score=empty, bonus=empty,
                            fill=empty)
        self.add_columns(targets)

    @staticmethod
    def _wishes(parts: RoundParts, pool: np.ndarray):
        """Each candidate's preferred units, open_to_move (None: not asked) and where those
        came from ("stated" / "export" / "none"): the parts' preferences if given, else the
        export's snapshot."""
        if parts.preferences is not None:
            pairs = [parts.preferences.effective(int(e)) for e in pool]
            source = [parts.preferences.source(int(e)) for e in pool]
            return [u for u, _ in pairs], [o for _, o in pairs], np.array(source, dtype=object)
        emp = parts.export.employees.iloc[pool]
        units = [tuple(u) if isinstance(u, (tuple, list)) else ()
                 for u in emp["preferred_unit_ids"]]
        asked = emp["open_to_move"].astype("boolean")
        open_to_move = [None if v is pd.NA else bool(v) for v in asked]
        source = np.array(["export" if (u or o is not None) else "none"
                           for u, o in zip(units, open_to_move)], dtype=object)
        return units, open_to_move, source

    def _preferences(self, wishes: Sequence[Sequence[str]]) -> np.ndarray:
        """bool [n_pool, n_units + 1]: the units each candidate asked for (the spare last
        column is all False: a unit code of -1, an unknown unit, indexes it)."""
        prefs = np.zeros((len(wishes), len(self.unit_code) + 1), dtype=bool)
        for i, units in enumerate(wishes):
            for u in units:
                if u in self.unit_code:
                    prefs[i, self.unit_code[u]] = True
        return prefs

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

    def _best_by_prescore(self, i: np.ndarray, j: np.ndarray, r: np.ndarray):
        """Of the eligible pairs (i, j), each column's `chain_candidates` best by pre-scored
        gain over staying."""
        if self._pre_stay is None:
            self._pre_stay = np.zeros(len(self.pool))
            has = np.flatnonzero(self.cur_row >= 0)
            self._pre_stay[has] = self._prescore(self.pool[has], self.cur_row[has])
        gain = self._prescore(self.pool[i], r[j]) - self._pre_stay[i]
        order = np.lexsort((-gain, j))                  # by column, best gain first
        start = np.searchsorted(j[order], np.arange(len(r)))
        rank = np.arange(len(order)) - start[j[order]]
        keep = order[rank < self.chain_candidates]
        return i[keep], j[keep]

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
        if chain and self.parts.prescore_pairs is not None \
                and len(i) > self.chain_candidates * len(r):
            i, j = self._best_by_prescore(i, j, r)
        block = np.full(ok.shape, np.nan)
        if len(i):
            block[i, j] = self._score(self.pool[i], r[j])
        bonus = self.weight * self.prefers[:, self.pos_unit[r]] if len(r) else \
            np.empty((len(self.pool), 0))
        # a listed vacancy filled counts +1, leaving one −1 (moves between two are neutral)
        fill = np.broadcast_to((0.0 if chain else 1.0) - self.leaves_target[:, None],
                               ok.shape).astype(np.float64)
        if self.vacancy_value:
            bonus = bonus + self.vacancy_value * fill
        self.cols.rows += rows
        self.cols.score = np.hstack([self.cols.score, block])
        self.cols.bonus = np.hstack([self.cols.bonus, bonus])
        self.cols.fill = np.hstack([self.cols.fill, fill])

    def col_of(self) -> dict[int, int]:
        """Position row → its column."""
        return {p: k for k, p in enumerate(self.cols.rows)}

    def arrays(self) -> dict[str, Any]:
        """The solver's keyword arguments for the columns so far."""
        c = self.cols
        col_of = self.col_of()
        cur = np.array([col_of.get(int(p), -1) for p in self.cur_row], dtype=np.int64)
        rows = np.asarray(c.rows, dtype=np.int64)
        slots = np.zeros(len(rows), dtype=np.int64)
        slots[: c.n_targets] = np.maximum(self.vacancies[rows[: c.n_targets]], 0)
        return dict(score=c.score, slots=slots, current_pos=cur, stay_score=self.stay,
                    unit_of_pos=self.pos_unit[rows] if len(rows) else np.zeros(0, np.int64),
                    unit_of_cand=self.cand_unit, bonus=c.bonus, stay_bonus=self.stay_bonus,
                    fill=c.fill)

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


def iterate(state: RoundState, solve: Callable[..., Assignment], chains: bool,
            chain_rounds: int, **kw) -> tuple[Assignment, int, float]:
    """Solve; with chains, add the positions movers vacated as columns and solve again.
    Returns the last answer, the chain rounds run and the seconds spent solving."""
    rounds, seconds = 0, 0.0
    while True:
        a = solve(**state.arrays(), chains=chains, **kw)
        seconds += a.seconds
        if not chains or rounds >= chain_rounds:
            return a, rounds, seconds
        new = state.vacated_elsewhere(a.target)
        if not new:
            return a, rounds, seconds
        state.add_columns(new, chain=True)
        rounds += 1
