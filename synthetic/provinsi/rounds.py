"""The events of one year, each a small function: exits, sanctions, CPNS conversion,
structural rotation and Baperjakat fills, functional promotions, mutasi, intakes, rank steps,
trainings, assessments, further degrees and the employees' stated wishes.

Why separate from the year loop (history.py): each event is a policy one can read and change
on its own; the loop only fixes their order in the calendar."""

from __future__ import annotations

import numpy as np

from .catalog import EDU, RANK
from .fields import AFFINITY, F, UMUM
from .people import add_years
from .placement import best_target, fill_structural, lateral_targets, perceived
from .truth import person_state
from .workforce import (make_person, record_credential, record_general, record_leadership,
                        record_technical)

CERT_RATE = (0.3, 0.1, 0.35, 0.3)
LEAD_OF = {"pengawas": 1, "administrator": 2, "jpt_pratama": 3, "jpt_madya": 4}


def retire_day(W, rows):
    P = W.people
    post = P.i["post"][rows]
    bup = np.where((W.job_type[np.maximum(post, 0)] == "fungsional")
                   | np.isin(W.job_type[np.maximum(post, 0)], ("jpt_pratama", "jpt_madya")), 60, 58)
    return P.i["birth"][rows] + np.round(bup * 365.25).astype(np.int64) + 15


def exits(W, t: int, rng, random_exits: bool = True):
    """Retirements at BUP (dated on their day), resignations and transfers out."""
    P = W.people
    rows = P.alive(W.last)
    rd = retire_day(W, rows)
    for k, d in zip(rows[rd <= t], rd[rd <= t]):
        W.leave(int(k), int(max(d, P.i["post_start"][k] + 1)))
    if random_exits:
        rows = P.alive(t)
        for k in rows[rng.random(len(rows)) < 0.004]:
            W.leave(int(k), int(max(t - rng.integers(0, 150), P.i["post_start"][k] + 1)))


def sanctions(W, t: int, rng):
    """Hukuman disiplin; some sanctioned officials are demoted to a pelaksana post."""
    P = W.people
    rows = P.alive(t)
    hit = rows[rng.random(len(rows)) < 0.005 * np.exp(-0.5 * P.f["g"][rows])]
    for k in hit:
        P.i["sanction_until"][k] = add_years(t, rng.uniform(1, 3))
        if W.structural[P.i["post"][k]] and rng.random() < 0.4:
            vac = np.flatnonzero((W.vacant() > 0) & (W.job_type == "pelaksana")
                                 & (W.min_edu <= P.i["edu_top"][k]))
            if len(vac):
                W.assign(int(k), int(rng.choice(vac)), t, "demosi")


def conversions(W, t: int):
    P = W.people
    due = np.flatnonzero((P.i["status"][: P.n] == 1) & (P.i["convert"][: P.n] >= 0)
                         & (P.i["convert"][: P.n] <= t))
    P.i["status"][due] = 0


def rotate_structural(W, t: int, rng, share: float):
    """The governor's rotation: a share of structural officials swap posts of their type."""
    P = W.people
    rows = P.alive(t)
    rows = rows[P.i["post"][rows] >= 0]
    rows = rows[W.structural[P.i["post"][rows]] & ((t - P.i["post_start"][rows]) > 730)]
    for jt in ("jpt_pratama", "administrator", "pengawas"):
        grp = rows[W.job_type[P.i["post"][rows]] == jt]
        grp = grp[rng.random(len(grp)) < share]
        if len(grp) < 2:
            continue
        posts = P.i["post"][grp].copy()
        fit = perceived(W, grp, posts, t, rng)
        free = np.ones(len(posts), dtype=bool)
        for i in rng.permutation(len(grp)):
            score = np.where(free, fit[i], -np.inf)
            score[posts == P.i["post"][grp[i]]] -= 1.0
            j = int(np.argmax(score))
            free[j] = False
            if posts[j] != P.i["post"][grp[i]]:
                W.assign(int(grp[i]), int(posts[j]), t, "rotasi")


