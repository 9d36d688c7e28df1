"""Load an HR export folder (../shared/contract/hr-export.md) into an Export, with a
ValidationReport that names every problem by file, CSV line, column and problem.

Stages, each reporting into the same report:
1. read: bytes → rows of text with their CSV line numbers (csv module, so quoted multi-line
   cells keep the right numbers); undecodable or mis-shaped rows are quarantined here;
2. file checks (fatal): missing required file or column, no header, duplicate primary keys,
   a core file (units, positions, employees) with no data rows;
3. row checks (quarantine): the pandera schemas of features.schemas, then references across
   files with cascades (a row pointing at a quarantined row is quarantined too, naming the row
   where the trouble started), then the "one current assignment" and "one appraisal a year"
   rules;
4. normalise into the Export's columns (features/export.py), with warnings for kept rows
   whose optional values are unknown or missing where it matters.

Every data row read is either used or quarantined: rows_read == rows_used + rows_quarantined
per file. Verdicts are listed in docs/validation.md.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from features import schemas as sc
from features import vocab
from features.export import OPTIONAL_FILES, REQUIRED_FILES, Export, fingerprint_files
from features.report import Problem, Severity, ValidationReport

KEYS: dict[str, str] = {"units.csv": "unit_id", "positions.csv": "position_id",
                        "employees.csv": "employee_id"}
# Files without data rows: fatal for these (nothing to recommend), a warning for history files.
CORE_FILES: tuple[str, ...] = ("units.csv", "positions.csv", "employees.csv")
HISTORY_FILES: tuple[str, ...] = ("education.csv", "trainings.csv", "performance.csv",
                                  "assignments.csv")
_SURROGATE = re.compile("[\udc80-\udcff]")


def _personal(file: str, column: str | None) -> bool:
    """Cells the report never quotes (NIP, name, gender, birth date)."""
    return column == "employee_id" or (file == "employees.csv"
                                       and column in {"name", "gender", "birth_date"})


@dataclass
class _Table:
    """One file while it is being checked: raw text cells indexed by CSV line number."""

    name: str
    raw: pd.DataFrame                                   # known columns only, all str
    read_bad: int = 0                                   # rows quarantined while reading
    origin: dict[int, str] = field(default_factory=dict)  # line -> "file row N: problem"
    read_bad_keys: dict[str, int] = field(default_factory=dict)  # key -> line, see _read_table
    q: np.ndarray = field(init=False)                   # quarantined, aligned with raw

    def __post_init__(self) -> None:
        self.q = np.zeros(len(self.raw), dtype=bool)

    @property
    def n_read(self) -> int:
        return len(self.raw) + self.read_bad

    @property
    def ok(self) -> pd.DataFrame:
        return self.raw[~self.q]

    def quarantine(self, report: ValidationReport, lines, problem: str | list[str],
                   column: str | None = None, values=None, origins=None) -> None:
        """Quarantine rows (by CSV line) with one Problem each. `origins` names where the
        trouble started for cascades; by default the row itself."""
        lines = list(lines)
        problems = problem if isinstance(problem, list) else [problem] * len(lines)
        values = list(values) if values is not None else [None] * len(lines)
        origins = list(origins) if origins is not None else [None] * len(lines)
        for line, prob, value, orig in zip(lines, problems, values, origins, strict=True):
            report.add(Problem(self.name, int(line), column, prob, "row",
                               None if _personal(self.name, column) else value))
            self.origin.setdefault(int(line), orig or f"{self.name} row {line}: {prob}")
        self.q[self.raw.index.get_indexer(lines)] = True

    def warn(self, report: ValidationReport, lines, problem: str | list[str],
             column: str | None = None, values=None) -> None:
        lines = list(lines)
        problems = problem if isinstance(problem, list) else [problem] * len(lines)
        values = list(values) if values is not None else [None] * len(lines)
        for line, prob, value in zip(lines, problems, values, strict=True):
            report.add(Problem(self.name, int(line), column, prob, "warning",
                               None if _personal(self.name, column) else value))


# --- stage 1: reading ---------------------------------------------------------------------

def _fatal(report: ValidationReport, file: str, problem: str, column: str | None = None,
           row: int | None = None) -> None:
    report.add(Problem(file, row, column, problem, "fatal"))


def _read_table(name: str, data: bytes, report: ValidationReport) -> _Table | None:
    """Parse one CSV file's bytes. Returns None (after a fatal problem) when the file has
    no usable header or misses a required column."""
    schema = sc.SCHEMAS[name]
    required, optional = sc.columns_of(schema)
    text = data.decode("utf-8-sig", errors="surrogateescape")   # BOM or not
    undecodable = _SURROGATE.search(text) is not None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 0
    rows: list[list[str]] = []
    lines: list[int] = []
    prev = 0
    try:
        for rec in reader:
            start, prev = prev + 1, reader.line_num
            if not any(rec):
                continue            # blank line (or only commas): not a row
            if header is None:
                header, header_line = rec, start
                continue
            rows.append(rec)
            lines.append(start)
    except csv.Error as err:
        _fatal(report, name, f"not readable as CSV: {err}", row=reader.line_num)
        return None
    if header is None:
        _fatal(report, name, "empty file: no header line")
        return None
    if undecodable and any(_SURROGATE.search(h) for h in header):
        _fatal(report, name, "header is not valid UTF-8", row=header_line)
        return None

    names = [h.strip().lower() for h in header]
    known = set(required) | set(optional)
    dupes = sorted({n for n in names if n in known and names.count(n) > 1})
    for n in dupes:
        _fatal(report, name, "column appears more than once in the header", column=n,
               row=header_line)
    missing = [c for c in required if c not in names]
    for c in missing:
        _fatal(report, name, "required column missing", column=c, row=header_line)
    if name == "performance.csv" and "rating" not in names and "score" not in names:
        _fatal(report, name, "needs a rating or a score column", row=header_line)
        missing.append("rating|score")
    if dupes or missing:
        return None

    # Row shape and encoding: quarantined before any column is looked at.
    width = len(names)
    known_idx = [i for i, n in enumerate(names) if n in known]
    good_rows: list[list[str]] = []
    good_lines: list[int] = []
    bad: list[tuple[int, str, str | None, str | None]] = []   # line, problem, column, value
    for rec, line in zip(rows, lines):
        if len(rec) > width and not any(c.strip() for c in rec[width:]):
            rec = rec[:width]       # trailing empty cells (spreadsheet exports)
        if len(rec) != width:
            fields = f"{len(rec)} field" + ("" if len(rec) == 1 else "s")
            bad.append((line, f"row has {fields}, the header has {width}", None, None))
            continue
        if undecodable:     # bad bytes in an ignored extra column do not matter
            col = next((i for i in known_idx if _SURROGATE.search(rec[i])), None)
            if col is not None:
                raw_bytes = rec[col].encode("utf-8", "surrogateescape")
                bad.append((line, "not valid UTF-8 (the file must be UTF-8 encoded)",
                            names[col], repr(raw_bytes)))
                continue
        good_rows.append(rec)
        good_lines.append(line)

    columns = list(zip(*good_rows)) if good_rows else [()] * width
    index = pd.Index(good_lines, dtype=np.int64, name="line")
    frame = {}
    for c in required + optional:
        if c in names:
            frame[c] = pd.Series(columns[names.index(c)], index=index, dtype=str).str.strip()
        else:
            frame[c] = pd.Series("", index=index, dtype=str)   # absent optional column
    table = _Table(name, pd.DataFrame(frame, index=index))
    table.read_bad = len(bad)
    key = KEYS.get(name)
    for line, prob, col, value in bad:
        report.add(Problem(name, line, col, prob, "row", None if _personal(name, col) else value))
        table.origin[line] = f"{name} row {line}: {prob}"
    if key is not None and bad:
        # Remember keys of rows quarantined while reading, so references to them cascade
        # with the real reason instead of "unknown".
        k = names.index(key)
        for rec, line in zip(rows, lines):
            if line in table.origin and len(rec) > k and not _SURROGATE.search(rec[k]):
                table.read_bad_keys[rec[k].strip()] = line
    return table


# --- stage 3 helpers ------------------------------------------------------------------------

def _apply_schema(t: _Table, report: ValidationReport) -> None:
    fails = sc.failing_rows(sc.SCHEMAS[t.name], t.raw)
    for r in fails.itertuples(index=False):
        value = None if r.value is None or pd.isna(r.value) else str(r.value)
        problem = r.problem if value is None or _personal(t.name, r.column) \
            else f"{r.problem}: '{value}'"
        t.quarantine(report, [r.row], problem, r.column, [value])


def _key_lines(t: _Table) -> dict[str, int]:
    key = KEYS[t.name]
    ids = t.raw[key]
    lines = dict(zip(ids[ids != ""], ids.index[ids != ""]))
    lines.update(t.read_bad_keys)
    return lines


def _check_ref(t: _Table, column: str, parent: _Table, report: ValidationReport,
               label: str) -> None:
    """Quarantine t's rows whose `column` names no usable row of `parent`; when the parent
    row exists but is quarantined, say so and name where its trouble started."""
    ok = t.ok
    vals = ok[column]
    vals = vals[vals != ""]
    missing = vals[~vals.isin(parent.ok[KEYS[parent.name]])]
    if missing.empty:
        return
    parent_lines = _key_lines(parent)
    problems, values, origins = [], [], []
    for v in missing:
        what = label if label == "employee" else f"{label} {v}"
        pline = parent_lines.get(v)
        if pline is not None:
            orig = parent.origin.get(pline, f"{parent.name} row {pline}")
            problems.append(f"{what} is quarantined (because of {orig})")
            origins.append(orig)
        else:
            problems.append(f"unknown {column}: not in {parent.name}")
            origins.append(None)
        values.append(v)
    t.quarantine(report, missing.index, problems, column, values, origins)


def _check_parent_units(units: _Table, report: ValidationReport) -> None:
    """parent_unit_id must name a usable unit; repeat so chains of parents cascade."""
    while True:
        ok = units.ok
        before = int(units.q.sum())
        lines = _key_lines(units)
        valid = set(ok["unit_id"])
        has = ok[(ok["parent_unit_id"] != "") & ~ok["parent_unit_id"].isin(valid)]
        for line, parent in has["parent_unit_id"].items():
            pline = lines.get(parent)
            if pline is not None:
                orig = units.origin.get(pline, f"units.csv row {pline}")
                units.quarantine(report, [line], f"parent unit {parent} is quarantined "
                                 f"(because of {orig})", "parent_unit_id", [parent], [orig])
            else:
                units.quarantine(report, [line], "unknown parent_unit_id: not in units.csv",
                                 "parent_unit_id", [parent])
        if int(units.q.sum()) == before:
            return


def _check_current_assignments(t: _Table, report: ValidationReport) -> None:
    """At most one current row (empty end_date) per employee. With several, the one that
    starts last is kept and the others are quarantined; when the latest start is shared,
    nothing can be told apart and all of that employee's current rows are quarantined."""
    ok = t.ok
    cur = ok[ok["end_date"] == ""]
    multi = cur[cur["employee_id"].duplicated(keep=False)]
    if multi.empty:
        return
    start = sc.parse_dates(multi["start_date"])
    for _, rows in multi.assign(_start=start).groupby("employee_id", sort=False):
        latest = rows[rows["_start"] == rows["_start"].max()]
        all_lines = ", ".join(str(x) for x in rows.index)
        if len(latest) == 1:
            keep = int(latest.index[0])
            others = rows.index[rows.index != keep]
            t.quarantine(report, others, f"another current assignment (empty end_date) of "
                         f"the same employee starts later (row {keep}), which is kept as "
                         f"current", "end_date")
        else:
            t.quarantine(report, rows.index, f"{len(latest)} current assignments (empty "
                         f"end_date) of the same employee start on the same date (rows "
                         f"{all_lines}): none can be taken as current", "end_date")


