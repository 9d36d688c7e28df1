"""Personal names and institutions.

Why: names are in the export (never a feature) and, as in a real register, they carry
hints of gender and religion; the history's biases may follow those, the truth never
reads them. Academic titles make the names as messy as SIMPEG's.
"""

from __future__ import annotations

import numpy as np

RELIGIONS = ("Islam", "Kristen", "Katolik", "Buddha", "Hindu")
RELIGION_P = (0.68, 0.19, 0.06, 0.05, 0.02)
FIRST = {
    ("Islam", 0): ["Muhammad", "Ahmad", "Rizki", "Fajar", "Irfan", "Hendra", "Budi", "Agus", "Syahrul", "Zulkifli",
                   "Arif", "Dedi", "Rahmat", "Taufik", "Fauzi", "Iqbal", "Hasan", "Ridwan", "Yusuf", "Bambang",
                   "Eko", "Joko", "Andi", "Hafiz", "Ilham", "Khairul", "Mahmud", "Nasrul", "Saiful", "Wahyu"],
    ("Islam", 1): ["Siti", "Nur", "Dewi", "Fitri", "Rina", "Sri", "Aisyah", "Nurul", "Rahmawati", "Lestari",
                   "Indah", "Yuni", "Ratna", "Wulan", "Khadijah", "Fatimah", "Ayu", "Mawar", "Putri", "Intan",
                   "Nadia", "Rizka", "Suci", "Zahra", "Halimah", "Juliana", "Maya", "Novita", "Dian", "Eka"],
    ("Kristen", 0): ["Yohanes", "Daniel", "Samuel", "Jonathan", "Roy", "Frans", "Hotman", "Benny", "Marulam",
                     "Parlindungan", "Timotius", "Gabriel", "Ronald", "Jhon", "Sahat"],
    ("Kristen", 1): ["Maria", "Ruth", "Elisabeth", "Debora", "Lidia", "Martha", "Rosmawati", "Tiurma", "Grace",
                     "Natalia", "Yohana", "Kristina", "Esther", "Friska", "Junita"],
    ("Katolik", 0): ["Antonius", "Fransiskus", "Yosef", "Paulus", "Petrus", "Agustinus", "Ignatius", "Stefanus"],
    ("Katolik", 1): ["Maria", "Theresia", "Agnes", "Yosephine", "Veronika", "Katarina", "Cecilia", "Monika"],
    ("Buddha", 0): ["Hendra", "Sutrisno", "Wijaya", "Kurniawan", "Halim", "Johan", "Suwanto", "Tjandra"],
    ("Buddha", 1): ["Susanti", "Lily", "Meilani", "Fenny", "Lenny", "Mei Ling", "Wati", "Sinta"],
    ("Hindu", 0): ["I Made", "I Wayan", "I Ketut", "I Gede", "I Nyoman", "Ramesh", "Kumar"],
    ("Hindu", 1): ["Ni Luh", "Ni Made", "Ni Ketut", "Ni Putu", "Devi", "Lakshmi"],
}
LAST = {
    "Islam": ["Nasution", "Lubis", "Harahap", "Siregar", "Hasibuan", "Rangkuti", "Batubara", "Daulay",
              "Santoso", "Wibowo", "Prasetyo", "Hidayat", "Saputra", "Rahman", "Syahputra", "Pohan",
              "Matondang", "Tanjung", "Chaniago", "Piliang", "Situmorang", "Ritonga", "", "", ""],
    "Kristen": ["Simanjuntak", "Sitompul", "Hutapea", "Simatupang", "Sinaga", "Manurung", "Panjaitan",
                "Silalahi", "Sembiring", "Ginting", "Tarigan", "Purba", "Saragih", "Hutagalung", "Pardede"],
    "Katolik": ["Sinaga", "Sihombing", "Gultom", "Situmorang", "Tambunan", "Sitanggang", "Pasaribu"],
    "Buddha": ["Tanoto", "Gunawan", "Salim", "Lim", "Tan", "Wijaya", "Setiawan", "Hartono", ""],
    "Hindu": ["Suardana", "Putra", "Dewi", "Sastra", "Singh", "Ramasamy", ""],
}
TITLES = {"FIN": "S.E.", "LAW": "S.H.", "GOV": "S.Sos.", "HRM": "S.Psi.", "IT": "S.Kom.", "COMM": "S.I.Kom.",
          "MED": "dr.", "NURSE": "S.Kep., Ns.", "PH": "S.K.M.", "EDU": "S.Pd.", "CIVIL": "S.T.", "ENV": "S.T.",
          "MECH": "S.T.", "TRANS": "S.Tr.", "SOC": "S.Sos.", "LIB": "S.IP.", "AGRI": "S.P."}
INSTITUTIONS = ["Universitas Sumatera Utara", "Universitas Negeri Medan", "Universitas Islam Sumatera Utara",
                "Universitas Muhammadiyah Sumatera Utara", "Universitas HKBP Nommensen", "Universitas Medan Area",
                "Universitas Gadjah Mada", "Universitas Indonesia", "Institut Pemerintahan Dalam Negeri",
                "Politeknik Kesehatan Kemenkes", "Universitas Terbuka", "STIE Harapan", "Politeknik Negeri",
                "Akademi Keperawatan Pemda", "STIKes Mitra Husada", "Universitas Andalas", "Institut Teknologi Bandung",
                "Universitas Brawijaya", "Universitas Diponegoro", "STMIK Budi Darma", "Universitas Pembangunan Panca Budi",
                "Universitas Katolik Santo Thomas", "Universitas Methodist Indonesia", "USU", "UNIMED", "UISU", "UMSU",
                "Univ. Sumatera Utara", "Poltekkes Medan", "Politeknik Transportasi Darat", "STKS Bandung",
                "Politeknik Statistika STIS", "Universitas Islam Negeri Sumatera Utara"]
SCHOOLS = ["SMA Negeri {}", "SMK Negeri {}", "SMA Swasta Methodist", "MAN {}", "SMA Swasta Al-Azhar",
           "SMK Swasta Harapan", "SMA Negeri {} Bandar Seruni", "SMA Katolik Budi Murni", "SMP Negeri {}"]


def draw_name(gender: int, religion: str, field: str | None, degree: bool, rng: np.random.Generator) -> str:
    first = FIRST[(religion, gender)]
    parts = [first[int(rng.integers(len(first)))]]
    if rng.random() < 0.45:
        parts.append(first[int(rng.integers(len(first)))])
    last = LAST[religion][int(rng.integers(len(LAST[religion])))]
    if last:
        parts.append(last)
    name = " ".join(dict.fromkeys(parts))
    if degree and field and rng.random() < 0.55:
        title = TITLES.get(field, "S.Sos.")
        name = f"dr. {name}" if title == "dr." else f"{name}, {title}"
    return name.upper() if rng.random() < 0.12 else name
