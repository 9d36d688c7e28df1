"""Fields of study: the latent skill domains, how related they are, and how HR writes them.

Why: the truth's field fit works on clean latent fields and an affinity matrix (an economist
in a finance post is nearly as good as an accountant; a forester in a road unit is not), while
the export must show majors the way HR staff type them — levels in front, abbreviations, case
and typos — so that mapping them back is real work."""

from __future__ import annotations

import numpy as np

FIELDS = (
    "keuangan", "ekonomi", "hukum", "pemerintahan", "sdm_psikologi", "it", "komunikasi",
    "statistik_perencanaan", "kedokteran", "keperawatan", "kebidanan", "farmasi", "kesmas_gizi",
    "teknik_kesehatan", "pend_mipa", "pend_bahasa", "pend_sosial", "pend_kejuruan",
    "pend_khusus", "teknik_sipil", "lingkungan_kehutanan", "pertanian_peternakan",
    "perikanan_kelautan", "sosial", "teknik_mesin_transportasi", "pariwisata_budaya", "umum",
)
F = {name: i for i, name in enumerate(FIELDS)}
UMUM = F["umum"]

# canonical majors per field (the first ones are what a peta jabatan asks for)
MAJORS: dict[str, tuple[str, ...]] = {
    "keuangan": ("Akuntansi", "Manajemen Keuangan", "Akuntansi Sektor Publik", "Keuangan Daerah",
                 "Perpajakan"),
    "ekonomi": ("Ekonomi Pembangunan", "Manajemen", "Ilmu Ekonomi", "Ekonomi Syariah",
                "Administrasi Bisnis", "Manajemen Pemasaran"),
    "hukum": ("Ilmu Hukum", "Hukum Tata Negara", "Hukum Administrasi Negara", "Hukum Pidana",
              "Hukum Perdata", "Syariah"),
    "pemerintahan": ("Administrasi Negara", "Ilmu Pemerintahan", "Administrasi Publik",
                     "Ilmu Politik", "Manajemen Pemerintahan", "Kebijakan Publik"),
    "sdm_psikologi": ("Psikologi", "Manajemen Sumber Daya Manusia", "Manajemen SDM",
                      "Psikologi Industri dan Organisasi"),
    "it": ("Teknik Informatika", "Sistem Informasi", "Ilmu Komputer", "Manajemen Informatika",
           "Teknik Komputer"),
    "komunikasi": ("Ilmu Komunikasi", "Hubungan Masyarakat", "Jurnalistik", "Komunikasi Massa"),
    "statistik_perencanaan": ("Statistika", "Perencanaan Wilayah dan Kota", "Planologi",
                              "Ekonomi Regional", "Matematika Terapan"),
    "kedokteran": ("Pendidikan Dokter", "Kedokteran", "Kedokteran Umum", "Kedokteran Gigi"),
    "keperawatan": ("Keperawatan", "Ilmu Keperawatan", "Ners", "Keperawatan Anestesi"),
    "kebidanan": ("Kebidanan", "Bidan Pendidik", "Kebidanan Klinis"),
    "farmasi": ("Farmasi", "Apoteker", "Farmasi Klinis", "Analis Farmasi dan Makanan"),
    "kesmas_gizi": ("Kesehatan Masyarakat", "Gizi", "Kesehatan Lingkungan", "Epidemiologi",
                    "Administrasi Rumah Sakit"),
    "teknik_kesehatan": ("Analis Kesehatan", "Teknologi Laboratorium Medis", "Radiologi",
                         "Fisioterapi", "Rekam Medis", "Teknik Elektromedis"),
    "pend_mipa": ("Pendidikan Matematika", "Pendidikan Fisika", "Pendidikan Kimia",
                  "Pendidikan Biologi", "Matematika"),
    "pend_bahasa": ("Pendidikan Bahasa Indonesia", "Pendidikan Bahasa Inggris",
                    "Sastra Inggris", "Pendidikan Bahasa dan Sastra Indonesia",
                    "Pendidikan Bahasa Arab"),
    "pend_sosial": ("Pendidikan Sejarah", "Pendidikan Ekonomi", "Pendidikan Geografi",
                    "Pendidikan Pancasila dan Kewarganegaraan", "Pendidikan Agama Islam",
                    "Bimbingan dan Konseling", "Pendidikan Jasmani"),
    "pend_kejuruan": ("Pendidikan Teknik Mesin", "Pendidikan Teknik Otomotif",
                      "Pendidikan Teknik Elektro", "Pendidikan Tata Boga",
                      "Pendidikan Teknik Bangunan", "Pendidikan Akuntansi"),
    "pend_khusus": ("Pendidikan Luar Biasa", "Pendidikan Khusus", "Ortopedagogik"),
    "teknik_sipil": ("Teknik Sipil", "Arsitektur", "Teknik Jalan dan Jembatan",
                     "Teknik Pengairan", "Teknik Geodesi"),
    "lingkungan_kehutanan": ("Kehutanan", "Teknik Lingkungan", "Ilmu Lingkungan", "Biologi",
                             "Manajemen Hutan", "Konservasi Sumberdaya Hutan"),
    "pertanian_peternakan": ("Agroteknologi", "Agribisnis", "Peternakan", "Kedokteran Hewan",
                             "Ilmu Tanah", "Agronomi"),
    "perikanan_kelautan": ("Ilmu Kelautan", "Budidaya Perairan", "Manajemen Sumberdaya Perairan",
                           "Teknologi Hasil Perikanan", "Perikanan"),
    "sosial": ("Kesejahteraan Sosial", "Pekerjaan Sosial", "Sosiologi", "Antropologi"),
    "teknik_mesin_transportasi": ("Teknik Mesin", "Teknik Elektro", "Transportasi",
                                  "Manajemen Transportasi", "Teknik Otomotif", "Teknik Perkapalan"),
    "pariwisata_budaya": ("Pariwisata", "Usaha Perjalanan Wisata", "Sejarah", "Seni Tari",
                          "Perhotelan"),
    "umum": ("IPA", "IPS", "Bahasa", "Umum"),
}

