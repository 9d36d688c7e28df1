"""Ten years of careers under a noisy, biased historical placement policy.

Half-year steps from 1 January ten years before the as-of date. Each step: hires take up
their posts; ghosts (officials who retired and are no longer in the export) leave; ranks rise
on the April/October KP dates; a mutation round fills structural vacancies top-down
(promotion by a score that counts past ratings and seniority, looks at the field a little,
and — the historical bias — holds women back), moves fungsional staff up a jenjang and
rotates staff by a tenure hazard (partly field-blind); trainings are taken. At the end of each
half-year the truth of the post held is recorded, and at the end of each year the appraisal
is drawn from it.

Loops run over the few people who move in a round, never over every employee-year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from features import vocab
from synthetic.kota import catalog
from synthetic.kota.people import EPOCH, Employees, similarity, to_days
from synthetic.kota.positions import FIELD_INDEX, FIELDS, Positions
from synthetic.kota.spellings import (LATSAR_NEW, LEADERSHIP_HOURS, LEADERSHIP_NEW,
                                          LEADERSHIP_OLD, PRAJABATAN_OLD, technical_name)
from synthetic.kota.truth import State, Truth, managerial_level, skill_matrix

YEAR = 365.25
_ENTRY_RANK = {3: "II/a", 4: "II/a", 5: "II/b", 6: "II/c", 7: "III/a", 8: "III/b",
               9: "III/b", 10: "III/c"}
_EDU_CAP = {3: "III/b", 4: "III/b", 5: "III/b", 6: "III/c", 7: "III/d", 8: "IV/a",
            9: "IV/a", 10: "IV/b"}
_ENTRY_LEVELS = frozenset({"pemula", "terampil", "ahli_pertama"})


@dataclass
class Config:
    """Knobs of the historical world (not of the truth)."""

    gender_bias: float = 0.7        # score penalty of women in structural selection
    field_blind_share: float = 0.4  # placements that ignore the field
    rating_noise: float = 0.4       # yearly noise on the 1–5 rating scale
    lenient_share: float = 0.2      # units that rate everyone higher
    lenient_shift: float = 0.45
    predicate_inflation: float = 0.1  # predicates since 2022 came out a little kinder


@dataclass
class History:
    assignments: pd.DataFrame       # e, p, start, end (days; -1 = current), kind
    trainings: pd.DataFrame         # e, name, kind, hours, end (days), field (idx or -1)
    appraisals: pd.DataFrame        # e, year, truth (0–4), unit, value (1–5 scale, noisy)
    rank: np.ndarray                # rank ordinal at as-of (0 = none)
    rank_date: np.ndarray           # days
    cur_pos: np.ndarray
    cur_start: np.ndarray
    state: State
    leniency: np.ndarray            # per unit, on the rating scale
    ever_structural: np.ndarray
    first_structural: np.ndarray    # days of the first structural appointment (0 = never)


def half_year_bounds(as_of: date) -> list[int]:
    bounds = []
    y, m = as_of.year - 10, 1
    while True:
        d = to_days(date(y, m, 1))
        if d >= to_days(as_of):
            break
        bounds.append(d)
        y, m = (y, 7) if m == 1 else (y + 1, 1)
    bounds.append(to_days(as_of))
    return bounds


def _year_of(days: int) -> int:
    return int((EPOCH + days).astype("datetime64[Y]").astype(int)) + 1970


class Simulation:
    def __init__(self, rng: np.random.Generator, emp: Employees, pos: Positions,
                 as_of: date, config: Config):
        self.rng, self.emp, self.pos, self.cfg = rng, emp, pos, config
        self.as_of = as_of
        self.asof = to_days(as_of)
        self.truth = Truth(emp, pos)
        n, p = emp.n, len(pos)
        self.n = n
        self.state = State.empty(n)
        self.cur_pos = np.full(n, -1, dtype=np.int64)
        self.cur_start = np.zeros(n, dtype=np.int64)
        self.cur_row = np.full(n, -1, dtype=np.int64)
        self.unit_change = np.full(n, -10**6, dtype=np.int64)
        self.occ = np.zeros(p, dtype=np.int64)
        self.ghost_until = np.zeros(p, dtype=np.int64)
        self.rows: list[list] = []          # [e, p, start, end, kind]
        self.train_rows: list[tuple] = []   # (e, name, kind, hours, end, field, lead)
        self.pending: list[tuple] = []      # trainings not yet counted in the state
        has_rank = emp.status != "PPPK"
        self.rank = np.where(has_rank, [vocab.RANK_ORDINAL[_ENTRY_RANK[o]] for o in
                                        emp.edu_ord_at_hire], 0)
        self.rank_date = emp.hire.copy()
        self.edu_cap = np.array([vocab.RANK_ORDINAL[_EDU_CAP[o]] for o in emp.edu_ord])
        self.kp_interval = rng.choice([4, 5, 6], size=n, p=[0.7, 0.2, 0.1]) * YEAR
        self.perf = np.full(n, np.nan)
        self.first_struct = np.zeros(n, dtype=np.int64)
        lenient = rng.random(len(pos.units)) < config.lenient_share
        self.leniency = rng.normal(0, 0.12, len(pos.units)) + lenient * config.lenient_shift
        # HR's view of field match: listed fields vs the employee's degrees.
        sim = similarity()
        f = len(FIELDS)
        listed = np.zeros((p, f))
        self.unlisted = np.array([len(x) == 0 for x in pos.listed])
        for i, fs in enumerate(pos.listed):
            for name in fs:
                listed[i] = np.maximum(listed[i], sim[FIELD_INDEX[name]])
        self.hr_match = np.where(listed >= 0.99, 1.0, np.where(listed >= 0.5, 0.5, 0.0))
        self.level_up = {}   # (family, flevel) → next flevel
        for key, fam in catalog.FAMILIES.items():
            for a, b in zip(fam.levels, fam.levels[1:]):
                self.level_up[(key, a)] = b
        self.fam_level = np.array([f"{a}|{b}" for a, b in zip(pos.family, pos.flevel)],
                                  dtype=object)
        self.entry_ok = (pos.category == "pel") | (
            (pos.category == "fung") & np.isin(pos.flevel, list(_ENTRY_LEVELS)))
        self.truth_steps: list[np.ndarray] = []

    # --- helpers ---------------------------------------------------------------------------
    def match(self, e: int, cand: np.ndarray) -> np.ndarray:
        out = np.where(self.unlisted[cand], 0.3, 0.0)
        for f in (self.emp.field[e], self.emp.field2[e]):
            if f >= 0:
                out = np.maximum(out, self.hr_match[cand, f])
        return out

    def eligible(self, e: int) -> np.ndarray:
        pos, emp = self.pos, self.emp
        ok = pos.min_edu <= emp.edu_ord[e]
        if self.rank[e] > 0:
            ok &= pos.min_rank <= self.rank[e]
            # a fungsional level whose band the rank has outgrown is not offered
            ok &= (pos.category != "fung") | (pos.rank_cap + 1 >= self.rank[e])
        if emp.status[e] == "PPPK":
            ok &= pos.category != "struct"
        return ok

    def kind_of(self, e: int, new: int) -> str:
        old = self.cur_pos[e]
        if old < 0:
            return "pengangkatan"
        pos = self.pos
        if pos.level[new] > pos.level[old]:
            return "promosi"
        if pos.level[new] < pos.level[old]:
            return "demosi"
        if pos.family[new] and pos.family[new] == pos.family[old] and \
                pos.job_class[new] > pos.job_class[old]:
            return "promosi"
        return "rotasi" if pos.unit_index[new] == pos.unit_index[old] else "mutasi"

    def move(self, e: int, p: int, day: int, kind: str | None = None) -> None:
        kind = kind or self.kind_of(e, p)
        old = self.cur_pos[e]
        if old >= 0:
            day = max(day, self.cur_start[e] + 1)
            self.rows[self.cur_row[e]][3] = day - 1
            self.occ[old] -= 1
            if self.pos.unit_index[old] != self.pos.unit_index[p]:
                self.unit_change[e] = day
        self.rows.append([e, p, day, -1, kind])
        self.cur_row[e] = len(self.rows) - 1
        self.cur_pos[e] = p
        self.cur_start[e] = day
        self.occ[p] += 1
        if self.pos.level[p] >= 1 and self.first_struct[e] == 0:
            self.first_struct[e] = day

    def choose(self, e: int, pool: np.ndarray, extra: np.ndarray | None = None) -> int:
        """The historical policy for a non-structural placement: field (unless blind),
        wishes sometimes, vacancies, noise."""
        cand = np.flatnonzero(pool & self.eligible(e) & (self.occ < self.pos.slots))
        if len(cand) == 0:
            cand = np.flatnonzero(pool & self.eligible(e))
            if len(cand) == 0:
                return -1
        rng = self.rng
        w_field = 0.0 if rng.random() < self.cfg.field_blind_share else 1.5
        score = w_field * self.match(e, cand) + rng.gumbel(size=len(cand))
        score += 0.3 * np.log1p(np.maximum(self.pos.slots[cand] - self.occ[cand], 0))
        if self.emp.preferred[e] and rng.random() < 0.5:
            score += 0.8 * self.truth.pref[e, self.pos.unit_index[cand]]
        if extra is not None:
            score += extra[cand]
        return int(cand[int(np.argmax(score))])

    def train(self, e: int, name: str, kind: str, hours: int, day: int, fidx: int = -1,
              lead: int = 0) -> None:
        if day > self.asof:
            return
        rec = (e, name, kind, hours, day, fidx, lead)
        self.train_rows.append(rec)
        self.pending.append(rec)

    def apply_trainings(self, until: int) -> None:
        keep = []
        st = self.state
        for rec in self.pending:
            e, _, _, _, day, fidx, lead = rec
            if day < until:
                if fidx >= 0:
                    st.train_count[e, fidx] += 1
                if lead:
                    st.lead_level[e] = max(st.lead_level[e], lead)
            else:
                keep.append(rec)
        self.pending = keep

    # --- training names -------------------------------------------------------------------
    def latsar(self, e: int) -> None:
        if self.emp.status[e] == "PPPK":
            return
        rng = self.rng
        day = int(self.emp.hire[e] + rng.integers(90, 330))
        g = "III" if self.rank[e] >= vocab.RANK_ORDINAL["III/a"] else "II"
        names = PRAJABATAN_OLD if _year_of(day) < 2018 else LATSAR_NEW
        name = names[int(rng.integers(len(names)))].format(g=g)
        hours = int(rng.integers(200, 260)) if _year_of(day) < 2018 else int(
            rng.integers(380, 420))
        self.train(e, name, "latsar", hours, day)

    def leadership(self, e: int, level: int, day: int) -> None:
        rng = self.rng
        names = LEADERSHIP_OLD[level] if _year_of(day) < 2019 else LEADERSHIP_NEW[level]
        lo, hi = LEADERSHIP_HOURS[level]
        self.train(e, names[int(rng.integers(len(names)))], "kepemimpinan",
                   int(rng.integers(lo, hi)), day, lead=level)

    def technical(self, e: int, day: int, fidx: int) -> None:
        rng = self.rng
        if fidx < 0 or FIELDS[fidx] not in catalog.TECHNICAL_TRAININGS:
            name = catalog.GENERIC_TRAININGS[int(rng.integers(len(catalog.GENERIC_TRAININGS)))]
            self.train(e, technical_name(rng, name), "lainnya",
                       int(rng.choice([8, 16, 24, 32])), day)
            return
        names = catalog.TECHNICAL_TRAININGS[FIELDS[fidx]]
        name = technical_name(rng, names[int(rng.integers(len(names)))])
        self.train(e, name, "teknis", int(rng.choice([24, 30, 40, 45, 56, 72])), day, fidx)

    def functional_training(self, e: int, p: int, day: int) -> None:
        fam = catalog.FAMILIES[self.pos.family[p]]
        name = (f"Diklat Pembentukan Jabatan Fungsional {fam.title}" if self.rng.random() < 0.6
                else f"Pelatihan Fungsional {fam.title}")
        self.train(e, name, "fungsional", int(self.rng.integers(60, 140)), day,
                   FIELD_INDEX[fam.fields[0]])

    # --- ranks ----------------------------------------------------------------------------
    def cap(self) -> np.ndarray:
        p = self.cur_pos
        pos_cap = np.where(p >= 0, self.pos.rank_cap[np.maximum(p, 0)], 0)
        is_fung = (p >= 0) & (self.pos.category[np.maximum(p, 0)] == "fung")
        return np.where(is_fung & (pos_cap > 0), pos_cap, np.maximum(self.edu_cap, pos_cap))

    def kp(self, day: int) -> None:
        due = ((self.rank > 0) & (self.cur_pos >= 0)
               & (day - self.rank_date >= self.kp_interval - 45)
               & (self.rank < self.cap())
               & ~self.sanctioned(day))
        self.rank[due] += 1
        self.rank_date[due] = day

    def sanctioned(self, day: int) -> np.ndarray:
        e = self.emp
        return (e.sanction_start > 0) & (e.sanction_start <= day) & (e.sanction_until > day)

    # --- the start ------------------------------------------------------------------------
    def initialise(self, start: int) -> None:
        """Careers as they stood at the simulation start, for those hired before it."""
        emp, pos, rng = self.emp, self.pos, self.rng
        before = np.flatnonzero(emp.hire < start)
        steps = np.floor((start - emp.hire[before]) / self.kp_interval[before]).astype(int)
        ranked = self.rank[before] > 0
        entry = self.rank[before]
        uncapped = np.where(ranked, entry + steps, 0)
        self.rank[before] = np.where(ranked, np.minimum(uncapped, self.edu_cap[before]), 0)
        taken_steps = self.rank[before] - entry
        last = emp.hire[before] + (taken_steps * self.kp_interval[before]).astype(np.int64)
        self.rank_date[before] = np.where(taken_steps > 0, np.minimum(last, start - 30),
                                          emp.hire[before])
        rank_u = np.zeros(self.n, dtype=int)
        rank_u[before] = np.minimum(uncapped, 16)
        # Structural posts, top-down; the rest are ghosts who retire within the window.
        taken = np.zeros(self.n, dtype=bool)
        z_seniority = (start - emp.hire) / YEAR
        proxy = 0.6 * emp.ability + rng.normal(0, 0.8, self.n)   # what HR saw of them
        pool = np.zeros(self.n, dtype=bool)
        pool[before] = emp.status[before] == "PNS"
        age = (start - emp.birth) / YEAR
        for level, q in ((3, 0.45), (2, 0.6), (1, 0.7)):
            for p in rng.permutation(np.flatnonzero(pos.level == level)):
                if rng.random() > q:
                    self.ghost_until[p] = int(rng.integers(start + 30, self.asof - 180))
                    continue
                mask = (pool & ~taken & (rank_u >= pos.min_rank[p])
                        & (emp.edu_ord >= pos.min_edu[p]))
                if pos.max_age[p]:
                    mask &= age <= pos.max_age[p]
                cand = np.flatnonzero(mask)
                if len(cand) == 0:
                    self.ghost_until[p] = int(rng.integers(start + 30, self.asof - 180))
                    continue
                score = (proxy[cand] + 0.3 * z_seniority[cand] / 8 + 0.3 * rank_u[cand] / 3
                         + 0.35 * self.match_many(cand, p)
                         - self.cfg.gender_bias * emp.female[cand]
                         + rng.normal(0, 0.8, len(cand)))
                e = int(cand[int(np.argmax(score))])
                taken[e] = True
                earliest = emp.hire[e] + int(4 * YEAR)
                day = int(max(earliest, start - rng.integers(30, int(5 * YEAR))))
                day = min(day, start - 1)
                self.move(e, p, day, "promosi")
                self.rank[e] = min(rank_u[e], max(self.edu_cap[e], pos.rank_cap[p]))
        # Everyone else hired before the start holds a non-structural post.
        for e in before[rng.permutation(len(before))]:
            if taken[e]:
                continue
            home = self.emp.formasi[e]
            bonus = np.zeros(len(pos))
            bonus[home] = 1.0
            p = self.choose(int(e), pos.category != "struct", bonus)
            if p < 0:
                p = int(home)
            span = max(0, min(int(6 * YEAR), start - int(emp.hire[e]) - 1))
            day = start - 1 - int(rng.integers(0, span + 1))
            kind = "pengangkatan" if day <= emp.hire[e] + 30 else "mutasi"
            self.move(int(e), p, max(day, int(emp.hire[e])), kind)
        # Experience, trainings and leadership before the window.
        st = self.state
        for e in before:
            p = self.cur_pos[e]
            years_in = (start - self.cur_start[e]) / YEAR
            years_before = max(0.0, (self.cur_start[e] - emp.hire[e]) / YEAR)
            prof = [f for f in pos.profile[p] if f >= 0]
            st.exp_years[e, prof] += years_in + 0.5 * years_before
            if emp.field[e] >= 0:
                st.exp_years[e, emp.field[e]] += 0.5 * years_before
            if pos.level[p] >= 1:
                st.struct_years[e] = years_in + 3 * (pos.level[p] - 1)
                for lv in range(1, pos.level[p] + 1):
                    if rng.random() < 0.85:
                        day = int(self.cur_start[e] - rng.integers(-300, int(3 * YEAR)))
                        day = max(day, int(emp.hire[e]) + 365)
                        self.leadership(int(e), lv, min(day, start - 1))
            if pos.territorial_unit[p]:
                st.terr_years[e] = years_in
            self.latsar(int(e))
            for _ in range(rng.poisson(0.25 * (start - emp.hire[e]) / YEAR)):
                day = int(rng.integers(emp.hire[e] + 200, start)) if start > emp.hire[e] + 201 \
                    else start - 1
                r = rng.random()
                fidx = (emp.field[e] if r < 0.4 else
                        prof[int(rng.integers(len(prof)))] if r < 0.8 and prof else -1)
                self.technical(int(e), day, int(fidx))
        self.apply_trainings(start)
        # What HR knew of their performance.
        e = before
        z = self.truth_now(e, start)
        self.perf[e] = 1 + Truth.outcome(z) + self.leniency[pos.unit_index[self.cur_pos[e]]] \
            + rng.normal(0, self.cfg.rating_noise, len(e))

    def match_many(self, cand: np.ndarray, p: int) -> np.ndarray:
        if self.unlisted[p]:
            return np.full(len(cand), 0.3)
        out = np.zeros(len(cand))
        for f in (self.emp.field[cand], self.emp.field2[cand]):
            ok = f >= 0
            out[ok] = np.maximum(out[ok], self.hr_match[p, f[ok]])
        return out

    def truth_now(self, e: np.ndarray, day: int) -> np.ndarray:
        skill = skill_matrix(self.emp, self.state)
        mlevel = managerial_level(self.emp, self.state)
        moved = (day - self.unit_change[e]) < 365
        return self.truth.latent(e, self.cur_pos[e], skill, mlevel, self.state.terr_years,
                                 moved)

    # --- one step -------------------------------------------------------------------------
    def hires(self, lo: int, hi: int) -> None:
        emp, pos = self.emp, self.pos
        new = np.flatnonzero((emp.hire >= lo) & (emp.hire < hi))
        for e in new[np.argsort(emp.hire[new], kind="stable")]:
            e = int(e)
            bonus = np.zeros(len(pos))
            bonus[emp.formasi[e]] = 3.0
            p = self.choose(e, self.entry_ok, bonus)
            if p < 0:
                p = int(emp.formasi[e])
            self.move(e, p, int(emp.hire[e]), "pengangkatan")
            self.latsar(e)
            if pos.category[p] == "fung" and self.rng.random() < 0.6:
                self.functional_training(e, p, int(emp.hire[e] + self.rng.integers(200, 700)))

    def structural_round(self, day: int) -> None:
        emp, pos, rng = self.emp, self.pos, self.rng
        employed = self.cur_pos >= 0
        cur = np.maximum(self.cur_pos, 0)
        cur_level = np.where(employed, pos.level[cur], -1)
        tenure = day - self.cur_start
        base = (employed & (emp.status == "PNS") & ~self.sanctioned(day) & (tenure >= 365))
        perf = np.nan_to_num(self.perf, nan=np.nanmean(self.perf) if np.isfinite(
            self.perf).any() else 4.0)
        perf_z = (perf - perf.mean()) / (perf.std() + 1e-9)
        age = (day - emp.birth) / YEAR
        moved = np.zeros(self.n, dtype=bool)
        for level in (3, 2, 1):
            vacant = np.flatnonzero((pos.level == level) & (self.occ == 0)
                                    & (self.ghost_until < day))
            for p in rng.permutation(vacant):
                if self.occ[p] > 0 or rng.random() > 0.7:
                    continue
                cur = np.maximum(self.cur_pos, 0)
                cur_level = np.where(self.cur_pos >= 0, pos.level[cur], -1)
                mask = (base & ~moved & ((cur_level == level - 1) | (cur_level == level))
                        & (self.rank >= pos.min_rank[p]) & (emp.edu_ord >= pos.min_edu[p])
                        & (self.cur_pos != p))
                if pos.max_age[p]:
                    mask &= age <= pos.max_age[p]
                cand = np.flatnonzero(mask)
                if len(cand) == 0:
                    continue
                same_unit = pos.unit_index[self.cur_pos[cand]] == pos.unit_index[p]
                score = (0.9 * perf_z[cand] + 0.35 * (self.rank[cand] - pos.min_rank[p])
                         + 0.35 * self.match_many(cand, p) + 0.3 * same_unit
                         - 0.6 * (cur_level[cand] == level)
                         - 0.4 * (pos.category[self.cur_pos[cand]] == "fung")
                         - self.cfg.gender_bias * emp.female[cand]
                         + rng.normal(0, 0.9, len(cand)))
                if pos.territorial[p]:
                    score += 0.5 * np.tanh(self.state.terr_years[cand] / 3)
                e = int(cand[int(np.argmax(score))])
                moved[e] = True
                self.move(e, int(p), day)
                if self.state.lead_level[e] < level and rng.random() < 0.75:
                    self.leadership(e, level, int(day + rng.integers(60, int(2 * YEAR))))

    def jenjang_round(self, day: int) -> None:
        pos = self.pos
        p = self.cur_pos
        fung = np.flatnonzero((p >= 0) & (pos.category[np.maximum(p, 0)] == "fung")
                              & (self.rank >= pos.rank_cap[np.maximum(p, 0)])
                              & (day - self.cur_start >= 2 * 365))
        for e in fung:
            e = int(e)
            cp = self.cur_pos[e]
            nxt = self.level_up.get((pos.family[cp], pos.flevel[cp]))
            if nxt is None:
                continue
            pool = self.fam_level == f"{pos.family[cp]}|{nxt}"
            if not pool.any():
                continue
            bonus = np.where(pos.unit_index == pos.unit_index[cp], 2.0, 0.0)
            target = self.choose(e, pool, bonus)
            if target >= 0 and self.occ[target] < pos.slots[target]:
                self.move(e, target, day, "promosi")

    def rotation_round(self, day: int) -> None:
        emp, pos, rng = self.emp, self.pos, self.rng
        p = self.cur_pos
        employed = p >= 0
        tenure = (day - self.cur_start) / YEAR
        hazard = np.select([tenure < 2, tenure < 3, tenure < 6], [0.01, 0.05, 0.11], 0.2)
        cat = np.where(employed, pos.category[np.maximum(p, 0)], "")
        struct = cat == "struct"
        hazard = np.where(struct, np.where(tenure >= 3, 0.06, 0.0), hazard)
        hazard = np.where(emp.status == "PPPK", hazard * 0.3, hazard)
        movers = np.flatnonzero(employed & (emp.status != "CPNS") & ~self.sanctioned(day)
                                & (rng.random(self.n) < hazard))
        for e in rng.permutation(movers):
            e = int(e)
            cp = self.cur_pos[e]
            if pos.category[cp] == "struct":
                pool = (pos.level == pos.level[cp]) & (self.occ == 0) & \
                    (self.ghost_until < day)
                pool[cp] = False
                if not pool.any():
                    continue
            elif pos.category[cp] == "fung":
                pool = self.fam_level == self.fam_level[cp]
                pool[cp] = False
                if not pool.any():
                    continue
            else:
                pool = (pos.category == "pel") | (
                    self.entry_ok & (rng.random() < 0.15))
                pool[cp] = False
            same_unit = np.where(pos.unit_index == pos.unit_index[cp], 0.7, 0.0)
            target = self.choose(e, pool, same_unit)
            if target < 0 or target == cp:
                continue
            if pos.category[target] == "struct" and self.occ[target] > 0:
                continue
            self.move(e, target, day)
            if pos.category[target] == "fung" and pos.family[target] != pos.family[cp] \
                    and rng.random() < 0.6:
                self.functional_training(e, target, int(day + rng.integers(100, 600)))

    def demotions(self, lo: int, hi: int) -> None:
        emp, pos = self.emp, self.pos
        hit = np.flatnonzero((emp.sanction_start >= lo) & (emp.sanction_start < hi)
                             & (self.cur_pos >= 0))
        for e in hit:
            e = int(e)
            cp = self.cur_pos[e]
            if pos.level[cp] < 1 or self.rng.random() > 0.6:
                continue
            pool = (pos.category == "pel") & (pos.unit_index == pos.unit_index[cp])
            if not pool.any():
                pool = pos.category == "pel"
            target = self.choose(e, pool)
            if target >= 0:
                self.move(e, target, int(emp.sanction_start[e]), "demosi")

    def trainings_in(self, lo: int, hi: int) -> None:
        emp, pos, rng = self.emp, self.pos, self.rng
        employed = np.flatnonzero(self.cur_pos >= 0)
        takers = employed[rng.random(len(employed)) < 0.25]
        for e in takers:
            e = int(e)
            prof = [f for f in pos.profile[self.cur_pos[e]][:2] if f >= 0]
            r = rng.random()
            fidx = (prof[int(rng.integers(len(prof)))] if r < 0.6 and prof else
                    emp.field[e] if r < 0.8 else -1)
            self.technical(e, int(rng.integers(lo, hi)), int(fidx))
        # Would-be officials sometimes take PKP before any post.
        cand = employed[(pos.level[self.cur_pos[employed]] == 0)
                        & (self.rank[employed] >= vocab.RANK_ORDINAL["III/b"])
                        & (self.state.lead_level[employed] == 0)]
        for e in cand[rng.random(len(cand)) < 0.012]:
            self.leadership(int(e), 1, int(rng.integers(lo, hi)))

    def accrue(self, e: np.ndarray, years: float) -> None:
        pos, st = self.pos, self.state
        p = self.cur_pos[e]
        prof = pos.profile[p]
        for j in range(prof.shape[1]):
            ok = prof[:, j] >= 0
            st.exp_years[e[ok], prof[ok, j]] += years
        st.struct_years[e] += years * (pos.level[p] >= 1)
        st.terr_years[e] += years * pos.territorial_unit[p]

    # --- the run --------------------------------------------------------------------------
    def run(self, progress=None) -> History:
        emp, rng = self.emp, self.rng
        bounds = half_year_bounds(self.as_of)
        start = bounds[0]
        self.initialise(start)
        half: dict[int, tuple[np.ndarray, np.ndarray]] = {}   # step → (truth, position)
        app_rows: list[tuple[np.ndarray, ...]] = []
        for k in range(len(bounds) - 1):
            lo, hi = bounds[k], bounds[k + 1]
            mid = (lo + hi) // 2
            self.hires(lo, hi)
            self.demotions(lo, hi)
            for kp_month in (4, 10):
                y = _year_of(lo)
                kp_day = to_days(date(y, kp_month, 1))
                if lo <= kp_day < hi:
                    self.kp(kp_day)
            day = int(lo + rng.integers(20, 75))
            if day < hi and day < self.asof:
                self.structural_round(day)
                self.jenjang_round(day)
                self.rotation_round(day)
            self.trainings_in(lo, min(hi, self.asof))
            self.apply_trainings(mid)
            here = np.flatnonzero((self.cur_pos >= 0) & (emp.hire <= mid))
            z = self.truth_now(here, mid)
            t = np.full(self.n, np.nan)
            t[here] = Truth.outcome(z)
            half[k] = (t, self.cur_pos.copy())
            self.apply_trainings(hi)
            self.accrue(np.flatnonzero(self.cur_pos >= 0), (hi - lo) / YEAR)
            if to_days(date(_year_of(lo), 7, 1)) == lo and hi - lo > 150:   # a year ends
                app_rows.append(self.appraise(_year_of(lo), half.get(k - 1), half[k]))
            if progress is not None:
                progress()
        self.apply_trainings(self.asof + 1)
        return self.finish(app_rows)

    def appraise(self, year: int, h1, h2) -> tuple[np.ndarray, ...]:
        """The SKP of one year: the truth of the posts held (mean of the two halves),
        the unit's leniency and noise."""
        t2, p2 = h2
        e = np.flatnonzero(np.isfinite(t2))
        if h1 is not None:
            t1 = h1[0][e]
            truth = np.where(np.isfinite(t1), (t1 + t2[e]) / 2, t2[e])
        else:
            truth = t2[e]
        unit = self.pos.unit_index[p2[e]]
        value = (1 + truth + self.leniency[unit]
                 + (self.cfg.predicate_inflation if year >= vocab.PERMENPAN6_FIRST_YEAR else 0)
                 + self.rng.normal(0, self.cfg.rating_noise, len(e)))
        # HR remembers: a running mean of the ratings drives promotion scores.
        old = self.perf[e]
        self.perf[e] = np.where(np.isfinite(old), 0.5 * old + 0.5 * value, value)
        return e, np.full(len(e), year), truth, unit, value

    def finish(self, app_rows) -> History:
        a = pd.DataFrame(self.rows, columns=["e", "p", "start", "end", "kind"])
        tr = pd.DataFrame(self.train_rows, columns=["e", "name", "kind", "hours", "end",
                                                    "field", "lead"])
        if app_rows:
            cols = [np.concatenate([r[i] for r in app_rows]) for i in range(5)]
        else:
            cols = [np.zeros(0)] * 5
        ap = pd.DataFrame({"e": cols[0].astype(np.int64), "year": cols[1].astype(np.int64),
                           "truth": cols[2], "unit": cols[3].astype(np.int64),
                           "value": cols[4]})
        return History(assignments=a, trainings=tr, appraisals=ap, rank=self.rank,
                       rank_date=self.rank_date, cur_pos=self.cur_pos,
                       cur_start=self.cur_start, state=self.state, leniency=self.leniency,
                       ever_structural=self.first_struct > 0,
                       first_structural=self.first_struct)


def simulate(rng: np.random.Generator, emp: Employees, pos: Positions, as_of: date,
             config: Config, progress=None) -> History:
    return Simulation(rng, emp, pos, as_of, config).run(progress)
