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
so later stages can still point at the input row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

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


def fingerprint_files(contents: dict[str, bytes]) -> tuple[str, dict[str, str]]:
    """sha256 of each file and one over all of them, in name order."""
    per_file = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(contents.items())}
    total = hashlib.sha256("".join(f"{n}:{h}\n" for n, h in per_file.items()).encode()).hexdigest()
    return total, per_file
