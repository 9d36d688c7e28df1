"""The people of the synthetic city: who they are, what they studied, when they were hired,
what they are latently able to do and what they wish for.

Every employee was recruited for a formasi (a non-structural position); their education and
field follow it, partly: a quarter come with a field the formasi did not ask for (honorer
conversions, general formations). Ability and managerial aptitude are latent: they drive the
truth and never appear in the export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from features import vocab

from synthetic.kota.names import person_name
from synthetic.kota.positions import FIELD_INDEX, FIELDS, Positions
from synthetic.kota.spellings import SCHOOL_TRACKS, institution, messy_field

EPOCH = np.datetime64("1970-01-01", "D")
HEALTH_CREDENTIAL = frozenset({"Kedokteran", "Keperawatan", "Kebidanan", "Farmasi"})

# Related fields: skill in one carries partly to the other (symmetric).
RELATED: tuple[tuple[str, str, float], ...] = (
    ("Akuntansi", "Keuangan", 0.75), ("Akuntansi", "Ekonomi", 0.45),
    ("Akuntansi", "Manajemen", 0.4), ("Keuangan", "Ekonomi", 0.55),
    ("Keuangan", "Manajemen", 0.55), ("Ekonomi", "Manajemen", 0.55),
    ("Administrasi Negara", "Ilmu Pemerintahan", 0.75), ("Administrasi Negara", "Manajemen", 0.3),
    ("Administrasi Negara", "Ilmu Hukum", 0.25), ("Ilmu Pemerintahan", "Ilmu Hukum", 0.3),
    ("Psikologi", "Manajemen", 0.35), ("Informatika", "Sistem Informasi", 0.8),
    ("Informatika", "Statistika", 0.35), ("Sistem Informasi", "Statistika", 0.35),
    ("Ilmu Komunikasi", "Administrasi Negara", 0.2), ("Kedokteran", "Keperawatan", 0.35),
    ("Kedokteran", "Kesehatan Masyarakat", 0.4), ("Keperawatan", "Kebidanan", 0.45),
    ("Keperawatan", "Kesehatan Masyarakat", 0.35), ("Kebidanan", "Kesehatan Masyarakat", 0.3),
    ("Farmasi", "Kesehatan Masyarakat", 0.3), ("Teknik Sipil", "Arsitektur", 0.6),
    ("Teknik Sipil", "Planologi", 0.45), ("Arsitektur", "Planologi", 0.6),
    ("Teknik Sipil", "Teknik Lingkungan", 0.4), ("Teknik Lingkungan", "Kesehatan Masyarakat", 0.3),
    ("Transportasi", "Teknik Sipil", 0.35), ("Perpustakaan", "Kearsipan", 0.7),
    ("Kesejahteraan Sosial", "Administrasi Negara", 0.3), ("Ekonomi", "Planologi", 0.25),
    ("Statistika", "Ekonomi", 0.3),
)


def similarity() -> np.ndarray:
    f = len(FIELDS)
    s = np.eye(f)
    for a, b, v in RELATED:
        s[FIELD_INDEX[a], FIELD_INDEX[b]] = s[FIELD_INDEX[b], FIELD_INDEX[a]] = v
    s[FIELD_INDEX["Umum"]] = 0.0
    return s


# How much a degree of each level gives to its field's skill.
_LEVEL_SKILL = {"SMA": 0.3, "D3": 0.75, "D4": 0.9, "S1": 0.9, "PROFESI": 1.0, "S2": 1.0,
                "S3": 1.0}
# Share of women by field (Binjai-like; truth never looks at gender).
_FEMALE_SHARE = {"Keperawatan": 0.8, "Kebidanan": 1.0, "Kedokteran": 0.6, "Farmasi": 0.75,
                 "Kesehatan Masyarakat": 0.75, "Teknik Sipil": 0.2, "Arsitektur": 0.35,
                 "Informatika": 0.35, "Sistem Informasi": 0.45, "Ilmu Hukum": 0.45,
                 "Akuntansi": 0.65, "Keuangan": 0.55, "Ekonomi": 0.5, "Manajemen": 0.55,
                 "Ilmu Pemerintahan": 0.25, "Transportasi": 0.15, "Pendidikan": 0.7,
                 "Psikologi": 0.7, "Pertanian": 0.4, "Perpustakaan": 0.7, "Kearsipan": 0.6}
# Fields people come with when the formasi did not ask for theirs.
_GENERAL_FIELDS = {"Administrasi Negara": 5, "Ekonomi": 3, "Manajemen": 4, "Akuntansi": 2,
                   "Ilmu Hukum": 2, "Ilmu Pemerintahan": 1.5, "Informatika": 1.5,
                   "Ilmu Komunikasi": 1, "Kesejahteraan Sosial": 1, "Pendidikan": 2,
                   "Pertanian": 1, "Teknik Sipil": 1, "Kesehatan Masyarakat": 1,
                   "Psikologi": 0.5, "Sistem Informasi": 0.7, "Statistika": 0.3}


@dataclass
class Employees:
    n: int
    employee_id: np.ndarray        # 18-digit NIP (str)
    name: np.ndarray
    female: np.ndarray             # bool
    birth: np.ndarray              # days since 1970
    hire: np.ndarray               # days since 1970
    status: np.ndarray             # "PNS", "CPNS", "PPPK"
    edu_level: np.ndarray          # highest level (str)
    edu_ord: np.ndarray            # vocab.EDUCATION_ORDINAL of the highest level
    edu_ord_at_hire: np.ndarray    # education the entry rank follows
    field: np.ndarray              # canonical field index of the main degree, -1 = none
    field2: np.ndarray             # field of a second degree (S2 elsewhere), -1 = none
    edu_skill: np.ndarray          # E × F, 0..1
    formasi: np.ndarray            # position index recruited for
    ability: np.ndarray            # general ability, N(0, 1)
    m_aptitude: np.ndarray         # managerial aptitude, N(0, 1), correlated with ability
    open_to_move: np.ndarray       # "Y", "N", ""
    preferred: list[tuple[int, ...]]  # preferred unit indices
    sanction_start: np.ndarray     # days, 0 = none
    sanction_until: np.ndarray     # days, 0 = none
    education_rows: pd.DataFrame   # employee, level, field_of_study, institution, year, _canon


def to_days(d: date) -> int:
    return int((np.datetime64(d, "D") - EPOCH).astype(int))


def _pick(rng, options: dict[str, float]) -> str:
    keys = list(options)
    w = np.array([options[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=w / w.sum()))]


def _levels_for(min_edu: str, field: str | None, rng) -> str:
    """Highest education of someone recruited for a post asking `min_edu`."""
    if field == "Kedokteran":
        return _pick(rng, {"PROFESI": 0.75, "S2": 0.25})
    if field in ("Keperawatan", "Kebidanan", "Farmasi") and min_edu in ("SMA", "D3"):
        return _pick(rng, {"D3": 0.6, "D4": 0.15, "S1": 0.1, "PROFESI": 0.12, "S2": 0.03})
    if min_edu == "SMA":
        return _pick(rng, {"SMA": 0.55, "D3": 0.15, "S1": 0.27, "S2": 0.03})
    if min_edu == "D3":
        return _pick(rng, {"D3": 0.6, "S1": 0.33, "S2": 0.07})
    if min_edu == "PROFESI":
        return _pick(rng, {"PROFESI": 0.85, "S2": 0.15})
    if min_edu in ("S2", "S3"):
        return _pick(rng, {"S2": 0.9, "S3": 0.1})
    return _pick(rng, {"S1": 0.8, "S2": 0.18, "S3": 0.02})


def _hire_year_weights(as_of: date) -> tuple[np.ndarray, np.ndarray]:
    years = np.arange(as_of.year - 34, as_of.year)
    w = np.ones(len(years))
    w[(years >= 2003) & (years <= 2010)] *= 1.8      # honorer conversions, large formations
    w[(years >= 2012) & (years <= 2017)] *= 0.25     # moratorium
    w[years == 2019] *= 2.0
    w[years == 2021] *= 1.6
    w[years == 2024] *= 1.3
    w[years < as_of.year - 30] *= 0.5                 # many of those have retired
    return years, w / w.sum()


def draw_employees(rng: np.random.Generator, n: int, pos: Positions, as_of: date) -> Employees:
    asof = to_days(as_of)
    sim = similarity()
    t = pos.table
    status = rng.choice(np.array(["PNS", "CPNS", "PPPK"]), size=n, p=[0.85, 0.03, 0.12])
    nonstruct = np.flatnonzero(pos.category != "struct")
    fung = nonstruct[pos.category[nonstruct] == "fung"]
    slots = pos.slots.astype(float)
    formasi = rng.choice(nonstruct, size=n, p=slots[nonstruct] / slots[nonstruct].sum())
    pppk = np.flatnonzero(status == "PPPK")
    to_fung = pppk[rng.random(len(pppk)) < 0.7]
    formasi[to_fung] = rng.choice(fung, size=len(to_fung), p=slots[fung] / slots[fung].sum())

    general = list(_GENERAL_FIELDS)
    gw = np.array([_GENERAL_FIELDS[f] for f in general])
    gw = gw / gw.sum()
    level = np.empty(n, dtype=object)
    field = np.full(n, -1, dtype=np.int64)
    field2 = np.full(n, -1, dtype=np.int64)
    female = np.zeros(n, dtype=bool)
    for i in range(n):
        p = formasi[i]
        prof = [f for f in pos.profile[p] if f >= 0]
        listed = pos.listed[p]
        if listed and rng.random() < 0.78:
            fname = listed[int(rng.integers(len(listed)))]
        elif not listed and prof and rng.random() < 0.5:
            fname = FIELDS[prof[int(rng.integers(len(prof)))]]
            if fname in HEALTH_CREDENTIAL:
                fname = "Kesehatan Masyarakat"
        else:
            fname = general[int(rng.choice(len(general), p=gw))]
        lvl = _levels_for(t.at[p, "min_education"], fname, rng)
        level[i] = lvl
        if lvl != "SMA":
            field[i] = FIELD_INDEX[fname]
            if lvl in ("S2", "S3") and fname != "Kedokteran" and rng.random() < 0.5:
                field2[i] = FIELD_INDEX[_pick(rng, {"Administrasi Negara": 3, "Manajemen": 3,
                                                    "Ilmu Hukum": 1, "Ekonomi": 1,
                                                    "Kesehatan Masyarakat": 0.5})]
        share = _FEMALE_SHARE.get(fname, 0.5) if lvl != "SMA" else 0.35
        if pos.family[p] in ("pol_pp", "pemadam") or t.at[p, "title"].startswith(
                ("Pengemudi", "Petugas")):
            share = 0.15
        female[i] = rng.random() < share

    edu_ord = np.array([vocab.EDUCATION_ORDINAL[lv] for lv in level])

    # Hire and birth dates.
    years, yw = _hire_year_weights(as_of)
    hire = np.zeros(n, dtype=np.int64)
    pns = status == "PNS"
    k = int(pns.sum())
    hy = rng.choice(years, size=k, p=yw)
    months = rng.choice([1, 2, 3, 4, 7, 10], size=k, p=[0.3, 0.15, 0.25, 0.1, 0.1, 0.1])
    hire[pns] = [to_days(date(int(y), int(m), 1)) for y, m in zip(hy, months)]
    hire[pns] = np.minimum(hire[pns], asof - 400)
    cpns = status == "CPNS"
    hire[cpns] = asof - rng.integers(20, 360, size=int(cpns.sum()))
    hire[pppk] = [to_days(date(int(y), int(m), 1)) for y, m in zip(
        rng.choice([2022, 2023, 2024, 2025], size=len(pppk), p=[0.3, 0.3, 0.25, 0.15]),
        rng.choice([1, 3, 4, 6], size=len(pppk)))]
    hire[pppk] = np.minimum(hire[pppk], asof - 30)
    age_lo = np.select([edu_ord <= 3, edu_ord <= 6, edu_ord <= 7, edu_ord <= 8],
                       [19.5, 21.5, 23.0, 25.0], 26.0)
    span = np.where(status == "PPPK", 22.0, 11.0)
    age_hire = age_lo + rng.random(n) * span * rng.random(n) ** 0.3
    birth = hire - (age_hire * 365.25).astype(np.int64)
    # Everyone in the export is below the retirement age (58) on the as-of date.
    oldest = asof - int(57.8 * 365.25)
    too_old = birth < oldest
    birth[too_old] = oldest + rng.integers(0, 3 * 365, size=int(too_old.sum()))
    hire = np.maximum(hire, birth + (age_lo * 365.25).astype(np.int64))
    hire = np.where(status == "PNS", np.minimum(hire, asof - 400), np.minimum(hire, asof - 20))
    # Hire on the first of a month.
    hire_dates = (EPOCH + hire).astype("datetime64[M]").astype("datetime64[D]")
    hire = (hire_dates - EPOCH).astype(np.int64)

    # Education at hire: some master's degrees came later (tugas belajar).
    edu_at_hire = edu_ord.copy()
    later = (level == "S2") & (rng.random(n) < 0.5) & (hire < asof - 6 * 365)
    edu_at_hire[later] = vocab.EDUCATION_ORDINAL["S1"]

    ability = rng.standard_normal(n)
    m_apt = 0.45 * ability + np.sqrt(1 - 0.45 ** 2) * rng.standard_normal(n)

    ids = _nips(birth, hire, female)
    names = np.array([person_name(rng, bool(female[i]),
                                  FIELDS[field[i]] if field[i] >= 0 else None, level[i])
                      for i in range(n)], dtype=object)
    edu_rows, edu_skill = _education(rng, ids, level, field, field2, birth, hire, later, sim)

    open_to_move = rng.choice(np.array(["Y", "N", ""]), size=n, p=[0.45, 0.2, 0.35])
    preferred = _preferences(rng, n, field, pos)
    s_start = np.zeros(n, dtype=np.int64)
    s_until = np.zeros(n, dtype=np.int64)
    sanctioned = np.flatnonzero((status == "PNS") & (rng.random(n) < 0.012))
    s_until[sanctioned] = asof + rng.integers(30, 3 * 365, size=len(sanctioned))
    s_start[sanctioned] = np.maximum(s_until[sanctioned] - rng.integers(365, 3 * 365,
                                                                         size=len(sanctioned)),
                                     hire[sanctioned] + 365)
    return Employees(n=n, employee_id=ids, name=names, female=female, birth=birth, hire=hire,
                     status=status, edu_level=level, edu_ord=edu_ord,
                     edu_ord_at_hire=edu_at_hire, field=field, field2=field2,
                     edu_skill=edu_skill, formasi=formasi, ability=ability, m_aptitude=m_apt,
                     open_to_move=open_to_move, preferred=preferred, sanction_start=s_start,
                     sanction_until=s_until, education_rows=edu_rows)


def _nips(birth: np.ndarray, hire: np.ndarray, female: np.ndarray) -> np.ndarray:
    """yyyymmdd (birth) + yyyymm (TMT CPNS) + gender (1 L, 2 P) + serial, as real NIPs."""
    b = np.datetime_as_string(EPOCH + birth, unit="D")
    h = np.datetime_as_string(EPOCH + hire, unit="D")
    seen: dict[str, int] = {}
    out = np.empty(len(birth), dtype=object)
    for i in range(len(birth)):
        prefix = b[i].replace("-", "") + h[i][:7].replace("-", "") + ("2" if female[i] else "1")
        seen[prefix] = seen.get(prefix, 0) + 1
        out[i] = f"{prefix}{seen[prefix]:03d}"
    return out


def _education(rng, ids, level, field, field2, birth, hire, later, sim):
    """Education rows (SMA, then D3/S1/PROFESI/S2/S3) and the education skill matrix."""
    n = len(ids)
    skill = np.zeros((n, len(FIELDS)))
    rows: list[tuple] = []
    birth_year = (EPOCH + birth).astype("datetime64[Y]").astype(int) + 1970
    hire_year = (EPOCH + hire).astype("datetime64[Y]").astype(int) + 1970
    for i in range(n):
        lvl = level[i]
        by = int(birth_year[i])
        f = FIELDS[field[i]] if field[i] >= 0 else None
        sma_year = by + 18 + int(rng.integers(0, 2))
        track = SCHOOL_TRACKS[int(rng.integers(len(SCHOOL_TRACKS)))]
        rows.append((ids[i], "SMA", track, institution(rng, "SMA", None), sma_year, ""))
        if lvl == "SMA":
            continue
        year = sma_year
        degrees: list[tuple[str, str | None]] = []
        if lvl == "D3" or (lvl in ("S1", "S2") and rng.random() < 0.12):
            degrees.append(("D3", f))
        if lvl in ("D4",):
            degrees.append(("D4", f))
        if lvl in ("S1", "PROFESI", "S2", "S3"):
            s1 = "D4" if f in ("Kebidanan", "Transportasi", "Statistika") and \
                rng.random() < 0.4 else "S1"
            degrees.append((s1, f))
        if lvl == "PROFESI" or (lvl in ("S2", "S3") and f == "Kedokteran"):
            degrees.append(("PROFESI", f))
        if lvl in ("S2", "S3"):
            degrees.append(("S2", FIELDS[field2[i]] if field2[i] >= 0 else f))
        if lvl == "S3":
            degrees.append(("S3", FIELDS[field2[i]] if field2[i] >= 0 else f))
        for d, fd in degrees:
            year += {"D3": 3, "D4": 4, "S1": 4, "PROFESI": 2, "S2": 2, "S3": 4}[d]
            year += int(rng.integers(0, 2))
            if d == "S2" and later[i]:
                year = max(year, int(hire_year[i]) + 3 + int(rng.integers(0, 6)))
            text = messy_field(rng, fd, d) if fd else ""
            if rng.random() < 0.025:
                text = ""  # never typed in
            gy: int | str = year if rng.random() > 0.03 else ""
            rows.append((ids[i], d, text, institution(rng, d, fd), gy, fd or ""))
            if fd:
                skill[i] = np.maximum(skill[i], _LEVEL_SKILL[d] * sim[FIELD_INDEX[fd]])
    df = pd.DataFrame(rows, columns=["employee_id", "level", "field_of_study", "institution",
                                     "graduation_year", "_canonical"])
    return df, skill


def _preferences(rng, n: int, field: np.ndarray, pos: Positions) -> list[tuple[int, ...]]:
    """A quarter of the staff name 1–2 units they would like; usually units of their field."""
    units = pos.units
    by_field: dict[int, list[int]] = {}
    for u, fs in enumerate(_unit_fields(pos)):
        for f in fs:
            by_field.setdefault(FIELD_INDEX[f], []).append(u)
    out: list[tuple[int, ...]] = []
    for i in range(n):
        if rng.random() >= 0.25:
            out.append(())
            continue
        k = 1 + int(rng.random() < 0.4)
        chosen: list[int] = []
        for _ in range(k):
            pool = by_field.get(int(field[i]), []) if rng.random() < 0.6 else []
            u = pool[int(rng.integers(len(pool)))] if pool else int(rng.integers(len(units)))
            if u not in chosen:
                chosen.append(u)
        out.append(tuple(chosen))
    return out


def _unit_fields(pos: Positions) -> list[tuple[str, ...]]:
    """Each unit's fields: the union of its positions' true profiles (in first-seen order)."""
    fields: list[list[str]] = [[] for _ in range(len(pos.units))]
    for p in range(len(pos)):
        u = pos.unit_index[p]
        if pos.category[p] != "struct":
            continue
        for f in pos.profile[p]:
            if f >= 0 and FIELDS[f] not in fields[u]:
                fields[u].append(FIELDS[f])
    return [tuple(f) for f in fields]



