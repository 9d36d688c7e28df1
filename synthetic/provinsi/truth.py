"""The truth: the expected appraisal (0-4) of a person in a post.

Why this shape: z is a sum of separately documented mechanisms (docs/synthetic-provinsi.md),
each a knob of the variant, and outcome = 4·sigmoid(z) keeps every pair inside the scale
without piling pairs on the bounds. The same function scores the post someone held in a past
year (the history's appraisals) and every candidate pair at the export date (the truth file),
so the history really is evidence about the truth.

The truth reads a PersonState only, built from allowed columns: it cannot see gender, birth
date or age, religion, ethnic group, name or origin."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .fields import AFFINITY
from .streams import pair_normal
from .variants import ProvinsiVariant

Z0 = 1.05
UNOBSERVABLE = ("resilience", "stamina", "pair_noise")
_CERT_W = np.array([1.0, 0.6, 0.6, 0.5])        # klinis, ppg, jfa, pbj
_COMP_W = {"jpt_madya": 1.0, "jpt_pratama": 1.0, "administrator": 1.0, "pengawas": 0.8,
           "fungsional": 0.45, "pelaksana": 0.3}


@dataclass
class PersonState:
    """What the truth may know of people at one moment (rows = the people asked about)."""
    uid: np.ndarray            # person's row in the people table (keys the pair noise)
    g: np.ndarray              # general ability (latent)
    comp: np.ndarray           # (n, 10) competency levels 1-5 (latent, grows with service)
    edu_fit: np.ndarray        # (n, fields) best degree affinity to each post field
    exp_fit: np.ndarray        # (n, fields) experience through related fields, 0-1
    train_fit: np.ndarray      # (n, fields) recent technical training, 0-1
    lead: np.ndarray           # leadership training level 0 none .. 4 PKN I
    certs: np.ndarray          # (n, 4) credentials held
    remote: np.ndarray         # years served in hardship regions
    stamina: np.ndarray        # latent, never in the export
    resilience: np.ndarray     # latent, never in the export
    cur_unit: np.ndarray
    wish_units: np.ndarray     # (n, 2) unit rows asked for, -1 none
    wish_open: np.ndarray      # -1 unknown, 0 no, 1 yes


@dataclass
class PostArrays:
    field: np.ndarray
    fw: np.ndarray
    std: np.ndarray
    comp_w: np.ndarray
    cert: np.ndarray
    lead_req: np.ndarray
    job_class: np.ndarray
    unit: np.ndarray
    hardship: np.ndarray
    workload: np.ndarray
    quality: np.ndarray

    @classmethod
    def from_org(cls, positions: pd.DataFrame, units: pd.DataFrame, std: np.ndarray):
        return cls(positions.field.to_numpy(int), positions.fw.to_numpy(float), std,
                   positions.job_type.map(_COMP_W).to_numpy(float),
                   positions.cert.to_numpy(int), positions.lead_req.to_numpy(int),
                   positions.job_class.to_numpy(int), positions.unit.to_numpy(int),
                   positions.hardship.to_numpy(float), positions.workload.to_numpy(float),
                   units.quality.to_numpy(float)[positions.unit.to_numpy(int)])


def person_state(people, rows: np.ndarray, t: int, unit_of_post: np.ndarray) -> PersonState:
    """The allowed view of people `rows` on day t."""
    i, f = people.i, people.f
    service = np.clip((t - i["hire"][rows]) / 365.25, 0, 40)
    comp = people.comp[rows].copy()
    comp += np.minimum(0.045 * service, 1.0)[:, None]
    mgr_growth = np.minimum(0.08 * f["struct_years"][rows], 0.8) + 0.25 * i["lead"][rows]
    comp[:, :8] += mgr_growth[:, None]
    exp_through = people.exp[rows] @ AFFINITY
    post = i["post"][rows]
    cur_unit = np.where(post >= 0, unit_of_post[np.maximum(post, 0)], -1)
    return PersonState(rows.astype(np.int64), f["g"][rows], np.clip(comp, 1, 5),
                       people.edu_aff[rows], 1 - np.exp(-exp_through / 4.0),
                       1 - np.exp(-people.train[rows] / 2.0), i["lead"][rows],
                       people.certs[rows], f["remote_years"][rows], f["stamina"][rows],
                       f["resilience"][rows], cur_unit, people.wish_units[rows],
                       i["wish_open"][rows])


def components(ps: PersonState, posts: PostArrays, e: np.ndarray, p: np.ndarray,
               prev_class: np.ndarray, years_in_post: np.ndarray, years_in_unit: np.ndarray,
               v: ProvinsiVariant, seed: int, candidate: bool) -> dict[str, np.ndarray]:
    """Each mechanism's contribution to z for pairs (e rows of ps, p posts)."""
    out: dict[str, np.ndarray] = {}
    out["ability"] = v.w_ability * ps.g[e]
    pf = posts.field[p]
    fit = np.maximum(ps.edu_fit[e, pf], 0.85 * ps.exp_fit[e, pf]) + 0.15 * ps.train_fit[e, pf]
    out["field"] = v.w_field * posts.fw[p] * (np.clip(fit, 0, 1) - 0.6)
    std = posts.std[p]
    gap = np.maximum(std - ps.comp[e], 0).sum(1) / std.sum(1)
    out["competency"] = -v.w_comp * posts.comp_w[p] * np.minimum(gap, 0.5)
    need = posts.cert[p]
    has = ps.certs[e, np.maximum(need, 0)]
    out["credential"] = -v.w_cert * np.where((need >= 0) & ~has, _CERT_W[np.maximum(need, 0)], 0)
    short = np.minimum(np.maximum(posts.lead_req[p] - ps.lead[e], 0), 2)
    out["leadership"] = -v.w_lead * short
    jump = posts.job_class[p] - prev_class
    fade = np.exp(-years_in_post / 2.0)
    out["stretch"] = -v.w_stretch * (np.maximum(jump - 2, 0) * fade
                                     + 0.5 * np.maximum(-jump - 3, 0))
    out["staleness"] = -v.w_stale * np.clip((years_in_unit - 5) / 5, 0, 1)
    h = posts.hardship[p]
    coping = np.minimum(ps.remote[e], 4) / 4
    out["hardship"] = -v.w_hardship * h * (0.7 - coping)
    out["unit"] = v.w_unit * posts.quality[p]
    if candidate:
        u = posts.unit[p]
        asked = (ps.wish_units[e, 0] == u) | (ps.wish_units[e, 1] == u)
        unwilling = (ps.wish_open[e] == 0) & (posts.unit[p] != ps.cur_unit[e])
        out["wish"] = v.w_wish * (asked.astype(float) - unwilling)
    out["resilience"] = v.w_resilience * h * ps.resilience[e]
    out["stamina"] = v.w_stamina * posts.workload[p] * ps.stamina[e]
    out["pair_noise"] = v.pair_noise * pair_normal(seed, ps.uid[e], p)
    return out


def outcome(parts: dict[str, np.ndarray], observable: bool = False) -> np.ndarray:
    z = Z0 + sum(v for k, v in parts.items() if not (observable and k in UNOBSERVABLE))
    return 4.0 / (1.0 + np.exp(-z))


def observable_z(parts: dict[str, np.ndarray]) -> np.ndarray:
    return Z0 + sum(v for k, v in parts.items() if k not in UNOBSERVABLE)