def _check_one_appraisal_a_year(t: _Table, report: ValidationReport) -> None:
    ok = t.ok
    year = sc.parse_ints(ok["year"])
    dup = pd.DataFrame({"e": ok["employee_id"], "y": year}).duplicated(keep=False)
    if not dup.any():
        return
    rows = ok[dup.to_numpy()]
    groups = rows.groupby([rows["employee_id"], sc.parse_ints(rows["year"])], sort=False)
    for _, g in groups:
        listed = ", ".join(str(x) for x in g.index)
        t.quarantine(report, g.index, f"more than one appraisal of the same employee for "
                     f"this year (rows {listed})", "year")


# --- stage 4: normalisation ------------------------------------------------------------------

def _text(s: pd.Series) -> pd.Series:
    """Empty cell → NA (str dtype)."""
    return s.where(s != "")


def _finish(df: pd.DataFrame, ok: pd.DataFrame) -> pd.DataFrame:
    df.insert(len(df.columns), "source_row", ok.index.to_numpy(dtype=np.int64))
    return df.reset_index(drop=True)


def _units(ok: pd.DataFrame) -> pd.DataFrame:
    return _finish(pd.DataFrame({
        "unit_id": ok["unit_id"], "unit_name": ok["unit_name"], "unit_type": ok["unit_type"],
        "parent_unit_id": _text(ok["parent_unit_id"])}), ok)


