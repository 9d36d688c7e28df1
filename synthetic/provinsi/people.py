"""The people: one growable table of everyone who ever served in the ten years, and the
records (ledger) the export is later written from.

Why one table of arrays: the yearly rounds and the truth work on whole columns at once
(thousands of people × hundreds of posts), and a person keeps one row index for life, which is
also what the per-pair noise is keyed on. Protected attributes (gender, birth, ethnic group,
religion, name) live here for the history's biases and the export; the truth never reads them
(see truth.PersonState)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .catalog import CERTS, EDU, EDU_LEVELS, N_COMP
from .fields import AFFINITY, FIELDS

EPOCH = date(1970, 1, 1).toordinal()
NEVER = 10**7
STATUS = ("PNS", "CPNS", "PPPK")


def day(d: date) -> int:
    return d.toordinal() - EPOCH


def to_date(n: int) -> date:
    return date.fromordinal(int(n) + EPOCH)


def add_years(d: int, years: float) -> int:
    return int(d + round(years * 365.25))


_FLOAT = ("g", "mgr", "stamina", "resilience", "conn", "remote_years", "struct_years",
          "prev_class")
_INT = ("female", "birth", "group", "religion", "status", "hire", "exit", "rank", "rank_date",
        "edu_top", "sanction_until", "convert", "post", "post_start", "unit_start", "lead",
        "active", "wish_open")


@dataclass
class Ledger:
    """Everything that becomes a row of the export, as plain tuples in event order."""
    asg: list = field(default_factory=list)     # [person, pos, start, end, kind]
    trn: list = field(default_factory=list)     # (person, name, kind, hours, end)
    perf: list = field(default_factory=list)    # (person, year, rating, score)
    asm: list = field(default_factory=list)     # (person, competency, level, date)
    edu: list = field(default_factory=list)     # (person, level, field_text, institution, year)
    current: dict = field(default_factory=dict)  # person -> index into asg


class People:
    def __init__(self, capacity: int):
        self.n = 0
        self.cap = capacity
        self.f = {k: np.zeros(capacity) for k in _FLOAT}
        self.i = {k: np.zeros(capacity, dtype=np.int64) for k in _INT}
        nf = len(FIELDS)
        self.comp = np.zeros((capacity, N_COMP))
        self.exp = np.zeros((capacity, nf))          # years served in posts of each field
        self.train = np.zeros((capacity, nf))        # recent technical training stock
        self.edu_aff = np.zeros((capacity, nf))      # best degree affinity to each post field
        self.certs = np.zeros((capacity, len(CERTS)), dtype=bool)
        self.name = np.empty(capacity, dtype=object)
        self.wish_units = np.full((capacity, 2), -1, dtype=np.int64)

    def add(self) -> int:
        if self.n == self.cap:
            raise RuntimeError("people table full")
        k = self.n
        self.n += 1
        self.i["exit"][k] = NEVER
        self.i["sanction_until"][k] = -1
        self.i["post"][k] = -1
        self.i["rank"][k] = -1
        self.i["convert"][k] = -1
        self.i["wish_open"][k] = -1
        return k

    def add_degree(self, k: int, level: str, fld: int):
        """A degree raises the highest level and the person's best field affinities."""
        weight = {"SMA": 0.7, "D3": 0.85}.get(level, 1.0)
        self.edu_aff[k] = np.maximum(self.edu_aff[k], AFFINITY[fld] * weight)
        self.i["edu_top"][k] = max(self.i["edu_top"][k], EDU[level])

    def alive(self, t: int) -> np.ndarray:
        """Rows of people in service on day t."""
        idx = np.arange(self.n)
        return idx[(self.i["hire"][: self.n] <= t) & (self.i["exit"][: self.n] > t)
                   & (self.i["active"][: self.n] == 1)]

    def age(self, k, t: int):
        b = self.i["birth"][k]
        return (t - b) / 365.25


def edu_name(level_code: int) -> str:
    return EDU_LEVELS[level_code]
