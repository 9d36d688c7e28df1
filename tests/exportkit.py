"""A hand-made mini city in the HR-export format, written to a folder, with hooks to damage it.

Small enough to reason about in a test: 5 units, 12 positions, 20 employees with education,
trainings, appraisals, assignments and a few assessments. Facts the tests rely on (as of
AS_OF = 2025-07-01):
- vacant: BPKAD-01 (JPT pratama, max_age 56, min IV/b, S2), BPKAD-03, DUK-02, SETDA-02, KEL-02;
  BPKAD-02 is overstaffed (2 people in 1 slot, vacancies -1);
- E04 started in his position 2024-09-01: not yet due; E13, E14 are CPNS; E15, E16 are PPPK;
- E01 (IV/c, S2) is 57: over the age limit of BPKAD-01; E19 (IV/b, S2, 50) is eligible for it;
- E09 has a sanction until 2026-01-01; E10's ended 2024-01-01;
- E14 and E20 have no current position; E20's highest education is D4 (counts as S1).
Ids are fake 18-digit NIP-like strings; names are "Pegawai NN" (no real people).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

AS_OF = date(2025, 7, 1)

UNITS = [
    # unit_id, unit_name, unit_type, parent_unit_id
    ("SETDA", "Sekretariat Daerah", "sekretariat", ""),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", ""),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", ""),
    ("KEC-BARAT", "Kecamatan Binjai Barat", "kecamatan", ""),
    ("KEL-SATU", "Kelurahan Satu", "kelurahan", "KEC-BARAT"),
]

POSITIONS = [
    # position_id, title, unit_id, job_type, functional_level, job_class, min_education,
    # fields_of_study, min_rank, max_age, competency_standard, required_trainings, slots
    ("SETDA-01", "Kepala Bagian Umum", "SETDA", "administrator", "", "11", "S1",
     "Administrasi Negara;Ilmu Pemerintahan", "III/d", "",
     "integritas=3;kerjasama=3;pengambilan_keputusan=3", "PKA", "1"),
    ("SETDA-02", "Pengadministrasi Umum", "SETDA", "pelaksana", "", "5", "SMA", "", "II/a", "",
     "integritas=1;teknis=1", "", "4"),
    ("BPKAD-01", "Kepala Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "jpt_pratama",
     "", "14", "S2", "Akuntansi;Keuangan;Ekonomi", "IV/b", "56",
     "integritas=4;pengambilan_keputusan=4;teknis=4", "PKN2", "1"),
    ("BPKAD-02", "Kepala Bidang Anggaran", "BPKAD", "administrator", "", "11", "S1",
     "Akuntansi;Keuangan", "III/d", "", "integritas=3;teknis=3", "PKA", "1"),
    ("BPKAD-03", "Analis Keuangan Pusat dan Daerah Ahli Muda", "BPKAD", "fungsional",
     "ahli_muda", "9", "S1", "Akuntansi;Ekonomi", "III/c", "", "teknis=3", "", "3"),
    ("BPKAD-04", "Pengelola Keuangan", "BPKAD", "pelaksana", "", "6", "D3", "Akuntansi",
     "II/c", "", "teknis=2", "", "2"),
    ("DUK-01", "Kepala Seksi Pendaftaran Penduduk", "DISDUKCAPIL", "pengawas", "", "9", "S1",
     "", "III/b", "", "pelayanan_publik=2;integritas=2", "PKP", "1"),
    ("DUK-02", "Pranata Komputer Ahli Pertama", "DISDUKCAPIL", "fungsional", "ahli_pertama",
     "8", "S1", "Informatika;Sistem Informasi", "III/a", "", "teknis=2", "", "4"),
    ("DUK-03", "Pengadministrasi Kependudukan", "DISDUKCAPIL", "pelaksana", "", "5", "SMA", "",
     "II/a", "", "", "", "2"),
    ("KEC-01", "Camat Binjai Barat", "KEC-BARAT", "administrator", "", "12", "S1",
     "Ilmu Pemerintahan", "III/d", "", "pengambilan_keputusan=3", "Diklatpim III", "1"),
    ("KEL-01", "Lurah Satu", "KEL-SATU", "pengawas", "", "9", "S1", "", "III/b", "", "", "PKP",
     "1"),
    ("KEL-02", "Sekretaris Kelurahan Satu", "KEL-SATU", "pengawas", "", "8", "D3", "", "III/a",
     "", "", "", "1"),
]

# employee no, gender, birth_date, status, rank, rank_date, hire_date, open_to_move,
# preferred_unit_ids, sanction_until, education [(level, field, year)], current position,
# current start, previous (position, start) or None
_PEOPLE = [
    (1, "L", "1968-02-01", "PNS", "IV/c", "2020-04-01", "1994-03-01", "Y", "BPKAD", "",
     [("S1", "Administrasi Negara", 1991), ("S2", "Magister Administrasi Publik", 2001)],
     "SETDA-01", "2020-01-01", ("KEC-01", "2014-01-02")),
    (2, "P", "1980-06-15", "PNS", "III/d", "2019-10-01", "2005-03-01", "N", "", "",
     [("S1", "Akuntansi", 2003)], "BPKAD-02", "2021-02-01", ("BPKAD-03", "2015-03-01")),
    (3, "P", "1985-09-09", "PNS", "III/c", "2020-04-01", "2009-03-01", "", "", "",
     [("S1", "S1 Akuntansi", 2007)], "BPKAD-03", "2019-05-01", ("BPKAD-04", "2009-03-01")),
    (4, "L", "1992-01-20", "PNS", "III/a", "2019-03-01", "2019-03-01", "Y", "", "",
     [("S1", "Ekonomi Pembangunan", 2015)], "BPKAD-04", "2024-09-01", ("SETDA-02", "2019-03-01")),
    (5, "P", "1988-11-30", "PNS", "II/c", "2012-03-01", "2012-03-01", "", "", "",
     [("D3", "Akuntansi", 2009)], "BPKAD-04", "2018-01-01", None),
    (6, "L", "1990-04-04", "PNS", "III/b", "2021-04-01", "2015-03-01", "Y", "", "",
     [("S1", "T. Informatika", 2013)], "DUK-02", "2020-06-01", ("DUK-03", "2015-03-01")),
    (7, "P", "1978-07-07", "PNS", "III/d", "2018-10-01", "2003-03-01", "", "", "",
     [("S1", "Administrasi Negara", 2001)], "DUK-01", "2017-03-01", None),
    (8, "L", "1967-01-01", "PNS", "IV/a", "2016-04-01", "1992-03-01", "", "", "",
     [("S1", "Ilmu Pemerintahan", 1990), ("S2", "Ilmu Pemerintahan", 2000)], "KEC-01",
     "2019-01-02", ("KEL-01", "2012-01-02")),
    (9, "L", "1983-03-03", "PNS", "III/c", "2019-04-01", "2008-03-01", "", "", "2026-01-01",
     [("S1", "Ilmu Pemerintahan", 2006)], "KEL-01", "2020-10-01", None),
    (10, "P", "1986-12-12", "PNS", "III/b", "2020-10-01", "2011-03-01", "", "", "2024-01-01",
     [("S1", "Ilmu Hukum", 2009)], "SETDA-02", "2016-01-01", None),
    (11, "L", "1975-05-25", "PNS", "II/a", "2010-03-01", "2010-03-01", "", "", "",
     [("SMA", "IPS", 1993)], "SETDA-02", "2015-01-01", None),
    (12, "P", "1995-08-08", "PNS", "II/b", "2022-04-01", "2018-03-01", "", "", "",
     [("SMK", "Akuntansi", 2013)], "SETDA-02", "2022-01-01", ("DUK-03", "2018-03-01")),
    (13, "L", "1998-02-02", "CPNS", "III/a", "2024-02-01", "2024-02-01", "", "", "",
     [("S1", "Informatika", 2020)], "DUK-02", "2024-02-01", None),
    (14, "P", "2000-10-10", "CPNS", "II/a", "2025-02-01", "2025-02-01", "", "", "",
     [("SMA", "IPA", 2018)], "", "", None),
    (15, "P", "1993-05-05", "PPPK", "", "", "2022-03-01", "Y", "", "",
     [("S1", "Sistem Informasi", 2016)], "DUK-02", "2022-03-01", None),
    (16, "L", "1991-09-19", "PPPK", "", "", "2021-01-01", "", "", "",
     [("D3", "Manajemen Informatika", 2012)], "DUK-03", "2021-01-01", None),
    (17, "L", "1994-06-06", "PNS", "III/a", "2020-03-01", "2020-03-01", "", "", "",
     [("S1", "Administrasi Negara", 2017)], "DUK-03", "2020-03-01", None),
    (18, "P", "1982-02-22", "PNS", "III/d", "2020-04-01", "2006-03-01", "", "", "",
     [("S1", "Manajemen", 2004)], "BPKAD-02", "2018-07-01", ("BPKAD-04", "2006-03-01")),
    (19, "L", "1975-05-05", "PNS", "IV/b", "2021-04-01", "1999-03-01", "Y", "BPKAD;SETDA", "",
     [("S1", "Akuntansi", 1997), ("S2", "Magister Keuangan", 2006)], "BPKAD-03", "2016-01-01",
     ("BPKAD-04", "1999-03-01")),
    (20, "P", "1987-07-17", "PNS", "III/c", "2021-10-01", "2010-03-01", "", "", "",
     [("D4", "Akuntansi Sektor Publik", 2008)], "", "", ("BPKAD-04", "2010-03-01")),
]


def employee_id(no: int) -> str:
    """A fake 18-digit NIP-shaped id (birth yyyymmdd + hire yyyymm + gender + serial)."""
    p = _PEOPLE[no - 1]
    return f"{p[2].replace('-', '')}{p[6][:7].replace('-', '')}{1 if p[1] == 'L' else 2}{no:03d}"


def _rows() -> dict[str, list[dict[str, str]]]:
    units = [dict(zip(("unit_id", "unit_name", "unit_type", "parent_unit_id"), u))
             for u in UNITS]
    pos_cols = ("position_id", "title", "unit_id", "job_type", "functional_level", "job_class",
                "min_education", "fields_of_study", "min_rank", "max_age",
                "competency_standard", "required_trainings", "slots")
    positions = [dict(zip(pos_cols, p)) for p in POSITIONS]
    employees, education, trainings, performance, assignments = [], [], [], [], []
    for p in _PEOPLE:
        (no, gender, birth, status, rank, rank_date, hire, move, preferred, sanction, edu,
         cur, cur_start, prev) = p
        eid = employee_id(no)
        employees.append({
            "employee_id": eid, "name": f"Pegawai {no:02d}", "gender": gender,
            "birth_date": birth, "status": status, "rank": rank, "rank_date": rank_date,
            "hire_date": hire, "open_to_move": move, "preferred_unit_ids": preferred,
            "sanction_until": sanction})
        for level, field, year in edu:
            education.append({"employee_id": eid, "level": level, "field_of_study": field,
                              "institution": "Universitas Sumatera Utara" if level != "SMA"
                              else "", "graduation_year": str(year)})
        hire_year = int(hire[:4])
        trainings.append({"employee_id": eid,
                          "name": "LATSAR CPNS" if hire_year >= 2018 else "Diklat Prajabatan",
                          "kind": "latsar", "hours": "300" if hire_year >= 2018 else "",
                          "end_date": f"{hire_year}-11-30"})
        if cur in ("SETDA-01", "BPKAD-02", "KEC-01") or no == 19:
            trainings.append({"employee_id": eid, "name": "Diklatpim III", "kind":
                              "kepemimpinan", "hours": "360",
                              "end_date": f"{int(cur_start[:4]) - 1}-10-15"})
        if cur in ("DUK-01", "KEL-01"):
            trainings.append({"employee_id": eid,
                              "name": "Pelatihan Kepemimpinan Pengawas (PKP)",
                              "kind": "kepemimpinan", "hours": "250",
                              "end_date": "2019-09-20"})
        if no % 3 == 0:
            trainings.append({"employee_id": eid, "name": "Bimtek Pengelolaan Keuangan Daerah",
                              "kind": "teknis", "hours": "32.5", "end_date": "2023-05-12"})
        for year in range(max(2019, hire_year), 2025):
            base = 3 + (no * 7 + year) % 3          # 3..5, deterministic
            if year < 2020:
                row = {"rating": "", "score": str(55 + base * 8)}
            elif year < 2022:
                row = {"rating": "", "score": str(60 + base * 10)}
            else:
                row = {"rating": ("Butuh Perbaikan", "Baik", "Sangat Baik")[base - 3],
                       "score": ""}
            performance.append({"employee_id": eid, "year": str(year), **row})
        if prev is not None:
            prev_pos, prev_start = prev
            end = cur_start if cur else "2024-12-31"
            assignments.append({"employee_id": eid, "position_id": prev_pos,
                                "start_date": prev_start, "end_date": end,
                                "kind": "pengangkatan" if prev_start[:7] == hire[:7]
                                else "mutasi"})
        if cur:
            assignments.append({"employee_id": eid, "position_id": cur,
                                "start_date": cur_start, "end_date": "",
                                "kind": "pengangkatan" if prev is None else "mutasi"})
    assessments = []
    for no, levels in ((2, {"integritas": 3, "teknis": 3}), (3, {"teknis": 4}),
                       (19, {"integritas": 4, "pengambilan_keputusan": 3, "teknis": 4})):
        for code, level in levels.items():
            assessments.append({"employee_id": employee_id(no), "competency": code,
                                "level": str(level), "assessed_date": "2023-08-01"})
    return {"units.csv": units, "positions.csv": positions, "employees.csv": employees,
            "education.csv": education, "trainings.csv": trainings,
            "performance.csv": performance, "assignments.csv": assignments,
            "assessments.csv": assessments}


def _csv_text(rows: list[dict[str, str]], columns: list[str], newline: str = "\n") -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator=newline,
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


@dataclass
class MiniExport:
    """A written mini export and hooks that damage its files in place."""

    dir: Path

    def path(self, name: str) -> Path:
        return self.dir / name

    def rows(self, name: str) -> list[dict[str, str]]:
        with open(self.path(name), encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))

    def columns(self, name: str) -> list[str]:
        with open(self.path(name), encoding="utf-8-sig", newline="") as f:
            return next(csv.reader(f))

    def write(self, name: str, rows: list[dict[str, str]], columns: list[str] | None = None,
              newline: str = "\n", bom: bool = False) -> None:
        text = _csv_text(rows, columns or self.columns(name), newline)
        self.path(name).write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))

    def drop_column(self, name: str, column: str) -> None:
        cols = [c for c in self.columns(name) if c != column]
        self.write(name, self.rows(name), cols)

    def append_row(self, name: str, /, **values: str) -> int:
        """Append a data row (missing cells empty); returns its CSV line number."""
        rows = self.rows(name)
        rows.append({c: values.get(c, "") for c in self.columns(name)})
        self.write(name, rows)
        return len(rows) + 1

    def set_cell(self, name: str, line: int, column: str, value: str) -> None:
        """Change one cell, the row named by its CSV line number (header = 1)."""
        rows = self.rows(name)
        rows[line - 2][column] = value
        self.write(name, rows)

    def line_of(self, name: str, **match: str) -> int:
        """CSV line number of the first row whose cells equal `match`."""
        for i, row in enumerate(self.rows(name)):
            if all(row[k] == v for k, v in match.items()):
                return i + 2
        raise LookupError(f"no row {match} in {name}")

    def write_raw(self, name: str, data: bytes) -> None:
        self.path(name).write_bytes(data)

    def append_raw(self, name: str, data: bytes) -> None:
        with open(self.path(name), "ab") as f:
            f.write(data)

    def remove(self, name: str) -> None:
        self.path(name).unlink()


def build_export(directory: Path, *, with_assessments: bool = True) -> MiniExport:
    """Write the mini city to `directory` (created) and return hooks over it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in _rows().items():
        if name == "assessments.csv" and not with_assessments:
            continue
        (directory / name).write_text(_csv_text(rows, list(rows[0])), encoding="utf-8")
    return MiniExport(directory)


def jobfit_settings(home):
    """Settings whose MLflow lives in `home` (a test's tmp folder), whatever the environment
    says: tests never write to a real registry."""
    from jobfit.settings import Settings

    return Settings(home=home, MLFLOW_TRACKING_URI=f"sqlite:///{home.resolve()}/mlflow.db",
                    seed=7)


# What tests say when they promote a model under the fairness bar (jobfit train
# --accept-fairness): the small city's age gap keeps its model below the bar on purpose.
SMALL_CITY_ACCEPT = "tests: a 400-person synthetic city; the tests need a champion"


class FlatModel:
    """A planted model that scores every pair alike: every list is one big tie (tests of the
    tie-break)."""

    def __init__(self, names):
        self.feature_names = names

    def score(self, X):
        import numpy as np

        return np.full(len(X), 0.5)

    def contributions(self, X):
        import numpy as np

        return np.zeros((len(X), len(self.feature_names)))
