"""Names of people in a North Sumatran city: Malay/Javanese/Karo/Toba names and marga, with the
academic titles (gelar) SIMPEG writes around them. Names are never a model feature and never
enter the truth; they only make the export look like one.
"""

from __future__ import annotations

import numpy as np

MALE: tuple[str, ...] = (
    "Ahmad", "Muhammad", "Rizky", "Budi", "Hendra", "Agus", "Dedi", "Fauzi", "Irwan", "Joko",
    "Syahrial", "Zulkifli", "Iskandar", "Ridwan", "Hasan", "Rahmat", "Fadli", "Arif", "Andi",
    "Bambang", "Eko", "Sugianto", "Wahyu", "Yusuf", "Darwin", "Hendri", "Indra", "Fikri",
    "Taufik", "Syafrizal", "Khairul", "Amri", "Rudi", "Sutrisno", "Teguh", "Herman",
    "Johannes", "Daniel", "Martin", "Robert", "Benny", "Samuel", "Rinaldi", "Ilham", "Dimas",
    "Reza", "Fahmi", "Azhar", "Nasrul", "Anwar", "Edy", "Sahat", "Togar", "Petrus", "Ferry")
FEMALE: tuple[str, ...] = (
    "Siti", "Nur", "Dewi", "Sri", "Rina", "Fitri", "Yuni", "Nurul", "Wulan", "Ratna", "Intan",
    "Lestari", "Rahmawati", "Ayu", "Mega", "Putri", "Nova", "Desi", "Rini", "Suryani",
    "Hafsah", "Aisyah", "Zahra", "Nanda", "Khairunnisa", "Fatimah", "Yusnita", "Erna", "Elvi",
    "Maria", "Kristina", "Debora", "Elisabeth", "Rosmawati", "Juliana", "Friska", "Melati",
    "Anggraini", "Linda", "Sartika", "Widya", "Mutiara", "Hasnah", "Evi", "Marlina", "Nelly",
    "Tiurma", "Roslina", "Dian", "Novita", "Indah", "Sarah", "Annisa", "Halimah")
SECOND: tuple[str, ...] = (
    "Syahputra", "Saputra", "Pratama", "Hidayat", "Ramadhan", "Kurniawan", "Setiawan",
    "Wijaya", "Nugroho", "Santoso", "Prasetyo", "Firmansyah", "Rahman", "Hakim", "Lubis",
    "Nasution", "Harahap", "Siregar", "Tarigan", "Ginting", "Sembiring", "Sitepu", "Perangin-"
    "angin", "Purba", "Saragih", "Damanik", "Sinaga", "Simanjuntak", "Hutapea", "Pane",
    "Pohan", "Batubara", "Daulay", "Hasibuan", "Rangkuti", "Tanjung", "Sinulingga", "Barus",
    "Surbakti", "Manurung", "Situmorang", "Pardede", "Sihombing", "Napitupulu")
FEMALE_SECOND: tuple[str, ...] = (
    "Sari", "Wati", "Lestari", "Handayani", "Rahayu", "Susanti", "Fitriani", "Maharani",
    "Puspita", "Anggraeni", "Br Ginting", "Br Tarigan", "Br Sembiring", "Br Sitepu",
    "Br Karo", "Br Perangin-angin", "Br Purba", "Br Surbakti")

