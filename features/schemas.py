"""Pandera schemas of the HR export's files (../shared/contract/hr-export.md), on raw text.

Every file is read with all cells as stripped strings ("" = empty) and validated here before
anything is parsed, so no value is silently coerced: a cell either parses exactly as the
contract says or its row is quarantined with the check's error text as the problem.

Checks here are per row and within one file. Cross-file rules (references, cascades, two
current assignments, duplicate keys) live in features.loader, as do warnings (a kept row).

The vectorised value parsers (`parse_dates`, `parse_ints`, …) are shared by the checks and by
the loader's normalisation, so "valid" and "what gets loaded" cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Optional

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from features import vocab

# --- vectorised parsers (input: a str Series with "" for empty) ----------------------------

_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_INT = r"[+-]?\d+(?:\.0*)?"              # "12" and "12.0" (spreadsheet exports) are integers
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
MIN_YEAR, MAX_YEAR = 1900, 2100          # plausible dates in a personnel file


def map_unique(s: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """Apply a scalar parser once per distinct value (vocabularies repeat a lot)."""
    uniques = pd.unique(s)
    lookup = {u: fn(u) for u in uniques}
    return s.map(lookup)


def parse_dates(s: pd.Series) -> pd.Series:
    """ISO YYYY-MM-DD → datetime64[ns]; empty, malformed or implausible (outside
    1900–2100) → NaT."""
    ok = s.str.fullmatch(_ISO_DATE)
    out = pd.to_datetime(s.where(ok), format="%Y-%m-%d", errors="coerce")
    out = out.where((out.dt.year >= MIN_YEAR) & (out.dt.year <= MAX_YEAR))
    return out.astype("datetime64[ns]")


def parse_numbers(s: pd.Series) -> pd.Series:
    """Decimal numbers with a dot → float; anything else (and empty) → NaN."""
    ok = s.str.fullmatch(_NUMBER)
    return pd.to_numeric(s.where(ok), errors="coerce").astype(float)


def parse_ints(s: pd.Series) -> pd.Series:
    """Integers → Int64; anything else (and empty) → NA."""
    ok = s.str.fullmatch(_INT) & (s.str.len() <= 12)   # no overflow on absurd digit runs
    return pd.to_numeric(s.where(ok), errors="coerce").round().astype("Int64")


def split_multi(value: str) -> tuple[str, ...]:
    """`a; b;;c` → ("a", "b", "c"): the contract's `;`-separated multi-valued cells."""
    return tuple(p.strip() for p in value.split(";") if p.strip())


