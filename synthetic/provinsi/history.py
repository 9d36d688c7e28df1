"""Ten years of a provincial civil service, year by year, ending at the export date.

Why this calendar: February Baperjakat round and mutasi, CPNS/PPPK TMT on 1 March, rank
periods on 1 April and 1 October, the appraisal of the post held on 1 July, a smaller
September round. Formation years follow the national pattern (a moratorium, big CPNS years,
PPPK from five years before the export on). The last intake brings the headcount exactly to
`employees`; exits due before the export date are taken before it."""

from __future__ import annotations

from datetime import date

import numpy as np

from .appraisal import appraise_year
from .people import day
from .rounds import (assess, conversions, degrees, draw_wishes, exits, fill_vacancies,
                     functional_promotions, intake, mutasi, rank_steps, rotate_structural,
                     sanctions, yearly_trainings)
from .workforce import make_person

# by years before the export year: share of the headcount gap filled, PPPK share
FORMATION = {10: (0.9, 0.0), 9: (0.0, 0.0), 8: (0.0, 0.0), 7: (0.8, 0.0), 6: (0.9, 0.0),
             5: (0.6, 0.6), 4: (0.9, 0.8), 3: (0.9, 0.8), 2: (0.8, 0.7), 1: (0.9, 0.6),
             0: (1.0, 0.6)}


def initial_workforce(W, employees: int, rng):
    slots = W.slots
    fill = min(0.98 * employees / slots.sum(), 1.0)
    for p in range(len(slots)):
        rate = min(0.95, 3 * fill) if W.structural[p] else fill
        for _ in range(rng.binomial(slots[p], rate)):
            k = make_person(W, p, W.t0, "initial", rng)
            draw_wishes(W, np.array([k]), rng)


def _date(y, m, d, jitter, rng):
    return day(date(y, m, d)) + int(rng.integers(0, jitter + 1))


def _adjust_headcount(W, t, employees, pppk_share, rng):
    """The final intake: take every exit due by the export date first, then hire or
    transfer out so that exactly `employees` are in service."""
    exits(W, W.as_of, rng, random_exits=False)
    alive = W.people.alive(W.as_of)
    gap = employees - len(alive)
    if gap >= 0:
        intake(W, t, gap, pppk_share, rng)
        return
    P = W.people
    movable = alive[~W.structural[P.i["post"][alive]] & (P.i["hire"][alive] < t)]
    if len(movable) < -gap:                  # a tiny world: structural officials go too
        movable = alive
    for k in rng.choice(movable, -gap, replace=False):
        W.leave(int(k), int(t))


def simulate(W, employees: int, progress: bool = False):
    """Run the history; returns the true outcomes of the appraisals, by year."""
    rng = W.streams("history")
    initial_workforce(W, employees, rng)
    Y = date.fromordinal(W.as_of + date(1970, 1, 1).toordinal()).year
    final_intake_year = Y if day(date(Y, 3, 1)) <= W.as_of else Y - 1
    done = False
    measured = {}
    for y in range(Y - 10, Y + 1):
        if progress:
            print(f"  provinsi: year {y}", flush=True)
        moved: set = set()
        for t, step in _calendar(y, rng):
            if t > W.as_of:
                break
            W.advance(t)
            done = _step(W, step, y, t, Y, employees, final_intake_year, done, moved, rng,
                         measured)
    W.advance(W.as_of)
    return measured


def _calendar(y, rng):
    return [(_date(y, 1, 2, 20, rng), "exits"), (_date(y, 2, 1, 30, rng), "round"),
            (day(date(y, 3, 1)), "intake"), (day(date(y, 4, 1)), "rank"),
            (day(date(y, 7, 1)), "appraise"), (_date(y, 9, 10, 20, rng), "round2"),
            (day(date(y, 10, 1)), "rank")]


def _step(W, step, y, t, Y, employees, final_year, done, moved, rng, measured):
    if step == "exits" and not done:
        exits(W, t, rng)
        sanctions(W, t, rng)
        conversions(W, t)
        yearly_trainings(W, y, day(date(y, 1, 1)), day(date(y, 12, 31)), rng)
        degrees(W, day(date(y, 1, 1)), rng)
        refresh = W.people.alive(t)
        draw_wishes(W, refresh[rng.random(len(refresh)) < 0.2], rng)
    elif step in ("round", "round2"):
        if step == "round" and (y % 2 == 0):
            rotate_structural(W, t, rng, share=0.15)
        if not done:
            exits(W, t, rng, random_exits=False)
        fill_vacancies(W, t, rng, moved)
        if step == "round":
            functional_promotions(W, t, rng, moved)
        mutasi(W, t, rng, moved, intensity=1.0 if step == "round" else 0.5)
        rows = W.people.alive(t)
        assess(W, rows[rng.random(len(rows)) < 0.03], t, rng)
    elif step == "intake":
        conversions(W, t)
        share, pppk = FORMATION[Y - y]
        if y == final_year:
            _adjust_headcount(W, t, employees, pppk, rng)
            return True
        if share > 0:
            gap = employees - len(W.people.alive(t))
            intake(W, t, int(round(max(gap, 0) * share)), pppk, rng)
    elif step == "rank":
        rank_steps(W, t)
        conversions(W, t)
    elif step == "appraise" and y < Y:
        measured[y] = appraise_year(W, y, t, rng)
    return done