def _positions(t: _Table, report: ValidationReport) -> pd.DataFrame:
    ok = t.ok
    job_type = sc.map_unique(ok["job_type"], sc.parse_job_type)
    level = sc.map_unique(ok["functional_level"], sc.parse_functional_level)
    odd = (ok["functional_level"] != "") & level.isna()
    t.warn(report, ok.index[odd], "unknown functional_level (ignored)", "functional_level",
           ok["functional_level"][odd])
    standard = sc.map_unique(ok["competency_standard"], sc.parse_competency_standard)
    unknown_codes = standard.map(lambda d: sorted(set(d) - set(vocab.COMPETENCY_CODES)))
    has_unknown = unknown_codes.map(bool)
    t.warn(report, ok.index[has_unknown],
           [f"unknown competency code(s) {', '.join(c)} (kept)" for c in
            unknown_codes[has_unknown]], "competency_standard")
    min_edu = sc.map_unique(ok["min_education"], vocab.parse_education_level)
    min_rank = sc.map_unique(ok["min_rank"], vocab.parse_rank)
    return _finish(pd.DataFrame({
        "position_id": ok["position_id"], "title": ok["title"], "unit_id": ok["unit_id"],
        "job_type": job_type.astype(str),
        "functional_level": level.astype(str),
        "job_class": sc.parse_ints(ok["job_class"]).astype(np.int64),
        "min_education": min_edu.astype(str),
        "min_education_ordinal": min_edu.map(vocab.EDUCATION_ORDINAL).astype(np.int64),
        "fields_of_study": sc.map_unique(ok["fields_of_study"], sc.split_multi),
        "min_rank": min_rank.astype(str),
        "min_rank_ordinal": min_rank.map(vocab.RANK_ORDINAL).astype("Int64"),
        "max_age": sc.parse_ints(ok["max_age"]),
        "competency_standard": standard,
        "required_trainings": sc.map_unique(ok["required_trainings"], lambda v: tuple(
            vocab.canonical_training(p) or p for p in sc.split_multi(v))),
        "slots": sc.parse_ints(ok["slots"]).astype(np.int64),
        "managerial_level": job_type.map(vocab.MANAGERIAL_LEVEL).astype(np.int64),
    }), ok)


