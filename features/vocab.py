"""The domain's vocabularies, in one place: rank order, education order, job types,
competency codes, the appraisal scale and the training-name mapping.

Everything else (loader, generator, features, eligibility, serving) imports these; no other
module spells out a rank list or a rating table of its own.
"""

from __future__ import annotations

import math
import re

# --- golongan/ruang -------------------------------------------------------------------------
RANKS: tuple[str, ...] = (
    "I/a", "I/b", "I/c", "I/d",
    "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
)
RANK_ORDINAL: dict[str, int] = {r: i + 1 for i, r in enumerate(RANKS)}
# A rank step (kenaikan pangkat reguler) about every 4 years; the entry rank follows the
# diploma a civil servant was hired with (domain.md). Used to estimate a past rank.
YEARS_PER_RANK_STEP = 4.0
ENTRY_RANK_BY_EDUCATION: dict[str, str] = {
    "SD": "I/a", "SMP": "I/c", "SMA": "II/a", "D1": "II/a", "D2": "II/b", "D3": "II/c",
    "D4": "III/a", "S1": "III/a", "PROFESI": "III/b", "S2": "III/b", "S3": "III/c",
}

_RANK_RE = re.compile(r"^\s*(IV|III|II|I)\s*[/\-. ]?\s*([a-eA-E])\s*$", re.IGNORECASE)


def parse_rank(value: object) -> str | None:
    """Canonical golongan/ruang (``III/b``) for spellings like ``III/B``, ``iii-b``, ``III b``.

    Returns None for anything that is not a rank (the caller reports it).
    """
    if not isinstance(value, str):
        return None
    m = _RANK_RE.match(value)
    if not m:
        return None
    rank = f"{m.group(1).upper()}/{m.group(2).lower()}"
    return rank if rank in RANK_ORDINAL else None


# --- education ------------------------------------------------------------------------------
# D4 counts as S1 (contract); PROFESI (dokter, apoteker, ners) sits above S1, below S2.
EDUCATION_ORDINAL: dict[str, int] = {
    "SD": 1, "SMP": 2, "SMA": 3, "D1": 4, "D2": 5, "D3": 6,
    "D4": 7, "S1": 7, "PROFESI": 8, "S2": 9, "S3": 10,
}
EDUCATION_LEVELS: tuple[str, ...] = tuple(EDUCATION_ORDINAL)
_EDUCATION_ALIASES = {"SLTA": "SMA", "SMK": "SMA", "SLTP": "SMP", "DIV": "D4", "DIII": "D3",
                      "DII": "D2", "DI": "D1"}


def parse_education_level(value: object) -> str | None:
    """Canonical education level for ``s1``, ``S-1``, ``D-IV``, ``SMK`` …; None if unknown."""
    if not isinstance(value, str):
        return None
    key = re.sub(r"[\s.\-]", "", value).upper()
    key = _EDUCATION_ALIASES.get(key, key)
    return key if key in EDUCATION_ORDINAL else None


# --- jobs -----------------------------------------------------------------------------------
JOB_TYPES: tuple[str, ...] = (
    "jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas", "fungsional",
    "pelaksana",
)
FUNCTIONAL_LEVELS: tuple[str, ...] = (
    "pemula", "terampil", "mahir", "penyelia",
    "ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama",
)
# Structural (managerial) level of a job type: 0 staff … 4 head of agency and above.
MANAGERIAL_LEVEL: dict[str, int] = {
    "pelaksana": 0, "fungsional": 0, "pengawas": 1, "administrator": 2,
    "jpt_pratama": 3, "jpt_madya": 4, "jpt_utama": 4,
}
# The leadership training that goes with a managerial level (soft signal, see domain.md).
LEADERSHIP_TRAINING_FOR_LEVEL: dict[int, str] = {1: "PKP", 2: "PKA", 3: "PKN2", 4: "PKN1"}
EMPLOYEE_STATUSES: tuple[str, ...] = ("PNS", "CPNS", "PPPK")
PPPK_JOB_TYPES: frozenset[str] = frozenset({"fungsional", "pelaksana"})
ASSIGNMENT_KINDS: tuple[str, ...] = ("pengangkatan", "mutasi", "promosi", "rotasi", "demosi")
TRAINING_KINDS: tuple[str, ...] = ("latsar", "kepemimpinan", "fungsional", "teknis", "lainnya")