def _token(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def parse_job_type(value: str) -> str | None:
    """`JPT Pratama`, `jpt-pratama` → `jpt_pratama`; None if not a job type."""
    t = _token(value)
    return t if t in vocab.JOB_TYPES else None


def parse_functional_level(value: str) -> str | None:
    t = _token(value)
    return t if t in vocab.FUNCTIONAL_LEVELS else None


def parse_competency_standard(value: str) -> dict[str, int] | str:
    """`integritas=3;teknis=2` → {"integritas": 3, "teknis": 2}; an error text when malformed
    or a level outside 1–5 (unknown codes are kept: the loader warns about them)."""
    standard: dict[str, int] = {}
    for part in split_multi(value):
        code, sep, level = part.partition("=")
        code, level = _token(code), level.strip()
        if not sep or not code or not re.fullmatch(r"\d+", level):
            return f"malformed entry '{part}' (expected code=level)"
        if not 1 <= int(level) <= 5:
            return f"level {level} of '{code}' outside 1–5"
        standard[code] = int(level)
    return standard


def _empty_or(s: pd.Series, ok: pd.Series) -> pd.Series:
    return (s == "") | ok.fillna(False).astype(bool)


def valid_date(s: pd.Series) -> pd.Series:
    return _empty_or(s, parse_dates(s).notna())


def valid_int(s: pd.Series, lo: int, hi: int) -> pd.Series:
    v = parse_ints(s)
    return _empty_or(s, (v >= lo) & (v <= hi))


def valid_vocab(s: pd.Series, parser: Callable[[str], object]) -> pd.Series:
    return _empty_or(s, map_unique(s, parser).notna())


def required(s: pd.Series) -> pd.Series:
    return s != ""


# Check errors become the report's problem text (the offending value is appended).
REQUIRED = "required value missing"
BAD_DATE = "unparseable date (expected YYYY-MM-DD, 1900–2100)"


class _Raw(pa.DataFrameModel):
    class Config:
        strict = False        # extra columns are allowed and ignored
        coerce = False        # never coerce: everything is text here


class UnitsSchema(_Raw):
    unit_id: Series[str]
    unit_name: Series[str]
    unit_type: Series[str]
    parent_unit_id: Optional[Series[str]]

    @pa.check("unit_id", "unit_name", "unit_type", name="required", error=REQUIRED)
    def _required(cls, s: pd.Series) -> pd.Series:
        return required(s)


class PositionsSchema(_Raw):
    position_id: Series[str]
    title: Series[str]
    unit_id: Series[str]
    job_type: Series[str]
    functional_level: Optional[Series[str]]
    job_class: Series[str]
    min_education: Series[str]
    fields_of_study: Optional[Series[str]]
    min_rank: Optional[Series[str]]
    max_age: Optional[Series[str]]
    competency_standard: Optional[Series[str]]
    required_trainings: Optional[Series[str]]
    slots: Series[str]

    @pa.check("position_id", "title", "unit_id", "job_type", "job_class", "min_education",
              "slots", name="required", error=REQUIRED)
    def _required(cls, s: pd.Series) -> pd.Series:
        return required(s)

    @pa.check("job_type", name="job_type", error="unknown job_type")
    def _job_type(cls, s: pd.Series) -> pd.Series:
        return valid_vocab(s, parse_job_type)

    @pa.check("job_class", name="job_class", error="job_class must be an integer 1–17")
    def _job_class(cls, s: pd.Series) -> pd.Series:
        return valid_int(s, 1, 17)

    @pa.check("min_education", name="education", error="unknown education level")
    def _education(cls, s: pd.Series) -> pd.Series:
        return valid_vocab(s, vocab.parse_education_level)

    @pa.check("min_rank", name="rank", error="unknown rank (expected I/a … IV/e)")
    def _rank(cls, s: pd.Series) -> pd.Series:
        return valid_vocab(s, vocab.parse_rank)

    @pa.check("max_age", name="max_age", error="max_age must be an integer 18–99")
    def _max_age(cls, s: pd.Series) -> pd.Series:
        return valid_int(s, 18, 99)

    @pa.check("competency_standard", name="competency_standard",
              error="competency_standard must be `code=level` pairs with levels 1–5")
    def _standard(cls, s: pd.Series) -> pd.Series:
        return _empty_or(s, map_unique(s, lambda v: isinstance(parse_competency_standard(v),
                                                                dict)))

    @pa.check("slots", name="slots", error="slots must be an integer ≥ 1")
    def _slots(cls, s: pd.Series) -> pd.Series:
        return valid_int(s, 1, 100_000)


class EmployeesSchema(_Raw):
    employee_id: Series[str]
    name: Series[str]
    gender: Series[str]
    birth_date: Series[str]
    status: Series[str]
    rank: Optional[Series[str]]
    rank_date: Optional[Series[str]]
    hire_date: Series[str]
    open_to_move: Optional[Series[str]]
    preferred_unit_ids: Optional[Series[str]]
    sanction_until: Optional[Series[str]]

    # name and gender are not checked here: an empty or odd one is a warning (they serve
    # display and the fairness audit only; quarantining would hide the person from placement).
    @pa.check("employee_id", "birth_date", "status", "hire_date", name="required",
              error=REQUIRED)
    def _required(cls, s: pd.Series) -> pd.Series:
        return required(s)

    @pa.check("birth_date", "rank_date", "hire_date", "sanction_until", name="date",
              error=BAD_DATE)
    def _dates(cls, s: pd.Series) -> pd.Series:
        return valid_date(s)

    @pa.check("status", name="status", error="unknown status (expected PNS, CPNS, PPPK)")
    def _status(cls, s: pd.Series) -> pd.Series:
        return valid_vocab(s, parse_status)

    @pa.check("rank", name="rank", error="unknown rank (expected I/a … IV/e)")
    def _rank(cls, s: pd.Series) -> pd.Series:
        return valid_vocab(s, vocab.parse_rank)


class EducationSchema(_Raw):
    employee_id: Series[str]
    level: Series[str]
    field_of_study: Optional[Series[str]]
    institution: Optional[Series[str]]
    graduation_year: Optional[Series[str]]

    @pa.check("employee_id", "level", name="required", error=REQUIRED)
    def _required(cls, s: pd.Series) -> pd.Series:
        return required(s)

    @pa.check("level", name="education", error="unknown education level")
    def _level(cls, s: pd.Series) -> pd.Series:
        return valid_vocab(s, vocab.parse_education_level)

    @pa.check("graduation_year", name="year",
              error=f"graduation_year must be a year {MIN_YEAR}–{MAX_YEAR}")
    def _year(cls, s: pd.Series) -> pd.Series:
        return valid_int(s, MIN_YEAR, MAX_YEAR)


class TrainingsSchema(_Raw):
    employee_id: Series[str]
    name: Series[str]
    kind: Optional[Series[str]]
    hours: Optional[Series[str]]
    end_date: Series[str]

    @pa.check("employee_id", "name", "end_date", name="required", error=REQUIRED)
    def _required(cls, s: pd.Series) -> pd.Series:
        return required(s)

    @pa.check("end_date", name="date", error=BAD_DATE)
    def _dates(cls, s: pd.Series) -> pd.Series:
        return valid_date(s)

    @pa.check("hours", name="hours", error="hours must be a number ≥ 0")
    def _hours(cls, s: pd.Series) -> pd.Series:
        return _empty_or(s, parse_numbers(s) >= 0)


class PerformanceSchema(_Raw):
    employee_id: Series[str]
    year: Series[str]
    rating: Optional[Series[str]]
    score: Optional[Series[str]]

    @pa.check("employee_id", "year", name="required", error=REQUIRED)
    def _required(cls, s: pd.Series) -> pd.Series:
        return required(s)

    @pa.check("year", name="year", error=f"year must be a year {MIN_YEAR}–{MAX_YEAR}")
    def _year(cls, s: pd.Series) -> pd.Series:
        return valid_int(s, MIN_YEAR, MAX_YEAR)

    @pa.check("rating", name="rating", error="rating out of vocabulary (expected Sangat Baik, "
              "Baik, Butuh Perbaikan, Cukup, Kurang, Sangat Kurang, Buruk)")
    def _rating(cls, s: pd.Series) -> pd.Series:
        return valid_vocab(s, vocab.parse_rating)

    @pa.check("score", name="score", error="score must be a number 0–120")
    def _score(cls, s: pd.Series) -> pd.Series:
        v = parse_numbers(s)
        return _empty_or(s, (v >= 0) & (v <= 120))

    @pa.dataframe_check(name="rating_or_score", error="neither rating nor score given")
    def _rating_or_score(cls, df: pd.DataFrame) -> pd.Series:
        return (df["rating"] != "") | (df["score"] != "")


class AssignmentsSchema(_Raw):
    employee_id: Series[str]
    position_id: Series[str]
    start_date: Series[str]
    end_date: Optional[Series[str]]
    kind: Optional[Series[str]]

    @pa.check("employee_id", "position_id", "start_date", name="required", error=REQUIRED)
    def _required(cls, s: pd.Series) -> pd.Series:
        return required(s)

    @pa.check("start_date", "end_date", name="date", error=BAD_DATE)
    def _dates(cls, s: pd.Series) -> pd.Series:
        return valid_date(s)

    @pa.dataframe_check(name="end_before_start", error="end_date before start_date")
    def _order(cls, df: pd.DataFrame) -> pd.Series:
        start, end = parse_dates(df["start_date"]), parse_dates(df["end_date"])
        return ~(end < start).fillna(False).astype(bool)


class AssessmentsSchema(_Raw):
    employee_id: Series[str]
    competency: Series[str]
    level: Series[str]
    assessed_date: Series[str]

    @pa.check("employee_id", "competency", "level", "assessed_date", name="required",
              error=REQUIRED)
    def _required(cls, s: pd.Series) -> pd.Series:
        return required(s)

    @pa.check("level", name="level", error="level must be a number 1–5")
    def _level(cls, s: pd.Series) -> pd.Series:
        v = parse_numbers(s)
        return _empty_or(s, (v >= 1) & (v <= 5))

    @pa.check("assessed_date", name="date", error=BAD_DATE)
    def _dates(cls, s: pd.Series) -> pd.Series:
        return valid_date(s)


def parse_status(value: str) -> str | None:
    v = value.strip().upper()
    return v if v in vocab.EMPLOYEE_STATUSES else None


SCHEMAS: dict[str, type[_Raw]] = {
    "units.csv": UnitsSchema,
    "positions.csv": PositionsSchema,
    "employees.csv": EmployeesSchema,
    "education.csv": EducationSchema,
    "trainings.csv": TrainingsSchema,
    "performance.csv": PerformanceSchema,
    "assignments.csv": AssignmentsSchema,
    "assessments.csv": AssessmentsSchema,
}

# Dataframe-wide checks report every column; the report names the one that matters.
DATAFRAME_CHECK_COLUMN: dict[str, str | None] = {
    "neither rating nor score given": None,
    "end_date before start_date": "end_date",
}


def columns_of(schema: type[_Raw]) -> tuple[list[str], list[str]]:
    """(required, optional) column names of a file's schema."""
    cols = schema.to_schema().columns
    return ([n for n, c in cols.items() if c.required],
            [n for n, c in cols.items() if not c.required])


def failing_rows(schema: type[_Raw], raw: pd.DataFrame) -> pd.DataFrame:
    """Every failed check of a raw frame, lazily: columns row (the frame's index, i.e. the
    CSV line), column, problem, value. Empty frame when all rows pass."""
    try:
        schema.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as err:
        fc = err.failure_cases
    else:
        return pd.DataFrame({"row": pd.Series(dtype=np.int64), "column": pd.Series(dtype=object),
                             "problem": pd.Series(dtype=object),
                             "value": pd.Series(dtype=object)})
    fc = fc[fc["index"].notna()]
    is_df = fc["schema_context"] == "DataFrameSchema"
    out = pd.DataFrame({
        "row": fc["index"].astype(np.int64).to_numpy(),
        "column": np.where(is_df, fc["check"].map(DATAFRAME_CHECK_COLUMN), fc["column"]),
        "problem": fc["check"].to_numpy(),
        "value": np.where(is_df, None, fc["failure_case"].astype(object)),
    })
    out["column"] = out["column"].astype(object).where(out["column"].notna(), None)
    return out.drop_duplicates(["row", "column", "problem"]).sort_values(
        ["row", "problem"], kind="stable").reset_index(drop=True)
