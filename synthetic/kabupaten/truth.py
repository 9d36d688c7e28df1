"""The ground truth: the expected appraisal (0..4) of a person in a post, and what of it is knowable.

Why one function: the same mechanisms must shape the history (the appraisal a person got in
the post they held, the fit decision makers half-see when placing people) and the final
truth file. `latent` is that one implementation; everything else calls it.

What it reads about a person is a `PersonState` (ability, competencies, education match,
field experience, training stock, wishes, current unit) — never gender, birth date, age,
religion, name or origin: those are not even in the state.

outcome = 4 * sigmoid(latent); latent = MU + the components below (see docs for sizes):
  ability      w_g * g                                  strong people are strong everywhere
  hard         -d_p + m * max(d_p, 0) * g               hard posts pull down, and magnify ability
  field        w_f * spec_p * (match_i(field_p) - 0.6)  education profile vs post field (affinity)
  experience   w_x(job_p) * ((1 - exp(-X_i(f_p)/tau)) - 0.5)   years in the field (affinity-weighted)
  training     w_t * vol(f_p) * ((1 - exp(-S_i(f_p)/1.5)) - 0.4)   recent relevant training
  under        -w_u * mean_k(max(0, req_pk - c_ik)) ** power        short of the competency standard
  over         -w_o * mean_k(max(0, c_ik - req_pk))                 above it (mild)
  preference   w_p * [unit_p among the person's wanted units]
  unwilling    -w_uw * [unwilling] * [unit_p != current unit]
  noise        sd * N(0,1) per pair, hashed from (person, post, seed)
observable: the same without `noise`, and with the wishes of people never asked replaced by
their expectation given what the export shows (field of education, the unit's fields).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .domains import VOLATILITY
from .variants import KabupatenVariant

MU = 1.2
EXP_WEIGHT = np.array([0.2, 0.3, 0.55, 0.7, 0.8])   # by job code: pelaksana, fungsional, pengawas, administrator, jpt
P_UNWILLING = 0.3                                   # share of people who do not want to move
MEAN_WISHES = 0.9                                   # expected number of wanted units per person
WISH_IN_FIELD = 0.6                                 # share of wanted units drawn among the person's field units


@dataclass
class PostArrays:
    field: np.ndarray     # (m,) field index
    spec: np.ndarray      # (m,) specialisation 0..1
    job: np.ndarray       # (m,) job code 0..4
    req: np.ndarray       # (m, n_comp) competency targets
    hard: np.ndarray      # (m,) difficulty in sd units (scaled by the variant)
    unit: np.ndarray      # (m,) unit index


@dataclass
class Wishes:
    """The regency-level facts the expectation of unstated wishes needs."""
    unit_fields: np.ndarray   # (n_units, n_fields) bool
    in_pool: np.ndarray       # (n_units,) bool: units with posts (people only wish for those)

    def prior(self, top_field: np.ndarray, unit: np.ndarray) -> np.ndarray:
        n_pool = max(int(self.in_pool.sum()), 1)
        nfu = (self.unit_fields & self.in_pool[:, None]).sum(0)
        has = nfu[top_field] > 0
        infield = self.unit_fields[unit, top_field] & self.in_pool[unit]
        p = np.where(has, WISH_IN_FIELD * infield / np.maximum(nfu[top_field], 1) + (1 - WISH_IN_FIELD) / n_pool,
                     1.0 / n_pool)
        return MEAN_WISHES * p * self.in_pool[unit]


@dataclass
class PersonState:
    """Everything the truth reads about people at one date (arrays indexed by person uid)."""
    uid: np.ndarray          # (n,) stable person id (for the pair noise)
    ability: np.ndarray      # (n,) g
    comp: np.ndarray         # (n, n_comp) competency levels 1..5
    match: np.ndarray        # (n, n_fields) education match to a post of each field
    exp_years: np.ndarray    # (n, n_fields) affinity-weighted years served per post field
    stock: np.ndarray        # (n, n_fields) recency-weighted relevant training per post field
    pref: np.ndarray         # (n, 3) wanted unit indices, -1 = none
    unwilling: np.ndarray    # (n,) bool
    asked: np.ndarray        # (n,) bool: answered the mutasi survey (wishes visible in the export)
    top_field: np.ndarray    # (n,) field of the person's main education (drives unstated wishes)
    cur_unit: np.ndarray     # (n,) unit index of the current post (-1 none)


def pair_noise(uid: np.ndarray, post: np.ndarray, seed: int) -> np.ndarray:
    """N(0,1) noise fixed per (person, post, seed), whatever order pairs are evaluated in."""
    with np.errstate(over="ignore"):
        a = np.asarray(uid, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        b = np.asarray(post, dtype=np.uint64) * np.uint64(0xBF58476D1CE4E5B9)
        s = np.uint64((int(seed) * 0x94D049BB133111EB + 0x2545F4914F6CDD1D) % (1 << 64))
        h1 = _mix(a ^ b ^ s)
        h2 = _mix(h1 ^ np.uint64(0xD6E8FEB86659FD93))
    u1 = ((h1 >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)
    u2 = ((h2 >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


COMPONENTS = ["ability", "hard", "field", "experience", "training", "under", "over", "preference", "unwilling", "noise"]


def latent(ps: PersonState, posts: PostArrays, wishes: Wishes, ei: np.ndarray, pj: np.ndarray,
           v: KabupatenVariant, seed: int, moving: np.ndarray | None = None, parts: bool = False):
    """Latent outcome of persons `ei` in posts `pj` (broadcastable index arrays).

    Returns (true, observable) latents, or with parts=True a dict of every component plus
    'true' and 'observable'. `moving` overrides "post's unit differs from the current unit"
    (the history passes whether the person was moved there recently and unwillingly).
    """
    g = ps.ability[ei]
    d = v.hard_post_sd * posts.hard[pj]
    f = posts.field[pj]
    c = {}
    c["ability"] = v.ability * g
    c["hard"] = -d + v.hard_post_magnifies * np.maximum(d, 0.0) * g
    c["field"] = v.field_match * posts.spec[pj] * (ps.match[ei, f] - 0.6)
    c["experience"] = v.experience * EXP_WEIGHT[posts.job[pj]] * (
        (1.0 - np.exp(-ps.exp_years[ei, f] / v.experience_tau)) - 0.5)
    c["training"] = v.training * VOLATILITY[f] * ((1.0 - np.exp(-ps.stock[ei, f] / 1.5)) - 0.4)
    gap = posts.req[pj] - ps.comp[ei]
    short = np.maximum(gap, 0.0).mean(-1)
    c["under"] = -v.under_qualified * short ** v.under_power
    c["over"] = -v.over_qualified * np.maximum(-gap, 0.0).mean(-1)
    unit = posts.unit[pj]
    wanted = (ps.pref[ei] == unit[..., None]).any(-1)
    c["preference"] = v.preference * wanted
    if moving is None:
        moving = unit != ps.cur_unit[ei]
    unw = ps.unwilling[ei]
    c["unwilling"] = -v.unwilling * (unw * moving)
    c["noise"] = v.pair_noise_sd * pair_noise(ps.uid[ei], pj, seed)
    true = MU + sum(c[k] for k in COMPONENTS)
    asked = ps.asked[ei]
    pref_seen = np.where(asked, c["preference"], v.preference * wishes.prior(ps.top_field[ei], unit))
    unw_seen = np.where(asked, c["unwilling"], -v.unwilling * P_UNWILLING * moving)
    observable = true - c["noise"] - c["preference"] - c["unwilling"] + pref_seen + unw_seen
    if parts:
        c = {k: np.broadcast_to(x, true.shape) for k, x in c.items()}
        c["true"] = true
        c["observable"] = observable
        return c
    return true, observable


def outcome(z: np.ndarray) -> np.ndarray:
    """Latent -> expected appraisal on 0 (Sangat Kurang) .. 4 (Sangat Baik)."""
    return 4.0 / (1.0 + np.exp(-z))
