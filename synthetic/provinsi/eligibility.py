"""The contract's eligibility rules as of the export date, from the generator's own state.

Why here and not from the model's code: the truth must cover exactly the pairs the contract
allows — rules 1-6 for every employee the rules let be ranked (status, no active sanction,
at least two years in the current post: the contract's default), vacant or not."""

from __future__ import annotations

from datetime import date

import numpy as np

from .people import day, to_date

MIN_YEARS_IN_POST = 2
RANKABLE_JOBS = ("fungsional", "pelaksana")


def full_years(birth: int, on: date) -> int:
    b = to_date(birth)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def due(start: int, on: date, years: int = MIN_YEARS_IN_POST) -> bool:
    s = to_date(start)
    try:
        anniversary = s.replace(year=s.year + years)
    except ValueError:                       # 29 February
        anniversary = date(s.year + years, 3, 1)
    return anniversary <= on


def ranked_people(W, rows: np.ndarray) -> np.ndarray:
    """Those of `rows` who get a list: PNS or PPPK, no active sanction, due for transfer."""
    P = W.people
    on = to_date(W.as_of)
    keep = [k for k in rows
            if P.i["status"][k] in (0, 2) and P.i["sanction_until"][k] <= W.as_of
            and due(int(P.i["post_start"][k]), on)]
    return np.array(keep, dtype=np.int64)


def eligible_posts(W, k: int) -> np.ndarray:
    """Positions person k may be proposed for (rules 1-4 and 6)."""
    P = W.people
    on = to_date(W.as_of)
    ok = W.min_edu <= P.i["edu_top"][k]
    rank = P.i["rank"][k]
    if rank >= 0:
        ok &= (W.min_rank < 0) | (W.min_rank <= rank)
    ok &= W.max_age >= full_years(int(P.i["birth"][k]), on)
    if P.i["status"][k] == 2:
        ok &= np.isin(W.job_type, RANKABLE_JOBS)
    ok[P.i["post"][k]] = False
    return np.flatnonzero(ok)


__all__ = ["ranked_people", "eligible_posts", "day"]
