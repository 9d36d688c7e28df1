"""Indonesian personal names by ethnic group and gender, with academic titles the way SIMPEG
stores them ("dr. Rina Marlina, Sp.PD", "Ahmad Fauzi, S.E., M.Si").

Why: names carry gender, religion and origin hints in real exports; the history's biases work
on the group behind the name, and a model must not learn from it."""

from __future__ import annotations

import numpy as np

# group: (share, religion weights {religion: p}, male first, female first, surnames or ())
GROUPS = {
    "melayu": (0.52, {"islam": 1.0},
               ("Ahmad", "Zulkifli", "Syahrul", "Rizal", "Fadli", "Hamdan", "Azhar", "Taufik",
                "Irwan", "Hendra", "Razali", "Khairul", "Mukhlis", "Yusri", "Syamsul", "Amran"),
               ("Nurhayati", "Rahmah", "Fauziah", "Zainab", "Nurul", "Salmah", "Rosmawati",
                "Yuliana", "Hasnah", "Mardiana", "Aisyah", "Nurlela", "Juliana", "Rahmawati"),
               ("Syahputra", "Lubis", "Harahap", "Nasution", "Saragih", "Hasibuan", "")),
    "jawa": (0.2, {"islam": 0.93, "kristen": 0.05, "katolik": 0.02},
             ("Budi", "Joko", "Agus", "Slamet", "Bambang", "Eko", "Heru", "Wahyu", "Sutrisno",
              "Dwi", "Tri", "Teguh", "Yudi", "Prasetyo"),
             ("Sri", "Endang", "Siti", "Wulan", "Dewi", "Retno", "Lestari", "Ratna", "Yuni",
              "Kartika", "Indah", "Puji"),
             ("Santoso", "Wibowo", "Susanto", "Hartono", "Purnomo", "Setiawan", "Nugroho", "")),
    "batak": (0.1, {"kristen": 0.7, "katolik": 0.1, "islam": 0.2},
              ("Roy", "Jhon", "Togar", "Parlindungan", "Hotman", "Sahat", "Martin", "Daniel",
               "Benny", "Rudolf"),
              ("Rosmauli", "Debora", "Lasmaria", "Tiurma", "Erna", "Friska", "Yohana", "Masta"),
              ("Simanjuntak", "Sitompul", "Panjaitan", "Siregar", "Hutagalung", "Situmorang",
               "Sinaga", "Manurung")),
    "minang": (0.07, {"islam": 1.0},
               ("Afrizal", "Yulizar", "Dasril", "Firdaus", "Zulfikar", "Erwin", "Hendri"),
               ("Yusnimar", "Elvira", "Desmawati", "Yenni", "Rita", "Nofriyanti"),
               ("Chaniago", "Piliang", "Tanjung", "Koto", "")),
    "bugis": (0.06, {"islam": 1.0},
              ("Andi", "Muhammad", "Syamsuddin", "Baharuddin", "Arifin", "Hasanuddin"),
              ("Andi", "Hasniah", "Sitti", "Nurbaya", "Marlina", "Hadijah"),
              ("Daeng", "Baso", "")),
    "tionghoa": (0.02, {"kristen": 0.45, "buddha": 0.45, "katolik": 0.1},
                 ("Hendrik", "Wilson", "Kevin", "Sugianto", "Ferry"),
                 ("Lenny", "Susanti", "Meilani", "Yenny", "Fenny"),
                 ("Tan", "Lim", "Gunawan", "Halim", "")),
    "flores": (0.03, {"katolik": 0.85, "kristen": 0.15},
               ("Yohanes", "Fransiskus", "Petrus", "Aloysius", "Kornelis"),
               ("Maria", "Theresia", "Agustina", "Yuliana", "Veronika"),
               ("Keraf", "Bria", "Nggebu", "Seran", "")),
}
GROUP_NAMES = tuple(GROUPS)
RELIGIONS = ("islam", "kristen", "katolik", "hindu", "buddha")
LOCAL = 0   # index of the province's majority group

_DEGREE = {"S1": {"keuangan": "S.E.", "ekonomi": "S.E.", "hukum": "S.H.", "it": "S.Kom.",
                  "pemerintahan": "S.IP.", "kesmas_gizi": "S.K.M.", "keperawatan": "S.Kep.",
                  "teknik_sipil": "S.T.", "sdm_psikologi": "S.Psi."},
           "S2": {"_": "M.Si."}, "D3": {"_": "A.Md."}, "PROFESI": {"kedokteran": "dr.",
                                                                    "keperawatan": "Ns."}}


def draw_group(n: int, rng: np.random.Generator) -> np.ndarray:
    p = np.array([g[0] for g in GROUPS.values()])
    return rng.choice(len(GROUPS), size=n, p=p / p.sum())


def draw_religion(group: int, rng: np.random.Generator) -> int:
    w = GROUPS[GROUP_NAMES[group]][1]
    keys = list(w)
    return RELIGIONS.index(keys[int(rng.choice(len(keys), p=np.array(list(w.values()))))])


def draw_name(group: int, female: bool, rng: np.random.Generator, level: str = "",
              field: str = "") -> str:
    _, _, male, fem, sur = GROUPS[GROUP_NAMES[group]]
    first = str(rng.choice(fem if female else male))
    parts = [first]
    if rng.random() < 0.35:
        parts.append(str(rng.choice(fem if female else male)))
    if sur:
        s = str(rng.choice(sur))
        if s:
            parts.append(s)
    name = " ".join(dict.fromkeys(parts))
    if rng.random() < 0.6 and level in _DEGREE:
        d = _DEGREE[level]
        title = d.get(field) or d.get("_")
        if title == "dr.":
            name = f"dr. {name}"
        elif title == "Ns.":
            name = f"Ns. {name}"
        elif title:
            name = f"{name}, {title}"
    return name
