"""Feature matrices for labelled placements: each (employee, position) pair featured as of the
placement's start — the day the decision was taken — through the one feature implementation
(features.pairs.PairFeatures), exactly as serving will feature it as of today.

PairFeatures is built once per distinct as-of date; placement starts are rounded down to the
first of their month so a ten-year history needs at most ~120 builds (and typically far fewer).
Rounding down only ever moves the date earlier: nothing after the start can leak in.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from features.export import Export, export_date  # noqa: F401 (callers import it here)


def as_of_dates(starts: pd.Series) -> pd.Series:
    """The as-of date used to feature a placement that started on ``starts``."""
    s = pd.to_datetime(starts)
    return s.dt.to_period("M").dt.start_time.dt.date


class FeatureBuilder:
    """PairFeatures per as-of date over one export; keeps the last few (each holds
    per-employee blocks of several MB, so a ten-year history must not keep them all)."""

    def __init__(self, export: Export, factory: Callable | None = None, keep: int = 3):
        if factory is None:
            from features.pairs import PairFeatures
            factory = PairFeatures
        self.export = export
        self.factory = factory
        self.keep = keep
        self._cache: OrderedDict[date, object] = OrderedDict()
        self.emp_index = pd.Index(export.employees["employee_id"].astype(str))
        self.pos_index = pd.Index(export.positions["position_id"].astype(str))
        self._names: list[str] | None = None

    def at(self, as_of: date):
        pf = self._cache.get(as_of)
        if pf is not None:
            self._cache.move_to_end(as_of)
        else:
            pf = self.factory(self.export, as_of)
            self._cache[as_of] = pf
            while len(self._cache) > self.keep:
                self._cache.popitem(last=False)
            names = list(pf.feature_names)
            if self._names is None:
                self._names = names
            elif names != self._names:
                raise RuntimeError(f"PairFeatures as of {as_of} names other features than "
                                   "as of earlier dates")
        return pf

    @property
    def feature_names(self) -> list[str]:
        if self._names is None:
            raise RuntimeError("no features built yet")
        return self._names

    def indices(self, employee_ids, position_ids) -> tuple[np.ndarray, np.ndarray]:
        e = self.emp_index.get_indexer(pd.Index(np.asarray(employee_ids).astype(str)))
        p = self.pos_index.get_indexer(pd.Index(np.asarray(position_ids).astype(str)))
        if (e < 0).any() or (p < 0).any():
            raise KeyError(f"{int((e < 0).sum())} employee and {int((p < 0).sum())} position "
                           "ids of the labels are not in the export")
        return e, p

    def for_rows(self, rows: pd.DataFrame, on_date: Callable[[int, int], None] | None = None
                 ) -> np.ndarray:
        """X [len(rows), F] float32 for rows with employee_id, position_id, as_of."""
        e, p = self.indices(rows["employee_id"], rows["position_id"])
        dates = as_of_dates(rows["as_of"]).to_numpy()
        uniq = sorted(set(dates))
        X: np.ndarray | None = None
        for i, d in enumerate(uniq):
            sel = np.flatnonzero(dates == d)
            block = np.asarray(self.at(d).pairs(e[sel], p[sel]), dtype=np.float32)
            if X is None:
                X = np.empty((len(rows), block.shape[1]), dtype=np.float32)
            X[sel] = block
            if on_date is not None:
                on_date(i + 1, len(uniq))
        if X is None:
            pf = self.at(date(2000, 1, 1)) if self._names is None else None
            n_feat = len(self.feature_names if pf is None else pf.feature_names)
            X = np.empty((0, n_feat), dtype=np.float32)
        return X
