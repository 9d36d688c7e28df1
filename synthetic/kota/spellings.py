"""Free text as HR staff type it: majors, institutions, training names.

Majors are produced from the canonical fields of vocab.FIELDS_OF_STUDY through realistic
variants (abbreviations, old programme names, prefixes, case, spacing and a few typos). This
module deliberately knows nothing of features.fields: the spellings are its test. Every raw
spelling produced is kept with its canonical field in truth/field_spellings.csv.
"""

from __future__ import annotations

import numpy as np

# Variants per canonical field: how a major of that field is written on a diploma or in SIMPEG.
FIELD_VARIANTS: dict[str, tuple[str, ...]] = {
    "Akuntansi": ("Akuntansi", "S1 Akuntansi", "AKUNTANSI", "Ak.", "ekonomi akuntansi",
                  "Ekonomi/Akuntansi", "Ilmu Akuntansi", "Akuntansi Sektor Publik", "Akutansi",
                  "Ekonomi Jurusan Akuntansi"),
    "Keuangan": ("Keuangan", "Manajemen Keuangan", "Keuangan dan Perbankan", "Perbankan",
                 "Keuangan Daerah", "Keuangan Negara", "Manajemen Keuangan Daerah"),
    "Ekonomi": ("Ekonomi", "Ilmu Ekonomi", "Ekonomi Pembangunan", "Studi Pembangunan",
                "EKONOMI PEMBANGUNAN", "Ek. Pembangunan", "Ekonomi Syariah", "Ilmu Ekonomi dan "
                "Studi Pembangunan"),
    "Manajemen": ("Manajemen", "Manajemen SDM", "MSDM", "Manajemen Sumber Daya Manusia",
                  "Ilmu Manajemen", "manajemen pemasaran", "Manajement", "Ekonomi Manajemen"),
    "Ilmu Hukum": ("Ilmu Hukum", "Hukum", "S1 Hukum", "HUKUM PIDANA", "Hukum Tata Negara",
                   "Hukum Perdata", "Ilmu Huk.", "Hukum Administrasi Negara", "Ilmu Hukm"),
    "Administrasi Negara": ("Administrasi Negara", "Adm. Negara", "Ilmu Administrasi Negara",
                            "Ilmu Administrasi Publik", "Administrasi Publik", "ADM NEGARA",
                            "Adm Negara", "Ilmu Adm. Negara", "Administrasi Negera"),
    "Ilmu Pemerintahan": ("Ilmu Pemerintahan", "Pemerintahan", "Manajemen Pemerintahan",
                          "Ilmu Politik dan Pemerintahan", "Politik Pemerintahan",
                          "Tata Pemerintahan", "Kebijakan Pemerintahan", "Ilmu Pemerintah",
                          "Pemerintahan Daerah"),
    "Psikologi": ("Psikologi", "PSIKOLOGI", "Psikologi Industri dan Organisasi",
                  "Ilmu Psikologi", "Profesi Psikolog", "Psikology"),
    "Informatika": ("Teknik Informatika", "T. Informatika", "Informatika", "ilmu komputer",
                    "Ilmu Komputer", "S1 Teknik Informatika", "TEKNIK INFORMATIKA",
                    "Tehnik Informatika", "Manajemen Informatika", "Teknik Komputer"),
    "Sistem Informasi": ("Sistem Informasi", "Sistim Informasi", "Sistem Informasi Manajemen",
                         "Teknologi Informasi", "sistem informasi", "Sist. Informasi"),
    "Statistika": ("Statistika", "Statistik", "STATISTIK", "Matematika Statistika",
                   "Ilmu Statistik", "Komputasi Statistik", "Statistika Terapan"),
    "Ilmu Komunikasi": ("Ilmu Komunikasi", "Komunikasi", "Ilmu Komunikasi/Jurnalistik",
                        "Jurnalistik", "Hubungan Masyarakat", "Ilmu Kom.", "Komunikasi Massa"),
    "Kedokteran": ("Pendidikan Dokter", "Kedokteran", "Kedokteran Umum", "Profesi Dokter",
                   "Dokter Umum", "Pendidikan Dokter Gigi", "Kedokteran Gigi", "Dokter"),
    "Keperawatan": ("Keperawatan", "Ilmu Keperawatan", "Akper", "Ners", "Profesi Ners",
                    "KEPERAWATAN", "Perawat", "Keperawatn", "Akademi Keperawatan"),
    "Kebidanan": ("Kebidanan", "Akbid", "Bidan", "Bidan Pendidik", "kebidanan", "KEBIDANAN",
                  "Akademi Kebidanan", "Profesi Bidan"),
    "Farmasi": ("Farmasi", "Apoteker", "Profesi Apoteker", "Akademi Farmasi", "Ilmu Farmasi",
                "FARMASI", "Analis Farmasi"),
    "Kesehatan Masyarakat": ("Kesehatan Masyarakat", "Kesmas", "SKM", "Ilmu Kesehatan "
                             "Masyarakat", "Kes. Masyarakat", "Gizi", "Kesehatan Lingkungan",
                             "KESEHATAN MASYARAKAT", "Epidemiologi", "Rekam Medis"),
    "Pendidikan": ("Pendidikan", "Pendidikan Bahasa Inggris", "PGSD", "Pendidikan Matematika",
                   "Pendidikan Luar Sekolah", "Pendidikan Agama Islam", "Pendidikan Jasmani",
                   "Manajemen Pendidikan", "Administrasi Pendidikan", "Pend. Bahasa Indonesia"),
    "Teknik Sipil": ("Teknik Sipil", "T. Sipil", "Sipil", "TEKNIK SIPIL", "Tehnik Sipil",
                     "Teknik Bangunan", "Teknik Sipil Transportasi", "Teknik Sipl"),
    "Arsitektur": ("Arsitektur", "Teknik Arsitektur", "T. Arsitektur", "ARSITEKTUR",
                   "Arsitek"),
    "Planologi": ("Planologi", "Perencanaan Wilayah dan Kota", "PWK", "Teknik Planologi",
                  "Perencanaan Wilayah & Kota", "Tata Kota"),
    "Teknik Lingkungan": ("Teknik Lingkungan", "T. Lingkungan", "Ilmu Lingkungan",
                          "Teknik Lingkungan Hidup", "TEKNIK LINGKUNGAN"),
    "Pertanian": ("Pertanian", "Agroteknologi", "Agribisnis", "Agronomi", "Ilmu Tanah",
                  "Peternakan", "Kedokteran Hewan", "Budidaya Pertanian", "Sosial Ekonomi "
                  "Pertanian", "AGRIBISNIS"),
    "Transportasi": ("Transportasi", "Manajemen Transportasi", "Teknik Transportasi",
                     "Lalu Lintas Angkutan Jalan", "LLAJ", "Transportasi Darat"),
    "Kesejahteraan Sosial": ("Kesejahteraan Sosial", "Ilmu Kesejahteraan Sosial", "Kessos",
                             "Pekerjaan Sosial", "Kesos", "KESEJAHTERAAN SOSIAL"),
    "Perpustakaan": ("Ilmu Perpustakaan", "Perpustakaan", "Perpustakaan dan Informasi",
                     "Ilmu Perpustakaan dan Informasi", "Perpustakaan dan Sains Informasi"),
    "Kearsipan": ("Kearsipan", "Ilmu Kearsipan", "Arsip", "Manajemen Kearsipan",
                  "Kearsipan Digital"),
}
# High-school tracks (SMA/SMK): no field the truth counts.
SCHOOL_TRACKS: tuple[str, ...] = ("IPA", "IPS", "ipa", "I.P.S", "Bahasa", "SMK Akuntansi",
                                  "SMK Teknik Komputer dan Jaringan", "Tata Niaga", "")

