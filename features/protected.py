"""Protected groups of the employees — gender and age band — for the fairness audit and the
fair re-ranking of candidate lists only (merit law, UU 20/2023).

These are never model features, and nothing here feeds features.pairs: the groups are read
from the export's gender and birth_date columns only to measure whether lists favour a group
(training.fairness) and to keep each group's exposure within the four-fifths band when a
caller asks for it (models.fair_ranking, serving's `fair=true`). They live in features/ so
that the audit and serving read the very same bands.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

UNKNOWN = "unknown"                  # no (or an unreadable) gender or birth date: never compared
GENDERS = ("L", "P")
AGE_BANDS = ((0, 35, "<35"), (35, 45, "35-44"), (45, 55, "45-54"), (55, 200, "55+"))
ATTRIBUTES = ("gender", "age")
ORDER = {"gender": GENDERS, "age": tuple(b[2] for b in AGE_BANDS)}


def gender_groups(employees: pd.DataFrame) -> np.ndarray:
    g = employees["gender"].astype("string").str.strip().str.upper().fillna("")
    g = g.to_numpy(dtype=object)
    return np.where(np.isin(g, GENDERS), g, UNKNOWN).astype(object)


def age_groups(employees: pd.DataFrame, as_of: date) -> np.ndarray:
    """Age band in full years at ``as_of``; no (or an impossible) birth_date → unknown."""
    birth = pd.to_datetime(employees["birth_date"], errors="coerce")
    before = (as_of.month * 100 + as_of.day) < (birth.dt.month * 100 + birth.dt.day)
    age = (as_of.year - birth.dt.year - before.astype(float)).to_numpy(float)
    out = np.full(len(age), UNKNOWN, dtype=object)
    for lo, hi, label in AGE_BANDS:
        out[(age >= lo) & (age < hi)] = label
    return out


def protected_groups(employees: pd.DataFrame, as_of: date) -> dict[str, np.ndarray]:
    """Attribute → group label per employee row (ATTRIBUTES order)."""
    return {"gender": gender_groups(employees), "age": age_groups(employees, as_of)}
