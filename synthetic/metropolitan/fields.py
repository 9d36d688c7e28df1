"""Fields of study and job families: the vocabulary of field fit.

Why: field fit is one of the truth's mechanisms, so it needs families of majors (what a
person studied), job families (what a post is about), which fields each job family asks
for, and which fields are related. Majors are typed many ways in a real SIMPEG; the
spellings live here too so one table decides both the meaning and the mess.
"""

from __future__ import annotations

import numpy as np

# field families; GENERAL = schooling without a field (SMA/SMK umum)
FIELDS = ("GENERAL", "FIN", "LAW", "GOV", "HRM", "IT", "COMM", "MED", "NURSE", "PH", "EDU",
          "CIVIL", "ENV", "MECH", "TRANS", "SOC", "LIB", "AGRI")
F = {name: i for i, name in enumerate(FIELDS)}

# related families (symmetric): half credit for field fit
RELATED = [("FIN", "GOV"), ("GOV", "LAW"), ("GOV", "HRM"), ("GOV", "SOC"), ("IT", "COMM"),
           ("MED", "NURSE"), ("MED", "PH"), ("NURSE", "PH"), ("CIVIL", "ENV"),
           ("CIVIL", "MECH"), ("CIVIL", "TRANS"), ("MECH", "TRANS"), ("ENV", "PH"),
           ("ENV", "AGRI"), ("LIB", "GOV"), ("EDU", "HRM"), ("SOC", "HRM"), ("COMM", "GOV")]