_LEVEL_PREFIX: dict[str, tuple[str, ...]] = {
    "D3": ("D3 ", "D-III ", "DIII ", "Diploma III "),
    "D4": ("D4 ", "D-IV ", "DIV "),
    "S1": ("S1 ", "S-1 ", "Sarjana ", "Strata 1 "),
    "S2": ("S2 ", "Magister ", "S-2 ", "Pascasarjana "),
    "S3": ("S3 ", "Doktor "),
}
_PROGRAM_PREFIX = ("Jurusan ", "Program Studi ", "Prodi ")


def _typo(rng: np.random.Generator, s: str) -> str:
    """One slip of the keyboard: a dropped, doubled or swapped letter."""
    idx = [i for i, c in enumerate(s) if c.isalpha()]
    if len(idx) < 5:
        return s
    i = idx[int(rng.integers(1, len(idx) - 1))]
    kind = int(rng.integers(3))
    if kind == 0:
        return s[:i] + s[i + 1:]
    if kind == 1:
        return s[:i] + s[i] + s[i:]
    if i + 1 < len(s) and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s


def messy_field(rng: np.random.Generator, canonical: str, level: str) -> str:
    """A raw spelling of a major in `canonical` field at education `level`."""
    variants = FIELD_VARIANTS[canonical]
    # The plain name is the most common spelling; the rest share the remaining mass.
    s = variants[0] if rng.random() < 0.35 else variants[int(rng.integers(len(variants)))]
    u = rng.random()
    if level in _LEVEL_PREFIX and u < 0.18 and not s[:2].upper() in ("S1", "S2", "D3"):
        prefixes = _LEVEL_PREFIX[level]
        s = prefixes[int(rng.integers(len(prefixes)))] + s
    elif u < 0.24:
        s = _PROGRAM_PREFIX[int(rng.integers(len(_PROGRAM_PREFIX)))] + s
    u = rng.random()
    if u < 0.12:
        s = s.upper()
    elif u < 0.20:
        s = s.lower()
    elif u < 0.24:
        s = s.title()
    u = rng.random()
    if u < 0.04:
        s = _typo(rng, s)
    elif u < 0.08:
        s = "  " + s
    elif u < 0.12:
        s = s + " "
    elif u < 0.15:
        s = s.replace(" ", "  ", 1)
    return s