# --- competencies (PermenPANRB 38/2017) -----------------------------------------------------
MANAGERIAL_COMPETENCIES: tuple[str, ...] = (
    "integritas", "kerjasama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
    "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan",
)
COMPETENCY_CODES: tuple[str, ...] = MANAGERIAL_COMPETENCIES + ("sosiokultural", "teknis")


def jpm(assessed: dict[str, float], standard: dict[str, int]) -> float | None:
    """Job Person Match in [0, 1]: Σ min(assessed, required) ÷ Σ required.

    Each competency is capped at its standard so a surplus does not hide a gap; competencies
    never assessed count as unknown, so they leave both sums. None when nothing overlaps.
    """
    num = den = 0.0
    for code, required in standard.items():
        level = assessed.get(code)
        if level is None or required <= 0:
            continue
        num += min(level, required)
        den += required
    return num / den if den else None


def jpm_category(value: float) -> str:
    """optimal ≥ 90 %, cukup optimal 78–90 %, kurang optimal < 78 %."""
    if value >= 0.90:
        return "optimal"
    if value >= 0.78:
        return "cukup optimal"
    return "kurang optimal"


# --- appraisal (SKP) on one scale -----------------------------------------------------------
# One scale for all three regimes: 1 (Sangat Kurang / Buruk) … 5 (Sangat Baik), continuous for
# scores. 4.0 is "Baik" in every regime.
RATING_VALUE: dict[str, float] = {
    "sangat baik": 5.0,
    "baik": 4.0,
    "butuh perbaikan": 3.0,
    "cukup": 3.0,
    "kurang": 2.0,
    "kurang/misconduct": 2.0,
    "sangat kurang": 1.0,
    "buruk": 1.0,
}
RATINGS_2022: tuple[str, ...] = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
RATINGS_OLD: tuple[str, ...] = ("Sangat Baik", "Baik", "Cukup", "Kurang", "Buruk")
GOOD_RATING_VALUE = 4.0  # "Baik" or better
DAYS_PER_YEAR = 365.25   # tenure, service and training ages are counted in these years

# Score bands as (lower bound exclusive, upper bound inclusive, value at band's bottom, top).
# PP 46/2011 (0–100): ≤50 Buruk, 51–60 Kurang, 61–75 Cukup, 76–90 Baik, 91–100 Sangat Baik.
_BANDS_100 = ((0, 50, 0.5, 1.5), (50, 60, 1.5, 2.5), (60, 75, 2.5, 3.5), (75, 90, 3.5, 4.5),
              (90, 100, 4.5, 5.5))
# PP 30/2019 (0–120): ≤50 Sangat Kurang, ≤70 Kurang, ≤90 Cukup, ≤110 Baik, ≤120 Sangat Baik.
_BANDS_120 = ((0, 50, 0.5, 1.5), (50, 70, 1.5, 2.5), (70, 90, 2.5, 3.5), (90, 110, 3.5, 4.5),
              (110, 120, 4.5, 5.5))
PP30_FIRST_YEAR = 2020  # appraisals of 2020–2021 were scored 0–120
PERMENPAN6_FIRST_YEAR = 2022  # predicates only from 2022


def parse_rating(value: object) -> float | None:
    """A predicate's value on the 1–5 scale; None for out-of-vocabulary text."""
    if not isinstance(value, str):
        return None
    key = re.sub(r"\s+", " ", value.strip().lower())
    return RATING_VALUE.get(key)


def score_regime(score: float, year: int) -> str:
    """Which scoring regime a numeric score belongs to: by year, and by range (>100 is 0–120)."""
    if score > 100 or PP30_FIRST_YEAR <= year < PERMENPAN6_FIRST_YEAR:
        return "pp30_2019"
    return "pp46_2011"


