"""What each person *is* at a date, read off the ledger: the input of the truth.

Why: the truth of a pair depends on the person's state at the time — degrees obtained so far,
years served per field, training not yet gone stale, competencies grown by structural years
and leadership training. Computing it from the event tables (never from running counters)
keeps the history's appraisals and the final truth on exactly the same definition.
"""

from __future__ import annotations

import numpy as np

from .domains import HALF_LIFE_YEARS, N_FIELDS
from .ledger import EDU_CODE, NAT, YEAR, Ledger
from .majors import PROFILES
from .truth import PersonState
from .world import World


def _year(t: int) -> int:
    return int(np.datetime64(int(t), "D").astype("datetime64[Y]").astype(int) + 1970)


def education_at(ledger: Ledger, world: World, t: int) -> tuple[np.ndarray, np.ndarray]:
    """(match (n, F), highest level code (n,)) from the degrees obtained by the year of t."""
    n = ledger.n
    person = np.asarray(ledger.edu["person"], dtype=np.int64)
    grad = np.asarray(ledger.edu["grad"], dtype=np.int64)
    major = np.asarray(ledger.edu["major"], dtype=np.int64)
    level = np.array([EDU_CODE[x] for x in ledger.edu["level"]], dtype=np.int64)
    ok = grad <= _year(t)
    person, major, level = person[ok], major[ok], level[ok]
    A = world.A
    mv = (PROFILES[major][:, :, None] * A[None, :, :]).max(1)       # (rows, F)
    match = np.zeros((n, N_FIELDS))
    top = np.full(n, -1, dtype=np.int64)
    if len(person):
        order = np.argsort(person, kind="stable")
        ps, mv, lv = person[order], mv[order], level[order]
        starts = np.flatnonzero(np.r_[True, ps[1:] != ps[:-1]])
        who = ps[starts]
        match[who] = np.maximum.reduceat(mv, starts, axis=0)
        top[who] = np.maximum.reduceat(lv, starts)
    return match, top


def experience_at(ledger: Ledger, world: World, t: int) -> tuple[np.ndarray, np.ndarray]:
    """(raw years served per post field (n, F), years in structural or head posts (n,))."""
    a = ledger.assignments()
    n = ledger.n
    start = a["start"]
    end = np.minimum(np.where(a["end"] == NAT, t, a["end"]), t)
    dur = np.maximum(end - start, 0) / YEAR
    f = world.posts.field[a["pos"]]
    X = np.bincount(a["person"] * N_FIELDS + f, weights=dur, minlength=n * N_FIELDS).reshape(n, N_FIELDS)
    s = np.bincount(a["person"], weights=dur * (world.p_struct[a["pos"]] > 0), minlength=n)
    return X, s


def training_at(ledger: Ledger, world: World, t: int) -> tuple[np.ndarray, np.ndarray]:
    """(recency-weighted training stock per post field (n, F), leadership levels completed (n,))."""
    n = ledger.n
    person = np.asarray(ledger.trn["person"], dtype=np.int64)
    end = np.asarray(ledger.trn["end"], dtype=np.int64)
    field = np.asarray(ledger.trn["field"], dtype=np.int64)
    weight = np.asarray(ledger.trn["weight"], dtype=np.float64)
    lead = np.asarray(ledger.trn["lead"], dtype=np.int64)
    done = end <= t
    lead_n = np.bincount(person[done & (lead > 0)], minlength=n)
    k = done & (field >= 0)
    person, end, field, weight = person[k], end[k], field[k], weight[k]
    age = (t - end) / YEAR
    half = HALF_LIFE_YEARS * world.variant.training_halflife
    contrib = weight[:, None] * world.A[field] * np.exp2(-age[:, None] / half[None, :])
    stock = np.zeros((n, N_FIELDS))
    if len(person):
        order = np.argsort(person, kind="stable")
        ps = person[order]
        starts = np.flatnonzero(np.r_[True, ps[1:] != ps[:-1]])
        stock[ps[starts]] = np.add.reduceat(contrib[order], starts, axis=0)
    return stock, lead_n


def person_state(ledger: Ledger, world: World, t: int, cur_pos: np.ndarray | None = None) -> tuple[PersonState, dict]:
    """The truth's view of every person (uid order) at day t, plus by-products the history uses."""
    p = ledger.p
    match, edu_top = education_at(ledger, world, t)
    X, struct_years = experience_at(ledger, world, t)
    stock, lead_n = training_at(ledger, world, t)
    service = np.maximum(t - p["hire"], 0) / YEAR
    comp = (1.0 + 0.55 * p["a"][:, None] + 0.2 * p["g"][:, None] + 0.3 * ledger.e
            + 0.45 * np.sqrt(struct_years)[:, None] + 0.1 * np.sqrt(service)[:, None] + 0.35 * lead_n[:, None])
    comp = np.clip(comp, 1.0, 5.0)
    pos = p["pos"] if cur_pos is None else cur_pos
    cur_unit = np.where(pos >= 0, world.posts.unit[np.maximum(pos, 0)], -1)
    ps = PersonState(uid=np.arange(ledger.n), ability=p["g"], comp=comp, match=match, exp_years=X @ world.A,
                     stock=stock, pref=ledger.pref, unwilling=p["unwilling"], asked=p["asked"],
                     top_field=p["top_field"].astype(np.int64), cur_unit=cur_unit)
    extra = dict(edu_level=edu_top, struct_years=struct_years, service=service, lead_n=lead_n, X=X)
    return ps, extra