def standard_field(rng: np.random.Generator, canonical: str) -> str:
    """How a peta jabatan lists a field: cleaner than SIMPEG, still not canonical."""
    variants = FIELD_VARIANTS[canonical]
    if rng.random() < 0.7:
        return canonical
    return variants[int(rng.integers(min(len(variants), 4)))].strip()


UNIVERSITIES: tuple[str, ...] = (
    "Universitas Sumatera Utara", "Universitas Negeri Medan",
    "Universitas Islam Sumatera Utara", "Universitas Muhammadiyah Sumatera Utara",
    "Universitas Medan Area", "Universitas HKBP Nommensen", "Universitas Terbuka",
    "Universitas Pembangunan Panca Budi", "Universitas Dharmawangsa",
    "Universitas Islam Negeri Sumatera Utara", "Universitas Katolik Santo Thomas",
    "Institut Teknologi Medan", "Universitas Amir Hamzah", "Universitas Al Washliyah",
    "STIE Graha Kirana", "Universitas Prima Indonesia", "Universitas Malikussaleh",
    "USU", "UMSU", "UNIMED")
GOVERNMENT_SCHOOLS: tuple[str, ...] = ("Institut Pemerintahan Dalam Negeri", "IPDN",
                                       "STPDN", "Politeknik Statistika STIS")
POLYTECHNICS: tuple[str, ...] = (
    "Politeknik Negeri Medan", "Politeknik Kesehatan Kemenkes Medan", "Poltekkes Medan",
    "Akademi Keperawatan Kesdam I/BB Binjai", "Akademi Kebidanan Sehat Binjai",
    "STIKes Mitra Husada Medan", "AMIK Medan Business Polytechnic", "Politeknik Ganesha "
    "Medan", "Akademi Farmasi Yayasan Farmasi Medan", "STIKes Siti Hajar")