_PAIRS = {
    ("keuangan", "ekonomi"): 0.6, ("keuangan", "statistik_perencanaan"): 0.3,
    ("ekonomi", "statistik_perencanaan"): 0.4, ("hukum", "pemerintahan"): 0.45,
    ("pemerintahan", "sdm_psikologi"): 0.4, ("pemerintahan", "sosial"): 0.35,
    ("it", "statistik_perencanaan"): 0.35, ("it", "komunikasi"): 0.2,
    ("komunikasi", "pemerintahan"): 0.25, ("keperawatan", "kebidanan"): 0.5,
    ("kedokteran", "kesmas_gizi"): 0.35, ("farmasi", "teknik_kesehatan"): 0.3,
    ("pend_kejuruan", "teknik_mesin_transportasi"): 0.5, ("pend_bahasa", "komunikasi"): 0.2,
    ("teknik_sipil", "teknik_mesin_transportasi"): 0.35,
    ("teknik_sipil", "lingkungan_kehutanan"): 0.3,
    ("lingkungan_kehutanan", "pertanian_peternakan"): 0.45,
    ("pertanian_peternakan", "perikanan_kelautan"): 0.4,
    ("perikanan_kelautan", "lingkungan_kehutanan"): 0.3, ("pariwisata_budaya", "ekonomi"): 0.3,
    ("pariwisata_budaya", "komunikasi"): 0.2, ("sosial", "sdm_psikologi"): 0.3,
    ("pend_sosial", "pemerintahan"): 0.15, ("pend_mipa", "statistik_perencanaan"): 0.2,
}
_HEALTH = ("kedokteran", "keperawatan", "kebidanan", "farmasi", "kesmas_gizi", "teknik_kesehatan")
_TEACH = ("pend_mipa", "pend_bahasa", "pend_sosial", "pend_kejuruan", "pend_khusus")
# how a person of field X does in a generic admin post (post field 'umum')
_GENERIC = {"pemerintahan": 0.75, "keuangan": 0.6, "ekonomi": 0.6, "hukum": 0.55,
            "sdm_psikologi": 0.6, "it": 0.55, "komunikasi": 0.55, "statistik_perencanaan": 0.5,
            "sosial": 0.5, "umum": 0.45}


