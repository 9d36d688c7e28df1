"""Ten years of the regency's personnel history: who held which post, trained in what, rated how.

Why: the model learns fit from history, so the history must carry fit — imperfectly. Placements
here come from a policy that half-sees fit (a noisy view of what the export could show) and
is pulled by seniority, connection (kedekatan, a hidden trait unrelated to fit) and two group
biases (women and people posted at the periphery are picked less for structural posts). After
each regional election a wave rotates and demotes officials by loyalty. Appraisals follow
the truth of the post held, plus unit leniency, year effects, sanctions and noise.

One yearly cycle: main round (1 March: exits, ranks, sanctions, structural posts top-down,
functional promotions, rotations, requested moves, intake) -> the year's trainings -> an
election wave (1 September, some years) -> the year's appraisals.
"""

from __future__ import annotations

import sys
import time
from datetime import date

import numpy as np

from .domains import FIELD_INDEX, N_FIELDS
from .ledger import NAT, YEAR, Ledger, day, year_of
from .orgchart import N_COMP
from .people import make_people, next_period, rank_cap
from .rng import Streams
from .state import person_state
from .trainings import FORMAT_P, FORMAT_WEIGHT, FORMATS, TOPICS_OF_FIELD
from .truth import latent, outcome
from .world import TRACK_CODE, World

GURU, KESEHATAN, UMUM = TRACK_CODE["guru"], TRACK_CODE["kesehatan"], TRACK_CODE["umum"]
INAUGURATIONS = [2006, 2011, 2016, 2021, 2025, 2030, 2035]     # new bupati take office (pilkada the year before)
LEAD_HOURS = {1: 230, 2: 290, 3: 380}