# majors per family: each entry is a list of ways HR staff typed the same major
MAJORS: dict[str, list[list[str]]] = {
    "GENERAL": [["SMA", "SMA IPA", "SMA IPS", "SMU", "SLTA", "SMK", "SMK Akuntansi",
                 "SMK Administrasi Perkantoran", "SMK TKJ", "STM", "SMEA", "MA", "Paket C"]],
    "FIN": [["Akuntansi", "AKUNTANSI", "Akutansi", "Accounting", "Ak.", "S1 Akuntansi",
             "D3 Akuntansi", "Akuntansi Sektor Publik", "akuntansi keuangan"],
            ["Manajemen", "Manajemen Keuangan", "MANAJEMEN", "Management", "Manajemen Bisnis",
             "Ilmu Manajemen", "Menejemen", "Manajemen Perusahaan"],
            ["Ekonomi Pembangunan", "Ilmu Ekonomi", "Ekonomi Studi Pembangunan", "ESP",
             "Economics", "ekonomi", "Ekonomi Islam"],
            ["Perpajakan", "Administrasi Perpajakan", "Adm. Pajak", "Taxation",
             "Keuangan dan Perbankan", "Perbankan"]],
    "LAW": [["Ilmu Hukum", "Hukum", "HUKUM", "S1 Hukum", "Law", "Hukum Tata Negara",
             "Hukum Pidana", "Hukum Perdata", "Ilmu Hukm", "Hukum Administrasi Negara",
             "Syariah dan Hukum", "Magister Hukum", "Magister Kenotariatan"]],
    "GOV": [["Administrasi Negara", "Ilmu Administrasi Negara", "Adm. Negara", "AN",
             "Administrasi Publik", "Public Administration", "ADMINISTRASI NEGARA",
             "Administrsi Negara", "Magister Administrasi Publik", "MAP"],
            ["Ilmu Pemerintahan", "Pemerintahan", "Manajemen Pemerintahan", "IPDN",
             "Kebijakan Pemerintahan", "STPDN", "Ilmu Pemerintahan (IIP)",
             "Politik Pemerintahan"],
            ["Ilmu Politik", "Sosiologi", "Ilmu Sosial dan Politik", "Sospol", "FISIP"],
            ["Administrasi Perkantoran", "Sekretari", "Sekretaris", "ADM Perkantoran",
             "Manajemen Administrasi", "Office Administration"]],
    "HRM": [["Psikologi", "PSIKOLOGI", "Psychology", "Psikolog", "Psikologi Industri dan Organisasi",
             "Profesi Psikologi"],
            ["Manajemen SDM", "MSDM", "Manajemen Sumber Daya Manusia", "Human Resource Management",
             "Manajemen SDM Aparatur", "Magister Manajemen SDM"]],
    "IT": [["Teknik Informatika", "T. Informatika", "Informatika", "TI", "TEKNIK INFORMATIKA",
            "Teknik Infomatika", "Informatics Engineering", "D3 Teknik Komputer",
            "Manajemen Informatika", "Manajemen Informatika (D3)"],
           ["Sistem Informasi", "SI", "Sistem Informasi Manajemen", "Information Systems",
            "Sistim Informasi", "Komputerisasi Akuntansi"],
           ["Ilmu Komputer", "ilmu komputer", "Computer Science", "Teknik Komputer",
            "Ilmu Komputer/Informatika", "Rekayasa Perangkat Lunak"],
           ["Statistika", "Statistik", "STIS", "Statistics", "Matematika", "Sains Data",
            "Data Science"]],
    "COMM": [["Ilmu Komunikasi", "Komunikasi", "KOMUNIKASI", "Communication", "Hubungan Masyarakat",
              "Humas", "Public Relations", "Jurnalistik", "Ilmu Komunikasi (Jurnalistik)",
              "Broadcasting", "Desain Komunikasi Visual", "DKV"]],
    "MED": [["Pendidikan Dokter", "Kedokteran", "Kedokteran Umum", "Profesi Dokter", "Dokter Umum",
             "Medicine", "KEDOKTERAN", "Kedokteran Gigi", "Profesi Dokter Gigi", "Pendidikan Dokter Gigi",
             "Spesialis Penyakit Dalam", "Spesialis Anak", "Sp. Obgyn", "Magister Kedokteran"]],
    "NURSE": [["Keperawatan", "Ilmu Keperawatan", "S1 Keperawatan", "D3 Keperawatan", "Ners",
               "Profesi Ners", "AKPER", "Akademi Keperawatan", "Nursing", "Keperawatn",
               "Keperawatan Gigi"],
              ["Kebidanan", "D3 Kebidanan", "D4 Bidan Pendidik", "Bidan", "Akademi Kebidanan",
               "Midwifery", "KEBIDANAN", "Profesi Bidan"]],
    "PH": [["Kesehatan Masyarakat", "Kesmas", "SKM", "Ilmu Kesehatan Masyarakat", "Public Health",
            "Epidemiologi", "Administrasi dan Kebijakan Kesehatan", "Promosi Kesehatan",
            "Magister Kesehatan Masyarakat"],
           ["Farmasi", "Apoteker", "Profesi Apoteker", "D3 Farmasi", "Pharmacy", "FARMASI",
            "Farmasi Klinis"],
           ["Gizi", "Ilmu Gizi", "D3 Gizi", "Nutrition", "Gizi Kesehatan"],
           ["Analis Kesehatan", "Teknologi Laboratorium Medik", "Analis Medis", "D3 Analis Kesehatan",
            "Radiologi", "Rekam Medis", "Rekam Medis dan Informasi Kesehatan", "Fisioterapi"]],
    "EDU": [["PGSD", "Pendidikan Guru Sekolah Dasar", "S1 PGSD", "P.G.S.D", "pgsd", "D2 PGSD",
             "PGSD (Pendidikan Guru SD)", "Pendidikan Guru SD", "PGMI"],
            ["Pendidikan Matematika", "Pend. Matematika", "Pendidikan Fisika", "Pendidikan Biologi",
             "Pendidikan Kimia", "Pendidikan IPA", "Mathematics Education"],
            ["Pendidikan Bahasa Indonesia", "Pend. Bahasa dan Sastra Indonesia", "PBSI",
             "Pendidikan Bahasa Inggris", "English Education", "Pend. B. Inggris", "Sastra Inggris"],
            ["Pendidikan Jasmani", "PJKR", "Pendidikan Olahraga", "Penjaskes", "Bimbingan Konseling",
             "BK", "Bimbingan dan Konseling", "Pendidikan Agama Islam", "PAI", "Pendidikan Agama Kristen",
             "Pendidikan IPS", "Pendidikan Sejarah", "Pendidikan Ekonomi", "PPKn", "Teknologi Pendidikan",
             "Manajemen Pendidikan", "Magister Pendidikan"]],
    "CIVIL": [["Teknik Sipil", "T. Sipil", "TEKNIK SIPIL", "Civil Engineering", "Teknik Sipil (D3)",
               "Tehnik Sipil", "Teknik Konstruksi", "Teknik Bangunan"],
              ["Arsitektur", "Teknik Arsitektur", "Architecture", "Arsitek"],
              ["Perencanaan Wilayah dan Kota", "PWK", "Planologi", "Urban Planning",
               "Teknik Planologi", "Perencanaan Kota"],
              ["Teknik Geodesi", "Geodesi", "Geomatika", "Teknik Geomatika", "Geografi"]],
    "ENV": [["Teknik Lingkungan", "T. Lingkungan", "Environmental Engineering", "Ilmu Lingkungan",
             "Teknik Lingkungan Hidup", "Kesehatan Lingkungan", "Kesling", "Sanitasi",
             "Magister Ilmu Lingkungan"],
            ["Biologi", "Kimia", "Biology", "Chemistry", "Kimia Analis"]],
    "MECH": [["Teknik Mesin", "T. Mesin", "Mechanical Engineering", "TEKNIK MESIN", "Teknik Otomotif",
              "Teknik Mesin Otomotif"],
             ["Teknik Elektro", "T. Elektro", "Teknik Listrik", "Electrical Engineering",
              "Teknik Elektronika", "Teknik Telekomunikasi"],
             ["Teknik Kimia", "Teknik Industri", "Industrial Engineering", "Teknik Pengairan"]],
    "TRANS": [["Transportasi", "Manajemen Transportasi", "Teknik Transportasi", "D3 LLAJ",
               "Manajemen Transportasi Jalan", "STTD", "Transportasi Darat", "Teknik Keselamatan Lalu Lintas"]],
    "SOC": [["Kesejahteraan Sosial", "Ilmu Kesejahteraan Sosial", "Kessos", "Pekerjaan Sosial",
             "Social Work", "STKS", "Penyuluhan Sosial"]],
    "LIB": [["Ilmu Perpustakaan", "Perpustakaan", "Library Science", "Kearsipan", "D3 Kearsipan",
             "Ilmu Informasi dan Perpustakaan", "Kearsipan dan Dokumentasi", "Sejarah"]],
    "AGRI": [["Agribisnis", "Agroteknologi", "Pertanian", "Ilmu Pertanian", "Peternakan",
              "Kedokteran Hewan", "Perikanan", "Teknologi Pangan", "Agriculture", "Agronomi"]],
}