def score_value(score: float, year: int) -> float | None:
    """A numeric score on the 1–5 scale, interpolated within its regime's band; None if out
    of the regime's range."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return None
    regime = score_regime(score, year)
    bands = _BANDS_120 if regime == "pp30_2019" else _BANDS_100
    if score < 0 or score > bands[-1][1]:
        return None
    for lo, hi, v_lo, v_hi in bands:
        if score <= hi:
            frac = (score - lo) / (hi - lo) if score > lo else 0.0
            return min(5.0, max(1.0, v_lo + frac * (v_hi - v_lo)))
    return None


def value_to_predicate(value: float) -> str:
    """The 2022 predicate nearest a 1–5 value (for display)."""
    idx = int(min(4, max(0, round(5.0 - value))))
    return RATINGS_2022[idx]


# --- training names -------------------------------------------------------------------------
LEADERSHIP_TRAININGS: tuple[str, ...] = ("PKP", "PKA", "PKN2", "PKN1")
_ROMAN = {"iv": "4", "iii": "3", "ii": "2", "i": "1"}
_DIKLATPIM_TO_NEW = {"4": "PKP", "3": "PKA", "2": "PKN2", "1": "PKN1"}


def canonical_training(name: object) -> str | None:
    """LATSAR/PKP/PKA/PKN2/PKN1 for any spelling of those or of their old names
    (Diklat Prajabatan, Diklatpim IV/III/II/I); None for other (technical) trainings."""
    if not isinstance(name, str):
        return None
    s = re.sub(r"[\s._\-]+", " ", name.strip().lower())
    if re.search(r"\blatsar\b|prajab|(pe)?latihan dasar( cpns)?\b", s):
        return "LATSAR"
    # official full names (PermenPANRB / LAN): Pelatihan Kepemimpinan Pengawas/Administrator/
    # Nasional Tingkat II/I
    if re.search(r"kepemimpinan pengawas", s):
        return "PKP"
    if re.search(r"kepemimpinan administrator", s):
        return "PKA"
    m = re.search(r"kepemimpinan nasional\s*(tingkat\s*|tk\s*)?(ii|i|2|1)\b", s)
    if m:
        return "PKN2" if _ROMAN.get(m.group(2), m.group(2)) == "2" else "PKN1"
    m = re.search(r"\b(pkp|pka)\b", s)
    if m:
        return m.group(1).upper()
    m = re.search(r"\bpkn\s*(tingkat\s*|tk\s*)?(ii|i|2|1)\b", s)
    if m:
        level = _ROMAN.get(m.group(2), m.group(2))
        return "PKN2" if level == "2" else "PKN1"
    m = re.search(r"(diklat\s*pim|diklatpim|pim|diklat kepemimpinan)\s*(tingkat\s*|tk\s*)?"
                  r"(iv|iii|ii|i|4|3|2|1)\b", s)
    if m:
        level = _ROMAN.get(m.group(3), m.group(3))
        return _DIKLATPIM_TO_NEW[level]
    return None


# --- fields of study ------------------------------------------------------------------------
# Canonical fields (the domain brief's list). Free-text majors are mapped onto these by
# features.fields; a city's own spellings never need to be listed here.
FIELDS_OF_STUDY: tuple[str, ...] = (
    "Akuntansi", "Keuangan", "Ekonomi", "Manajemen", "Ilmu Hukum", "Administrasi Negara",
    "Ilmu Pemerintahan", "Psikologi", "Informatika", "Sistem Informasi", "Statistika",
    "Ilmu Komunikasi", "Kedokteran", "Keperawatan", "Kebidanan", "Farmasi",
    "Kesehatan Masyarakat", "Pendidikan", "Teknik Sipil", "Arsitektur", "Planologi",
    "Teknik Lingkungan", "Pertanian", "Transportasi", "Kesejahteraan Sosial", "Perpustakaan",
    "Kearsipan", "Umum",
    # Teaching subjects (a teacher is certified for one: Guru Matematika asks for Pendidikan
    # Matematika). "Pendidikan" above stays the field of education work of no named subject.
    "Pendidikan Guru SD", "Pendidikan Bahasa Indonesia", "Pendidikan Bahasa Inggris",
    "Pendidikan Matematika", "Pendidikan IPA", "Pendidikan IPS", "Pendidikan Pancasila",
    "Pendidikan Jasmani", "Pendidikan Agama", "Bimbingan Konseling", "Pendidikan Seni",
)
