"""How decision makers place people: Baperjakat for structural posts, mutasi for the rest.

Why: the history's placements are what a model learns from, and real ones mix merit as it
is perceived (the observable truth seen through heavy noise) with seniority, connections,
insider preference and biases against women and non-local groups for structural posts. Each
ingredient is a knob of the variant, so worlds with fair or fit-blind histories exist."""

from __future__ import annotations

import numpy as np

from .names import LOCAL
from .truth import components, observable_z, person_state

FEEDERS = {"jpt_madya": ("jpt_pratama",), "jpt_pratama": ("administrator", "ahli_madya"),
           "administrator": ("pengawas", "ahli_muda", "ahli_madya"),
           "pengawas": ("pelaksana", "ahli_pertama", "ahli_muda", "mahir", "penyelia")}


def perceived(W, rows: np.ndarray, posts: np.ndarray, t: int, rng) -> np.ndarray:
    """Perceived fit (rows × posts): the observable z as decision makers see it, noisy."""
    P = W.people
    ps = person_state(P, rows, t, W.posts.unit)
    e = np.repeat(np.arange(len(rows)), len(posts))
    p = np.tile(posts, len(rows))
    cur = P.i["post"][rows][e]
    same_unit = W.posts.unit[np.maximum(cur, 0)] == W.posts.unit[p]
    yiu = np.where(same_unit, (t - P.i["unit_start"][rows][e]) / 365.25, 0.0)
    prev = np.where(cur >= 0, W.posts.job_class[np.maximum(cur, 0)], W.posts.job_class[p])
    parts = components(ps, W.posts, e, p, prev, np.full(len(e), 0.5), yiu, W.variant, W.seed,
                       candidate=False)
    z = observable_z(parts).reshape(len(rows), len(posts))
    v = W.variant
    return v.fit_weight * z + rng.normal(0, v.fit_noise, z.shape)


def eligible_mask(W, rows: np.ndarray, p: int, t: int) -> np.ndarray:
    P = W.people
    age = (t - P.i["birth"][rows]) / 365.25
    rank = P.i["rank"][rows]
    ok = P.i["edu_top"][rows] >= W.min_edu[p]
    ok &= (rank < 0) | (W.min_rank[p] < 0) | (rank >= W.min_rank[p])
    ok &= age <= W.max_age[p]
    ok &= P.i["sanction_until"][rows] <= t
    if W.structural[p] or W.job_type[p] in ("jpt_pratama", "jpt_madya"):
        ok &= P.i["status"][rows] == 0
    else:
        ok &= P.i["status"][rows] != 1
    return ok


def fill_structural(W, p: int, t: int, rng, moved: set) -> int:
    """Baperjakat: the best-scoring candidate from the feeder levels, or -1."""
    P = W.people
    rows = P.alive(t)
    cur = P.i["post"][rows]
    has = cur >= 0
    rows, cur = rows[has], cur[has]
    lvl = W.org.positions.functional_level.to_numpy(str)[cur]
    feeder = np.isin(W.job_type[cur], FEEDERS[W.job_type[p]]) | np.isin(lvl, FEEDERS[W.job_type[p]])
    rows = rows[feeder & ((t - P.i["post_start"][rows]) > 365)]
    rows = rows[eligible_mask(W, rows, p, t)]
    rows = np.array([r for r in rows if r not in moved], dtype=np.int64)
    if len(rows) == 0:
        return -1
    if len(rows) > 120:
        same = rows[W.posts.unit[P.i["post"][rows]] == W.posts.unit[p]]
        rows = np.union1d(same, rng.choice(rows, 120, replace=False))
    v = W.variant
    fit = perceived(W, rows, np.array([p]), t, rng)[:, 0]
    seniority = (P.i["rank"][rows] - W.min_rank[p]) / 3 + (t - P.i["hire"][rows]) / 365.25 / 20
    insider = W.posts.unit[P.i["post"][rows]] == W.posts.unit[p]
    score = (fit + v.seniority * seniority + v.connections * P.f["conn"][rows] + 0.3 * insider
             - v.gender_bias * P.i["female"][rows] + v.ethnic_bias * (P.i["group"][rows] == LOCAL)
             + rng.normal(0, 0.4, len(rows)))
    return int(rows[np.argmax(score)])


def best_target(W, k: int, targets: np.ndarray, t: int, rng, wish_bonus: float) -> int:
    """The target post a mutasi gives person k (-1 if none)."""
    if len(targets) == 0:
        return -1
    fit = perceived(W, np.array([k]), targets, t, rng)[0]
    wish = np.isin(W.posts.unit[targets], W.people.wish_units[k])
    score = fit + wish_bonus * wish + rng.normal(0, 0.3, len(targets))
    return int(targets[np.argmax(score)])


def lateral_targets(W, k: int, t: int) -> np.ndarray:
    """Vacant posts of the same family at the same or a lower level that k may hold."""
    P = W.people
    cur = P.i["post"][k]
    vac = W.vacant() > 0
    same = (W.family == W.family[cur]) & (W.level_order <= W.level_order[cur])
    cand = np.flatnonzero(vac & same)
    cand = cand[cand != cur]
    if len(cand) == 0:
        return cand
    P_edu, P_rank = P.i["edu_top"][k], P.i["rank"][k]
    keep = (W.min_edu[cand] <= P_edu) & ((P_rank < 0) | (W.min_rank[cand] < 0)
                                         | (W.min_rank[cand] <= P_rank))
    return cand[keep]