def _employees(t: _Table, unit_ids: set[str], report: ValidationReport) -> pd.DataFrame:
    ok = t.ok
    t.warn(report, ok.index[ok["name"] == ""], "name missing (kept)", "name")
    gender = ok["gender"].str.upper()
    odd = ~gender.isin(["L", "P"])
    t.warn(report, ok.index[odd], "gender is not L or P: unknown for the fairness audit "
           "(kept)", "gender")
    move = ok["open_to_move"].str.upper()
    odd = ~move.isin(["Y", "N", ""])
    t.warn(report, ok.index[odd], "open_to_move is not Y or N: taken as not asked (kept)",
           "open_to_move", ok["open_to_move"][odd])
    preferred = sc.map_unique(ok["preferred_unit_ids"], sc.split_multi)
    unknown = preferred.map(lambda ids: [u for u in ids if u not in unit_ids])
    has_unknown = unknown.map(bool)
    t.warn(report, ok.index[has_unknown],
           [f"preferred_unit_ids names unknown unit(s) {', '.join(u)} (ignored)"
            for u in unknown[has_unknown]], "preferred_unit_ids")
    preferred = preferred.map(lambda ids: tuple(u for u in ids if u in unit_ids))
    status = sc.map_unique(ok["status"], sc.parse_status)
    rank = sc.map_unique(ok["rank"], vocab.parse_rank)
    no_rank = (status == "PNS") & rank.isna()
    t.warn(report, ok.index[no_rank], "PNS without rank: the rank floor cannot be checked "
           "(kept)", "rank")
    return _finish(pd.DataFrame({
        "employee_id": ok["employee_id"], "name": _text(ok["name"]),
        "gender": gender.where(~odd & gender.isin(["L", "P"])),
        "birth_date": sc.parse_dates(ok["birth_date"]),
        "status": status.astype(str),
        "rank": rank.astype(str),
        "rank_ordinal": rank.map(vocab.RANK_ORDINAL).astype("Int64"),
        "rank_date": sc.parse_dates(ok["rank_date"]),
        "hire_date": sc.parse_dates(ok["hire_date"]),
        "open_to_move": move.map({"Y": True, "N": False}).astype("boolean"),
        "preferred_unit_ids": preferred,
        "sanction_until": sc.parse_dates(ok["sanction_until"]),
    }), ok)


