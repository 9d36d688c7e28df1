"""The loaded HR export: typed, normalised tables the rest of Jobfit can trust.

`features.loader.load_export(path)` builds it from a folder in the contract format
(../shared/contract/hr-export.md) and returns it with its ValidationReport.

Normalised columns beyond the contract's own (contract columns keep their names; dates are
pandas datetime64, empty = NaT; optional text columns empty = NA):

units:        unit_id, unit_name, unit_type, parent_unit_id
positions:    position_id, title, unit_id, job_type, functional_level, job_class (int),
              min_education, min_education_ordinal (int), fields_of_study (tuple[str, ...]),
              min_rank, min_rank_ordinal (Int64, NA = no floor), max_age (Int64),
              competency_standard (dict[str, int]), required_trainings (tuple[str, ...],
              canonical names LATSAR/PKP/PKA/PKN2/PKN1 where they map), slots (int),
              managerial_level (int, vocab.MANAGERIAL_LEVEL), occupied (int), vacancies (int,
              slots - occupied, may be negative when overstaffed)
employees:    employee_id, name, gender, birth_date, status, rank, rank_ordinal (Int64),
              rank_date, hire_date, open_to_move (boolean, NA = not asked),
              preferred_unit_ids (tuple[str, ...]), sanction_until,
              highest_education (str | NA), highest_education_ordinal (Int64),
              current_position_id (str | NA), current_start_date (datetime64 | NaT)
education:    employee_id, level, level_ordinal (int), field_of_study (raw text | NA),
              institution, graduation_year (Int64)
trainings:    employee_id, name, canonical_name (LATSAR/PKP/... | NA), kind, hours (float, NA
              = unknown), end_date
performance:  employee_id, year (int), rating, score, regime ("permenpan6_2022" |
              "pp30_2019" | "pp46_2011" | "predicate_old"), value (float, 1–5 scale:
              vocab.parse_rating / vocab.score_value)
assignments:  employee_id, position_id, start_date, end_date, kind, is_current (bool)
assessments:  employee_id, competency, level (float), assessed_date   (empty frame if absent)

Indexes are plain RangeIndexes; each table keeps a `source_row` column (the CSV line number)
so later stages can still point at the input row. Rows are addressed by position: the one
id → row lookup is the Export's own (`employee_rows`, `position_rows`, `unit_rows`,
`rows_of`), built once on first use and shared by every stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import pandas as pd

from features.requests import RequestError, UnknownId

TABLES: tuple[str, ...] = (
    "units", "positions", "employees", "education", "trainings", "performance",
    "assignments", "assessments",
)
REQUIRED_FILES: tuple[str, ...] = (
    "units.csv", "positions.csv", "employees.csv", "education.csv", "trainings.csv",
    "performance.csv", "assignments.csv",
)
OPTIONAL_FILES: tuple[str, ...] = ("assessments.csv",)

# Columns of employees that a model feature must never see (merit law, UU 20/2023).
PROTECTED_EMPLOYEE_COLUMNS: tuple[str, ...] = ("employee_id", "name", "gender", "birth_date")


@dataclass
class Export:
    units: pd.DataFrame
    positions: pd.DataFrame
    employees: pd.DataFrame
    education: pd.DataFrame
    trainings: pd.DataFrame
    performance: pd.DataFrame
    assignments: pd.DataFrame
    assessments: pd.DataFrame
    source: str = ""            # the folder it was loaded from
    snapshot: str = ""          # "<folder name>@<fingerprint[:12]>", names the data in answers
    fingerprint: str = ""       # sha256 over the input files' bytes (sorted by name)
    file_hashes: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    # --- the one id → row lookup ------------------------------------------------------------
    @cached_property
    def employee_rows(self) -> dict[str, int]:
        """Employee id (NIP) → row position in `employees`."""
        return _row_map(self.employees["employee_id"])

    @cached_property
    def position_rows(self) -> dict[str, int]:
        """Position id → row position in `positions`."""
        return _row_map(self.positions["position_id"])

    @cached_property
    def unit_rows(self) -> dict[str, int]:
        """Unit id → row position in `units`."""
        return _row_map(self.units["unit_id"])

    def rows_of(self, kind: str, ids: Iterable[str], field: str) -> list[int]:
        """Rows of `ids` ("employees", "positions" or "units"), in the given order with
        repeats dropped; an id the export does not know raises UnknownId(field), a value that
        is not an id raises RequestError(field)."""
        known = {"employees": self.employee_rows, "positions": self.position_rows,
                 "units": self.unit_rows}[kind]
        if isinstance(ids, (str, bytes)) or not isinstance(ids, Iterable):
            raise RequestError(field, "must be a list of ids")
        rows: list[int] = []
        seen: set[int] = set()
        for value in ids:
            if not isinstance(value, str):
                raise RequestError(field, f"ids must be strings, got {value!r}")
            row = known.get(value)
            if row is None:
                raise UnknownId(field, value)
            if row not in seen:          # a repeated id is the same person, post or unit
                seen.add(row)
                rows.append(row)
        return rows


def export_date(export: Export) -> date:
    """The date an export describes: its latest dated event (an assignment start or end, a
    training, an assessment), and no earlier than the 1 January after its last appraisal
    year. Features before it must not read what the export says of "now" (today's rank);
    truth metrics and "due for transfer" are taken as of it."""
    candidates: list[pd.Timestamp] = []
    for table, col in (("assignments", "start_date"), ("assignments", "end_date"),
                       ("trainings", "end_date"), ("assessments", "assessed_date")):
        df = export.table(table)
        if col in df and len(df):
            m = pd.to_datetime(df[col]).max()
            if pd.notna(m):
                candidates.append(m)
    perf = export.performance
    if len(perf):
        candidates.append(pd.Timestamp(year=int(perf["year"].max()) + 1, month=1, day=1))
    if not candidates:
        raise ValueError("the export has no dated rows to tell its date from")
    return max(candidates).date()


def _row_map(ids: pd.Series) -> dict[str, int]:
    return {str(v): i for i, v in enumerate(ids)}


def fingerprint_files(contents: dict[str, bytes]) -> tuple[str, dict[str, str]]:
    """sha256 of each file and one over all of them, in name order."""
    per_file = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(contents.items())}
    total = hashlib.sha256("".join(f"{n}:{h}\n" for n, h in per_file.items()).encode()).hexdigest()
    return total, per_file
