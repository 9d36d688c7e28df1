"""The fixed frame of one generated world: its organisation as arrays, its variant and its dates.

Why: the simulation, the truth and the export all need the same post and unit facts in
vectorised form (codes instead of strings). They are derived once here from the org chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from .domains import affinity
from .jabatan import FUNCTIONAL_LEVELS
from .ledger import EDU_CODE, RANK_CODE, day
from .orgchart import JOB_CODE, Org
from .truth import PostArrays, Wishes
from .variants import KabupatenVariant

TRACKS = ["guru", "kesehatan", "umum"]
TRACK_CODE = {t: i for i, t in enumerate(TRACKS)}


@dataclass
class World:
    org: Org
    variant: KabupatenVariant
    seed: int
    as_of: int
    t0: int
    A: np.ndarray
    posts: PostArrays
    wishes: Wishes
    unit_index: dict
    unit_periphery: np.ndarray
    unit_leniency: np.ndarray
    p_min_edu: np.ndarray
    p_min_rank: np.ndarray      # -1 = no floor written
    p_max_age: np.ndarray       # 0 = none
    p_struct: np.ndarray
    p_series: np.ndarray        # series code, -1 none (pelaksana, structural)
    p_step: np.ndarray          # functional level index (0..7), -1 none
    p_track: np.ndarray
    p_entry: np.ndarray
    p_bup: np.ndarray
    p_head: np.ndarray          # kepala sekolah / kepala puskesmas
    p_pelaksana: np.ndarray
    series_names: list

    def post_record(self, p: int):
        """One post as a namedtuple (cached: pandas row access is slow in loops)."""
        if not hasattr(self, "_records"):
            self._records = list(self.org.positions.itertuples(index=False))
        return self._records[p]

    @property
    def as_of_year(self) -> int:
        return int(np.datetime64(self.as_of, "D").astype("datetime64[Y]").astype(int) + 1970)

    @property
    def m(self) -> int:
        return len(self.org.positions)


def build_world(org: Org, variant: KabupatenVariant, seed: int, as_of: date, rng: np.random.Generator) -> World:
    units, pos = org.units, org.positions
    uidx = {u: i for i, u in enumerate(units.unit_id)}
    unit = pos.unit_id.map(uidx).to_numpy()
    A = affinity(variant.related_affinity)
    posts = PostArrays(field=pos.field.to_numpy(), spec=pos.spec.to_numpy(), job=pos.job_type.map(JOB_CODE).to_numpy(),
                       req=org.req, hard=pos.hard_raw.to_numpy(), unit=unit)
    in_pool = np.zeros(len(units), dtype=bool)
    in_pool[np.unique(unit)] = True
    wishes = Wishes(unit_fields=org.unit_fields, in_pool=in_pool)
    series_names = sorted(set(pos.series) - {""})
    scode = {s: i for i, s in enumerate(series_names)}
    kind = units.kind.to_numpy()
    leniency = rng.normal(0, variant.unit_leniency_sd, len(units)) + np.where(np.isin(kind, ["sd", "smp"]), 0.15, 0.0)
    t0 = day(date(as_of.year - 10, 1, 1))
    return World(
        org=org, variant=variant, seed=seed, as_of=day(as_of), t0=t0, A=A, posts=posts, wishes=wishes,
        unit_index=uidx, unit_periphery=units.periphery.to_numpy(), unit_leniency=leniency,
        p_min_edu=pos.min_education.map(EDU_CODE).to_numpy(),
        p_min_rank=pos.min_rank.map(lambda r: RANK_CODE.get(r, -1)).to_numpy(),
        p_max_age=pos.max_age.fillna(0).astype(int).to_numpy(),
        p_struct=pos.struct.to_numpy(), p_series=pos.series.map(lambda s: scode.get(s, -1)).to_numpy(),
        p_step=pos.functional_level.map(lambda lv: FUNCTIONAL_LEVELS.index(lv) if lv else -1).to_numpy(),
        p_track=pos.track.map(TRACK_CODE).to_numpy(), p_entry=pos.entry.to_numpy(), p_bup=pos.bup.to_numpy(),
        p_head=(pos.head_kind != "").to_numpy(), p_pelaksana=(pos.job_type == "pelaksana").to_numpy(),
        series_names=series_names)