MEDICAL_SCHOOLS: tuple[str, ...] = (
    "Universitas Sumatera Utara", "Universitas Islam Sumatera Utara",
    "Universitas Methodist Indonesia", "Universitas Prima Indonesia",
    "Universitas Muhammadiyah Sumatera Utara", "Poltekkes Kemenkes Medan", "USU")
SCHOOLS: tuple[str, ...] = tuple(f"SMA Negeri {i} Binjai" for i in range(1, 8)) + tuple(
    f"SMK Negeri {i} Binjai" for i in range(1, 4)) + (
    "MAN Binjai", "SMA Swasta Teladan Binjai", "SMA Negeri 1 Stabat", "SMA Negeri 2 Medan",
    "SMA Swasta Methodist Binjai", "SMA Swasta Kartini Binjai", "SMA Negeri 1 Selesai")


def institution(rng: np.random.Generator, level: str, canonical: str | None) -> str:
    if level == "SMA":
        return SCHOOLS[int(rng.integers(len(SCHOOLS)))]
    if rng.random() < 0.04:
        return ""
    if canonical in ("Ilmu Pemerintahan",) and rng.random() < 0.6:
        return GOVERNMENT_SCHOOLS[int(rng.integers(3))]
    if canonical == "Statistika" and rng.random() < 0.4:
        return GOVERNMENT_SCHOOLS[3]
    if level == "D3":
        return POLYTECHNICS[int(rng.integers(len(POLYTECHNICS)))]
    if canonical in ("Kedokteran", "Keperawatan", "Kebidanan", "Farmasi"):
        return MEDICAL_SCHOOLS[int(rng.integers(len(MEDICAL_SCHOOLS)))]
    return UNIVERSITIES[int(rng.integers(len(UNIVERSITIES)))]


# Training names: the old and new names of the structural trainings, in spellings
# vocab.canonical_training recognises.
PRAJABATAN_OLD: tuple[str, ...] = ("Diklat Prajabatan Golongan {g}", "Prajabatan Gol. {g}",
                                   "DIKLAT PRAJABATAN", "Diklat Prajab Golongan {g}")
LATSAR_NEW: tuple[str, ...] = ("Latsar CPNS Golongan {g}", "Pelatihan Dasar CPNS (Latsar) "
                               "Golongan {g}", "LATSAR CPNS", "Latsar CPNS Gol. {g}")
LEADERSHIP_OLD: dict[int, tuple[str, ...]] = {
    1: ("Diklatpim IV", "Diklat PIM Tingkat IV", "DIKLATPIM TK. IV", "Diklatpim Tk IV"),
    2: ("Diklatpim III", "Diklat PIM Tingkat III", "DIKLATPIM TK. III", "Diklatpim Tk III"),
    3: ("Diklatpim II", "Diklat PIM Tingkat II", "DIKLATPIM TK. II"),
}
LEADERSHIP_NEW: dict[int, tuple[str, ...]] = {
    1: ("PKP", "Pelatihan Kepemimpinan Pengawas (PKP)", "Pelatihan Kepemimpinan Pengawas - PKP"),
    2: ("PKA", "Pelatihan Kepemimpinan Administrator (PKA)",
        "Pelatihan Kepemimpinan Administrator - PKA"),
    3: ("PKN Tingkat II", "Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", "PKN II"),
}
LEADERSHIP_HOURS: dict[int, tuple[int, int]] = {1: (180, 300), 2: (200, 330), 3: (250, 380)}


def technical_name(rng: np.random.Generator, name: str) -> str:
    """A technical training as typed: sometimes expanded, upper-cased or with a year."""
    u = rng.random()
    if name.startswith("Bimtek ") and u < 0.25:
        name = "Bimbingan Teknis " + name[len("Bimtek "):]
    elif name.startswith("Pelatihan ") and u < 0.12:
        name = "Diklat " + name[len("Pelatihan "):]
    if rng.random() < 0.1:
        name = name.upper()
    return name
