"""The generative truth: how well employee e would do in position p.

    z = c0
      + ability · (0.4 + 0.05 · (job_class − 8))           ability counts more in bigger jobs
      + demand_p · 1.5 · (field_skill(e, p) − 0.9)          fit of field skill to the job
      + [structural] · (−0.8 · gap^1.5 + 0.15 · min(surplus, 1))
                                                           managerial gap hurts (only) officials
      + [kewilayahan head] · (0.9 · tanh(T / 3) − 0.4)       kelurahan/kecamatan experience
      − 0.15 · max(0, education − post's minimum − 3)       the overqualified in small jobs
      + 0.3 · [unit in preferred] − 0.35 · [open_to_move = N and a move to another unit]
    true_outcome = 4 · sigmoid(z)       on 0 (Sangat Kurang) … 4 (Sangat Baik) = rating − 1

field_skill(e, p) = max over the post's true field profile of
    education (degree level × field similarity) + 0.7 · (1 − exp(−years in the field / 4))
    + 0.15 · min(technical trainings in the field, 4)
managerial level M = clip(1 + 0.6 · (aptitude + 1) + 0.45 · leadership training level
                          + 0.07 · min(years in structural posts, 12), 1, 5);
gap = max(0, required − M), the requirement being the post's managerial target (1–4).

The truth reads latent and history state only: never gender, age, religion or name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synthetic.kota.people import Employees
from synthetic.kota.positions import FIELDS, Positions

C0 = 1.05


@dataclass
class State:
    """What the truth needs about people at one moment; updated as the history runs."""

    exp_years: np.ndarray     # E × F, years in posts whose true profile has the field
    train_count: np.ndarray   # E × F, technical/functional trainings in the field
    lead_level: np.ndarray    # E, highest leadership training: 0, 1 PKP, 2 PKA, 3 PKN2
    struct_years: np.ndarray  # E, years in structural posts
    terr_years: np.ndarray    # E, years in kecamatan/kelurahan units

    @classmethod
    def empty(cls, n: int) -> "State":
        f = len(FIELDS)
        return cls(np.zeros((n, f), np.float32), np.zeros((n, f), np.int16),
                   np.zeros(n, np.int8), np.zeros(n), np.zeros(n))


def skill_matrix(emp: Employees, state: State, rows: np.ndarray | None = None) -> np.ndarray:
    """E × F field skill (education + experience + training)."""
    sl = slice(None) if rows is None else rows
    return (emp.edu_skill[sl] + 0.7 * (1 - np.exp(-state.exp_years[sl] / 4.0))
            + 0.15 * np.minimum(state.train_count[sl], 4))


def managerial_level(emp: Employees, state: State) -> np.ndarray:
    return np.clip(1.0 + 0.6 * (emp.m_aptitude + 1) + 0.45 * state.lead_level
                   + 0.07 * np.minimum(state.struct_years, 12), 1.0, 5.0)


class Truth:
    """Vectorised true outcome for pairs (employee, position)."""

    def __init__(self, emp: Employees, pos: Positions):
        self.emp = emp
        self.pos = pos
        n_units = len(pos.units)
        self.pref = np.zeros((emp.n, n_units), dtype=bool)
        for e, units in enumerate(emp.preferred):
            for u in units:
                self.pref[e, u] = True
        self.reluctant = emp.open_to_move == "N"
        self.structural = pos.level >= 1
        self.kewilayahan = pos.territorial & self.structural
        self.ability_w = 0.4 + 0.05 * (pos.job_class - 8)

    def latent(self, e: np.ndarray, p: np.ndarray, skill: np.ndarray, mlevel: np.ndarray,
               terr_years: np.ndarray, moved_unit: np.ndarray) -> np.ndarray:
        """z for pairs. `skill` is the E × F skill matrix (rows indexed by e), `mlevel` and
        `terr_years` per employee, `moved_unit` per pair (a move to another unit)."""
        pos = self.pos
        prof = pos.profile[p]                                   # n × K
        vals = skill[e[:, None], np.maximum(prof, 0)]
        vals = np.where(prof >= 0, vals, 0.0)
        field_skill = vals.max(axis=1)
        z = C0 + self.emp.ability[e] * self.ability_w[p]
        z = z + pos.demand[p] * 1.5 * (field_skill - 0.9)
        req = pos.req[p]
        m = mlevel[e]
        gap = np.maximum(0.0, req - m)
        surplus = np.minimum(np.maximum(0.0, m - req), 1.0)
        z = z + np.where(self.structural[p], -0.8 * gap ** 1.5 + 0.15 * surplus, 0.0)
        z = z + np.where(self.kewilayahan[p], 0.9 * np.tanh(terr_years[e] / 3.0) - 0.4, 0.0)
        over = np.maximum(0, self.emp.edu_ord[e] - pos.min_edu[p] - 3)
        z = z - 0.15 * over
        z = z + 0.3 * self.pref[e, pos.unit_index[p]]
        z = z - 0.35 * (self.reluctant[e] & moved_unit)
        return z

    @staticmethod
    def outcome(z: np.ndarray) -> np.ndarray:
        return 4.0 / (1.0 + np.exp(-z))
