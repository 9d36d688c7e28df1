"""The HR-export contract as the generator tests read it (../shared/contract/hr-export.md):
its files and columns, the order of education levels and ranks, and reading a world's CSVs.

One copy for every generator's conformance test (kabupaten, provinsi, metropolitan), so a
change of the contract is made once. The tests still compute eligibility their own way: that
is the independent check of each generator's truth file.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd

REQUIRED = {
    "units.csv": ["unit_id", "unit_name", "unit_type"],
    "positions.csv": ["position_id", "title", "unit_id", "job_type", "job_class", "min_education",
                      "slots"],
    "employees.csv": ["employee_id", "name", "gender", "birth_date", "status", "hire_date"],
    "education.csv": ["employee_id", "level"],
    "trainings.csv": ["employee_id", "name", "end_date"],
    "performance.csv": ["employee_id", "year"],
    "assignments.csv": ["employee_id", "position_id", "start_date"],
    "assessments.csv": ["employee_id", "competency", "level", "assessed_date"],
}
OPTIONAL_COLUMNS = {
    "units.csv": ["parent_unit_id"],
    "positions.csv": ["functional_level", "fields_of_study", "min_rank", "max_age",
                      "competency_standard", "required_trainings"],
    "employees.csv": ["rank", "rank_date", "open_to_move", "preferred_unit_ids", "sanction_until"],
    "education.csv": ["field_of_study", "institution", "graduation_year"],
    "trainings.csv": ["kind", "hours"],
    "performance.csv": ["rating", "score"],
    "assignments.csv": ["end_date", "kind"],
}
# the contract's order of education levels (D4 counts as S1)
EDU_ORDER = {"SD": 0, "SMP": 1, "SMA": 2, "D1": 3, "D2": 4, "D3": 5, "D4": 6, "S1": 6,
             "PROFESI": 7, "S2": 8, "S3": 9}
RANKS = ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c",
         "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]


def read(world: Path, name: str) -> pd.DataFrame:
    """One export file of a generated world, every cell a string ("" when empty)."""
    return pd.read_csv(world / "export" / name, dtype=str, keep_default_na=False)


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` (byte-identical worlds have equal digests)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- checks every generator's export must pass -----------------------------------------------

def assert_contract_files(world: Path) -> None:
    """Every contract file, with its required and optional columns; required cells filled."""
    for name, cols in REQUIRED.items():
        df = read(world, name)
        missing = [c for c in cols + OPTIONAL_COLUMNS.get(name, []) if c not in df.columns]
        assert not missing, f"{name} lacks {missing}"
        assert len(df) > 0, name
        for c in cols:
            assert (df[c] != "").all(), f"{name}.{c} has empty required cells"


def assert_nothing_after(world: Path, as_of: date) -> None:
    """No hire, assignment, training, assessment, appraisal or diploma after the export date;
    no assignment ending before it started."""
    cut = as_of.isoformat()
    assert (read(world, "employees.csv").hire_date <= cut).all()
    asg = read(world, "assignments.csv")
    ended = asg.end_date != ""
    assert (asg.start_date <= cut).all() and (asg.end_date[ended] <= cut).all()
    assert (asg.end_date[ended] >= asg.start_date[ended]).all()
    assert (read(world, "trainings.csv").end_date <= cut).all()
    assert (read(world, "assessments.csv").assessed_date <= cut).all()
    assert (read(world, "performance.csv").year.astype(int) < as_of.year).all()
    grad = read(world, "education.csv").graduation_year
    assert (grad[grad != ""].astype(int) <= as_of.year).all()


def assert_truth_apart(world: Path, suspicious: tuple[str, ...]) -> None:
    """The export holds the contract's files only, none with a column named like the
    generator's hidden truth (``suspicious``: fragments of its latent names); the truth sits in
    truth/."""
    assert sorted(p.name for p in (world / "export").iterdir()) == sorted(REQUIRED)
    for name in REQUIRED:
        for col in read(world, name).columns:
            assert not any(s in col.lower() for s in suspicious), f"{name}.{col}"
    assert (world / "truth" / "fit.parquet").is_file() and (world / "truth" / "meta.json").is_file()


def assert_one_current_post(world: Path) -> None:
    """Every employee holds exactly one current post (no end date) and no post holds more
    people than its slots."""
    asg, pos = read(world, "assignments.csv"), read(world, "positions.csv")
    cur = asg[asg.end_date == ""]
    assert cur.employee_id.is_unique
    assert set(cur.employee_id) == set(read(world, "employees.csv").employee_id)
    occ = cur.position_id.value_counts()
    assert (occ <= pos.set_index("position_id").slots.astype(int).reindex(occ.index)).all()
