"""The population: who the civil servants are, what they studied, and what they carry
that the export never shows.

Why: one place holds every person's attributes as arrays (grown as people are hired), so
the truth reads a person's state as of any day and the history changes it. Protected
attributes (gender, birth, religion, name) live here for the export and the history's
biases; the latent traits are drawn independently of them.
"""

from __future__ import annotations

import numpy as np

from . import catalogue as C
from .fields import F, FIELDS, JOB_FAMILIES, MAJORS
from .names import RELIGION_P, RELIGIONS, draw_name

EDU_RANK = {"SD": 0, "SMP": 1, "SMA": 2, "D1": 3, "D2": 4, "D3": 5, "D4": 6, "S1": 6, "PROFESI": 7, "S2": 8,
            "S3": 9}
RANKS = ("I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
         "IV/a", "IV/b", "IV/c", "IV/d", "IV/e")
ENTRY_RANK = {"SD": 0, "SMP": 2, "SMA": 4, "D3": 6, "S1": 8, "D4": 8, "PROFESI": 9, "S2": 9, "S3": 10}
RANK_CAP = {"SD": 3, "SMP": 7, "SMA": 9, "D3": 11, "S1": 13, "D4": 13, "PROFESI": 14, "S2": 14, "S3": 15}
STATUS = ("PNS", "CPNS", "PPPK")
YEAR = 365.25
# fields a person without a formation field is drawn from (weights)
COMMON_FIELDS = {"GOV": 5, "FIN": 4, "LAW": 2, "IT": 2, "COMM": 1, "HRM": 1, "SOC": 1, "CIVIL": 1, "ENV": 0.5,
                 "AGRI": 0.5, "LIB": 0.3, "EDU": 1, "PH": 0.5, "TRANS": 0.3, "MECH": 0.5}

FLOAT_COLS = ("ability", "leadership", "resilience", "digital0", "connections", "it_stock", "rep")
INT_COLS = ("gender", "religion", "birth", "status", "hire", "edu", "field", "home", "reluctant", "stated",
            "rank", "rank_date", "pos", "pos_start", "level_max", "lead_train", "sanction_until", "severe",
            "exit", "pns_day")


class People:
    """Arrays of capacity `cap`; the first `n` rows are people who exist."""

    def __init__(self, cap: int, n_fam: int, n_units: int):
        self.cap, self.n = cap, 0
        for c in FLOAT_COLS:
            setattr(self, c, np.zeros(cap))
        for c in INT_COLS:
            setattr(self, c, np.full(cap, -1, dtype=np.int64))
        self.exp = np.zeros((cap, n_fam))        # completed years per job family
        self.pref = np.zeros((cap, n_units), dtype=bool)
        self.names: list[str] = []
        self.education: list[list[tuple]] = []   # (level, field, major_k, year, institution)

    def active(self, day: int) -> np.ndarray:
        idx = np.arange(self.n)
        return idx[(self.hire[: self.n] <= day) & ((self.exit[: self.n] < 0) | (self.exit[: self.n] > day))]

    def age(self, idx, day: int) -> np.ndarray:
        return (day - self.birth[idx]) / YEAR

    def experience(self, day: int, fam_of_pos: np.ndarray) -> np.ndarray:
        """Years per job family as of `day`, the current post's time included."""
        out = self.exp[: self.n].copy()
        cur = np.flatnonzero(self.pos[: self.n] >= 0)
        out[cur, fam_of_pos[self.pos[cur]]] += np.maximum(0, day - self.pos_start[cur]) / YEAR
        return out


def _level_for(min_edu: str, fields: tuple, rng) -> tuple[str, list[str]]:
    """Highest education and the ladder of rows behind it."""
    if min_edu == "PROFESI":
        return "PROFESI", ["SMA", "S1", "PROFESI"] + (["S2"] if rng.random() < 0.15 else [])
    if min_edu in ("SMP", "SD"):
        top = rng.choice(["SMP", "SMA"], p=[0.5, 0.5])
    elif min_edu == "SMA":
        top = rng.choice(["SMA", "D3", "S1"], p=[0.55, 0.15, 0.30])
    elif min_edu == "D3":
        top = rng.choice(["D3", "S1"], p=[0.6, 0.4])
    else:
        top = rng.choice(["S1", "D4", "S2"], p=[0.78, 0.07, 0.15])
    ladder = {"SMP": ["SMP"], "SMA": ["SMP", "SMA"], "D3": ["SMA", "D3"], "S1": ["SMA", "S1"],
              "D4": ["SMA", "D4"], "S2": ["SMA", "S1", "S2"]}[str(top)]
    if top == "S1" and rng.random() < 0.12:
        ladder = ["SMA", "D3", "S1"]
    return str(top), ladder