def fill_vacancies(W, t: int, rng, moved: set):
    """Baperjakat: vacant structural posts from the top down; each promotion opens another."""
    tried: set = set()
    for _ in range(int(W.structural.sum()) * 2):
        vac = np.flatnonzero(W.structural & (W.vacant() > 0))
        vac = np.array([p for p in vac if p not in tried])
        if len(vac) == 0:
            return
        p = int(vac[np.argmax(W.posts.job_class[vac] + rng.random(len(vac)) * 0.1)])
        tried.add(p)
        if rng.random() < 0.12:          # left to a Plt for now
            continue
        k = fill_structural(W, p, t, rng, moved)
        if k < 0:
            continue
        old = W.people.i["post"][k]
        kind = "promosi" if W.posts.job_class[p] > W.posts.job_class[old] else "mutasi"
        W.assign(k, p, t, kind)
        W.appointments.append((k, p, t))
        moved.add(k)
        if W.job_type[p] in ("administrator", "jpt_pratama", "jpt_madya"):
            assess(W, np.array([k]), t, rng)


def functional_promotions(W, t: int, rng, moved: set):
    """Kenaikan jenjang: the next level of the same family, when a slot is free."""
    P = W.people
    rows = P.alive(t)
    rows = rows[P.i["post"][rows] >= 0]
    post = P.i["post"][rows]
    rows = rows[(W.job_type[post] == "fungsional") & ((t - P.i["post_start"][rows]) > 4 * 365)]
    for k in rng.permutation(rows):
        if k in moved or rng.random() > 0.35:
            continue
        cur = P.i["post"][k]
        nxt = np.flatnonzero((W.family == W.family[cur]) & (W.level_order == W.level_order[cur] + 1)
                             & (W.vacant() > 0) & (W.min_rank <= P.i["rank"][k])
                             & (W.min_edu <= P.i["edu_top"][k]))
        if P.i["status"][k] != 0 and P.i["status"][k] != 2:
            continue
        if len(nxt) == 0:
            continue
        same = nxt[W.posts.unit[nxt] == W.posts.unit[cur]]
        W.assign(int(k), int(same[0] if len(same) else rng.choice(nxt)), t, "promosi")
        moved.add(int(k))


def mutasi(W, t: int, rng, moved: set, intensity: float):
    """Rotations after five years, granted requests, occasional reassignments."""
    P, v = W.people, W.variant
    rows = P.alive(t)
    rows = rows[(P.i["post"][rows] >= 0) & (P.i["status"][rows] != 1)]
    rows = rows[~W.structural[P.i["post"][rows]]]
    years = (t - P.i["post_start"][rows]) / 365.25
    asks = (P.wish_units[rows, 0] >= 0) & (P.i["wish_open"][rows] != 0)
    u = rng.random(len(rows))
    settled = np.isin(W.posts.cert[P.i["post"][rows]], (0, 1))   # teachers, clinical staff
    rotate = (years >= 5) & (u < np.where(settled, 0.05, 0.12) * intensity)
    request = asks & (years >= 2) & (u >= 0.9) & (u < 0.9 + 0.12 * intensity)
    other = (years >= 1) & (u >= 0.98) & (u < 0.98 + 0.02 * intensity)
    for k, req in zip(np.r_[rows[rotate | other], rows[request]],
                      np.r_[np.zeros((rotate | other).sum(), bool), np.ones(request.sum(), bool)]):
        if int(k) in moved:
            continue
        targets = lateral_targets(W, int(k), t)
        if req:
            targets = targets[np.isin(W.posts.unit[targets], P.wish_units[k])]
            if rng.random() > np.clip(0.4 + 0.25 * v.connections * P.f["conn"][k], 0.05, 0.95):
                continue
        p = best_target(W, int(k), targets, t, rng, wish_bonus=0.5)
        if p >= 0:
            W.assign(int(k), p, t, "mutasi")
            moved.add(int(k))


def intake(W, t: int, n: int, pppk_share: float, rng):
    """CPNS/PPPK formation: vacant entry posts, preferring the first level of a family."""
    if n <= 0:
        return
    vac = W.vacant()
    entry = ~W.structural & ((W.level_order == 0) | (W.job_type == "pelaksana"))
    pool = np.repeat(np.arange(len(vac)), np.where(entry, np.maximum(vac, 0), 0))
    if len(pool) < n:
        extra = np.repeat(np.arange(len(vac)), np.where(~W.structural & ~entry, np.maximum(vac, 0), 0))
        pool = np.r_[pool, extra]
    if len(pool) < n:
        pel = np.flatnonzero(W.job_type == "pelaksana")
        add = rng.choice(pel, n - len(pool))
        np.add.at(W.slots, add, 1)
        pool = np.r_[pool, add]
    for p in np.sort(rng.choice(pool, n, replace=False)):
        clinical_or_teacher = W.posts.cert[p] in (0, 1)
        share = pppk_share if clinical_or_teacher else pppk_share * 0.35
        k = make_person(W, int(p), t, "pppk" if rng.random() < share else "cpns", rng)
        draw_wishes(W, np.array([k]), rng)