def _education(ok: pd.DataFrame) -> pd.DataFrame:
    level = sc.map_unique(ok["level"], vocab.parse_education_level)
    return _finish(pd.DataFrame({
        "employee_id": ok["employee_id"], "level": level.astype(str),
        "level_ordinal": level.map(vocab.EDUCATION_ORDINAL).astype(np.int64),
        "field_of_study": _text(ok["field_of_study"]),
        "institution": _text(ok["institution"]),
        "graduation_year": sc.parse_ints(ok["graduation_year"]),
    }), ok)


def _kind(t: _Table, report: ValidationReport, known: tuple[str, ...], what: str) -> pd.Series:
    """The lower-cased `kind` column; values outside `known` are kept, with a warning."""
    ok = t.ok
    kind = ok["kind"].str.lower()
    odd = (kind != "") & ~kind.isin(known)
    t.warn(report, ok.index[odd], f"unknown {what} kind (kept as given)", "kind",
           ok["kind"][odd])
    return kind


def _trainings(t: _Table, report: ValidationReport) -> pd.DataFrame:
    ok = t.ok
    kind = _kind(t, report, vocab.TRAINING_KINDS, "training")
    return _finish(pd.DataFrame({
        "employee_id": ok["employee_id"], "name": ok["name"],
        "canonical_name": sc.map_unique(ok["name"], vocab.canonical_training).astype(str),
        "kind": _text(kind), "hours": sc.parse_numbers(ok["hours"]),
        "end_date": sc.parse_dates(ok["end_date"]),
    }), ok)


