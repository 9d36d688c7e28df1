"""The truth: the expected appraisal (0-4) of a person in a post.

Why: this is the world's definition of fit, and the only code that decides it — the
history's appraisals and the truth file both call it. It reads the post's attributes and
the person's PersonView (ability, leadership, resilience, digital fluency, field,
experience, leadership training, highest level, rank, will, home wilayah) and never a
protected attribute: PersonView has no field for gender, birth, religion, name or origin.
Each mechanism is one term of a linear index z, documented in docs/synthetic-metropolitan.md;
the outcome is 4*sigmoid(0.9 + z). observable = without the commute, the knack and the pair
term, and without the will of people whose wishes the export does not show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .fields import F, match_matrix
from .people import ZONE_DIST
from .rng import pair_normal
from .variants import Mechanisms

CENTRE = 0.9
EXP_WEIGHT = {"jpt_pratama": 1.3, "administrator": 1.3, "pengawas": 1.3, "fungsional": 1.0, "pelaksana": 0.8}


@dataclass
class Posts:
    """Post-side arrays of the truth, one entry per position."""

    fam: np.ndarray
    unit: np.ndarray
    zone: np.ndarray
    level: np.ndarray
    need_lead: np.ndarray
    jpt: np.ndarray
    field_weight: np.ndarray
    exp_weight: np.ndarray
    load: np.ndarray
    digital: np.ndarray
    rank_expected: np.ndarray
    climate: np.ndarray          # per post (its unit's climate)
    match: np.ndarray            # [field, post]


@dataclass
class PersonView:
    """Everything the truth may read about people (arrays over all people)."""

    ability: np.ndarray
    leadership: np.ndarray
    resilience: np.ndarray
    digital0: np.ndarray
    it_stock: np.ndarray
    field: np.ndarray
    exp: np.ndarray              # [person, family] years as of the day
    lead_train: np.ndarray
    level_max: np.ndarray
    rank: np.ndarray
    reluctant: np.ndarray
    stated: np.ndarray
    pref: np.ndarray             # [person, unit]
    home: np.ndarray


def build_posts(positions: pd.DataFrame, n_units: int, m: Mechanisms, rng: np.random.Generator) -> Posts:
    from .people import RANKS

    climate = rng.normal(0, m.sd_climate, n_units)
    rank_idx = {r: i for i, r in enumerate(RANKS)}
    floor = positions.min_rank.map(lambda r: rank_idx.get(r, -1)).to_numpy()
    by_class = np.clip(positions.job_class.to_numpy() - 1, 0, 16)
    return Posts(
        fam=positions.fam.to_numpy(), unit=positions.unit.to_numpy(), zone=positions.zone.to_numpy(),
        level=positions.level.to_numpy(), need_lead=positions.need_lead.to_numpy(),
        jpt=(positions.job_type == "jpt_pratama").to_numpy(),
        field_weight=positions.field_weight.to_numpy(float),
        exp_weight=positions.job_type.map(EXP_WEIGHT).to_numpy(float),
        load=positions.load.to_numpy(float),
        digital=np.minimum(1.0, positions.digital.to_numpy(float) + m.digital_boost),
        rank_expected=np.where(floor >= 0, floor, by_class), climate=climate[positions.unit.to_numpy()],
        match=match_matrix(list(positions.fields)))


def digital_skill(v: PersonView, i) -> np.ndarray:
    return 0.7 * v.digital0[i] + 0.35 * np.minimum(v.it_stock[i], 3.0) + 0.5 * (v.field[i] == F["IT"]) - 0.45


def components(v: PersonView, posts: Posts, m: Mechanisms, seed: int, i, p) -> dict[str, np.ndarray]:
    """Each mechanism's term for person(s) i in post(s) p (i and p broadcast)."""
    i, p = np.asarray(i), np.asarray(p)
    match = posts.match[v.field[i], p]
    gap = posts.level[p] - v.level_max[i]
    structural = posts.need_lead[p] > 0
    years = v.exp[i, posts.fam[p]]
    over = np.where(v.rank[i] >= 0, v.rank[i] - posts.rank_expected[p] - 4, 0)
    stated = v.stated[i].astype(bool)
    will = -m.w_unwilling * v.reluctant[i] + m.w_preferred * v.pref[i, posts.unit[p]]
    return {
        "ability": m.w_ability * v.ability[i] + 0 * p,
        "field": m.w_field * posts.field_weight[p] * np.where(np.isnan(match), 0.0, np.nan_to_num(match) - 0.6),
        "experience": m.w_experience * posts.exp_weight[p] * (0.4 * (1 - np.exp(-years / 3.0)) - 0.2),
        "managerial": np.where(structural, m.w_leadership * v.leadership[i] * np.where(posts.jpt[p], 1.3, 1.0)
                               - m.w_lead_training * (v.lead_train[i] < posts.need_lead[p]), 0.0),
        "step": -m.w_step * np.maximum(gap - 1, 0) - 0.12 * (gap <= -2) - 0.06 * np.maximum(over, 0),
        "load": m.w_load * posts.load[p] * v.resilience[i],
        "digital": m.w_digital * posts.digital[p] * digital_skill(v, i),
        "climate": posts.climate[p] + 0 * i,
        "will_stated": np.where(stated, will, 0.0),
        # unobservable from here on
        "will_unstated": np.where(stated, 0.0, will),
        "commute": -m.w_commute * ZONE_DIST[v.home[i], posts.zone[p]],
        "knack": m.sd_knack * pair_normal(seed, "knack", i, posts.fam[p]),
        "pair": m.sd_pair * pair_normal(seed, "pair", i, p),
    }


UNOBSERVABLE = ("will_unstated", "commute", "knack", "pair")


def squash(z: np.ndarray) -> np.ndarray:
    return 4.0 / (1.0 + np.exp(-(CENTRE + z)))


def outcome(v: PersonView, posts: Posts, m: Mechanisms, seed: int, i, p) -> tuple[np.ndarray, np.ndarray]:
    """(true outcome, observable outcome) for person(s) i in post(s) p."""
    parts = components(v, posts, m, seed, i, p)
    z_obs = sum(val for k, val in parts.items() if k not in UNOBSERVABLE)
    z_un = sum(parts[k] for k in UNOBSERVABLE)
    return squash(z_obs + z_un), squash(z_obs)