def rank_steps(W, t: int):
    """Kenaikan pangkat reguler: four years in rank, below the education ceiling."""
    P = W.people
    rows = P.alive(t)
    rows = rows[(P.i["status"][rows] == 0) & (P.i["rank"][rows] >= 0)]
    due = rows[(t - P.i["rank_date"][rows]) >= 4 * 365 - 30]
    edu = P.i["edu_top"][due]
    ceiling = np.select([edu <= EDU["SMA"], edu <= EDU["D3"], edu <= EDU["S1"]],
                        [RANK["III/b"], RANK["III/c"], RANK["IV/a"]], RANK["IV/c"])
    post = P.i["post"][due]
    ceiling = ceiling + (W.structural[post] | (W.level_order[post] >= 2)).astype(int)
    step = due[P.i["rank"][due] < ceiling]
    P.i["rank"][step] += 1
    P.i["rank_date"][step] = t


def yearly_trainings(W, year: int, lo: int, hi: int, rng):
    """Technical and general courses, leadership after appointment, credentials."""
    P = W.people
    rows = P.alive(lo)
    rows = rows[P.i["post"][rows] >= 0]
    hi = min(hi, W.as_of)
    for k in rows:
        p = P.i["post"][k]
        for _ in range(rng.poisson(1.1)):
            f = W.posts.field[p] if rng.random() < 0.75 else int(rng.integers(len(AFFINITY)))
            record_technical(W, int(k), int(f), int(rng.integers(lo, hi + 1)), rng)
        if rng.random() < 0.4:
            record_general(W, int(k), int(rng.integers(lo, hi + 1)), rng)
        need = LEAD_OF.get(W.job_type[p], 0)
        if need > P.i["lead"][k] and rng.random() < 0.5:
            record_leadership(W, int(k), int(P.i["lead"][k] + 1), int(rng.integers(lo, hi + 1)), rng)
        c = W.posts.cert[p]
        if c >= 0 and not P.certs[k, c] and rng.random() < CERT_RATE[c]:
            record_credential(W, int(k), int(c), int(rng.integers(lo, hi + 1)), rng)


def assess(W, rows: np.ndarray, t: int, rng):
    """Assessment center results: noisy, rounded views of the latent competencies."""
    from .catalog import COMPETENCIES
    t = min(t, W.as_of)
    ps = person_state(W.people, rows, t, W.posts.unit)
    seen = np.clip(np.rint(ps.comp + rng.normal(0, 0.4, ps.comp.shape)), 1, 5).astype(int)
    for i, k in enumerate(rows):
        for c, code in enumerate(COMPETENCIES):
            if c == 9 and rng.random() < 0.3:
                continue
            W.ledger.asm.append((int(k), code, int(seen[i, c]), int(t)))


def degrees(W, year_start: int, rng):
    """Tugas/izin belajar: a few S1 holders under 45 finish an S2 this year."""
    from .people import to_date
    from .fields import pick_major, write_major
    from .workforce import GENERIC_FIELDS
    P = W.people
    rows = P.alive(year_start)
    rows = rows[(P.i["edu_top"][rows] == EDU["S1"]) & ((year_start - P.i["birth"][rows]) < 45 * 365)]
    for k in rows[rng.random(len(rows)) < 0.008]:
        f = int(W.posts.field[P.i["post"][k]]) if rng.random() < 0.5 else int(rng.choice(GENERIC_FIELDS))
        f = f if f != UMUM else F["pemerintahan"]
        W.ledger.edu.append((int(k), "S2", write_major("Magister " + pick_major(f, rng), "S2", rng),
                             "Universitas Tanjung Seruni", to_date(year_start).year))
        P.add_degree(int(k), "S2", f)


def draw_wishes(W, rows: np.ndarray, rng):
    """The mutasi survey: open to move (Y/N/unknown) and up to two preferred units, drawn
    toward units of one's own field and away from hard regions."""
    P = W.people
    units = W.org.units
    ufield = units.field.to_numpy(int)
    hard = units.hardship.to_numpy(float)
    for k in rows:
        u = rng.random()
        P.i["wish_open"][k] = 1 if u < 0.55 else 0 if u < 0.75 else -1
        P.wish_units[k] = -1
        if rng.random() < 0.3:
            w = np.exp(2.5 * P.edu_aff[k, ufield] - 1.5 * hard)
            m = 1 + int(rng.random() < 0.4)
            P.wish_units[k, :m] = rng.choice(len(units), m, replace=False, p=w / w.sum())