def _performance(ok: pd.DataFrame) -> pd.DataFrame:
    year = sc.parse_ints(ok["year"]).astype(np.int64)
    score = sc.parse_numbers(ok["score"])
    rated = ok["rating"] != ""
    rating_value = sc.map_unique(ok["rating"], vocab.parse_rating).astype(float)
    pairs = pd.DataFrame({"s": score, "y": year})[~rated & score.notna()]
    score_val = pd.Series(np.nan, index=ok.index)
    regime = pd.Series("", index=ok.index, dtype=object)
    if len(pairs):
        uniq = pairs.drop_duplicates()
        vals = {(s, y): (vocab.score_value(s, y), vocab.score_regime(s, y))
                for s, y in zip(uniq["s"], uniq["y"])}
        looked = [vals[(s, y)] for s, y in zip(pairs["s"], pairs["y"])]
        score_val[pairs.index] = [v for v, _ in looked]
        regime[pairs.index] = [r for _, r in looked]
    regime[rated] = np.where(year[rated] >= vocab.PERMENPAN6_FIRST_YEAR,
                             "permenpan6_2022", "predicate_old")
    return _finish(pd.DataFrame({
        "employee_id": ok["employee_id"], "year": year, "rating": _text(ok["rating"]),
        "score": score, "regime": regime.astype(str),
        "value": rating_value.where(rated, score_val).astype(float),
    }), ok)


def _assignments(t: _Table, report: ValidationReport) -> pd.DataFrame:
    ok = t.ok
    kind = _kind(t, report, vocab.ASSIGNMENT_KINDS, "assignment")
    return _finish(pd.DataFrame({
        "employee_id": ok["employee_id"], "position_id": ok["position_id"],
        "start_date": sc.parse_dates(ok["start_date"]),
        "end_date": sc.parse_dates(ok["end_date"]),
        "kind": _text(kind), "is_current": (ok["end_date"] == "").to_numpy(),
    }), ok)


def _assessments(t: _Table, report: ValidationReport) -> pd.DataFrame:
    ok = t.ok
    code = ok["competency"].str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    odd = ~code.isin(vocab.COMPETENCY_CODES)
    t.warn(report, ok.index[odd], "unknown competency code (kept)", "competency",
           ok["competency"][odd])
    return _finish(pd.DataFrame({
        "employee_id": ok["employee_id"], "competency": code,
        "level": sc.parse_numbers(ok["level"]),
        "assessed_date": sc.parse_dates(ok["assessed_date"]),
    }), ok)


def _empty_assessments() -> pd.DataFrame:
    return pd.DataFrame({"employee_id": pd.Series(dtype=str), "competency": pd.Series(dtype=str),
                         "level": pd.Series(dtype=float),
                         "assessed_date": pd.Series(dtype="datetime64[ns]"),
                         "source_row": pd.Series(dtype=np.int64)})


def _derive(positions: pd.DataFrame, employees: pd.DataFrame, education: pd.DataFrame,
            assignments: pd.DataFrame) -> None:
    """Current position and its start, highest education; occupied and vacancies."""
    cur = assignments[assignments["is_current"]].set_index("employee_id")
    ids = employees["employee_id"]

    def lookup(values: pd.Series) -> pd.Series:
        # reindex (not map) keeps dtypes when a table is empty
        return values.reindex(ids).set_axis(employees.index)

    employees["current_position_id"] = lookup(cur["position_id"]).astype(str)
    employees["current_start_date"] = lookup(cur["start_date"]).astype("datetime64[ns]")
    best = education.sort_values("level_ordinal", kind="stable").drop_duplicates(
        "employee_id", keep="last").set_index("employee_id")
    employees["highest_education"] = lookup(best["level"]).astype(str)
    employees["highest_education_ordinal"] = lookup(best["level_ordinal"]).astype("Int64")
    occupied = cur["position_id"].value_counts()
    positions["occupied"] = positions["position_id"].map(occupied).fillna(0).astype(np.int64)
    positions["vacancies"] = positions["slots"] - positions["occupied"]


# --- the entry point ---------------------------------------------------------------------------

