"""The loader's verdict on each kind of damage to an HR export (docs/validation.md).

Every test damages a fresh copy of the hand-made mini export (tests/exportkit.py) and checks
the exact severity and the file, row and column the report names.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from exportkit import build_export, employee_id
from features.export import REQUIRED_FILES
from features.loader import load_export
from features.report import Problem, ValidationReport


def found(report: ValidationReport, **match) -> list[Problem]:
    return [p for p in report.problems if all(getattr(p, k) == v for k, v in match.items())]


def one(report: ValidationReport, **match) -> Problem:
    hits = found(report, **match)
    assert len(hits) == 1, f"expected one problem {match}, got {hits}\n{report.to_text()}"
    return hits[0]


def assert_nothing_lost(report: ValidationReport) -> None:
    """rows_read == used + quarantined per file, and the quarantined rows are exactly the rows
    named by row-level problems."""
    assert report.rows_read, "nothing was read"
    for name, read in report.rows_read.items():
        used, quarantined = report.rows_used[name], report.rows_quarantined[name]
        assert used + quarantined == read, name
        named = {p.row for p in report.problems if p.file == name and p.severity == "row"}
        assert len(named) == quarantined, name


# --- loads fine ------------------------------------------------------------------------------

def test_clean_export_loads_clean(mini_export_dir):
    export, report = load_export(mini_export_dir.dir)
    assert report.clean and report.ok, report.to_text()
    assert_nothing_lost(report)
    assert report.rows_read["employees.csv"] == len(export.employees) == 20
    assert report.rows_read["positions.csv"] == len(export.positions) == 12
    assert export.snapshot.startswith("export@") and len(export.fingerprint) == 64
    assert set(export.file_hashes) == set(REQUIRED_FILES) | {"assessments.csv"}


def test_bom_and_crlf_load_the_same(mini_export_dir, mini_copy):
    for name in REQUIRED_FILES + ("assessments.csv",):
        mini_copy.write(name, mini_copy.rows(name), newline="\r\n", bom=True)
    assert mini_copy.path("units.csv").read_bytes().startswith(b"\xef\xbb\xbfunit_id,")
    assert b"\r\n" in mini_copy.path("units.csv").read_bytes()
    export, report = load_export(mini_copy.dir)
    assert report.clean, report.to_text()
    reference, _ = load_export(mini_export_dir.dir)
    for table in ("units", "positions", "employees", "performance", "assignments"):
        pd.testing.assert_frame_equal(export.table(table), reference.table(table))
    assert export.fingerprint != reference.fingerprint     # other bytes, other snapshot


def test_extra_columns_and_column_order_are_ignored(mini_copy):
    rows = mini_copy.rows("employees.csv")
    for r in rows:
        r["agama"] = "-"            # an unknown column
        r["Keterangan"] = "x, y"
    cols = ["agama"] + list(reversed(mini_copy.columns("employees.csv"))) + ["Keterangan"]
    mini_copy.write("employees.csv", rows, cols)
    export, report = load_export(mini_copy.dir)
    assert report.clean, report.to_text()
    assert "agama" not in export.employees.columns


def test_absent_optional_file_and_columns_load(tmp_path):
    m = build_export(tmp_path / "export", with_assessments=False)
    for name, col in [("units.csv", "parent_unit_id"), ("positions.csv", "functional_level"),
                      ("positions.csv", "max_age"), ("positions.csv", "competency_standard"),
                      ("employees.csv", "sanction_until"), ("employees.csv", "open_to_move"),
                      ("trainings.csv", "kind"), ("trainings.csv", "hours"),
                      ("education.csv", "institution"), ("assignments.csv", "kind"),
                      ("performance.csv", "score")]:
        m.drop_column(name, col)
    # without scores, the old years' rows have neither rating nor score: drop them first
    m.write("performance.csv", [r for r in m.rows("performance.csv") if r["rating"]])
    export, report = load_export(m.dir)
    assert report.clean, report.to_text()
    assert export.assessments.empty and "competency" in export.assessments.columns
    assert export.employees["sanction_until"].isna().all()
    assert export.positions["max_age"].isna().all()


# --- fatal -----------------------------------------------------------------------------------

def test_missing_export_folder_is_fatal(tmp_path):
    export, report = load_export(tmp_path / "nowhere")
    assert export is None and report.fatal[0].problem == "export folder not found"


@pytest.mark.parametrize("name", ["units.csv", "trainings.csv", "assignments.csv"])
def test_missing_required_file_is_fatal(mini_copy, name):
    mini_copy.remove(name)
    export, report = load_export(mini_copy.dir)
    assert export is None and not report.ok
    p = one(report, file=name)
    assert (p.severity, p.row, p.column, p.problem) == ("fatal", None, None,
                                                        "required file missing")


def test_missing_required_columns_are_fatal_and_all_named(mini_copy):
    mini_copy.drop_column("employees.csv", "hire_date")
    mini_copy.drop_column("employees.csv", "status")
    mini_copy.drop_column("positions.csv", "slots")
    export, report = load_export(mini_copy.dir)
    assert export is None
    named = {(p.file, p.column) for p in report.fatal}
    assert named == {("employees.csv", "hire_date"), ("employees.csv", "status"),
                     ("positions.csv", "slots")}
    assert all(p.row == 1 and p.problem == "required column missing" for p in report.fatal)


def test_performance_needs_rating_or_score_column(mini_copy):
    mini_copy.drop_column("performance.csv", "rating")
    mini_copy.drop_column("performance.csv", "score")
    export, report = load_export(mini_copy.dir)
    assert export is None
    assert one(report, file="performance.csv").problem == "needs a rating or a score column"


def test_duplicate_keys_are_fatal_naming_every_row(mini_copy):
    first = mini_copy.line_of("positions.csv", position_id="DUK-02")
    row = mini_copy.rows("positions.csv")[first - 2]
    second = mini_copy.append_row("positions.csv", **row)
    third = mini_copy.append_row("positions.csv", **{**row, "title": "another"})
    emp_first = mini_copy.line_of("employees.csv", employee_id=employee_id(7))
    emp_dup = mini_copy.append_row("employees.csv",
                                   **mini_copy.rows("employees.csv")[emp_first - 2])
    export, report = load_export(mini_copy.dir)
    assert export is None
    dups = found(report, file="positions.csv", severity="fatal", column="position_id")
    assert sorted(p.row for p in dups) == [first, second, third]
    assert one(report, file="positions.csv", row=first).problem == \
        f"duplicate position_id (also on rows {second}, {third})"
    assert all(p.value == "DUK-02" for p in dups)
    emp = found(report, file="employees.csv", severity="fatal")
    assert sorted(p.row for p in emp) == [emp_first, emp_dup]
    assert all(p.value is None for p in emp)       # the NIP is personal: never quoted


@pytest.mark.parametrize("name", ["units.csv", "positions.csv", "employees.csv"])
def test_header_only_core_file_is_fatal(mini_copy, name):
    mini_copy.write(name, [])
    export, report = load_export(mini_copy.dir)
    assert export is None
    p = one(report, file=name, severity="fatal")
    assert p.problem == "no data rows (header only)" and p.row is None


@pytest.mark.parametrize("name", ["education.csv", "trainings.csv", "performance.csv",
                                  "assignments.csv"])
def test_header_only_history_file_is_a_warning(mini_copy, name):
    mini_copy.write(name, [])
    export, report = load_export(mini_copy.dir)
    assert export is not None and report.ok
    p = one(report, file=name)
    assert p.severity == "warning" and p.row is None and "no data rows" in p.problem
    assert report.rows_read[name] == 0


def test_header_only_assessments_is_fine(mini_copy):
    mini_copy.write("assessments.csv", [])
    export, report = load_export(mini_copy.dir)
    assert report.clean and export.assessments.empty


def test_empty_file_is_fatal(mini_copy):
    mini_copy.write_raw("trainings.csv", b"")
    export, report = load_export(mini_copy.dir)
    assert export is None
    assert one(report, file="trainings.csv").problem == "empty file: no header line"


def test_undecodable_header_is_fatal(mini_copy):
    data = mini_copy.path("units.csv").read_bytes()
    mini_copy.write_raw("units.csv", data.replace(b"unit_name", b"unit_n\xe4me", 1))
    export, report = load_export(mini_copy.dir)
    assert export is None
    p = one(report, file="units.csv")
    assert (p.severity, p.row, p.problem) == ("fatal", 1, "header is not valid UTF-8")


def test_duplicate_header_column_is_fatal(mini_copy):
    data = mini_copy.path("units.csv").read_bytes().decode()
    lines = data.split("\n")
    lines[0] += ",Unit_Type"
    mini_copy.write_raw("units.csv", "\n".join(lines).encode())
    export, report = load_export(mini_copy.dir)
    assert export is None
    assert one(report, file="units.csv").column == "unit_type"


# --- row level: quarantined ------------------------------------------------------------------

def test_unparseable_dates_quarantine_the_row_and_cascade(mini_copy):
    emp_line = mini_copy.line_of("employees.csv", employee_id=employee_id(7))
    mini_copy.set_cell("employees.csv", emp_line, "birth_date", "1978-02-30")
    tr_line = mini_copy.line_of("trainings.csv", employee_id=employee_id(3), kind="teknis")
    mini_copy.set_cell("trainings.csv", tr_line, "end_date", "12/05/2023")
    export, report = load_export(mini_copy.dir)
    assert export is not None and report.ok
    p = one(report, file="employees.csv", row=emp_line)
    assert (p.severity, p.column) == ("row", "birth_date")
    assert p.problem.startswith("unparseable date") and p.value is None   # personal
    assert "1978" not in p.problem
    t = one(report, file="trainings.csv", row=tr_line)
    assert (t.severity, t.column, t.value) == ("row", "end_date", "12/05/2023")
    # cascade: every row of E07 elsewhere is quarantined, naming employees.csv's row
    assert employee_id(7) not in set(export.employees["employee_id"])
    for name in ("education.csv", "trainings.csv", "performance.csv", "assignments.csv"):
        n_rows = sum(r["employee_id"] == employee_id(7) for r in mini_copy.rows(name))
        cascaded = found(report, file=name, column="employee_id")
        assert len(cascaded) == n_rows > 0, name
        assert all(f"because of employees.csv row {emp_line}: unparseable date" in c.problem
                   for c in cascaded)
    # E07's position is vacant now: his current assignment is gone
    assert export.positions.set_index("position_id").loc["DUK-01", "vacancies"] == 1
    assert_nothing_lost(report)
    assert employee_id(7) not in report.to_json()


def test_unknown_references_quarantine_the_row(mini_copy):
    line_pos = mini_copy.append_row("assignments.csv", employee_id=employee_id(20),
                                    position_id="NOPE-01", start_date="2025-01-02")
    line_emp = mini_copy.append_row("performance.csv", employee_id="199001012015031999",
                                    year="2024", rating="Baik")
    line_unit = mini_copy.append_row("positions.csv", position_id="X-01", title="Staf",
                                     unit_id="DINAS-ENTAH", job_type="pelaksana",
                                     job_class="5", min_education="SMA", slots="1")
    export, report = load_export(mini_copy.dir)
    p = one(report, file="assignments.csv", row=line_pos)
    assert (p.severity, p.column, p.value) == ("row", "position_id", "NOPE-01")
    assert p.problem == "unknown position_id: not in positions.csv"
    p = one(report, file="performance.csv", row=line_emp)
    assert (p.severity, p.column, p.value) == ("row", "employee_id", None)
    assert p.problem == "unknown employee_id: not in employees.csv"
    p = one(report, file="positions.csv", row=line_unit)
    assert (p.severity, p.column, p.value) == ("row", "unit_id", "DINAS-ENTAH")
    assert "X-01" not in set(export.positions["position_id"])
    assert_nothing_lost(report)


def test_quarantined_unit_cascades_to_positions_and_assignments(mini_copy):
    line = mini_copy.line_of("units.csv", unit_id="KEC-BARAT")
    mini_copy.set_cell("units.csv", line, "parent_unit_id", "KOTA-ENTAH")
    export, report = load_export(mini_copy.dir)
    p = one(report, file="units.csv", row=line)
    assert (p.column, p.problem) == ("parent_unit_id", "unknown parent_unit_id: not in units.csv")
    # KEL-SATU's parent is KEC-BARAT: quarantined too, then their positions, then assignments
    kel = one(report, file="units.csv", column="parent_unit_id", value="KEC-BARAT")
    assert f"because of units.csv row {line}" in kel.problem
    lost_positions = {"KEC-01", "KEL-01", "KEL-02"}
    assert not lost_positions & set(export.positions["position_id"])
    moved = [p for p in found(report, file="assignments.csv") if p.value in lost_positions]
    assert moved and all(f"units.csv row {line}" in p.problem for p in moved)
    assert_nothing_lost(report)


def test_out_of_vocabulary_values_quarantine_the_row(mini_copy):
    perf = mini_copy.line_of("performance.csv", year="2023")
    mini_copy.set_cell("performance.csv", perf, "rating", "Istimewa")
    pos = mini_copy.line_of("positions.csv", position_id="DUK-03")
    mini_copy.set_cell("positions.csv", pos, "job_type", "staf ahli")
    rank = mini_copy.line_of("employees.csv", employee_id=employee_id(11))
    mini_copy.set_cell("employees.csv", rank, "rank", "V/a")
    edu = mini_copy.line_of("education.csv", employee_id=employee_id(5))
    mini_copy.set_cell("education.csv", edu, "level", "Paket C+")
    export, report = load_export(mini_copy.dir)
    assert export is not None
    checks = [("performance.csv", perf, "rating", "Istimewa"),
              ("positions.csv", pos, "job_type", "staf ahli"),
              ("employees.csv", rank, "rank", "V/a"),
              ("education.csv", edu, "level", "Paket C+")]
    for name, line, column, value in checks:
        p = one(report, file=name, row=line, column=column)
        assert p.severity == "row" and p.value == value and f"'{value}'" in p.problem
    assert_nothing_lost(report)


def test_numbers_out_of_range_quarantine_the_row(mini_copy):
    hours = mini_copy.line_of("trainings.csv", kind="latsar", employee_id=employee_id(13))
    mini_copy.set_cell("trainings.csv", hours, "hours", "-4")
    score = mini_copy.line_of("performance.csv", year="2020", employee_id=employee_id(2))
    mini_copy.set_cell("performance.csv", score, "score", "130")
    level = mini_copy.line_of("assessments.csv", competency="teknis")
    mini_copy.set_cell("assessments.csv", level, "level", "6")
    slots = mini_copy.line_of("positions.csv", position_id="KEL-02")
    mini_copy.set_cell("positions.csv", slots, "slots", "0")
    std = mini_copy.line_of("positions.csv", position_id="DUK-01")
    mini_copy.set_cell("positions.csv", std, "competency_standard", "integritas=7")
    export, report = load_export(mini_copy.dir)
    for name, line, column in [("trainings.csv", hours, "hours"),
                               ("performance.csv", score, "score"),
                               ("assessments.csv", level, "level"),
                               ("positions.csv", slots, "slots"),
                               ("positions.csv", std, "competency_standard")]:
        assert one(report, file=name, row=line, column=column).severity == "row"
    assert one(report, file="trainings.csv", row=hours).problem == \
        "hours must be a number ≥ 0: '-4'"
    assert_nothing_lost(report)


def test_performance_needs_rating_or_score_and_one_row_a_year(mini_copy):
    empty = mini_copy.append_row("performance.csv", employee_id=employee_id(5), year="2018")
    dup = mini_copy.append_row("performance.csv", employee_id=employee_id(6), year="2024",
                               rating="Baik")
    orig = mini_copy.line_of("performance.csv", employee_id=employee_id(6), year="2024")
    export, report = load_export(mini_copy.dir)
    p = one(report, file="performance.csv", row=empty)
    assert (p.severity, p.column, p.problem) == ("row", None, "neither rating nor score given")
    for line in (orig, dup):
        p = one(report, file="performance.csv", row=line)
        assert p.column == "year" and f"rows {orig}, {dup}" in p.problem
    assert_nothing_lost(report)


def test_end_date_before_start_date(mini_copy):
    line = mini_copy.line_of("assignments.csv", employee_id=employee_id(2), end_date="2021-02-01")
    mini_copy.set_cell("assignments.csv", line, "end_date", "2010-01-01")
    _, report = load_export(mini_copy.dir)
    p = one(report, file="assignments.csv", row=line)
    assert (p.severity, p.column, p.problem) == ("row", "end_date", "end_date before start_date")


def test_non_utf8_row_is_quarantined_naming_its_line(mini_copy):
    before = len(mini_copy.rows("trainings.csv"))
    mini_copy.append_raw("trainings.csv", f"{employee_id(3)},Bimtek Caf\xe9 Kreatif,teknis,8,"
                         "2024-02-02\n".encode("latin-1"))
    _, report = load_export(mini_copy.dir)
    p = one(report, file="trainings.csv", severity="row")
    assert (p.row, p.column) == (before + 2, "name")
    assert "not valid UTF-8" in p.problem and "\\xe9" in p.value
    assert report.rows_read["trainings.csv"] == before + 1
    assert_nothing_lost(report)


def test_non_utf8_bytes_in_an_ignored_column_do_not_matter(mini_copy):
    rows = mini_copy.rows("units.csv")
    mini_copy.write("units.csv", [{**r, "catatan": "-"} for r in rows],
                    mini_copy.columns("units.csv") + ["catatan"])
    mini_copy.append_raw("units.csv", b"DINAS-Z,Dinas Z,dinas,,caf\xe9\n")
    export, report = load_export(mini_copy.dir)
    assert report.clean and "DINAS-Z" in set(export.units["unit_id"])


def test_non_utf8_key_row_cascades_with_its_reason(mini_copy):
    line = mini_copy.line_of("employees.csv", employee_id=employee_id(16))
    data = mini_copy.path("employees.csv").read_bytes().split(b"\n")
    data[line - 1] = data[line - 1].replace(b"Pegawai 16", b"Pegaw\xe4i 16")
    mini_copy.write_raw("employees.csv", b"\n".join(data))
    export, report = load_export(mini_copy.dir)
    p = one(report, file="employees.csv", row=line)
    assert p.column == "name" and p.value is None      # names are never quoted
    cascaded = found(report, file="assignments.csv", column="employee_id")
    assert len(cascaded) == 1 and f"employees.csv row {line}: not valid UTF-8" in \
        cascaded[0].problem
    assert_nothing_lost(report)


def test_row_with_wrong_number_of_fields(mini_copy):
    mini_copy.append_raw("units.csv", b"DINAS-X,Dinas X\n")
    mini_copy.append_raw("units.csv", b"DINAS-Y,Dinas Y,dinas,,,\n")   # trailing empties: fine
    export, report = load_export(mini_copy.dir)
    p = one(report, file="units.csv", severity="row")
    assert (p.row, p.problem) == (7, "row has 2 fields, the header has 4")
    assert "DINAS-Y" in set(export.units["unit_id"])


def test_quoted_multiline_cells_keep_line_numbers(mini_copy):
    rows = mini_copy.rows("positions.csv")
    rows[0]["title"] = "Kepala Bagian\nUmum dan\nPerlengkapan"   # spans 3 physical lines
    mini_copy.write("positions.csv", rows)
    line = mini_copy.line_of("positions.csv", position_id="KEL-02") + 2
    raw = mini_copy.path("positions.csv").read_text().split("\n")
    assert raw[line - 1].startswith("KEL-02,")        # the line a person sees in an editor
    mini_copy.set_cell("positions.csv", line - 2, "job_class", "tujuh")
    export, report = load_export(mini_copy.dir)
    assert one(report, file="positions.csv", column="job_class").row == line
    assert export.positions["title"].iloc[0] == "Kepala Bagian\nUmum dan\nPerlengkapan"


def test_two_current_assignments_keep_the_later_one(mini_copy):
    old = mini_copy.line_of("assignments.csv", employee_id=employee_id(3), end_date="")
    new = mini_copy.append_row("assignments.csv", employee_id=employee_id(3),
                               position_id="DUK-02", start_date="2023-01-02", kind="mutasi")
    export, report = load_export(mini_copy.dir)
    p = one(report, file="assignments.csv", severity="row")
    assert (p.row, p.column) == (old, "end_date")
    assert p.problem == (f"another current assignment (empty end_date) of the same employee "
                         f"starts later (row {new}), which is kept as current")
    emp = export.employees.set_index("employee_id").loc[employee_id(3)]
    assert emp["current_position_id"] == "DUK-02"
    assert emp["current_start_date"] == pd.Timestamp("2023-01-02")
    assert_nothing_lost(report)


def test_two_current_assignments_on_the_same_date_keep_none(mini_copy):
    old = mini_copy.line_of("assignments.csv", employee_id=employee_id(3), end_date="")
    new = mini_copy.append_row("assignments.csv", employee_id=employee_id(3),
                               position_id="DUK-02", start_date="2019-05-01")
    export, report = load_export(mini_copy.dir)
    hits = found(report, file="assignments.csv", severity="row")
    assert sorted(p.row for p in hits) == [old, new]
    assert all(f"(rows {old}, {new}): none can be taken as current" in p.problem for p in hits)
    emp = export.employees.set_index("employee_id").loc[employee_id(3)]
    assert pd.isna(emp["current_position_id"])
    assert_nothing_lost(report)


# --- warnings: the row is kept ---------------------------------------------------------------

def test_unknown_free_text_kinds_are_warnings(mini_copy):
    tr = mini_copy.line_of("trainings.csv", kind="teknis")
    mini_copy.set_cell("trainings.csv", tr, "kind", "webinar")
    asg = mini_copy.line_of("assignments.csv", kind="mutasi")
    mini_copy.set_cell("assignments.csv", asg, "kind", "penugasan khusus")
    export, report = load_export(mini_copy.dir)
    assert report.ok and not found(report, severity="row")
    p = one(report, file="trainings.csv", row=tr)
    assert (p.severity, p.column, p.value) == ("warning", "kind", "webinar")
    assert one(report, file="assignments.csv", row=asg).severity == "warning"
    assert report.rows_used["trainings.csv"] == report.rows_read["trainings.csv"]
    assert "webinar" in set(export.trainings["kind"])


def test_kept_rows_with_odd_optional_values_warn(mini_copy):
    line = mini_copy.line_of("employees.csv", employee_id=employee_id(19))
    mini_copy.set_cell("employees.csv", line, "preferred_unit_ids", "BPKAD;DINAS-ENTAH")
    mini_copy.set_cell("employees.csv", line, "gender", "X")
    mini_copy.set_cell("employees.csv", line, "rank", "")
    export, report = load_export(mini_copy.dir)
    cols = {p.column for p in found(report, file="employees.csv", row=line)}
    assert cols == {"preferred_unit_ids", "gender", "rank"}
    assert all(p.severity == "warning" for p in report.problems)
    emp = export.employees.set_index("employee_id").loc[employee_id(19)]
    assert emp["preferred_unit_ids"] == ("BPKAD",) and pd.isna(emp["gender"])


def test_employee_without_education_is_warned(mini_copy):
    mini_copy.write("education.csv", [r for r in mini_copy.rows("education.csv")
                                      if r["employee_id"] != employee_id(12)])
    export, report = load_export(mini_copy.dir)
    line = mini_copy.line_of("employees.csv", employee_id=employee_id(12))
    p = one(report, file="employees.csv", row=line)
    assert p.severity == "warning" and "education" in p.problem


# --- the invariant and the report's forms ----------------------------------------------------

def test_every_row_is_used_or_reported_under_mixed_damage(mini_copy):
    mini_copy.set_cell("employees.csv", 3, "hire_date", "kemarin")
    mini_copy.set_cell("positions.csv", 4, "min_education", "S9")
    mini_copy.append_row("assignments.csv", employee_id=employee_id(1), position_id="BPKAD-01",
                         start_date="2025-01-01")
    mini_copy.append_raw("education.csv", b"\xff\xfe,S1\n")
    mini_copy.append_row("trainings.csv", employee_id="nobody", name="X", end_date="2024-01-01")
    export, report = load_export(mini_copy.dir)
    assert export is not None and report.ok and not report.clean
    assert_nothing_lost(report)
    for name, table in [("employees.csv", "employees"), ("positions.csv", "positions"),
                        ("assignments.csv", "assignments"), ("education.csv", "education")]:
        assert report.rows_used[name] == len(export.table(table))
    data = json.loads(report.to_json())
    assert data["ok"] and data["counts"]["row"] == len(found(report, severity="row"))
    text = report.to_text()
    assert "quarantined" in text and "employees.csv row 3" in text


def test_export_has_the_documented_columns(mini_export):
    """The columns features/export.py promises to everything downstream."""
    documented = {
        "units": "unit_id unit_name unit_type parent_unit_id",
        "positions": "position_id title unit_id job_type functional_level job_class "
                     "min_education min_education_ordinal fields_of_study min_rank "
                     "min_rank_ordinal max_age competency_standard required_trainings slots "
                     "managerial_level occupied vacancies",
        "employees": "employee_id name gender birth_date status rank rank_ordinal rank_date "
                     "hire_date open_to_move preferred_unit_ids sanction_until "
                     "highest_education highest_education_ordinal current_position_id "
                     "current_start_date",
        "education": "employee_id level level_ordinal field_of_study institution "
                     "graduation_year",
        "trainings": "employee_id name canonical_name kind hours end_date",
        "performance": "employee_id year rating score regime value",
        "assignments": "employee_id position_id start_date end_date kind is_current",
        "assessments": "employee_id competency level assessed_date",
    }
    for table, cols in documented.items():
        df = mini_export.table(table)
        assert set(df.columns) == set(cols.split()) | {"source_row"}, table
        assert isinstance(df.index, pd.RangeIndex), table
    pos = mini_export.positions.set_index("position_id")
    assert pos.loc["KEC-01", "required_trainings"] == ("PKA",)        # Diklatpim III
    assert pos.loc["SETDA-01", "competency_standard"] == {
        "integritas": 3, "kerjasama": 3, "pengambilan_keputusan": 3}
    perf = mini_export.performance
    assert set(perf["regime"]) == {"pp46_2011", "pp30_2019", "permenpan6_2022"}
    assert perf["value"].between(1, 5).all()
    tr = mini_export.trainings
    assert set(tr["canonical_name"].dropna()) == {"LATSAR", "PKA", "PKP"}


def test_generated_city_loads_clean(small_city):
    """The synthetic city is one producer of the contract: its export must load clean, and
    its ground truth must not live inside the export folder."""
    export, report = load_export(small_city / "export")
    assert report.clean, report.to_text(limit=40)
    assert_nothing_lost(report)
    assert not any("truth" in p.name for p in (small_city / "export").iterdir())
    assert len(export.employees) > 0


@pytest.mark.heavy
def test_full_size_city_loads_in_seconds(full_city, record_property):
    import time

    t0 = time.perf_counter()
    export, report = load_export(full_city / "export")
    elapsed = time.perf_counter() - t0
    record_property("load_seconds", round(elapsed, 2))
    assert report.clean, report.to_text(limit=40)
    assert len(export.employees) == 5000
    assert elapsed < 8.0, f"loading took {elapsed:.1f} s"        # ~1.2–2 s here, 2 cores


def test_random_damage_never_crashes(tmp_path):
    """Byte-level vandalism of random files: always a report, never an exception; when the
    export loads, nothing is lost."""
    import random

    rng = random.Random(20250701)
    base = build_export(tmp_path / "base")
    names = REQUIRED_FILES + ("assessments.csv",)
    junk = [b",", b"\"", b"\n", b"\r\n", b"\xff", b"\xc3", b";", b"=", b"-", b"\x00", b"  ",
            b"IV/z", b"2020-02-30", b"-1", b"1e9"]
    for trial in range(15):
        m = build_export(tmp_path / f"t{trial}")
        for _ in range(rng.randint(1, 4)):
            name = rng.choice(names)
            data = bytearray(base.path(name).read_bytes())
            for _ in range(rng.randint(1, 6)):
                pos = rng.randrange(len(data))
                action = rng.random()
                if action < 0.4:
                    data[pos:pos] = rng.choice(junk)
                elif action < 0.7:
                    del data[pos:pos + rng.randint(1, 30)]
                else:
                    data[pos] = rng.randrange(256)
            m.write_raw(name, bytes(data))
        export, report = load_export(m.dir)          # must not raise
        assert (export is None) == (not report.ok)
        report.to_json(), report.to_text()
        if export is not None:
            assert_nothing_lost(report)
