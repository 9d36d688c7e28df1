"""Stated preferences over the export's snapshot: what rankings and plans use, and which one.

An employee's wishes reach Jobfit two ways: the HR export's snapshot (`open_to_move`,
`preferred_unit_ids` in employees.csv, undated) and what they state through
`PUT /employees/{id}/preferences` (dated, kept in the state database). The latest stated
preference wins over the export; the answers say which one was used:

    "stated"  a preference stated through the API (the latest record)
    "export"  the export's snapshot (it has an answer or a preferred unit)
    "none"    neither

The model sees preferences as three pair features (`open_to_move`, `preferred_unit`,
`unwilling_move`; see features/catalog.py). `PreferenceOverlay.patch` rewrites them in a
feature matrix for employees with a stated preference, exactly as the feature code computes
them from the export (NaN = not asked / no unit named), so a stated preference moves the
score, the reasons and the plan's preference bonus the same way an exported one would.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from features.pairs import unwilling_move

if TYPE_CHECKING:
    from features.export import Export

STATED, EXPORT, NONE = "stated", "export", "none"
OPEN_FEATURE, UNIT_FEATURE = "open_to_move", "preferred_unit"
UNWILLING_FEATURE, SAME_UNIT_FEATURE = "unwilling_move", "same_unit"


class PreferenceRecords(Protocol):
    """Where stated preferences are read from (serving.state.StateStore has both)."""

    def preferences_mark(self) -> int: ...

    def latest_preferences(self) -> dict[str, dict]: ...


class PreferenceOverlay:
    """The latest stated preferences of one moment, as arrays over the export's rows."""

    def __init__(self, export: "Export", records: Mapping[str, dict]) -> None:
        emp = export.employees
        n = len(emp)
        self.unit_row = dict(export.unit_rows)
        n_units = len(self.unit_row)
        self.pos_unit = np.array([self.unit_row.get(str(u), -1)
                                  for u in export.positions["unit_id"]], dtype=np.int64)
        self.stated = np.zeros(n, dtype=bool)
        self.open = np.full(n, np.nan)
        self.units = np.zeros((n, n_units + 1), dtype=bool)   # last column: unknown unit (-1)
        self.records: dict[int, dict] = {}
        for employee_id, rec in records.items():
            e = export.employee_rows.get(str(employee_id))
            if e is None:
                continue          # stated for someone this export does not have: not used
            self.stated[e] = True
            self.records[e] = rec
            if rec.get("open_to_move") is not None:
                self.open[e] = 1.0 if rec["open_to_move"] else 0.0
            for u in rec.get("preferred_unit_ids") or ():
                k = self.unit_row.get(str(u))
                if k is not None:
                    self.units[e, k] = True
        self.has_units = self.units.any(axis=1)
        # the export's own answers: open_to_move given, or a preferred unit named
        asked = emp["open_to_move"].notna().to_numpy() if "open_to_move" in emp else \
            np.zeros(n, dtype=bool)
        named = np.array([bool(u) for u in emp["preferred_unit_ids"]]) \
            if "preferred_unit_ids" in emp else np.zeros(n, dtype=bool)
        self.in_export = asked | named
        self.export_units = [tuple(u) if isinstance(u, (tuple, list)) else ()
                             for u in (emp["preferred_unit_ids"] if "preferred_unit_ids" in emp
                                       else [()] * n)]
        self.export_open = (pd.array(emp["open_to_move"], dtype="boolean")
                            if "open_to_move" in emp else pd.array([pd.NA] * n, dtype="boolean"))

    @classmethod
    def empty(cls, export: "Export") -> "PreferenceOverlay":
        return cls(export, {})

    def source(self, e: int) -> str:
        """Which preference the answers use for employee row e."""
        if self.stated[e]:
            return STATED
        return EXPORT if self.in_export[e] else NONE

    def sources(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        return np.where(self.stated[rows], STATED,
                        np.where(self.in_export[rows], EXPORT, NONE)).astype(object)

    def effective(self, e: int) -> tuple[tuple[str, ...], bool | None]:
        """(preferred unit ids, open_to_move) used for employee row e."""
        if self.stated[e]:
            rec = self.records[e]
            units = tuple(u for u in rec.get("preferred_unit_ids") or () if u in self.unit_row)
            return units, rec.get("open_to_move")
        v = self.export_open[e]
        return self.export_units[e], None if pd.isna(v) else bool(v)

    def patch(self, X: np.ndarray, feature_names: list[str], emp: np.ndarray,
              pos: np.ndarray) -> np.ndarray:
        """X (one row per (emp[k], pos[k]) pair) with the preference features of employees
        with a stated preference rewritten from it; X itself when nobody stated one."""
        emp = np.asarray(emp, dtype=np.int64)
        pos = np.broadcast_to(np.asarray(pos, dtype=np.int64), emp.shape)
        rows = np.flatnonzero(self.stated[emp])
        if len(rows) == 0:
            return X
        X = np.array(X, dtype=np.float64, copy=True)
        e, p = emp[rows], pos[rows]
        if OPEN_FEATURE in feature_names:
            X[rows, feature_names.index(OPEN_FEATURE)] = self.open[e]
        if UNIT_FEATURE in feature_names:
            pu = self.pos_unit[p]
            hit = self.units[e, np.where(pu >= 0, pu, self.units.shape[1] - 1)] & (pu >= 0)
            X[rows, feature_names.index(UNIT_FEATURE)] = np.where(self.has_units[e],
                                                                  hit.astype(float), np.nan)
        if UNWILLING_FEATURE in feature_names and SAME_UNIT_FEATURE in feature_names:
            X[rows, feature_names.index(UNWILLING_FEATURE)] = unwilling_move(
                self.open[e], X[rows, feature_names.index(SAME_UNIT_FEATURE)])
        return X


class StatedPreferences:
    """The latest stated preferences from the state database, re-read only when a new one was
    stated (one cheap query per call: the newest record's id). Thread-safe."""

    def __init__(self, export: "Export", records: PreferenceRecords) -> None:
        self.export = export
        self.records = records
        self._mark = -1
        self._overlay = PreferenceOverlay.empty(export)
        self._lock = threading.Lock()

    def current(self) -> PreferenceOverlay:
        mark = self.records.preferences_mark()
        with self._lock:
            if mark == self._mark:
                return self._overlay
        overlay = PreferenceOverlay(self.export, self.records.latest_preferences())
        with self._lock:
            self._mark, self._overlay = mark, overlay
        return overlay
