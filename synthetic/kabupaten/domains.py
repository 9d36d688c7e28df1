"""The fields of work (bidang) of the kabupaten, how related they are, and how fast they move.

Why: every fit mechanism of the truth speaks about fields — a person's education profile, a
post's field, experience served in a field, training in a field. One table of fields with one
affinity matrix keeps those mechanisms consistent with each other. The export never names
these fields: it shows only free-text majors, titles and training names.
"""

from __future__ import annotations

import numpy as np

# code, volatility (how fast the field's practice changes: 0..1), training half-life in years
_FIELDS: list[tuple[str, float, float]] = [
    ("keuangan", 0.6, 3.0),       # accounting, budgeting, treasury, procurement
    ("ekonomi", 0.3, 5.0),        # economics, planning, trade, cooperatives
    ("hukum", 0.4, 5.0),
    ("pemerintahan", 0.2, 6.0),   # public administration, pamong praja
    ("sdm", 0.4, 5.0),            # personnel management, psychology
    ("ti", 1.0, 2.0),             # informatics, information systems, statistics, data
    ("komunikasi", 0.5, 4.0),     # public relations, media
    ("medis", 0.8, 3.0),          # physicians, dentists
    ("keperawatan", 0.8, 3.0),
    ("kebidanan", 0.8, 3.0),
    ("farmasi", 0.7, 3.0),
    ("kesmas", 0.7, 3.5),         # public health, sanitation, nutrition, epidemiology, labs
    ("pgsd", 0.5, 4.0),           # primary-school class teaching
    ("pend_mipa", 0.5, 4.0),      # maths and science teaching
    ("pend_bahasa", 0.5, 4.0),
    ("pend_ips", 0.5, 4.0),       # social studies, civics
    ("pend_jasmani", 0.4, 5.0),   # physical education, sport
    ("sipil", 0.3, 6.0),          # civil works, spatial planning, surveying
    ("lingkungan", 0.3, 6.0),
    ("pertanian", 0.3, 5.0),
    ("perikanan", 0.3, 5.0),
    ("peternakan", 0.3, 5.0),     # livestock and veterinary
    ("sosial", 0.2, 6.0),         # social welfare, community empowerment, family planning
    ("arsip", 0.3, 5.0),          # libraries and archives
    ("transportasi", 0.3, 6.0),
    ("umum", 0.1, 8.0),           # no specific field: general administration
]

FIELDS: list[str] = [f for f, _, _ in _FIELDS]
FIELD_INDEX: dict[str, int] = {f: i for i, f in enumerate(FIELDS)}
N_FIELDS = len(FIELDS)
VOLATILITY = np.array([v for _, v, _ in _FIELDS], dtype=np.float64)
HALF_LIFE_YEARS = np.array([h for _, _, h in _FIELDS], dtype=np.float64)
TEACHING = [FIELD_INDEX[f] for f in ("pgsd", "pend_mipa", "pend_bahasa", "pend_ips", "pend_jasmani")]
HEALTH = [FIELD_INDEX[f] for f in ("medis", "keperawatan", "kebidanan", "farmasi", "kesmas")]

# Symmetric partial affinities between different fields (1.0 on the diagonal).
_RELATED: list[tuple[str, str, float]] = [
    ("keuangan", "ekonomi", 0.5), ("ekonomi", "pemerintahan", 0.3), ("keuangan", "pemerintahan", 0.2),
    ("hukum", "pemerintahan", 0.4), ("sdm", "pemerintahan", 0.5), ("sdm", "hukum", 0.2),
    ("ti", "komunikasi", 0.3), ("komunikasi", "pemerintahan", 0.3), ("ti", "arsip", 0.3),
    ("ti", "ekonomi", 0.15), ("keuangan", "hukum", 0.15),
    ("medis", "keperawatan", 0.3), ("medis", "kebidanan", 0.3), ("keperawatan", "kebidanan", 0.5),
    ("medis", "farmasi", 0.3), ("medis", "kesmas", 0.5), ("keperawatan", "kesmas", 0.4),
    ("kebidanan", "kesmas", 0.4), ("farmasi", "kesmas", 0.3),
    ("pgsd", "pend_mipa", 0.5), ("pgsd", "pend_bahasa", 0.5), ("pgsd", "pend_ips", 0.5),
    ("pgsd", "pend_jasmani", 0.3), ("pend_mipa", "pend_bahasa", 0.25), ("pend_mipa", "pend_ips", 0.25),
    ("pend_bahasa", "pend_ips", 0.3), ("pend_jasmani", "pend_ips", 0.2), ("pend_jasmani", "pend_mipa", 0.15),
    ("pend_jasmani", "pend_bahasa", 0.15),
    ("sipil", "lingkungan", 0.4), ("sipil", "transportasi", 0.4), ("lingkungan", "kesmas", 0.3),
    ("pertanian", "peternakan", 0.4), ("pertanian", "perikanan", 0.3), ("perikanan", "peternakan", 0.3),
    ("pertanian", "lingkungan", 0.3), ("pertanian", "ekonomi", 0.2), ("perikanan", "lingkungan", 0.3),
    ("sosial", "pemerintahan", 0.4), ("sosial", "kesmas", 0.25), ("arsip", "pemerintahan", 0.3),
    ("sosial", "pend_ips", 0.2), ("komunikasi", "pend_bahasa", 0.25), ("sdm", "pend_ips", 0.15),
]

# "umum" posts (general administration) take anybody reasonably: every field half fits them.
_UMUM_FROM_ANY = 0.55


def affinity(related_scale: float = 1.0) -> np.ndarray:
    """A[g, f]: how much a person of field g counts as a person of field f (0..1).

    `related_scale` scales every partial affinity (variant knob); exact matches stay 1.
    Rows are the person's field, columns the post's field.
    """
    a = np.eye(N_FIELDS)
    for x, y, v in _RELATED:
        i, j = FIELD_INDEX[x], FIELD_INDEX[y]
        a[i, j] = a[j, i] = v * related_scale
    u = FIELD_INDEX["umum"]
    a[:, u] = np.maximum(a[:, u], _UMUM_FROM_ANY * min(1.0, related_scale))
    a[u, u] = 1.0
    # a general (no-major) background counts a little towards administrative fields
    for f in ("pemerintahan", "keuangan", "sosial", "arsip", "sdm", "komunikasi"):
        a[u, FIELD_INDEX[f]] = max(a[u, FIELD_INDEX[f]], 0.3 * related_scale)
    return np.clip(a, 0.0, 1.0)