class Simulation:
    def __init__(self, world: World, streams: Streams, employees: int, progress: bool = False):
        self.w = world
        self.v = world.variant
        self.s = streams
        self.target = int(employees)
        self.progress = progress
        self.L = Ledger(N_COMP)
        self.occ = np.zeros(world.m, dtype=np.int64)
        self.slots = world.org.positions.slots.to_numpy()
        self.unit = world.posts.unit
        pos = world.org.positions
        self.family_units = {
            GURU: np.isin(world.org.units.kind.to_numpy(), ["sd", "smp"]) | (world.org.units.unit_id == "DISDIK").to_numpy(),
            KESEHATAN: np.isin(world.org.units.kind.to_numpy(), ["puskesmas", "rsud"]) | (world.org.units.unit_id == "DINKES").to_numpy(),
        }
        self.pos_family = np.full(world.m, UMUM)
        for fam, mask in self.family_units.items():
            self.pos_family[mask[self.unit]] = fam
        self.is_sekdes = pos.title.str.startswith("Sekretaris Desa").to_numpy()
        self.year_effect: dict[int, float] = {}
        self.t_start = time.time()

    # ================================================================================= helpers
    def log(self, msg: str) -> None:
        if self.progress:
            print(f"[kabupaten {time.time() - self.t_start:5.1f}s] {msg}", file=sys.stderr)

    def status(self, t: int) -> np.ndarray:
        """0 PNS, 1 CPNS, 2 PPPK at day t."""
        p = self.L.p
        return np.where(p["pppk"], 2, np.where(p["pns_date"] > t, 1, 0))

    def sanctioned(self, t: int) -> np.ndarray:
        p = self.L.p
        return (p["sanction_start"] <= t) & (p["sanction_until"] > t)

    def age(self, t: int) -> np.ndarray:
        return (t - self.L.p["birth"]) / YEAR

    def vacancies(self) -> np.ndarray:
        return self.slots - self.occ

    def place(self, i: int, p: int, t: int, kind: str, invol: bool) -> None:
        P = self.L.p
        old = int(P["pos"][i])
        from_unit = -1
        if old >= 0:
            self.L.close_row(int(P["row"][i]), t - 1)
            self.occ[old] -= 1
            from_unit = int(self.unit[old])
        P["row"][i] = self.L.open_row(i, p, t, kind, invol, from_unit)
        P["pos"][i] = p
        P["pos_start"][i] = t
        self.occ[p] += 1
        self.moved[i] = True

    def add_training(self, person, field, weight, end, topic, fmt, lead, special, hours) -> None:
        T = self.L.trn
        n = len(np.atleast_1d(person))
        for k, v in (("person", person), ("field", field), ("weight", weight), ("end", end), ("topic", topic),
                     ("fmt", fmt), ("lead", lead), ("special", special), ("hours", hours)):
            T[k].extend(np.broadcast_to(np.asarray(v), (n,)).tolist())

    def view(self, ps, cands: np.ndarray, p, rng) -> np.ndarray:
        """What decision makers see of candidates' fit for post(s) p: the knowable truth without
        the wishes (nobody asked about them before the 2025 survey), plus noise."""
        c = latent(ps, self.w.posts, self.w.wishes, cands, p, self.v, self.w.seed, parts=True)
        seen = c["true"] - c["noise"] - c["preference"] - c["unwilling"]
        return seen + self.v.placement_view_noise * rng.normal(size=seen.shape)

    # ================================================================================= the start
    def init_population(self) -> None:
        w, rng = self.w, self.s("init")
        t0 = w.t0
        fill = np.select([w.p_struct > 0, self.is_sekdes, (w.p_track == GURU), (w.p_track == KESEHATAN),
                          w.p_pelaksana], [0.9, 1.0, 0.74, 0.82, 0.9], 0.78)
        occ = rng.binomial(self.slots, fill)
        posts = np.repeat(np.arange(w.m), occ)
        uids, service = make_people(w, self.L, posts, t0, rng, initial=True)
        P = self.L.p
        self.moved = np.zeros(self.L.n, dtype=bool)
        tenure = np.minimum(service, rng.exponential(5.0, len(uids)) + 0.1)
        start = np.maximum(t0 - np.round(tenure * YEAR).astype(np.int64), P["hire"][uids])
        # candidate entry posts by career family
        entry = np.flatnonzero(w.p_entry & (w.p_struct == 0))
        pengawas = np.flatnonzero((w.p_struct == 1) & ~w.p_head)
        edu0 = self._entry_level_codes(uids)
        for k, i in enumerate(uids):
            p = int(posts[k])
            hire = int(P["hire"][i])
            s = int(start[k])
            rows = []
            if s - hire > 180:
                e = self._pick_entry_post(p, int(P["top_field"][i]), int(edu0[k]), entry, rng)
                mid = None
                if w.p_struct[p] >= 2 and s - hire > 6 * YEAR and len(pengawas):
                    cand = pengawas[(self.pos_family[pengawas] == self.pos_family[p]) | (self.pos_family[pengawas] == UMUM)]
                    if len(cand):
                        mid = int(rng.choice(cand))
                if e == p:
                    s = hire
                else:
                    rows.append((e, hire, "pengangkatan"))
                    if mid is not None:
                        m0 = hire + int((s - hire) * rng.uniform(0.4, 0.75))
                        rows.append((mid, m0, "promosi"))
            prev = rows[-1][0] if rows else -1
            if not rows:
                kind = "pengangkatan"
                s = hire
            elif (w.p_struct[p] > w.p_struct[prev]) or (w.p_series[p] == w.p_series[prev] and w.p_step[p] > w.p_step[prev]):
                kind = "promosi"
            else:
                kind = "mutasi" if rng.random() < 0.5 else "rotasi"
            rows.append((p, s, kind))
            for j, (q, st, kd) in enumerate(rows):
                prev_unit = int(self.unit[rows[j - 1][0]]) if j else -1
                r = self.L.open_row(int(i), int(q), int(st), kd, kd == "rotasi", prev_unit)
                if j + 1 < len(rows):
                    self.L.close_row(r, int(rows[j + 1][1]) - 1)
            P["row"][i] = r
            P["pos"][i] = p
            P["pos_start"][i] = s
            self.occ[p] += 1
        self._initial_trainings(uids, rng)
        self.n0 = self.L.n

    def _entry_level_codes(self, uids: np.ndarray) -> np.ndarray:
        from .ledger import EDU_CODE
        hire_year = year_of(self.L.p["hire"][uids])
        best = np.zeros(len(uids), dtype=int)
        index = {int(u): k for k, u in enumerate(uids)}
        for person, level, grad in zip(self.L.edu["person"], self.L.edu["level"], self.L.edu["grad"]):
            k = index.get(person)
            if k is not None and grad <= hire_year[k]:
                best[k] = max(best[k], EDU_CODE[level])
        return best

    def _pick_entry_post(self, p: int, top: int, edu: int, entry: np.ndarray, rng) -> int:
        w = self.w
        if w.p_series[p] >= 0 and not w.p_head[p]:
            same = entry[(w.p_series[entry] == w.p_series[p]) & (w.p_min_edu[entry] <= max(edu, 2))]
            if len(same):
                low = same[w.p_step[same] == w.p_step[same].min()]
                return int(rng.choice(low))
        fam = self.pos_family[p] if w.p_track[p] != UMUM else UMUM
        cand = entry[(w.p_track[entry] == (w.p_track[p] if w.p_head[p] else fam)) & (w.p_min_edu[entry] <= edu)
                     & ~self.is_sekdes[entry]]
        if w.p_track[p] == UMUM or not len(cand):
            near = cand[w.A[top, w.posts.field[cand]] >= 0.5] if len(cand) else cand
            cand = near if len(near) and rng.random() < 0.7 else cand
        if not len(cand):
            cand = entry[(w.p_min_edu[entry] <= max(edu, 2)) & ~self.is_sekdes[entry]]
        return int(rng.choice(cand)) if len(cand) else p

    def _initial_trainings(self, uids: np.ndarray, rng) -> None:
        w, P = self.w, self.L.p
        t0 = w.t0
        hire = P["hire"][uids]
        # LATSAR / prajabatan
        end = hire + rng.integers(90, 420, len(uids))
        ok = end < t0
        self.add_training(uids[ok], -1, 0.0, end[ok], -1, -1, 0, 1, 240.0)
        # leadership for those who held structural posts, and school leadership for heads of school
        a = self.L.assignments()
        for r in range(len(a["person"])):
            q, st = int(a["pos"][r]), int(a["start"][r])
            lvl = int(w.p_struct[q])
            if lvl == 0 or rng.random() > 0.8:
                continue
            person = int(a["person"][r])
            d = int(np.clip(st + rng.integers(-700, 400), P["hire"][person] + 200, t0 - 1))
            if w.p_head[q] and w.org.positions.head_kind.iat[q] == "sekolah":
                self.add_training(person, -1, 0.0, d, -1, -1, 1, 3, 100.0)
            else:
                self.add_training(person, -1, 0.0, d, -1, -1, lvl, 2, LEAD_HOURS[lvl])
                P["lead"][person] = max(P["lead"][person], lvl)
        # technical training over the last eight years before the start
        lo = np.maximum(hire, t0 - int(8 * YEAR))
        years = np.maximum(t0 - lo, 0) / YEAR
        lam = 0.55 * np.exp(0.35 * P["learn"][uids]) * years
        n = rng.poisson(lam)
        person = np.repeat(uids, n)
        end = np.repeat(lo, n) + (rng.random(n.sum()) * np.repeat(t0 - lo, n)).astype(np.int64)
        post_field = self.w.posts.field[P["pos"][person]]
        self._technical(person, end, post_field, rng)

    def _technical(self, person: np.ndarray, end: np.ndarray, post_field: np.ndarray, rng) -> None:
        P = self.L.p
        k = len(person)
        if k == 0:
            return
        u = rng.random(k)
        field = np.where(u < 0.65, post_field,
                         np.where(u < 0.85, P["top_field"][person], rng.integers(0, N_FIELDS, k)))
        topic = np.array([int(rng.choice(TOPICS_OF_FIELD[int(f)])) for f in field])
        fmt = rng.choice(len(FORMATS), size=k, p=FORMAT_P)
        hours = np.array([float(rng.choice(FORMATS[f][2])) for f in fmt])
        self.add_training(person, field, FORMAT_WEIGHT[fmt], end, topic, fmt, 0, 0, hours)

    # ================================================================================= a year
    def run(self) -> None:
        w = self.w
        y0, y1 = year_of(w.t0), w.as_of_year
        self.init_population()
        self.log(f"start {y0}: {self.L.n} people in {w.m} posts")
        rng_y = self.s("years")
        for y in range(y0, y1 + 1):
            self.year_effect[y] = float(rng_y.normal(0, 0.08) + (0.12 if y in (2020, 2021) else 0.0))
        main_days = [day(date(y, 3, 1)) for y in range(y0, y1 + 1) if day(date(y, 3, 1)) <= w.as_of]
        for y in range(y0, y1 + 1):
            d = day(date(y, 3, 1))
            if d <= w.as_of:
                self.main_round(d, final=(d == main_days[-1]))
            self.yearly_trainings(y)
            wd = day(date(y, 9, 1))
            if self.v.election_waves and y in INAUGURATIONS and w.t0 < wd <= w.as_of:
                self.wave(wd)
            if y == 2023 and day(date(2023, 6, 1)) <= w.as_of:
                self.talent_pool(day(date(2023, 6, 1)))
            if y < y1:
                self.appraise(y)
            self.log(f"{y}: {int(self.L.active(min(day(date(y, 12, 31)), w.as_of)).sum())} active")
        self.exits(w.as_of)
        self.settle(w.as_of)

    # -- exits ----------------------------------------------------------------------------------
    def exits(self, t: int) -> None:
        """Retire everybody whose pension date (BUP of the post held) is on or before t."""
        P = self.L.p
        act = np.flatnonzero((P["exit"] == NAT) & (P["hire"] <= t))
        bup = self.w.p_bup[P["pos"][act]]
        months = (P["birth"][act].astype("datetime64[D]").astype("datetime64[M]") + bup * 12 + 1)
        due = months.astype("datetime64[D]").astype(np.int64)
        go = act[due <= t]
        for i, d in zip(go, due[due <= t]):
            self.leave(int(i), int(max(d, P["pos_start"][i] + 1)))

    def leave(self, i: int, d: int) -> None:
        P = self.L.p
        P["exit"][i] = d
        if P["pos"][i] >= 0:
            self.L.close_row(int(P["row"][i]), d - 1)
            self.occ[P["pos"][i]] -= 1
            P["pos"][i] = -1

    # -- the main round ---------------------------------------------------------------------------
    def main_round(self, d: int, final: bool) -> None:
        rng = self.s("round")
        P = self.L.p
        self.moved = np.zeros(self.L.n, dtype=bool)
        self.exits(d)
        act = np.flatnonzero((P["exit"] == NAT) & (P["hire"] < d))
        quit_ = act[rng.random(len(act)) < 0.006]
        for i in quit_:
            self.leave(int(i), int(max(d - rng.integers(1, 360), P["pos_start"][i] + 1)))
        ps, extra = person_state(self.L, self.w, d)
        self.ranks(d, extra["edu_level"])
        self.sanctions(d, rng)
        base = self.base_mask(d)
        for lvl in (3, 2, 1):
            self.fill_structural(d, lvl, ps, extra, base, rng, wave=False)
        self.functional_promotions(d, ps, extra, base, rng)
        self.rotations(d, ps, extra, base, rng)
        self.requests(d, ps, extra, base, rng)
        self.intake(d, final, rng)

    def base_mask(self, t: int) -> np.ndarray:
        P = self.L.p
        return ((P["exit"] == NAT) & (P["hire"] <= t) & (self.status(t) == 0) & ~self.sanctioned(t)
                & (P["pos"] >= 0))

    def ranks(self, d: int, edu_level: np.ndarray) -> None:
        """Regular rank steps: four years after the last, at the next period (1 April / 1 October),
        up to the ceiling of the education or of the post."""
        P = self.L.p
        act = (P["exit"] == NAT) & (P["hire"] <= d) & ~P["pppk"] & (P["pos"] >= 0)
        due = P["rank_date"] + int(4 * YEAR)
        period = next_period(due)
        idx = np.flatnonzero(act & (period <= d))
        lv_name = {0: "SD", 1: "SMP", 2: "SMA", 3: "D1", 4: "D2", 5: "D3", 6: "S1", 7: "PROFESI", 8: "S2", 9: "S3"}
        for i in idx:
            pos = int(P["pos"][i])
            cap = rank_cap(lv_name.get(int(max(edu_level[i], 0)), "SMA"), int(self.w.p_struct[pos]), int(self.w.p_step[pos]))
            if P["rank"][i] < cap:
                P["rank"][i] += 1
                P["rank_date"][i] = period[i]

    def sanctions(self, d: int, rng) -> None:
        P = self.L.p
        cand = np.flatnonzero((P["exit"] == NAT) & (P["hire"] < d) & (P["sanction_until"] == NAT) & (P["pos"] >= 0))
        pr = 0.004 * np.exp(-0.8 * P["g"][cand]) / np.exp(0.32)
        hit = cand[rng.random(len(cand)) < pr]
        start = d - rng.integers(0, 300, len(hit))
        start = np.maximum(start, P["pos_start"][hit] + 1)
        P["sanction_start"][hit] = start
        P["sanction_until"][hit] = start + rng.choice([365, 730, 1095], len(hit))
        # heavy sanctions on officials: demotion to a pelaksana post
        vac = self.vacancies()
        for i in hit:
            if self.w.p_struct[P["pos"][i]] >= 1 and rng.random() < 0.3:
                targets = np.flatnonzero(self.w.p_pelaksana & (vac > 0) & ~self.is_sekdes)
                if len(targets):
                    q = int(rng.choice(targets))
                    self.place(int(i), q, d, "demosi", True)
                    vac[q] -= 1

    # -- who may go where -------------------------------------------------------------------------------
    def eligible_for(self, p: int, cands: np.ndarray, t: int, edu_level: np.ndarray, rank_slack: int = 0) -> np.ndarray:
        w, P = self.w, self.L.p
        ok = edu_level[cands] >= w.p_min_edu[p]
        if w.p_min_rank[p] >= 0:
            ok &= P["rank"][cands] >= w.p_min_rank[p] - rank_slack
        if w.p_max_age[p] > 0:
            ok &= self.age(t)[cands] <= w.p_max_age[p]
        return ok

    def family_penalty(self, cands: np.ndarray, p: int) -> np.ndarray:
        """Teachers and health staff are rarely moved out of their family's units."""
        tr = self.L.p["track"][cands]
        fam = self.pos_family[p]
        return np.where((tr != UMUM) & (tr != fam), 1.0, 0.0)

    def score(self, ps, cands, p, extra, rng, structural: bool, wave: bool) -> np.ndarray:
        v, P = self.v, self.L.p
        fit_w = v.placement_fit * (0.5 if wave else 1.0)
        conn_w = v.wave_connection if wave else v.placement_connection
        sen = P["rank"][cands] + extra["service"][cands] / 10.0
        sen = (sen - sen.mean()) / (sen.std() + 1e-9)
        s = fit_w * self.view(ps, cands, p, rng) + v.placement_seniority * sen + conn_w * P["conn"][cands]
        if structural:
            s = s - v.bias_women_structural * P["female"][cands]
            cur_unit = self.unit[P["pos"][cands]]
            if not self.w.unit_periphery[self.unit[p]]:
                s = s - v.bias_periphery_structural * self.w.unit_periphery[cur_unit]
        s = s - 1.5 * self.family_penalty(cands, p)
        return s + 0.3 * rng.gumbel(size=len(cands))

    # -- structural posts, top down ------------------------------------------------------------------------
    def fill_structural(self, d, lvl, ps, extra, base, rng, wave: bool) -> None:
        w, P = self.w, self.L.p
        vac = np.flatnonzero((w.p_struct == lvl) & (self.vacancies() > 0))
        rng.shuffle(vac)
        tenure = (d - P["pos_start"]) / YEAR
        for p in vac:
            if self.vacancies()[p] <= 0 or rng.random() > (0.95 if wave else 0.85):
                continue
            cur_struct = np.where(P["pos"] >= 0, w.p_struct[np.maximum(P["pos"], 0)], -1)
            m = base & ~self.moved & (tenure >= 1.0)
            m &= np.isin(cur_struct, [lvl - 1, lvl])
            if w.p_head[p]:
                m &= P["track"] == w.p_track[p]
                if w.org.positions.head_kind.iat[p] == "sekolah":
                    m &= (w.p_series[np.maximum(P["pos"], 0)] >= 0) | w.p_head[np.maximum(P["pos"], 0)]
            elif lvl == 1:
                m &= (P["rank"] >= 8) | (cur_struct == 1)
            cands = np.flatnonzero(m)
            if len(cands) == 0:
                continue
            cands = cands[self.eligible_for(p, cands, d, extra["edu_level"])]
            if len(cands) == 0:
                continue
            s = self.score(ps, cands, p, extra, rng, structural=True, wave=wave)
            order = np.argsort(-s)
            i = int(cands[order[0]])
            kind = "promosi" if w.p_struct[P["pos"][i]] < lvl else "rotasi"
            self.place(i, int(p), d, kind, kind != "promosi")
            self.after_appointment(i, int(p), d, cands[order[1:3]], ps, rng)

    def after_appointment(self, i: int, p: int, d: int, runners: np.ndarray, ps, rng) -> None:
        """Leadership training if missing; a competency assessment for the selection (2018+)."""
        w, P = self.w, self.L.p
        lvl = int(w.p_struct[p])
        if w.p_head[p] and w.org.positions.head_kind.iat[p] == "sekolah":
            if rng.random() < 0.6:
                when = int(max(d - rng.integers(30, 700), P["hire"][i] + 30))
                self.add_training(i, -1, 0.0, when, -1, -1, 1, 3, 100.0)
        elif P["lead"][i] < lvl and rng.random() < 0.75:
            end = int(d + rng.integers(60, 540))
            self.add_training(i, -1, 0.0, end, -1, -1, lvl, 2, LEAD_HOURS[lvl])
            P["lead"][i] = lvl
        if year_of(np.array([d]))[0] >= 2018 and not w.p_head[p]:
            who = [i] + [int(r) for r in runners if rng.random() < 0.7]
            for person in who:
                when = int(d - rng.integers(20, 120))
                lv = np.clip(np.rint(ps.comp[person] + rng.normal(0, 0.45, N_COMP)), 1, 5)
                self.L.ass["person"].append(person)
                self.L.ass["date"].append(when)
                self.L.ass["levels"].append(lv)

    # -- functional career steps -----------------------------------------------------------------------------
    def functional_promotions(self, d, ps, extra, base, rng) -> None:
        w, P = self.w, self.L.p
        vac = np.flatnonzero((w.p_series >= 0) & ~w.p_head & (self.vacancies() > 0))
        vac = vac[np.argsort(-w.p_step[vac], kind="stable")]
        tenure = (d - P["pos_start"]) / YEAR
        cur = np.maximum(P["pos"], 0)
        for p in vac:
            if self.vacancies()[p] <= 0 or rng.random() > 0.85:
                continue
            m = base & ~self.moved & (tenure >= 3.0) & (w.p_series[cur] == w.p_series[p]) & ~w.p_head[cur] \
                & (w.p_step[cur] < w.p_step[p])
            cands = np.flatnonzero(m)
            if len(cands) == 0:
                continue
            cands = cands[self.eligible_for(p, cands, d, extra["edu_level"], rank_slack=1)]
            if len(cands) == 0:
                continue
            s = self.score(ps, cands, p, extra, rng, structural=False, wave=False)
            s = s + 1.0 * (self.unit[cur[cands]] == self.unit[p])
            i = int(cands[np.argmax(s)])
            self.place(i, int(p), d, "promosi", False)
            if w.p_min_rank[p] > P["rank"][i]:          # kenaikan jenjang brings the rank with it
                P["rank"][i] = w.p_min_rank[p]
                P["rank_date"][i] = d

    def targets_like(self, i: int, vac: np.ndarray, edu: int) -> np.ndarray:
        """Vacant posts of the same kind as person i's post, in other units."""
        w, P = self.w, self.L.p
        q = int(P["pos"][i])
        t = vac[self.unit[vac] != self.unit[q]]
        if w.p_struct[q] > 0:
            t = t[(w.p_struct[t] == w.p_struct[q]) & (w.p_head[t] == w.p_head[q])]
            if w.p_head[q]:
                t = t[w.p_track[t] == w.p_track[q]]
        elif w.p_series[q] >= 0:
            t = t[(w.p_series[t] == w.p_series[q]) & (w.p_step[t] == w.p_step[q])]
        else:
            t = t[w.p_pelaksana[t] & ~self.is_sekdes[t] & (w.p_min_edu[t] <= edu)]
            t = t[(self.pos_family[t] == self.pos_family[q]) | (self.pos_family[t] == UMUM)]
        if len(t) and w.p_min_rank[t].max() >= 0:
            t = t[(w.p_min_rank[t] < 0) | (w.p_min_rank[t] <= P["rank"][i])]
        return t

    def rotations(self, d, ps, extra, base, rng) -> None:
        """People five years or more in a post are rotated, the post chosen by the fit view."""
        w, P = self.w, self.L.p
        tenure = (d - P["pos_start"]) / YEAR
        cur_struct = w.p_struct[np.maximum(P["pos"], 0)]
        pool = np.flatnonzero(base & ~self.moved & (tenure >= 5.0) & (cur_struct <= 2) & (rng.random(self.L.n) < 0.25))
        rng.shuffle(pool)
        for i in pool:
            vac = np.flatnonzero(self.vacancies() > 0)
            t = self.targets_like(int(i), vac, int(extra["edu_level"][i]))
            if len(t) == 0 or rng.random() > 0.75:
                continue
            s = self.v.placement_fit * self.view(ps, np.full(len(t), i), t, rng) + 0.3 * rng.gumbel(size=len(t))
            self.place(int(i), int(t[np.argmax(s)]), d, "rotasi", True)

    def requests(self, d, ps, extra, base, rng) -> None:
        """Requested moves (mutasi atas permintaan sendiri): towards wanted units when possible."""
        P = self.L.p
        tenure = (d - P["pos_start"]) / YEAR
        has_pref = (self.L.pref >= 0).any(1)
        pr = 0.02 + 0.04 * has_pref
        pool = np.flatnonzero(base & ~self.moved & (tenure >= 2.0) & (rng.random(self.L.n) < pr))
        rng.shuffle(pool)
        for i in pool:
            vac = np.flatnonzero(self.vacancies() > 0)
            t = self.targets_like(int(i), vac, int(extra["edu_level"][i]))
            if len(t) == 0 or rng.random() > 0.6:
                continue
            wanted = np.isin(self.unit[t], self.L.pref[i])
            s = 2.5 * wanted + 0.5 * self.view(ps, np.full(len(t), i), t, rng) + 0.5 * rng.gumbel(size=len(t))
            self.place(int(i), int(t[np.argmax(s)]), d, "mutasi", False)

    # -- the yearly intake (formasi CPNS / PPPK) ----------------------------------------------------------------
    def intake(self, d: int, final: bool, rng) -> None:
        w, P = self.w, self.L.p
        y = int(year_of(np.array([d]))[0])
        y0 = int(year_of(np.array([w.t0]))[0])
        if y < y0 + 2 and not final:
            return                                   # moratorium on recruitment in the first years
        active = int(((P["exit"] == NAT) & (P["hire"] <= d)).sum())
        if final:
            soon = self._pending_exits(d, w.as_of)
            want = self.target - (active - soon)
        else:
            frac = ((y - y0) / max(w.as_of_year - y0, 1)) ** 1.5     # growth comes late (PPPK waves)
            want = int(round(self.n0 + (self.target - self.n0) * frac)) - active
        if want <= 0:
            return
        vac = self.vacancies()
        entry = np.flatnonzero(w.p_entry & (w.p_struct == 0) & (vac > 0))
        weight = np.where(w.p_track[entry] == UMUM, 1.0, 1.6)
        seats = np.repeat(entry, vac[entry])
        wts = np.repeat(weight, vac[entry])
        if len(seats) < want:
            extra_p = np.flatnonzero((w.p_struct == 0) & ~w.p_entry & ~self.is_sekdes & (vac > 0))
            seats = np.concatenate([seats, np.repeat(extra_p, vac[extra_p])])
            wts = np.concatenate([wts, np.full(int(vac[extra_p].sum()), 0.5)])
        k = min(want, len(seats))
        if k <= 0:
            return
        pick = rng.choice(len(seats), size=k, replace=False, p=wts / wts.sum())
        posts = np.sort(seats[pick])
        track = w.p_track[posts]
        p_pppk = np.where(y < 2022, 0.0, np.where(track == GURU, 0.9 if y <= 2024 else 0.6,
                                                  np.where(track == KESEHATAN, 0.6, 0.45 if y >= 2023 else 0.0)))
        pppk = rng.random(k) < p_pppk
        cpns_tmt = day(date(y, 4, 1)) if day(date(y, 4, 1)) <= w.as_of else d
        for group, tmt in ((pppk, d), (~pppk, cpns_tmt)):
            if not group.any():
                continue
            uids, _ = make_people(w, self.L, posts[group], tmt, rng, initial=False, pppk=pppk[group])
            self.moved = np.concatenate([self.moved, np.zeros(len(uids), dtype=bool)])
            for i, p in zip(uids, posts[group]):
                self.place(int(i), int(p), tmt, "pengangkatan", False)
            for i, pp in zip(uids, pppk[group]):
                if pp:
                    self.add_training(int(i), -1, 0.0, int(tmt + rng.integers(30, 200)), -1, -1, 0, 4, 40.0)
                else:
                    e = int(tmt + rng.integers(90, 330))
                    self.add_training(int(i), -1, 0.0, e, -1, -1, 0, 1, 240.0)
                    P["pns_date"][i] = max(int(P["pns_date"][i]), e + int(rng.integers(30, 150)))

    def _pending_exits(self, d: int, until: int) -> int:
        P = self.L.p
        act = np.flatnonzero((P["exit"] == NAT) & (P["hire"] <= d) & (P["pos"] >= 0))
        bup = self.w.p_bup[P["pos"][act]]
        due = (P["birth"][act].astype("datetime64[D]").astype("datetime64[M]") + bup * 12 + 1).astype("datetime64[D]").astype(np.int64)
        return int((due <= until).sum())

    def settle(self, t: int) -> None:
        """Make the head count at the export date exactly the requested one."""
        rng = self.s("settle")
        P = self.L.p
        active = np.flatnonzero((P["exit"] == NAT) & (P["hire"] <= t))
        diff = len(active) - self.target
        if diff > 0:       # moved to another regency (pindah ke luar daerah) in the last two months
            ok = active[(self.status(t)[active] == 0) & (P["pos_start"][active] < t - 90)
                        & (self.w.p_struct[P["pos"][active]] == 0)]
            for i in rng.choice(ok, size=diff, replace=False):
                self.leave(int(i), int(t - rng.integers(1, 60)))
        elif diff < 0:     # a late intake
            self.moved = np.concatenate([self.moved, np.zeros(self.L.n - len(self.moved), dtype=bool)])
            vac = self.vacancies()
            cand = np.flatnonzero((self.w.p_struct == 0) & ~self.is_sekdes & (vac > 0))
            seats = np.repeat(cand, vac[cand])
            if len(seats) < -diff:
                raise RuntimeError("the peta jabatan has too few seats for the requested head count")
            posts = np.sort(rng.choice(seats, size=-diff, replace=False))
            d = int(t - rng.integers(1, 60))
            uids, _ = make_people(self.w, self.L, posts, d, rng, initial=False, pppk=np.ones(len(posts), dtype=bool))
            self.moved = np.concatenate([self.moved, np.zeros(len(uids), dtype=bool)])
            for i, p in zip(uids, posts):
                self.place(int(i), int(p), d, "pengangkatan", False)

    # -- election waves -------------------------------------------------------------------------------------------
    def wave(self, d: int) -> None:
        """After a new bupati takes office: the less loyal officials are rotated or demoted,
        and the freed posts are refilled with connection weighing most."""
        w, P = self.w, self.L.p
        rng = self.s("wave")
        self.moved = np.concatenate([self.moved, np.zeros(self.L.n - len(self.moved), dtype=bool)])
        self.moved[:] = False
        self.exits(d)
        ps, extra = person_state(self.L, w, d)
        act = (P["exit"] == NAT) & (P["pos"] >= 0) & (P["hire"] <= d)
        cur = np.maximum(P["pos"], 0)
        off = np.flatnonzero(act & ~w.p_head[cur] & ((w.p_struct[cur] >= 2) | ((w.p_struct[cur] == 1) & (rng.random(self.L.n) < 0.3))))
        if len(off) < 4:
            return
        loyal = P["conn"][off] + rng.normal(0, 0.7, len(off))
        out = off[loyal < np.quantile(loyal, 0.3)]
        demote = out[rng.random(len(out)) < 0.25]
        rotate = np.setdiff1d(out, demote)
        vac = self.vacancies()
        for i in demote:
            edu = extra["edu_level"][i]
            t = np.flatnonzero((vac > 0) & (w.p_struct == 0) & ~self.is_sekdes & (w.p_min_edu <= edu)
                               & (self.pos_family == UMUM) & (w.p_pelaksana | (w.posts.spec < 0.6)))
            if len(t):
                q = int(rng.choice(t))
                self.place(int(i), q, d, "demosi", True)
                vac[q] -= 1
        for lvl in (3, 2, 1):
            grp = rotate[w.p_struct[P["pos"][rotate]] == lvl]
            if len(grp) < 2:
                continue
            grp = rng.permutation(grp)
            posts = P["pos"][grp].copy()
            for i in grp:                               # vacate all, then take the next one's post
                self.L.close_row(int(P["row"][i]), d - 1)
                self.occ[P["pos"][i]] -= 1
                P["pos"][i] = -1
            for k, i in enumerate(grp):
                q = int(posts[(k + 1) % len(grp)])
                P["row"][i] = self.L.open_row(int(i), q, d, "rotasi", True, int(self.unit[posts[k]]))
                P["pos"][i] = q
                P["pos_start"][i] = d
                self.occ[q] += 1
                self.moved[i] = True
        base = self.base_mask(d)
        for lvl in (3, 2, 1):
            self.fill_structural(d, lvl, ps, extra, base, rng, wave=True)

    # -- trainings, assessments, appraisals -------------------------------------------------------------------
    def yearly_trainings(self, y: int) -> None:
        w, P = self.w, self.L.p
        rng = self.s("trainings")
        lo, hi = day(date(y, 1, 1)), min(day(date(y, 12, 31)), w.as_of)
        if lo > w.as_of:
            return
        act = np.flatnonzero((P["exit"] > lo) & (P["hire"] < hi) & (P["pos"] >= 0))
        post_field = w.posts.field[P["pos"][act]]
        fast = np.isin(post_field, [FIELD_INDEX[f] for f in ("ti", "medis", "keperawatan", "kebidanan", "farmasi", "kesmas")])
        lam = 0.75 * np.exp(0.35 * P["learn"][act]) * np.where(fast, 1.25, 1.0)
        n = np.minimum(rng.poisson(lam), 6)
        person = np.repeat(act, n)
        start = np.maximum(np.repeat(np.maximum(P["hire"][act], lo), n), lo)
        end_hi = np.minimum(np.repeat(np.minimum(P["exit"][act], hi), n), hi)
        end = start + (rng.random(len(person)) * np.maximum(end_hi - start, 1)).astype(np.int64)
        self._technical(person, end, w.posts.field[P["pos"][person]], rng)
        # functional trainings asked by a post's standard (auditor, perencana...)
        std = w.org.positions.trainings.to_numpy()
        has = np.flatnonzero(std[P["pos"][act]] != "")
        took = act[has][rng.random(len(has)) < 0.15]
        if len(took):
            names = sorted(set(std) - {""})
            topic = np.array([names.index(x) for x in std[P["pos"][took]]])
            self.add_training(took, w.posts.field[P["pos"][took]], 1.0,
                              lo + rng.integers(0, max(hi - lo, 1), len(took)), topic, -1, 0, 5, 120.0)

    def talent_pool(self, d: int) -> None:
        """The 2023 talent-pool assessment: a share of PNS of rank III/c and above."""
        rng = self.s("talent")
        P = self.L.p
        ps, _ = person_state(self.L, self.w, d)
        cand = np.flatnonzero((P["exit"] == NAT) & (P["hire"] <= d) & (self.status(d) == 0) & (P["rank"] >= 10))
        pr = 0.1 * np.exp(0.5 * P["a"][cand]) / np.exp(0.125)
        for i in cand[rng.random(len(cand)) < pr]:
            lv = np.clip(np.rint(ps.comp[i] + rng.normal(0, 0.45, N_COMP)), 1, 5)
            self.L.ass["person"].append(int(i))
            self.L.ass["date"].append(int(d + rng.integers(0, 120)))
            self.L.ass["levels"].append(lv)

    def appraise(self, y: int) -> None:
        """Each person's SKP for year y: the truth of the post(s) held, time-weighted, plus the
        unit's leniency, the year, sanctions and noise."""
        w, P = self.w, self.L.p
        rng = self.s("appraisal")
        y_lo, y_hi = day(date(y, 1, 1)), day(date(y, 12, 31))
        mid = day(date(y, 7, 1))
        who = (P["exit"] > y_hi) & (P["hire"] <= day(date(y, 9, 30)))
        a = self.L.assignments()
        end = np.where(a["end"] == NAT, y_hi, a["end"])
        ov = np.minimum(end, y_hi) - np.maximum(a["start"], y_lo) + 1
        k = (ov > 0) & who[a["person"]]
        person, pos, ov = a["person"][k], a["pos"][k], ov[k].astype(float)
        start, invol, from_unit = a["start"][k], a["invol"][k], a["from_unit"][k]
        if len(person) == 0:
            return
        ps, _ = person_state(self.L, w, mid)
        unit = self.unit[pos]
        since = (np.maximum(mid, start) - start) / 730.0
        moving = np.where((invol == 1) & (from_unit >= 0) & (from_unit != unit), np.clip(1.0 - since, 0.0, 1.0), 0.0)
        true, _ = latent(ps, w.posts, w.wishes, person, pos, self.v, w.seed, moving=moving)
        out = outcome(true)
        n = self.L.n
        tot = np.bincount(person, weights=ov, minlength=n)
        val = np.bincount(person, weights=ov * out, minlength=n)
        people = np.flatnonzero(tot > 0)
        mean = val[people] / tot[people]
        # the unit of the longest segment rates
        order = np.lexsort((-ov, person))
        firsts = order[np.r_[True, person[order][1:] != person[order][:-1]]]
        lead_unit = np.full(n, -1)
        lead_unit[person[firsts]] = unit[firsts]
        sanc = (P["sanction_start"][people] <= y_hi) & (P["sanction_until"][people] > y_lo)
        obs = (mean + w.unit_leniency[lead_unit[people]] + self.year_effect[y]
               + rng.normal(0, self.v.rating_noise_sd, len(people)) - 1.2 * sanc)
        keep = rng.random(len(people)) >= 0.03
        self.L.apr["person"].extend(people[keep].tolist())
        self.L.apr["year"].extend([y] * int(keep.sum()))
        self.L.apr["value"].extend(obs[keep].tolist())
        self.L.apr["sanctioned"].extend(sanc[keep].astype(int).tolist())


def simulate(world: World, streams: Streams, employees: int, progress: bool = False) -> Simulation:
    sim = Simulation(world, streams, employees, progress)
    sim.run()
    return sim