def affinity() -> np.ndarray:
    """aff[person_field, post_field] in [0, 1]."""
    n = len(FIELDS)
    a = np.full((n, n), 0.05)
    np.fill_diagonal(a, 1.0)
    for group, v in ((_HEALTH, 0.25), (_TEACH, 0.45)):
        for x in group:
            for y in group:
                if x != y:
                    a[F[x], F[y]] = v
    for (x, y), v in _PAIRS.items():
        a[F[x], F[y]] = a[F[y], F[x]] = max(a[F[x], F[y]], v)
    a[:, UMUM] = 0.35
    for x, v in _GENERIC.items():
        a[F[x], UMUM] = v
    a[UMUM, :] = np.minimum(a[UMUM, :], 0.1)
    a[UMUM, UMUM] = 0.45
    return a


AFFINITY = affinity()

_ABBREV = (("Teknik ", "T. "), ("Administrasi ", "Adm. "), ("Pendidikan ", "Pend. "),
           ("Ilmu ", "Ilm. "), ("Manajemen ", "Manaj. "), ("Kesehatan ", "Kes. "),
           ("Sistem Informasi", "SI"), ("Teknik Informatika", "TI"),
           ("Kesehatan Masyarakat", "SKM"), ("Sumber Daya Manusia", "SDM"))
_LEVEL_PREFIX = {"S1": ("S1 ", "S-1 ", "Sarjana ", "S.1 "), "S2": ("S2 ", "Magister ", "S-2 "),
                 "D3": ("D3 ", "D-III ", "DIII ", "Diploma III "), "D4": ("D4 ", "D-IV "),
                 "SMA": ("SMA ", "SMU ", "SMK "), "PROFESI": ("Profesi ", "Pendidikan Profesi ")}


def _typo(s: str, rng: np.random.Generator) -> str:
    if len(s) < 6:
        return s
    i = int(rng.integers(1, len(s) - 1))
    kind = rng.integers(3)
    if kind == 0:
        return s[:i] + s[i + 1:]
    if kind == 1:
        return s[:i] + s[i] + s[i:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2:] if i + 2 <= len(s) else s


def write_major(major: str, level: str, rng: np.random.Generator) -> str:
    """One way HR staff might have typed this major (sometimes blank)."""
    u = rng.random()
    if u < 0.04:
        return ""
    s = major
    if rng.random() < 0.25:
        for long, short in _ABBREV:
            if long in s:
                s = s.replace(long, short, 1)
                break
    if rng.random() < 0.2 and level in _LEVEL_PREFIX:
        s = str(rng.choice(_LEVEL_PREFIX[level])) + s
    r = rng.random()
    if r < 0.12:
        s = s.upper()
    elif r < 0.2:
        s = s.lower()
    if rng.random() < 0.06:
        s = _typo(s, rng)
    if rng.random() < 0.05:
        s = "  " + s if rng.random() < 0.5 else s + " "
    return s


def pick_major(field: int, rng: np.random.Generator, canonical_bias: float = 0.5) -> str:
    opts = MAJORS[FIELDS[field]]
    if rng.random() < canonical_bias:
        return opts[0]
    return str(opts[int(rng.integers(len(opts)))])


def post_fields_text(field: int, rng: np.random.Generator) -> str:
    """What a peta jabatan lists as fields of study for a post of this field."""
    if field == UMUM:
        return ""
    opts = MAJORS[FIELDS[field]]
    k = int(rng.integers(1, min(4, len(opts)) + 1))
    return ";".join(opts[:k])