def draw_field(post_fields: tuple, family: str, matched: float, rng) -> int:
    """A person's field family for a formation: the post's own with probability `matched`."""
    wanted = post_fields or JOB_FAMILIES[family]
    if rng.random() < matched:
        return F[wanted[int(rng.integers(len(wanted)))] if rng.random() < 0.3 else wanted[0]]
    names = list(COMMON_FIELDS)
    p = np.array(list(COMMON_FIELDS.values()))
    return F[names[int(rng.choice(len(names), p=p / p.sum()))]]


def add_person(pp: People, rng, *, post: dict, hire_day: int, age_at_hire: float, status: int, matched: float,
               home: int, units_near: list[int]) -> int:
    """Create one person formed for `post` (education and field fitting it, mostly)."""
    i = pp.n
    if i >= pp.cap:
        raise RuntimeError("population capacity exceeded")
    pp.n += 1
    pp.gender[i] = int(rng.random() < (0.62 if post["family"] in ("teaching", "clinical", "pubhealth") else 0.42))
    pp.religion[i] = int(rng.choice(len(RELIGIONS), p=RELIGION_P))
    pp.birth[i] = hire_day - int(age_at_hire * YEAR)
    top, ladder = _level_for(post["min_education"], post["fields"], rng)
    field = draw_field(post["fields"], post["family"], matched, rng) if top not in ("SMP", "SMA") else F["GENERAL"]
    if top == "PROFESI":
        field = F[post["fields"][0]] if post["fields"] else F["MED"]
    pp.edu[i], pp.field[i] = EDU_RANK[top], field
    grad = (hire_day / YEAR + 1970) - rng.uniform(0.5, 4)
    rows = []
    for k, lv in enumerate(reversed(ladder)):
        year = int(grad - 3.5 * k)
        f = field if lv not in ("SMP", "SMA") else F["GENERAL"]
        mk = int(rng.integers(len(MAJORS[FIELDS[f]])))
        rows.append((lv, f, mk, year))
    pp.education.append(rows[::-1])
    # latent traits: independent of every protected attribute
    pp.ability[i] = rng.normal()
    pp.leadership[i] = 0.35 * pp.ability[i] + np.sqrt(1 - 0.35**2) * rng.normal()
    pp.resilience[i] = rng.normal()
    pp.digital0[i] = rng.normal()
    pp.connections[i] = rng.exponential(1.0) - 1.0
    pp.home[i] = home
    pp.reluctant[i] = int(rng.random() < 0.22)
    pp.stated[i] = int(rng.random() < 0.6)
    near = [u for u in units_near if rng.random() < 0.5][:2]
    if near:
        pp.pref[i, near] = True
    pp.status[i], pp.hire[i] = status, hire_day
    pp.rank[i] = -1 if status == 2 else ENTRY_RANK.get(top, 4)
    pp.rank_date[i] = -1 if status == 2 else hire_day
    pp.level_max[i] = 0
    pp.lead_train[i] = 0
    pp.it_stock[i] = 0.5 * rng.poisson(0.5) + (0.8 if FIELDS[field] == "IT" else 0.0)
    pp.rep[i] = np.nan
    pp.severe[i] = 0
    pp.names.append(draw_name(int(pp.gender[i]), RELIGIONS[pp.religion[i]], FIELDS[field],
                              top not in ("SMP", "SMA"), rng))
    return i


def rank_cap(pp: People, i: int, levels: dict) -> int:
    edu = next(k for k, v in EDU_RANK.items() if v == pp.edu[i] and k != "D4")
    cap = RANK_CAP.get(edu, 9)
    struct = {2: 11, 3: 13, 4: 15}.get(int(pp.level_max[i]), 0)
    return max(cap, struct if pp.level_max[i] >= 2 else 0)


def zone_units(units, zone: int) -> list[int]:
    return [k for k, z in enumerate(units.zone) if z == zone]


ZONE_DIST = np.array(C.ZONE_DIST, dtype=float)
