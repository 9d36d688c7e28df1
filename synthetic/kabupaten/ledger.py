"""The simulation's records: people, and every event that happens to them.

Why: the history is simulated once and then both the export and the truth are read off the
same records, so they cannot disagree. People are column arrays indexed by a stable uid;
events (assignments, trainings, degrees, assessments, appraisals) are append-only tables.
Dates are integer days since 1970-01-01 throughout.
"""

from __future__ import annotations

from datetime import date

import numpy as np

EDU_LEVELS = ["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "PROFESI", "S2", "S3"]
EDU_CODE = {"SD": 0, "SMP": 1, "SMA": 2, "D1": 3, "D2": 4, "D3": 5, "D4": 6, "S1": 6, "PROFESI": 7, "S2": 8, "S3": 9}
RANKS = ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
         "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]
RANK_CODE = {r: i for i, r in enumerate(RANKS)}
KINDS = ["pengangkatan", "mutasi", "promosi", "rotasi", "demosi"]
KIND_CODE = {k: i for i, k in enumerate(KINDS)}
NAT = np.iinfo(np.int64).max          # "no date" (still active, no sanction...)
YEAR = 365.25


def day(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def iso(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype(str)


def year_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970


PERSON_COLUMNS = {
    "female": bool, "religion": np.int8, "birth": np.int64, "hire": np.int64, "pppk": bool, "pns_date": np.int64,
    "track": np.int8, "g": float, "a": float, "conn": float, "learn": float, "unwilling": bool, "asked": bool,
    "top_field": np.int16, "rank": np.int16, "rank_date": np.int64, "exit": np.int64, "pos": np.int32,
    "pos_start": np.int64, "row": np.int64, "sanction_start": np.int64, "sanction_until": np.int64,
    "lead": np.int8,
}


class Ledger:
    def __init__(self, n_comp: int):
        self.n_comp = n_comp
        self.n = 0
        self.p: dict[str, np.ndarray] = {k: np.zeros(0, dtype=t) for k, t in PERSON_COLUMNS.items()}
        self.e = np.zeros((0, n_comp))            # competency deviations
        self.pref = np.zeros((0, 3), dtype=np.int32)
        # events
        self.asg = {k: [] for k in ("person", "pos", "start", "end", "kind", "invol", "from_unit")}
        self.trn = {k: [] for k in ("person", "field", "weight", "end", "topic", "fmt", "lead", "special", "hours")}
        self.edu = {k: [] for k in ("person", "level", "major", "grad")}
        self.ass = {k: [] for k in ("person", "date", "levels")}
        self.apr = {k: [] for k in ("person", "year", "value", "sanctioned")}

    # -- people --------------------------------------------------------------------------------
    def add_people(self, cols: dict, e: np.ndarray, pref: np.ndarray) -> np.ndarray:
        k = len(e)
        uids = np.arange(self.n, self.n + k)
        for name, dtype in PERSON_COLUMNS.items():
            self.p[name] = np.concatenate([self.p[name], np.asarray(cols[name], dtype=dtype)])
        self.e = np.vstack([self.e, e])
        self.pref = np.vstack([self.pref, pref.astype(np.int32)])
        self.n += k
        return uids

    def active(self, t: int) -> np.ndarray:
        return (self.p["hire"] <= t) & (self.p["exit"] > t)

    # -- events --------------------------------------------------------------------------------
    def add_rows(self, table: dict, **cols) -> None:
        for k, v in cols.items():
            table[k].extend(np.atleast_1d(v).tolist() if not isinstance(v, list) else v)

    def assignments(self) -> dict[str, np.ndarray]:
        return {k: np.asarray(v, dtype=np.int64) for k, v in self.asg.items()}

    def open_row(self, person: int, pos: int, start: int, kind: str, invol: bool, from_unit: int) -> int:
        self.asg["person"].append(person)
        self.asg["pos"].append(pos)
        self.asg["start"].append(start)
        self.asg["end"].append(NAT)
        self.asg["kind"].append(KIND_CODE[kind])
        self.asg["invol"].append(int(invol))
        self.asg["from_unit"].append(from_unit)
        return len(self.asg["person"]) - 1

    def close_row(self, row: int, end: int) -> None:
        self.asg["end"][row] = end
