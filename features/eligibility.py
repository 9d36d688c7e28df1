"""The eligibility rules of the HR-export contract (hard filters before any score), vectorised.

A position is a candidate for an employee only if all of these hold (hr-export.md):
1. status PNS (CPNS are not moved; PPPK only to fungsional/pelaksana posts);
2. rank ≥ min_rank, when both are known;
3. highest education ≥ min_education (an employee with no known education fails this rule);
4. age at the date ≤ max_age, when given (age is used here and nowhere else);
5. no sanction with sanction_until after the date;
6. not the employee's current position;
7. at least `min_tenure_years` in the current position, else "not yet due" (an employee with
   no current position is due);
8. with vacant_only, the position has a vacancy.

Each excluded candidate is counted under the FIRST rule it fails, in that order (a request's
unit filter comes before all of them), so the counts add up to total − eligible.

The index is built once per Export; current positions and vacancies are the export's (the
date moves age, sanctions and tenure only).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from features import vocab
from features.export import Export

# Reason strings, in rule order (they are the `excluded` keys the HTTP API returns).
NOT_IN_UNITS = "not in requested units"
STATUS_CPNS = "status CPNS"
PPPK_ONLY = "PPPK: only fungsional or pelaksana"
RANK_BELOW = "rank below floor"
EDUCATION_BELOW = "education below minimum"
EDUCATION_UNKNOWN = "education unknown"
OVER_AGE = "over age limit"
SANCTION = "active sanction"
CURRENT = "current position"
NOT_DUE = "not yet due"
NOT_VACANT = "not vacant"
REASONS: tuple[str, ...] = (NOT_IN_UNITS, STATUS_CPNS, PPPK_ONLY, RANK_BELOW, EDUCATION_UNKNOWN,
                            EDUCATION_BELOW, OVER_AGE, SANCTION, CURRENT, NOT_DUE, NOT_VACANT)



@dataclass
class EligibleSet:
    status: str                        # "ok" | "not_due" (employee under min tenure)
    indices: np.ndarray                # row positions into export.positions / .employees
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> count, rule order
    reason: str | None = None          # e.g. "1.3 of 2 years in current position"

    def __len__(self) -> int:
        return len(self.indices)


def _days(values: pd.Series) -> np.ndarray:
    """datetime64 column → int64 days since epoch; NaT → a sentinel far in the past."""
    arr = values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    out = arr.astype(np.int64)
    out[np.isnat(arr)] = np.iinfo(np.int64).min // 2
    return out


def _ordinal(values: pd.Series) -> np.ndarray:
    """Int64 with NA → int64 with -1 for unknown."""
    return values.astype("Int64").fillna(-1).to_numpy(dtype=np.int64)


def _month_day_key(values: pd.Series) -> np.ndarray:
    """(year·12 + month − 1)·100 + day: adding 100·k moves a date k calendar months on, so
    "2 years in the position" is due exactly on the anniversary (NaT → 0)."""
    key = (values.dt.year * 12 + values.dt.month - 1) * 100 + values.dt.day
    return key.fillna(0).to_numpy(dtype=np.int64)


def _day(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


class EligibilityIndex:
    """Rule inputs as arrays, built once per Export; each query is a few vector ops."""

    def __init__(self, export: Export, min_tenure_years: float = 2.0) -> None:
        if min_tenure_years < 0:
            raise ValueError(f"min_tenure_years must be ≥ 0, got {min_tenure_years}")
        self.min_tenure_years = float(min_tenure_years)
        emp, pos = export.employees, export.positions
        self.employee_ids_ = emp["employee_id"].to_numpy(dtype=object)
        self.position_ids_ = pos["position_id"].to_numpy(dtype=object)
        self.employee_row_ = export.employee_rows      # the export's own id → row lookup
        self.position_row_ = export.position_rows

        # employees
        status = emp["status"].to_numpy(dtype=object)
        self.cpns_ = status == "CPNS"
        self.pppk_ = status == "PPPK"
        self.rank_ = _ordinal(emp["rank_ordinal"])
        self.education_ = _ordinal(emp["highest_education_ordinal"])
        birth = emp["birth_date"]
        self.birth_year_ = birth.dt.year.fillna(0).to_numpy(dtype=np.int64)
        self.birth_md_ = (birth.dt.month * 100 + birth.dt.day).fillna(0).to_numpy(np.int64)
        self.sanction_day_ = _days(emp["sanction_until"])
        cur = emp["current_position_id"].map(self.position_row_)
        self.current_pos_ = cur.fillna(-1).to_numpy(dtype=np.int64)
        self.current_start_day_ = _days(emp["current_start_date"])
        self.current_start_key_ = _month_day_key(emp["current_start_date"])
        self.has_current_ = emp["current_start_date"].notna().to_numpy()

        # positions
        self.pppk_ok_ = pos["job_type"].isin(vocab.PPPK_JOB_TYPES).to_numpy()
        self.min_rank_ = _ordinal(pos["min_rank_ordinal"])
        self.min_education_ = pos["min_education_ordinal"].to_numpy(dtype=np.int64)
        self.max_age_ = _ordinal(pos["max_age"])
        self.vacant_ = pos["vacancies"].to_numpy(dtype=np.int64) > 0
        self.pos_unit_ = pos["unit_id"].to_numpy(dtype=object)
        self.units_ = frozenset(export.units["unit_id"])

    # --- employee-level rules at a date ----------------------------------------------------
    def _age(self, as_of: date, rows=slice(None)) -> np.ndarray:
        """Full years at as_of."""
        before_birthday = (as_of.month * 100 + as_of.day) < self.birth_md_[rows]
        return as_of.year - self.birth_year_[rows] - before_birthday

    def _sanctioned(self, as_of: date, rows=slice(None)) -> np.ndarray:
        return self.sanction_day_[rows] > _day(as_of)

    def _tenure_years(self, as_of: date, rows=slice(None)) -> np.ndarray:
        return (_day(as_of) - self.current_start_day_[rows]) / vocab.DAYS_PER_YEAR

    def _due(self, as_of: date, rows=slice(None)) -> np.ndarray:
        """Due from the day `min_tenure_years` (in whole months) after the current start."""
        as_of_key = (as_of.year * 12 + as_of.month - 1) * 100 + as_of.day
        months = round(self.min_tenure_years * 12)
        due = as_of_key >= self.current_start_key_[rows] + 100 * months
        return ~self.has_current_[rows] | due

    def tenure_reason(self, employee_id: str, as_of: date) -> str | None:
        """"1.3 of 2 years in current position" when not due, else None."""
        return self._tenure_reason(self._employee_row(employee_id), as_of)

    def tenure_shown(self, i: int, as_of: date) -> tuple[float, float] | None:
        """(years in the current position, rounded down to 0.1; the minimum) for employee row
        i when not yet due, else None — the facts of the not-due text, for any language."""
        if self._due(as_of, slice(i, i + 1))[0]:
            return None
        t = math.floor(self._tenure_years(as_of, slice(i, i + 1))[0] * 10) / 10
        t = max(0.0, min(t, self.min_tenure_years - 0.1))   # never "2.0 of 2" when not due
        return t, float(self.min_tenure_years)

    def _tenure_reason(self, i: int, as_of: date) -> str | None:
        shown = self.tenure_shown(i, as_of)
        if shown is None:
            return None
        return f"{shown[0]:.1f} of {shown[1]:g} years in current position"

    # --- the rules as an ordered stack of [n_emp, n_pos] (or broadcastable) failures --------
    def _failures(self, as_of: date, emp_rows, pos_rows, vacant_only: bool,
                  ) -> list[tuple[str, np.ndarray]]:
        """(reason, fails) per rule in rule order; arrays broadcast to [len(emp), len(pos)]."""
        e = (slice(None) if emp_rows is None else emp_rows)
        p = (slice(None) if pos_rows is None else pos_rows)
        col = np.newaxis
        rank, min_rank = self.rank_[e][:, col], self.min_rank_[p][col, :]
        edu, min_edu = self.education_[e][:, col], self.min_education_[p][col, :]
        age, max_age = self._age(as_of, e)[:, col], self.max_age_[p][col, :]
        pos_index = np.arange(len(self.position_ids_))[p][col, :]
        rules = [
            (STATUS_CPNS, self.cpns_[e][:, col]),
            (PPPK_ONLY, self.pppk_[e][:, col] & ~self.pppk_ok_[p][col, :]),
            (RANK_BELOW, (rank >= 0) & (min_rank >= 0) & (rank < min_rank)),
            (EDUCATION_UNKNOWN, edu < 0),
            (EDUCATION_BELOW, (edu >= 0) & (edu < min_edu)),
            (OVER_AGE, (max_age >= 0) & (age > max_age)),
            (SANCTION, self._sanctioned(as_of, e)[:, col]),
            (CURRENT, self.current_pos_[e][:, col] == pos_index),
            (NOT_DUE, ~self._due(as_of, e)[:, col]),
        ]
        if vacant_only:
            rules.append((NOT_VACANT, ~self.vacant_[p][col, :]))
        return rules

    @staticmethod
    def _first_failure(rules: list[tuple[str, np.ndarray]], shape: tuple[int, ...],
                       pre: list[tuple[str, np.ndarray]] = ()) -> tuple[np.ndarray, dict]:
        """Eligible mask and counts per reason, each candidate under its first failure."""
        remaining = np.ones(shape, dtype=bool)
        excluded: dict[str, int] = {}
        for reason, fails in list(pre) + rules:
            hit = remaining & np.broadcast_to(fails, shape)
            n = int(hit.sum())
            if n:
                excluded[reason] = excluded.get(reason, 0) + n
                remaining &= ~hit
        return remaining, excluded

    # --- queries ---------------------------------------------------------------------------
    def _employee_row(self, employee_id: str) -> int:
        try:
            return self.employee_row_[employee_id]
        except KeyError:
            raise KeyError(f"unknown employee_id {employee_id!r}: not in the loaded export") \
                from None

    def _position_row(self, position_id: str) -> int:
        try:
            return self.position_row_[position_id]
        except KeyError:
            raise KeyError(f"unknown position_id {position_id!r}: not in the loaded export") \
                from None

    def positions_for(self, employee_id: str, as_of: date, vacant_only: bool = True,
                      unit_ids: Sequence[str] | None = None) -> EligibleSet:
        """Positions the employee may be moved to (rows of export.positions)."""
        i = self._employee_row(employee_id)
        if unit_ids is not None:
            unknown = sorted(set(unit_ids) - self.units_)
            if unknown:
                raise KeyError(f"unknown unit_ids {unknown}: not in the loaded export")
        return self.positions_for_row(i, as_of, vacant_only, unit_ids)

    def positions_for_row(self, i: int, as_of: date, vacant_only: bool = True,
                          unit_ids: Sequence[str] | None = None) -> EligibleSet:
        """positions_for by the employee's row, for a caller that has already looked the
        employee and the units up in the export (the ranking path: one lookup a request)."""
        n = len(self.position_ids_)
        pre = []
        if unit_ids is not None:
            pre.append((NOT_IN_UNITS, ~np.isin(self.pos_unit_, list(unit_ids))[np.newaxis, :]))
        rules = self._failures(as_of, np.array([i]), None, vacant_only)
        ok, excluded = self._first_failure(rules, (1, n), pre)
        reason = self._tenure_reason(i, as_of)
        if reason is not None:
            return EligibleSet("not_due", np.empty(0, dtype=np.int64), excluded, reason)
        return EligibleSet("ok", np.flatnonzero(ok[0]), excluded)

    def employees_for(self, position_id: str, as_of: date) -> EligibleSet:
        """Employees who may be moved into the position (rows of export.employees); those
        not yet due are excluded as "not yet due"."""
        return self.employees_for_row(self._position_row(position_id), as_of)

    def employees_for_row(self, j: int, as_of: date) -> EligibleSet:
        """employees_for by the position's row (already looked up in the export)."""
        n = len(self.employee_ids_)
        ok, excluded = self._first_failure(
            self._failures(as_of, None, np.array([j]), vacant_only=False), (n, 1))
        return EligibleSet("ok", np.flatnonzero(ok[:, 0]), excluded)

    def matrix(self, as_of: date, vacant_only: bool = False) -> np.ndarray:
        """bool [n_employees, n_positions]: True where every rule holds."""
        shape = (len(self.employee_ids_), len(self.position_ids_))
        ok = np.ones(shape, dtype=bool)
        for _, fails in self._failures(as_of, None, None, vacant_only):
            ok &= ~fails
        return ok

    def excluded_counts(self, as_of: date, vacant_only: bool = False) -> dict[str, int]:
        """Over all employee × position pairs: each pair under its first failing rule."""
        shape = (len(self.employee_ids_), len(self.position_ids_))
        return self._first_failure(self._failures(as_of, None, None, vacant_only), shape)[1]

    def why_not(self, i: int, j: int, as_of: date) -> str | None:
        """The first rule that keeps employee row i out of position row j as of a date, in
        words with the facts behind it (e.g. "rank III/b below floor III/d"); None when every
        rule holds. Vacancy is not a rule here: a person may take a seat someone leaves."""
        rules = self._failures(as_of, np.array([i]), np.array([j]), vacant_only=False)
        failed = next((reason for reason, fails in rules if np.asarray(fails).reshape(-1)[0]),
                      None)
        if failed == RANK_BELOW:
            have, floor = self.rank_[i], self.min_rank_[j]
            return f"rank {vocab.RANKS[have - 1]} below floor {vocab.RANKS[floor - 1]}"
        if failed == EDUCATION_BELOW:
            # 7 is S1 (D4 counts as S1): the later key wins
            names = {v: k for k, v in vocab.EDUCATION_ORDINAL.items()}
            return (f"education {names.get(int(self.education_[i]), '?')} below minimum "
                    f"{names.get(int(self.min_education_[j]), '?')}")
        if failed == OVER_AGE:
            age = int(self._age(as_of, slice(i, i + 1))[0])
            return f"over age limit: {age} above {int(self.max_age_[j])}"
        if failed == SANCTION:
            return "active sanction"
        if failed == NOT_DUE:
            return f"not yet due: {self._tenure_reason(i, as_of)}"
        return failed