def load_export(path: str | Path) -> tuple[Export | None, ValidationReport]:
    """Load and validate an export folder. Returns (None, report) when anything fatal was
    found, else (export, report) with row problems quarantined and listed in the report."""
    root = Path(path)
    report = ValidationReport(export_dir=str(root))
    if not root.is_dir():
        _fatal(report, root.name or str(root), "export folder not found")
        return None, report

    contents: dict[str, bytes] = {}
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        file = root / name
        if not file.exists():
            if name in REQUIRED_FILES:
                _fatal(report, name, "required file missing")
            continue
        try:
            contents[name] = file.read_bytes()
        except OSError as err:
            _fatal(report, name, f"cannot read file: {err.strerror or err}")

    tables: dict[str, _Table] = {}
    for name, data in contents.items():
        t = _read_table(name, data, report)
        if t is None:
            continue
        tables[name] = t
        report.rows_read[name] = t.n_read
        if t.n_read == 0:
            if name in CORE_FILES:
                _fatal(report, name, "no data rows (header only)")
            elif name in HISTORY_FILES:
                report.add(Problem(name, None, None, "no data rows (header only): the model "
                                   "has no history of this kind", "warning"))
        key = KEYS.get(name)
        if key is not None:
            ids = t.raw[key]
            dup = ids[(ids != "") & ids.duplicated(keep=False)]
            for _, lines in dup.groupby(dup, sort=False):
                rows = [int(x) for x in lines.index]
                value = None if _personal(name, key) else str(lines.iloc[0])
                for line in rows:
                    others = ", ".join(str(x) for x in rows if x != line)
                    report.add(Problem(name, line, key, f"duplicate {key} (also on rows "
                                       f"{others})", "fatal", value))
    if not report.ok:
        return None, report

    units, positions, employees = (tables[n] for n in CORE_FILES)
    for t in tables.values():
        _apply_schema(t, report)
    _check_parent_units(units, report)
    _check_ref(positions, "unit_id", units, report, "unit")
    for name in ("education.csv", "trainings.csv", "performance.csv", "assignments.csv",
                 "assessments.csv"):
        if name in tables:
            _check_ref(tables[name], "employee_id", employees, report, "employee")
    _check_ref(tables["assignments.csv"], "position_id", positions, report, "position")
    _check_current_assignments(tables["assignments.csv"], report)
    _check_one_appraisal_a_year(tables["performance.csv"], report)

    for name in CORE_FILES:
        if tables[name].n_read and not len(tables[name].ok):
            _fatal(report, name, "no usable rows: every row was quarantined")
    if not report.ok:
        _count(report, tables)
        return None, report

    units_df = _units(units.ok)
    positions_df = _positions(positions, report)
    employees_df = _employees(employees, set(units_df["unit_id"]), report)
    education_df = _education(tables["education.csv"].ok)
    trainings_df = _trainings(tables["trainings.csv"], report)
    performance_df = _performance(tables["performance.csv"].ok)
    assignments_df = _assignments(tables["assignments.csv"], report)
    assessments_df = (_assessments(tables["assessments.csv"], report)
                      if "assessments.csv" in tables else _empty_assessments())
    _derive(positions_df, employees_df, education_df, assignments_df)
    no_edu = employees_df["highest_education"].isna()
    employees.warn(report, employees_df.loc[no_edu, "source_row"], "no usable education row: "
                   "highest education unknown, so the education rule excludes this employee "
                   "from every position")

    fingerprint, hashes = fingerprint_files(contents)
    export = Export(units=units_df, positions=positions_df, employees=employees_df,
                    education=education_df, trainings=trainings_df,
                    performance=performance_df, assignments=assignments_df,
                    assessments=assessments_df, source=str(root),
                    snapshot=f"{root.resolve().name}@{fingerprint[:12]}",
                    fingerprint=fingerprint, file_hashes=hashes)
    _count(report, tables)
    report.problems.sort(key=_problem_order)
    return export, report


_SEVERITY_ORDER: dict[Severity, int] = {"fatal": 0, "row": 1, "warning": 2}
_FILE_ORDER = {n: i for i, n in enumerate(REQUIRED_FILES + OPTIONAL_FILES)}


def _problem_order(p: Problem) -> tuple:
    return (_SEVERITY_ORDER[p.severity], _FILE_ORDER.get(p.file, 99), p.row or 0)


def _count(report: ValidationReport, tables: dict[str, _Table]) -> None:
    for name, t in tables.items():
        report.rows_quarantined[name] = int(t.q.sum()) + t.read_bad
        report.rows_used[name] = t.n_read - report.rows_quarantined[name]
