"""The world being simulated: the org chart, the people, the ledger and the clock.

Why a single object: the yearly rounds change people, posts' occupancy and the records
together; keeping them in one place (with the helpers that must keep them consistent:
assign, retire, advance the clock) avoids half-applied moves."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .orgchart import Org
from .people import Ledger, People
from .streams import Streams
from .truth import PostArrays
from .variants import ProvinsiVariant

STRUCTURAL = ("jpt_madya", "jpt_pratama", "administrator", "pengawas")


@dataclass
class World:
    org: Org
    posts: PostArrays
    people: People
    ledger: Ledger
    variant: ProvinsiVariant
    seed: int
    streams: Streams
    as_of: int                         # day number of the export date
    t0: int
    occupancy: np.ndarray = field(default=None)
    last: int = 0
    appointments: list = field(default_factory=list)   # (person, post, day) structural fills
    # per-post attributes as plain arrays (fast access in the rounds)
    job_type: np.ndarray = field(default=None)
    structural: np.ndarray = field(default=None)
    family: np.ndarray = field(default=None)
    level_order: np.ndarray = field(default=None)
    min_edu: np.ndarray = field(default=None)
    min_rank: np.ndarray = field(default=None)
    max_age: np.ndarray = field(default=None)
    slots: np.ndarray = field(default=None)

    def __post_init__(self):
        from .catalog import EDU, LEVELS, RANK
        pos = self.org.positions
        self.occupancy = np.zeros(len(pos), dtype=np.int64)
        self.job_type = pos.job_type.to_numpy(str)
        self.structural = np.isin(self.job_type, STRUCTURAL)
        self.family = pos.family.to_numpy(str)
        self.level_order = pos.functional_level.map(
            lambda lv: LEVELS[lv][3] if lv else 0).to_numpy(int)
        self.min_edu = pos.min_education.map(EDU).to_numpy(int)
        self.min_rank = pos.min_rank.map(lambda r: RANK.get(r, -1)).to_numpy(int)
        self.max_age = pos.max_age.fillna(99).to_numpy(int)
        self.slots = pos.slots.to_numpy(int)
        self.last = self.t0

    def vacant(self) -> np.ndarray:
        return self.slots - self.occupancy

    def assign(self, k: int, p: int, t: int, kind: str):
        """Move person k into post p on day t (closing the current assignment)."""
        P, L = self.people, self.ledger
        old = P.i["post"][k]
        if old >= 0:
            self.occupancy[old] -= 1
            L.asg[L.current[k]][3] = t - 1
            P.f["prev_class"][k] = self.posts.job_class[old]
            if self.posts.unit[old] != self.posts.unit[p]:
                P.i["unit_start"][k] = t
        else:
            P.f["prev_class"][k] = self.posts.job_class[p]
            P.i["unit_start"][k] = t
        P.i["post"][k] = p
        P.i["post_start"][k] = t
        self.occupancy[p] += 1
        L.current[k] = len(L.asg)
        L.asg.append([k, p, t, -1, kind])

    def leave(self, k: int, t: int):
        """Person k leaves service on day t (retirement, resignation, transfer out)."""
        P, L = self.people, self.ledger
        p = P.i["post"][k]
        if p >= 0:
            self.occupancy[p] -= 1
            L.asg[L.current[k]][3] = t - 1
        P.i["post"][k] = -1
        P.i["exit"][k] = t

    def advance(self, t: int):
        """Let time pass to day t: experience, remote years, structural years, training decay."""
        dt = (t - self.last) / 365.25
        if dt <= 0:
            return
        P = self.people
        rows = P.alive(self.last)
        rows = rows[P.i["post"][rows] >= 0]
        post = P.i["post"][rows]
        P.exp[rows, self.posts.field[post]] += dt
        P.f["remote_years"][rows] += dt * (self.posts.hardship[post] >= 0.5)
        P.f["struct_years"][rows] += dt * self.structural[post]
        P.train[: P.n] *= np.exp(-dt / 3.0)
        self.last = t