# Gelar by canonical field and level (after the name), and doctors' title before it.
GELAR_S1: dict[str, tuple[str, ...]] = {
    "Akuntansi": ("S.E.", "S.Ak."), "Keuangan": ("S.E.",), "Ekonomi": ("S.E.",),
    "Manajemen": ("S.E.", "S.M."), "Ilmu Hukum": ("S.H.",),
    "Administrasi Negara": ("S.Sos.", "S.AP."), "Ilmu Pemerintahan": ("S.STP.", "S.IP."),
    "Psikologi": ("S.Psi.",), "Informatika": ("S.Kom.", "S.T."), "Sistem Informasi": ("S.Kom.",),
    "Statistika": ("S.Stat.", "S.Si.", "S.Tr.Stat."), "Ilmu Komunikasi": ("S.I.Kom.", "S.Sos."),
    "Keperawatan": ("S.Kep.",), "Kebidanan": ("S.Tr.Keb.", "S.Keb."), "Farmasi": ("S.Farm.",),
    "Kesehatan Masyarakat": ("S.KM.",), "Pendidikan": ("S.Pd.",), "Teknik Sipil": ("S.T.",),
    "Arsitektur": ("S.T.", "S.Ars."), "Planologi": ("S.T.", "S.PWK."),
    "Teknik Lingkungan": ("S.T.",), "Pertanian": ("S.P.", "S.Pt."),
    "Transportasi": ("S.Tr.T.", "S.ST."), "Kesejahteraan Sosial": ("S.Sos.",),
    "Perpustakaan": ("S.IP.", "S.Hum."), "Kearsipan": ("S.IP.", "S.Hum."),
}
GELAR_S2: dict[str, tuple[str, ...]] = {
    "Ilmu Hukum": ("M.H.", "M.Kn."), "Kedokteran": ("Sp.PD", "Sp.A", "Sp.OG", "Sp.B", "M.Ked"),
    "Kesehatan Masyarakat": ("M.Kes.", "M.KM."), "Keperawatan": ("M.Kep.",),
    "Kebidanan": ("M.Keb.", "M.Kes."), "Farmasi": ("M.Farm.",), "Pendidikan": ("M.Pd.",),
    "Teknik Sipil": ("M.T.",), "Arsitektur": ("M.T.",), "Planologi": ("M.T.", "M.Si."),
    "Teknik Lingkungan": ("M.T.", "M.Si."), "Informatika": ("M.Kom.",),
    "Sistem Informasi": ("M.Kom.",), "Akuntansi": ("M.Ak.", "M.Si."), "Psikologi": ("M.Psi.",),
}
GELAR_S2_DEFAULT: tuple[str, ...] = ("M.Si.", "M.M.", "M.AP.", "M.SP.")
GELAR_D3: dict[str, tuple[str, ...]] = {
    "Keperawatan": ("A.Md.Kep.",), "Kebidanan": ("A.Md.Keb.",), "Farmasi": ("A.Md.Farm.",),
    "Kesehatan Masyarakat": ("A.Md.Kes.", "A.Md.RMIK"),
}


def person_name(rng: np.random.Generator, female: bool, field: str | None, level: str) -> str:
    """A full name as SIMPEG shows it, with gelar where the education gives one."""
    first = (FEMALE if female else MALE)[int(rng.integers(len(FEMALE if female else MALE)))]
    seconds = SECOND + (FEMALE_SECOND if female else ())
    parts = [first]
    if rng.random() < 0.85:
        parts.append(seconds[int(rng.integers(len(seconds)))])
    if rng.random() < 0.12:
        pool = FEMALE if female else MALE
        parts.insert(1, pool[int(rng.integers(len(pool)))])
    name = " ".join(parts)
    if rng.random() < 0.15:
        return name  # written without titles
    before, after = "", []
    if field == "Kedokteran" and level in ("PROFESI", "S2", "S3"):
        before = "dr. " if rng.random() < 0.85 else "drg. "
    if field == "Keperawatan" and level == "PROFESI":
        before = "Ns. "
    if field == "Farmasi" and level == "PROFESI":
        after.append("Apt.")
    if level == "D3" and field:
        after.append(GELAR_D3.get(field, ("A.Md.",))[int(rng.integers(
            len(GELAR_D3.get(field, ("A.Md.",)))))])
    if level in ("S1", "D4", "PROFESI", "S2", "S3") and field and field != "Kedokteran":
        g = GELAR_S1.get(field, ("S.Sos.",))
        after.append(g[int(rng.integers(len(g)))])
    if level in ("S2", "S3") and field:
        g = GELAR_S2.get(field, GELAR_S2_DEFAULT)
        after.append(g[int(rng.integers(len(g)))])
    if level == "S3":
        before = "Dr. " + before
    if rng.random() < 0.05:
        before = ("H. " if not female else "Hj. ") + before
    return before + name + ("" if not after else ", " + ", ".join(after))
