"""Who went where: the initial staffing, the yearly mutation round and the intake.

Why: the history's placement policy is the bias the model must see through. A candidate's
score for a post is the decision makers' perceived fit (the observable truth plus noise)
plus seniority, a penalty for women and a premium for the majority religion in structural
posts, connections in lucrative posts and lobbying for posts near home. Structural
vacancies are filled top down from the level below (cascading); long-serving, low-rated
and willing people rotate; severe sanctions demote; CPNS and PPPK fill the remaining
vacancies of their formation.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from .people import ENTRY_RANK, YEAR, ZONE_DIST, rank_cap
from .truth import outcome

INTAKE_MD = (3, 1)


class Placer:
    def __init__(self, sim):
        self.sim = sim

    # --- scoring ------------------------------------------------------------------------------------
    def eligible(self, cand: np.ndarray, p: np.ndarray, day: int) -> np.ndarray:
        """History's own hard rules for candidates x posts (broadcast)."""
        s, pp = self.sim, self.sim.pp
        ok = pp.edu[cand] >= s.min_edu[p]
        ok &= (s.floor[p] < 0) | (pp.rank[cand] >= s.floor[p])
        ok &= pp.age(cand, day) <= s.max_age[p]
        ok &= (pp.status[cand] == 0) | ((pp.status[cand] == 2) & (s.posts.need_lead[p] == 0))
        return ok

    def score(self, cand: np.ndarray, p, day: int, view, rng) -> np.ndarray:
        s, pp, m = self.sim, self.sim.pp, self.sim.m
        _, obs = outcome(view, s.posts, m, s.seed, cand, p)
        structural = s.posts.need_lead[p] > 0
        top = s.posts.level[p] >= 3
        sc = m.w_perceived_fit * (obs + rng.normal(0, m.perceived_noise, np.shape(obs)))
        sc = sc + structural * (m.w_seniority * pp.rank[cand] - m.w_gender_bias * pp.gender[cand])
        sc = sc + top * m.w_religion_bias * (pp.religion[cand] == 0)
        sc = sc + s.posts_wet[p] * m.w_connections * pp.connections[cand]
        sc = sc - m.w_home_lobby * ZONE_DIST[pp.home[cand], s.posts.zone[p]]
        return sc + rng.normal(0, m.placement_noise, np.shape(sc))

    # --- initial staffing ------------------------------------------------------------------------------
    def staff_initially(self, t0: int, share: float, rng):
        s, pp = self.sim, self.sim.pp
        order = rng.permutation(s.P)
        for p in order:
            rec = s.records[p]
            for _ in range(int(s.slots[p])):
                if rng.random() > share:
                    continue
                self.initial_person(int(p), rec, t0, rng)
        for i in range(pp.n):
            pp.exit[i] = s.planned_exit(i, rng)
        s.process_exits(t0)

    def initial_person(self, p: int, rec: dict, t0: int, rng):
        s, pp = self.sim, self.sim.pp
        i = s.new_person(p, t0, 0, 0.7, rng)
        entry = int(pp.rank[i])
        floor = max(int(s.floor[p]), entry)
        target = min(floor + int(rng.integers(0, 3)), max(rank_cap(pp, i, {}), floor))
        service = max(0.5, (target - entry) * 4 + rng.uniform(0.3, 4.0))
        if s.floor[p] < 0:
            service = rng.uniform(0.5, 26)
        age_hire = (t0 - pp.birth[i]) / YEAR
        service = min(service, 56.5 - age_hire)
        hire = t0 - int(max(0.5, service) * YEAR)
        shift = t0 - hire
        pp.hire[i], pp.birth[i] = hire, s.safe_birth(int(pp.birth[i] - shift))
        pp.rank[i] = max(floor if s.floor[p] >= 0 else entry,
                         min(entry + int(service / 4), rank_cap(pp, i, {})))
        pp.rank_date[i] = max(hire, t0 - int(rng.uniform(0, 4) * YEAR))
        pp.education[i] = [(lv, f, k, y - int(shift / YEAR)) for lv, f, k, y in pp.education[i]]
        tenure = rng.uniform(0, min(service, 8.0))
        prior = service - tenure
        pp.exp[i, s.posts.fam[p]] += 0.6 * prior
        pp.exp[i, int(rng.integers(pp.exp.shape[1]))] += 0.4 * prior
        s.place(i, p, t0 - int(tenure * YEAR), "pengangkatan" if prior < 1 else str(rng.choice(
            ["mutasi", "promosi", "rotasi"], p=[0.5, 0.3, 0.2])))
        need = s.posts.need_lead[p]
        pp.level_max[i] = s.posts.level[p]
        if need > 0:
            pp.lead_train[i] = need if rng.random() < 0.8 else need - 1
        elif pp.rank[i] >= 10 and rng.random() < 0.1:
            pp.lead_train[i] = 1
        log = s.h.trainings
        s.had_latsar[i] = True
        if rng.random() < 0.85:
            log.latsar(i, "III" if entry >= 8 else "II", hire + int(rng.integers(60, 300)), rng)
        for lv in range(1, int(pp.lead_train[i]) + 1):
            d = max(hire + 300, pp.pos_start[i] - int(rng.uniform(0.3, 3) * YEAR) - (3 - lv) * 700)
            log.leadership(i, lv, min(d, t0 - 1), rng)

    # --- the round ------------------------------------------------------------------------------------
    def mutation_round(self, day: int, rng):
        s, pp = self.sim, self.sim.pp
        view = s.view(day)
        act = pp.active(day)
        act = act[pp.pos[act] >= 0]
        moved = np.zeros(pp.cap, dtype=bool)
        self.demote(act, day, view, moved, rng)
        self.fill_structural(act, day, view, moved, rng)
        self.rotate(act, day, view, moved, rng)

    def demote(self, act, day, view, moved, rng):
        """Severe sanctions and structural heads rated poorly are relieved of their post."""
        s, pp = self.sim, self.sim.pp
        structural = s.posts.need_lead[pp.pos[act]] > 0
        sanctioned = (pp.severe[act] == 1) & (pp.sanction_until[act] > day)
        poor = np.nan_to_num(pp.rep[act], nan=3.0) < 1.9
        bad = act[structural & (sanctioned | poor)]
        for i in bad:
            if rng.random() < (0.6 if pp.severe[i] else 0.3):
                self.move_best(int(i), day, view, moved, rng, band=(0, 1))

    def fill_structural(self, act, day, view, moved, rng):
        s, pp = self.sim, self.sim.pp
        vac = np.flatnonzero((s.posts.need_lead > 0) & (s.occ < s.slots))
        queue = sorted(vac, key=lambda p: (-s.posts.level[p], rng.random()))
        guard = 0
        while queue and guard < 4 * s.P:
            guard += 1
            p = int(queue.pop(0))
            if s.occ[p] >= s.slots[p]:
                continue
            cand = pp.active(day)
            cur = pp.pos[cand]
            keep = (cur >= 0) & ~moved[cand] & (pp.sanction_until[cand] <= day)
            keep &= (pp.level_max[cand] >= s.posts.level[p] - 1) & (s.posts.level[np.maximum(cur, 0)] <= s.posts.level[p])
            keep &= (day - pp.pos_start[cand]) >= 365
            cand = cand[keep]
            cand = cand[self.eligible(cand, np.full(len(cand), p), day)]
            if len(cand) == 0:
                continue
            sc = self.score(cand, p, day, view, rng)
            best = np.argsort(-sc)[:5]
            self.assess_pool(cand[best], day, rng)
            i = int(cand[best[0]])
            old = int(pp.pos[i])
            s.place(i, p, day)
            moved[i] = True
            if s.posts.need_lead[old] > 0:
                queue.append(old)

    def rotate(self, act, day, view, moved, rng):
        pp = self.sim.pp
        act = act[(pp.status[act] == 0) & ~moved[act] & (pp.sanction_until[act] <= day)]
        tenure = (day - pp.pos_start[act]) / YEAR
        low = np.nan_to_num(pp.rep[act], nan=3.0) < 2.0
        prob = np.where(tenure >= 5, 0.45, np.where(tenure >= 2, 0.09, 0.0))
        prob = prob + 0.25 * low * (tenure >= 1) + 0.05 * (pp.reluctant[act] == 0) * (tenure >= 3)
        prob = prob * np.where(pp.reluctant[act] == 1, 0.6, 1.0)
        movers = act[rng.random(len(act)) < prob]
        for i in rng.permutation(movers):
            self.move_best(int(i), day, view, moved, rng, band=(0, 0), punish=bool(
                np.nan_to_num(pp.rep[i], nan=3.0) < 2.0))

    def move_best(self, i, day, view, moved, rng, band, punish=False):
        s, pp = self.sim, self.sim.pp
        cur = int(pp.pos[i])
        lv = s.posts.level[cur]
        structural_now = s.posts.need_lead[cur] > 0
        cand = np.flatnonzero(s.occ < s.slots)
        if band == (0, 1):     # demotion: to a non-structural post
            cand = cand[s.posts.need_lead[cand] == 0]
        elif structural_now:
            cand = cand[(s.posts.level[cand] == lv) & (s.posts.need_lead[cand] > 0)]
        else:
            cand = cand[(s.posts.need_lead[cand] == 0) & (s.posts.level[cand] >= lv)
                        & (s.posts.level[cand] <= min(lv, pp.level_max[i]) + 1)]
        cand = cand[cand != cur]
        if len(cand) == 0:
            return
        cand = cand[self.eligible(np.full(len(cand), i), cand, day)]
        if len(cand) == 0:
            return
        sc = self.score(np.full(len(cand), i), cand, day, view, rng)
        if punish:
            far = ZONE_DIST[pp.home[i], s.posts.zone[cand]]
            sc = sc + 0.6 * far + 0.5 * np.isin(s.posts.unit[cand], s.territorial_units)
        p = int(cand[int(np.argmax(sc))])
        s.place(i, p, day, "demosi" if band == (0, 1) and s.posts.level[p] < lv else None)
        moved[i] = True

    def assess_pool(self, cand, day, rng):
        s = self.sim
        for i in cand:
            if s.last_assessed[i] >= 0 and day - s.last_assessed[i] < 3 * 365:
                continue
            if rng.random() < 0.6:
                s.assess(int(i), day - int(rng.integers(20, 90)), rng)

    # --- intake -----------------------------------------------------------------------------------------
    def intake(self, n: int, day: int, year: int, rng):
        s, pp = self.sim, self.sim.pp
        tmt = (date(year, *INTAKE_MD) - date(1970, 1, 1)).days
        hire_day = tmt if day < tmt < s.as_of else day
        for _ in range(n):
            vac = np.flatnonzero((s.occ < s.slots) & (s.posts.need_lead == 0)
                                 & (s.posts.level <= 1))
            if len(vac) == 0:
                break
            w = (s.slots[vac] - s.occ[vac]).astype(float)
            p = int(vac[rng.choice(len(vac), p=w / w.sum())])
            rec = s.records[p]
            pppk = year >= 2022 and rng.random() < (0.55 if rec["family"] in ("teaching", "clinical", "pubhealth")
                                                     else 0.25)
            i = s.new_person(p, hire_day, 2 if pppk else 1, 0.85, rng)
            if not pppk:
                pp.rank[i] = max(ENTRY_RANK.get(rec["min_education"], 4), int(pp.rank[i]))
            s.place(i, p, hire_day, "pengangkatan")
            pp.level_max[i] = s.posts.level[p]
            pp.exit[i] = s.planned_exit(i, rng)

    def convert_cpns(self, day: int, rng):
        pp = self.sim.pp
        idx = np.flatnonzero((pp.status[: pp.n] == 1) & (day - pp.hire[: pp.n] >= 365 + int(rng.integers(0, 120))))
        pp.status[idx] = 0