# the post's job families; each asks for some field families (first = the core)
JOB_FAMILIES: dict[str, tuple[str, ...]] = {
    "finance": ("FIN",), "revenue": ("FIN", "LAW"), "licensing": ("LAW", "GOV", "CIVIL"),
    "civreg": ("IT", "GOV"), "clinical": ("MED", "NURSE"), "pubhealth": ("PH", "NURSE"),
    "teaching": ("EDU",), "infra": ("CIVIL", "MECH"), "environ": ("ENV", "CIVIL"),
    "transport": ("TRANS", "MECH"), "enforce": ("LAW", "GOV"), "emergency": ("MECH", "ENV"),
    "social": ("SOC", "HRM"), "territory": ("GOV",), "admin": ("GOV",), "planning": ("GOV", "CIVIL", "FIN"),
    "it": ("IT",), "comm": ("COMM", "IT"), "hr": ("HRM", "GOV"), "audit": ("FIN", "LAW"),
    "archive": ("LIB",), "economy": ("FIN", "AGRI"), "legal": ("LAW",),
}
FAMILIES = tuple(JOB_FAMILIES)
FAM = {name: i for i, name in enumerate(FAMILIES)}


def related_matrix() -> np.ndarray:
    m = np.eye(len(FIELDS), dtype=bool)
    for a, b in RELATED:
        m[F[a], F[b]] = m[F[b], F[a]] = True
    return m


def match_matrix(pos_fields: list[tuple[str, ...]]) -> np.ndarray:
    """match[f, p]: 1 if field f is asked for by post p, 0.5 if related, 0 if not; NaN when
    the post asks for no field (neutral)."""
    rel = related_matrix()
    out = np.full((len(FIELDS), len(pos_fields)), np.nan)
    for p, wanted in enumerate(pos_fields):
        if not wanted:
            continue
        idx = [F[w] for w in wanted]
        exact = np.zeros(len(FIELDS), dtype=bool)
        exact[idx] = True
        related = rel[:, idx].any(axis=1)
        out[:, p] = np.where(exact, 1.0, np.where(related, 0.5, 0.0))
        out[F["GENERAL"], p] = 0.0
    return out


def canonical_major(field: str, rng: np.random.Generator) -> tuple[int, str]:
    """A major of the family: (major index within family, its canonical spelling)."""
    k = int(rng.integers(len(MAJORS[field])))
    return k, MAJORS[field][k][0]


def spelled(field: str, k: int, level: str, rng: np.random.Generator) -> str:
    """How HR staff typed this major: a listed spelling, a case change, a degree prefix,
    a typo, or blank."""
    spellings = [x for x in MAJORS[field][k] if _fits_level(x, level)] or MAJORS[field][k][:1]
    s = spellings[int(rng.integers(len(spellings)))] if rng.random() < 0.55 else spellings[0]
    r = rng.random()
    if r < 0.06:
        return ""
    if r < 0.14:
        s = s.upper()
    elif r < 0.20:
        s = s.lower()
    elif r < 0.32 and field != "GENERAL":
        s = f"{level} {s}" if rng.random() < 0.7 else f"{s} ({level})"
    elif r < 0.37 and len(s) > 6:
        i = int(rng.integers(2, len(s) - 2))
        s = s[:i] + s[i + 1:] if rng.random() < 0.5 else s[:i] + s[i + 1] + s[i] + s[i + 2:]
    elif r < 0.42:
        s = f"  {s}" if rng.random() < 0.5 else f"{s} "
        s = s.strip() + ("." if rng.random() < 0.5 else "")
    return s


def _fits_level(spelling: str, level: str) -> bool:
    """Magister/Spesialis names only on S2 rows, Profesi/Ners only on PROFESI rows."""
    low = spelling.lower()
    grad = low.startswith(("magister", "spesialis", "sp.")) or low in ("map",)
    prof = low.startswith(("profesi", "ners", "apoteker", "dokter", "psikolog"))
    if level == "S2":
        return not prof
    if level == "PROFESI":
        return not grad
    return not grad and not prof
