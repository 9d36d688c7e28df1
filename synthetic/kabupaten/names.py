"""Plausible Indonesian personal names, with the academic titles SIMPEG prints around them.

Why: names are part of the export and carry hints of gender, religion and origin — exactly
the proxies the merit law keeps out of any decision. They are drawn here from gender and a
hidden religion, and nothing downstream (truth or placement) ever reads them.
"""

from __future__ import annotations

import numpy as np

_MALE_ISLAM = ["Muhammad", "Ahmad", "Rizki", "Fauzan", "Hendra", "Irwan", "Syahrul", "Zulkifli", "Rahmat",
               "Arif", "Budi", "Dedi", "Eko", "Fadli", "Hasan", "Ilham", "Joko", "Khairul", "Lukman", "Mulyadi",
               "Nasrul", "Rudi", "Safrizal", "Taufik", "Wahyu", "Yusuf", "Agus", "Bambang", "Darmawan", "Faisal",
               "Gunawan", "Hamdani", "Iskandar", "Junaidi", "Kurniawan", "Mahyudin", "Nurdin", "Ridwan", "Sugianto",
               "Teguh", "Anwar", "Azhari", "Fikri", "Haris", "Rasyid", "Sofyan", "Zainal", "Amiruddin", "Burhanuddin"]
_FEMALE_ISLAM = ["Siti", "Nurhayati", "Sri", "Dewi", "Fitri", "Rahmawati", "Yusnita", "Wahyuni", "Aisyah",
                 "Nurul", "Rina", "Sari", "Lestari", "Ernawati", "Hasanah", "Indah", "Juliana", "Khadijah",
                 "Lailan", "Maya", "Nurlela", "Puspita", "Rosmawati", "Suryani", "Tri", "Ummi", "Yanti", "Zuraidah",
                 "Dian", "Eka", "Fatimah", "Halimah", "Intan", "Jumiati", "Kartini", "Mariani", "Novita", "Rizka",
                 "Syafrida", "Wulandari", "Asmawati", "Darmayanti", "Erlina", "Nurjannah", "Salmiah", "Yuliani"]
_MALE_KRISTEN = ["Daniel", "Yohanes", "Markus", "Paulus", "Samuel", "Hotman", "Jonner", "Benny", "Charles", "Fernando",
                 "Gomgom", "Hendrik", "Immanuel", "Kristian", "Lamhot", "Martin", "Parlindungan", "Robert", "Tigor"]
_FEMALE_KRISTEN = ["Maria", "Yohana", "Debora", "Elisabet", "Lamtiur", "Rosdiana", "Sondang", "Tiurma", "Veronika",
                   "Agnes", "Betty", "Christina", "Friska", "Grace", "Hotnida", "Imelda", "Juita", "Kristina", "Rut"]
_MIDDLE = ["", "", "", "Putra", "Putri", "Wati", "Santoso", "Hidayat", "Saputra", "Pratama", "Harahap", "Lubis",
           "Nasution", "Siregar", "Hasibuan", "Ritonga", "Batubara", "Tanjung", "Purba", "Sinaga", "Simanjuntak",
           "Sitorus", "Pane", "Daulay", "Rangkuti", "Pohan", "Ginting", "Tarigan", "Sembiring", "Damanik", "Saragih",
           "Marpaung", "Hutagalung", "Setiawan", "Wibowo", "Susanti", "Handayani", "Rahayu", "Syahputra"]
_SUFFIX_OF_MAJOR = {
    "keuangan": "S.E.", "ekonomi": "S.E.", "hukum": "S.H.", "pemerintahan": "S.Sos.", "sdm": "S.Psi.",
    "ti": "S.Kom.", "komunikasi": "S.I.Kom.", "keperawatan": "S.Kep.", "kebidanan": "S.Tr.Keb.",
    "farmasi": "S.Farm.", "kesmas": "S.K.M.", "pgsd": "S.Pd.", "pend_mipa": "S.Pd.", "pend_bahasa": "S.Pd.",
    "pend_ips": "S.Pd.", "pend_jasmani": "S.Pd.", "sipil": "S.T.", "lingkungan": "S.T.", "pertanian": "S.P.",
    "perikanan": "S.Pi.", "peternakan": "S.Pt.", "sosial": "S.Sos.", "arsip": "S.IP.", "transportasi": "S.ST.",
}
_S2_SUFFIX = {"pemerintahan": "M.Si.", "ekonomi": "M.M.", "keuangan": "M.Ak.", "hukum": "M.H.", "kesmas": "M.K.M.",
              "pgsd": "M.Pd.", "ti": "M.Kom.", "pertanian": "M.P.", "lingkungan": "M.Si.", "medis": "Sp.PD."}


def draw_names(gender: np.ndarray, religion: np.ndarray, top_field: list[str], level: list[str],
               rng: np.random.Generator) -> list[str]:
    """One name per person: given + optional second/family name, with academic titles.

    gender: 'L'/'P'; religion: 0 islam / 1 kristen (hidden, never exported); top_field and level
    only choose the degree title printed after the name (as SIMPEG prints them).
    """
    out = []
    for g, r, f, lv in zip(gender, religion, top_field, level):
        pool = (_MALE_KRISTEN if r else _MALE_ISLAM) if g == "L" else (_FEMALE_KRISTEN if r else _FEMALE_ISLAM)
        first = pool[int(rng.integers(len(pool)))]
        second = ""
        if rng.random() < 0.55:
            second = (_MALE_ISLAM if g == "L" else _FEMALE_ISLAM)[int(rng.integers(40))] if (not r and rng.random() < 0.4) \
                else _MIDDLE[int(rng.integers(len(_MIDDLE)))]
            if second == first:
                second = ""
        name = f"{first} {second}".strip()
        prefix = ""
        if f == "medis" and lv in ("PROFESI", "S2"):
            prefix = "dr. "
        elif f == "peternakan" and lv == "PROFESI":
            prefix = "drh. "
        elif not r and rng.random() < 0.04:
            prefix = "H. " if g == "L" else "Hj. "
        suffix = ""
        if lv in ("S1", "D4", "PROFESI", "S2", "S3") and prefix not in ("dr. ", "drh. "):
            suffix = _SUFFIX_OF_MAJOR.get(f, "S.Sos.")
            if lv == "PROFESI" and f == "keperawatan":
                suffix = "S.Kep., Ners"
            if lv == "PROFESI" and f == "farmasi":
                suffix = "S.Farm., Apt."
        if lv == "S2":
            suffix = (suffix + ", " if suffix else "") + _S2_SUFFIX.get(f, "M.Si.")
        if lv == "D3" and rng.random() < 0.5:
            suffix = {"keperawatan": "Amd.Kep.", "kebidanan": "Amd.Keb.", "farmasi": "Amd.Farm."}.get(f, "A.Md.")
        if rng.random() < 0.15:
            name = name.upper()
        out.append((prefix + name + (", " + suffix if suffix else "")).strip())
    return out
