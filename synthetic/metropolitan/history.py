"""Ten years of history: exits, intake, yearly mutation rounds, trainings, sanctions, rank
steps, assessments and appraisals.

Why: the export's evidence (who held which post and how they were appraised) must come from
a placement process with its own biases, not from the truth alone. Decision makers see fit
through noise (placement.py) and also reward seniority, men, the majority religion,
connections and lobbying; appraisals follow the truth of the post held, through
appraisal.py. Everything here is per round or per year, vectorised over people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from . import appraisal
from .fields import FAMILIES
from .orgchart import Org
from .people import EDU_RANK, RANKS, YEAR, People, add_person, rank_cap
from .placement import Placer
from .trainings import TrainingLog
from .truth import Posts, PersonView, outcome
from .variants import Mechanisms

EPOCH = date(1970, 1, 1)
HOME_P = np.array([0.12, 0.22, 0.22, 0.24, 0.20])


def day_of(d: date) -> int:
    return (d - EPOCH).days


@dataclass
class History:
    pp: People
    asg: list = field(default_factory=list)        # [emp, pos, start, end(-1), kind]
    perf: list = field(default_factory=list)       # (emp, year, rating, score)
    assess: list = field(default_factory=list)     # (emp, competency, level, day)
    trainings: TrainingLog = field(default_factory=TrainingLog)


class Sim:
    def __init__(self, org: Org, posts: Posts, m: Mechanisms, seed: int, rng, as_of: date, employees: int):
        self.org, self.posts, self.m, self.seed, self.rng = org, posts, m, seed, rng
        self.as_of, self.N = day_of(as_of), employees
        self.due_line = day_of(date(as_of.year - 2, as_of.month, min(as_of.day, 28)))
        pos = org.positions
        self.P = len(pos)
        self.slots = pos.slots.to_numpy()
        self.occ = np.zeros(self.P, dtype=int)
        self.min_edu = pos.min_education.map(EDU_RANK).to_numpy()
        self.floor = pos.min_rank.map(lambda r: RANKS.index(r) if r else -1).to_numpy()
        self.max_age = pos.max_age.fillna(999).to_numpy(float)
        self.records = pos.to_dict("records")
        self.leniency = rng.normal(0, m.sd_unit_leniency, len(org.units))
        cap = int(employees * 1.9) + 200
        self.h = History(People(cap, len(FAMILIES), len(org.units)))
        self.had_latsar = np.zeros(cap, dtype=bool)
        self.pp = self.h.pp
        self.cur_row = np.full(cap, -1)
        self.placer = Placer(self)
        self.posts_wet = pos.wet.to_numpy(float)
        self.territorial_units = np.flatnonzero(org.units.unit_type.isin(["kelurahan", "kecamatan"]).to_numpy())
        self.last_assessed = np.full(cap, -1)

    # --- bookkeeping ---------------------------------------------------------------------------
    def nudge(self, day: int) -> int:
        """Keep current-post starts away from the two-year line (unambiguous eligibility)."""
        return self.due_line + 8 if abs(day - self.due_line) <= 7 else day

    def view(self, day: int) -> PersonView:
        pp = self.pp
        return PersonView(ability=pp.ability, leadership=pp.leadership, resilience=pp.resilience,
                          digital0=pp.digital0, it_stock=pp.it_stock, field=pp.field,
                          exp=np.vstack([pp.experience(day, self.posts.fam),
                                         np.zeros((pp.cap - pp.n, pp.exp.shape[1]))]),
                          lead_train=pp.lead_train, level_max=pp.level_max, rank=pp.rank,
                          reluctant=pp.reluctant, stated=pp.stated, pref=pp.pref, home=pp.home)

    def place(self, i: int, p: int, day: int, kind: str | None = None):
        pp = self.pp
        old = int(pp.pos[i])
        day = self.nudge(day)
        if old >= 0:
            pp.exp[i, self.posts.fam[old]] += max(0, day - pp.pos_start[i]) / YEAR
            self.h.asg[self.cur_row[i]][3] = day - 1
            self.occ[old] -= 1
            if kind is None:
                lv_old, lv_new = self.posts.level[old], self.posts.level[p]
                demoted = lv_new < lv_old and self.posts.need_lead[old] > 0
                kind = ("promosi" if lv_new > lv_old else "demosi" if demoted else
                        "rotasi" if self.posts.unit[old] == self.posts.unit[p] else "mutasi")
        self.cur_row[i] = len(self.h.asg)
        self.h.asg.append([i, p, day, -1, kind or "pengangkatan"])
        pp.pos[i], pp.pos_start[i] = p, day
        pp.level_max[i] = max(pp.level_max[i], self.posts.level[p])
        self.occ[p] += 1

    def leave(self, i: int):
        pp = self.pp
        p = int(pp.pos[i])
        if p >= 0:
            pp.exp[i, self.posts.fam[p]] += max(0, pp.exit[i] - pp.pos_start[i]) / YEAR
            self.h.asg[self.cur_row[i]][3] = int(pp.exit[i])
            self.occ[p] -= 1
            pp.pos[i] = -1

    def process_exits(self, day: int):
        pp = self.pp
        idx = np.flatnonzero((pp.exit[: pp.n] >= 0) & (pp.exit[: pp.n] <= day) & (pp.pos[: pp.n] >= 0))
        for i in idx:
            self.leave(int(i))

    def planned_exit(self, i: int, rng) -> int:
        pp = self.pp
        p = self.records[int(pp.pos[i])] if pp.pos[i] >= 0 else None
        old_bup = p is not None and (p["job_type"] == "jpt_pratama" or p["functional_level"] == "ahli_madya"
                                     or p["family"] == "teaching")
        bup = pp.birth[i] + int((60 if old_bup else 58) * YEAR)
        quit_day = pp.hire[i] + int(rng.exponential(1 / 0.006) * YEAR)
        return int(min(bup, quit_day))

    # --- people -----------------------------------------------------------------------------------
    def new_person(self, p: int, hire_day: int, status: int, matched: float, rng) -> int:
        rec = self.records[p]
        home = int(rng.choice(5, p=HOME_P))
        units = self.org.units
        near = [k for k in np.flatnonzero(units.zone.to_numpy() == home)
                if units.family.iat[k] == rec["family"] or units.unit_type.iat[k] in ("kecamatan", "kelurahan")]
        near = [int(k) for k in rng.permutation(near)[:3]] if near else []
        if rng.random() < 0.3:
            near.insert(0, int(rec["unit"]))
        edu_age = {"SMP": 20, "SMA": 21, "D3": 23, "S1": 24, "PROFESI": 26, "S2": 28}
        age = edu_age.get(rec["min_education"], 24) + rng.gamma(2.0, 1.6)
        i = add_person(self.pp, rng, post=rec, hire_day=hire_day, age_at_hire=age, status=status,
                       matched=matched, home=home, units_near=near)
        self.pp.birth[i] = self.safe_birth(int(self.pp.birth[i]))
        return i

    def safe_birth(self, day: int) -> int:
        """No birthday on or next to the export's month-day, no 29 February (unambiguous ages)."""
        d = EPOCH.toordinal() + day
        bd = date.fromordinal(d)
        a = date(bd.year, self.as_of_date.month, min(self.as_of_date.day, 28))
        if (bd.month, bd.day) == (2, 29) or abs((bd - a).days) <= 3:
            return day + 9
        return day

    @property
    def as_of_date(self) -> date:
        return date.fromordinal(EPOCH.toordinal() + self.as_of)

    # --- appraisal, trainings, sanctions, ranks ------------------------------------------------------
    def appraise(self, year: int, rng):
        pp = self.pp
        end = day_of(date(year, 12, 31))
        act = pp.active(end)
        act = act[(pp.pos[act] >= 0) & (pp.hire[act] <= day_of(date(year, 6, 30)))]
        if len(act) == 0:
            return
        v = self.view(end)
        true, _ = outcome(v, self.posts, self.m, self.seed, act, pp.pos[act])
        units = self.posts.unit[pp.pos[act]]
        unit_year = rng.normal(0, self.m.sd_unit_year, len(self.org.units))
        obs = appraisal.observed(true, self.leniency[units] + unit_year[units], self.m, rng)
        self.h.perf += appraisal.regime_rows(year, act, obs, rng)
        prev = pp.rep[act]
        pp.rep[act] = np.where(np.isnan(prev), obs, 0.6 * prev + 0.4 * obs)

    def year_events(self, year: int, rng):
        pp, log = self.pp, self.h.trainings
        start, end = day_of(date(year, 1, 1)), min(day_of(date(year, 12, 31)), self.as_of - 1)
        if end <= start:
            return
        act = pp.active(end)
        act = act[pp.pos[act] >= 0]
        frac = (end - start) / 365.0
        post = pp.pos[act]
        for k, i in enumerate(act):
            p = int(post[k])
            rec = self.records[p]
            d = lambda: int(rng.integers(max(start, pp.hire[i]), end + 1))  # noqa: E731
            for _ in range(rng.poisson(0.9 * frac)):
                log.technical(int(i), rec["family"], d(), rng)
            if rng.random() < (0.12 + 0.3 * self.posts.digital[p]) * frac:
                log.it(int(i), d(), rng)
                pp.it_stock[i] += 1
            need = self.posts.need_lead[p]
            if need > pp.lead_train[i] and rng.random() < 0.45 * frac:
                pp.lead_train[i] = need
                log.leadership(int(i), int(need), d(), rng)
            if rec["job_type"] == "fungsional" and rng.random() < 0.12 * frac:
                log.functional(int(i), rec["title"], d(), rng)
            if pp.status[i] == 1 and end - pp.hire[i] > 150 and not self.had_latsar[i]:
                self.had_latsar[i] = True
                log.latsar(int(i), "III" if pp.rank[i] >= 8 else "II", int(rng.integers(pp.hire[i] + 90, end + 1)),
                           rng)
            if rng.random() < 0.006 * frac * np.exp(-0.6 * pp.ability[i]):
                severe = rng.random() < 0.15
                pp.sanction_until[i] = self.safe_sanction(d() + int((3 if severe else 1) * 365))
                pp.severe[i] = int(severe)
        pp.it_stock[act] *= 0.8 ** frac
        for md in ((4, 1), (10, 1)):
            self.rank_step(day_of(date(year, *md)), rng)

    def safe_sanction(self, day: int) -> int:
        return self.as_of + 5 if abs(day - self.as_of) <= 4 else day

    def rank_step(self, day: int, rng):
        if day >= self.as_of:
            return
        pp = self.pp
        act = pp.active(day)
        act = act[(pp.status[act] == 0) & (pp.rank[act] >= 0) & (day - pp.rank_date[act] >= 4 * 365)]
        for i in act:
            good = np.nan_to_num(pp.rep[i], nan=2.8) >= 2.5
            sanctioned = pp.sanction_until[i] > day
            if not sanctioned and pp.rank[i] < rank_cap(pp, int(i), {}) and rng.random() < (0.85 if good else 0.3):
                pp.rank[i] += 1
                pp.rank_date[i] = day

    def assess(self, i: int, day: int, rng):
        """An assessment-centre result: managerial levels from leadership and ability, public
        service from resilience, technical from experience in the current family."""
        pp = self.pp
        if day < pp.hire[i] or day >= self.as_of:
            return
        self.last_assessed[i] = day
        base = 2.4 + 0.25 * min(int(pp.level_max[i]), 4)
        p = int(pp.pos[i])
        years = pp.exp[i, self.posts.fam[p]] + (day - pp.pos_start[i]) / YEAR if p >= 0 else 0.0
        from .orgchart import MANAGERIAL
        for c in MANAGERIAL + ("sosiokultural", "teknis"):
            if c == "teknis":
                mu = 2.0 + 0.25 * min(years, 8)
            elif c == "pelayanan_publik":
                mu = base + 0.35 * pp.resilience[i] + 0.2 * pp.ability[i]
            elif c == "integritas":
                mu = base + 0.3
            else:
                mu = base + 0.45 * pp.leadership[i] + 0.2 * pp.ability[i]
            lv = float(np.clip(np.round((mu + rng.normal(0, 0.45)) * 2) / 2, 1, 5))
            self.h.assess.append((i, c, lv, day))

    # --- the run -------------------------------------------------------------------------------------
    def run(self, rng, progress=None):
        pp, as_of = self.pp, self.as_of_date
        first = as_of.year - 10
        t0 = day_of(date(first, 1, 1))
        self.placer.staff_initially(t0, 0.88 * self.N / self.slots.sum(), rng)
        rounds = [y for y in range(first, as_of.year + 1)]
        days = {y: day_of(date(y, 1, 2)) + int(rng.integers(0, 75)) for y in rounds}
        rounds = [y for y in rounds if days[y] < self.as_of]
        for k, y in enumerate(rounds):
            day = days[y]
            self.process_exits(day)
            self.placer.convert_cpns(day, rng)
            self.placer.mutation_round(day, rng)
            staying = len(pp.active(self.as_of))
            n_hire = self.N - staying if k == len(rounds) - 1 else round((self.N - staying) / (len(rounds) - k))
            self.placer.intake(max(0, n_hire), day, y, rng)
            while k == len(rounds) - 1 and len(pp.active(self.as_of)) < self.N:
                before = pp.n
                self.placer.intake(self.N - len(pp.active(self.as_of)), day, y, rng)
                if pp.n == before:
                    break
            if True:
                for i in rng.choice(pp.active(day), size=max(1, len(pp.active(day)) // 60), replace=False):
                    if self.last_assessed[i] < 0:
                        self.assess(int(i), day + int(rng.integers(30, 300)), rng)
            self.year_events(y, rng)
            if y < as_of.year:
                self.appraise(y, rng)
            if progress:
                progress(f"{y}: {len(pp.active(day))} active")
        self.process_exits(self.as_of)
        return self.h
