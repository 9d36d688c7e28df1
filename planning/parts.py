"""The seam between the planner and whoever scores: what a round needs, as plain callables.

The planner knows nothing of models or services. The caller (serving's `round_parts`, a test
with a table of scores, a benchmark) supplies the export, its eligibility index and functions
that score and explain (employee row, position row) pairs as of a date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from features.eligibility import EligibilityIndex
    from features.export import Export

ScoreFn = Callable[[date, np.ndarray, np.ndarray], np.ndarray]
ExplainFn = Callable[[date, np.ndarray, np.ndarray], list[tuple[list[str], list[str]]]]


class Preferences(Protocol):
    """Employees' wishes as the round should use them (e.g. the latest stated preference
    over the export's snapshot), by employee row."""

    def effective(self, e: int) -> tuple[tuple[str, ...], bool | None]:
        """(preferred unit ids, open_to_move; None = not asked) of employee row e."""
        ...

    def source(self, e: int) -> str:
        """Where they came from: "stated", "export" or "none"."""
        ...


@dataclass
class RoundParts:
    """What a round needs from the rest of Jobfit.

    score_pairs(as_of, emp_rows, pos_rows) -> fit in [0, 1] per pair (rows of
    export.employees / export.positions). explain_pairs(as_of, emp_rows, pos_rows) ->
    [(reasons, gaps)] per pair, or None to leave reasons out. prescore_pairs: a quicker,
    rougher score_pairs, used only to pick which candidates get fully scored for seats that
    open during the round (None: score every eligible pair fully). preferences: the wishes
    to plan with (None: the export's snapshot); the scorers must score with the same ones.
    """

    export: "Export"
    eligibility: "EligibilityIndex"
    score_pairs: ScoreFn
    explain_pairs: ExplainFn | None = None
    model_version: str = ""
    prescore_pairs: ScoreFn | None = None
    preferences: Preferences | None = None
