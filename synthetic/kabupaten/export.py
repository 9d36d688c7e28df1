"""Writing the export folder: the simulation's records as SIMPEG would print them.

Why a module of its own: this is where the world becomes *messy text* — NIPs, names with
titles, majors and training names as typed, blanks where clerks left them, and each year's
appraisal in the regime of its time. Nothing here changes what happened; it only decides
how it is shown. Output is sorted and formatted deterministically (byte-identical per seed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .domains import FIELDS
from .ledger import EDU_CODE, KINDS, NAT, RANKS, iso, year_of
from .majors import MAJORS, render_major
from .names import draw_names
from .orgchart import COMPETENCIES
from .places import KABUPATEN
from .trainings import (FORMATS, LATSAR_NEW, LATSAR_OLD, LEADERSHIP_NEW, LEADERSHIP_OLD, PPPK_ORIENTATION,
                        SCHOOL_LEADERSHIP, TOPIC_LIST, render)

_UNIV = ["Universitas Sumatera Utara", "Universitas Negeri Medan", "Universitas Medan Area", "Universitas Terbuka",
         "Universitas Muhammadiyah Sumatera Utara", "Universitas HKBP Nommensen", "Universitas Andalas",
         "Universitas Islam Sumatera Utara", "Universitas Gadjah Mada", "Universitas Syiah Kuala",
         "STIE Sirandu Mandiri", "STKIP Tanah Sirandu", "Universitas Amir Hamzah", "Politeknik Negeri Medan"]
_HEALTH = ["Poltekkes Kemenkes Medan", "Akper Pemkab Tanah Sirandu", "Akbid Sirandu Husada", "STIKes Sirandu Husada",
           "STIKes Mitra Husada", "Institut Kesehatan Helvetia", "Universitas Sumatera Utara"]
_SCHOOL = ["SMA Negeri 1 Sirandu Kota", "SMA Negeri 2 Sirandu Kota", "SMK Negeri 1 Sirandu", "SMA Swasta Bina Bangsa",
           "SMEA Negeri Sirandu", "SMA Negeri 1 Bukit Merandu", "SPK Depkes Medan", "SMU Negeri 3 Medan"]
_TEACH = ["Universitas Negeri Medan", "Universitas Terbuka", "STKIP Tanah Sirandu", "IKIP Medan", "Universitas Terbuka UPBJJ Medan"]


def _nips(p: dict, people: np.ndarray) -> np.ndarray:
    """18 digits: birth yyyymmdd + TMT yyyymm (PPPK: year + '21') + gender 1/2 + sequence."""
    birth = iso(p["birth"][people])
    hire = iso(p["hire"][people])
    head = np.array([b.replace("-", "") + (h[:4] + "21" if pp else h[:4] + h[5:7]) + ("2" if f else "1")
                     for b, h, pp, f in zip(birth, hire, p["pppk"][people], p["female"][people])])
    seq = pd.Series(head).groupby(head).cumcount().to_numpy() + 1
    if seq.max() > 999:
        raise RuntimeError("NIP sequence overflow")
    return np.array([f"{h}{s:03d}" for h, s in zip(head, seq)])


def _institution(level: str, major: int, rng) -> str:
    u = rng.random()
    if u < 0.2:
        return ""
    f = FIELDS[int(np.argmax([MAJORS[major].profile.get(x, 0) for x in FIELDS]))]
    if level in ("SD", "SMP"):
        return f"{level} Negeri {int(rng.integers(1, 30))} {'Sirandu' if rng.random() < 0.7 else 'Medan'}"
    if level == "SMA":
        return _SCHOOL[int(rng.integers(len(_SCHOOL)))]
    if MAJORS[major].key == "ipdn":
        return "IPDN" if rng.random() < 0.6 else "STPDN Jatinangor"
    if f in ("medis", "keperawatan", "kebidanan", "farmasi", "kesmas") and level != "S2":
        return _HEALTH[int(rng.integers(len(_HEALTH)))]
    if f.startswith("pend") or f == "pgsd":
        return _TEACH[int(rng.integers(len(_TEACH)))]
    return _UNIV[int(rng.integers(len(_UNIV)))]


def _lead_name(level: int, year: int, rng) -> str:
    old = year <= 2018 or (year == 2019 and rng.random() < 0.5)
    names = (LEADERSHIP_OLD if old else LEADERSHIP_NEW)[level]
    name = names[int(rng.integers(len(names)))]
    if name.endswith("Angkatan"):
        name += f" {['I', 'II', 'III', 'IV', 'V'][int(rng.integers(5))]}"
    if rng.random() < 0.15:
        name += f" Tahun {year}"
    return name.upper() if rng.random() < 0.1 else name


def _rating_predicate(v: float) -> str:
    if v >= 3.75:
        return "Sangat Baik"
    if v >= 2.35:
        return "Baik"
    if v >= 1.6:
        return "Butuh Perbaikan"
    if v >= 0.9:
        return "Kurang"
    return "Sangat Kurang"


def _category(score: float, cuts: tuple) -> str:
    for c, name in zip(cuts, ("Sangat Baik", "Baik", "Cukup", "Kurang")):
        if score >= c:
            return name
    return "Buruk"


def write_export(sim, out: Path, streams) -> dict:
    """Write every contract file into `out` (created); returns {file: rows}."""
    out.mkdir(parents=True, exist_ok=True)
    w, L = sim.w, sim.L
    P = L.p
    as_of = w.as_of
    rng = streams("export")
    people = np.flatnonzero((P["exit"] == NAT) & (P["hire"] <= as_of))
    nip = _nips(P, people)
    order = np.argsort(nip, kind="stable")
    people, nip = people[order], nip[order]
    nip_of = np.full(L.n, "", dtype=object)
    nip_of[people] = nip
    status = sim.status(as_of)
    counts: dict[str, int] = {}

    def save(name: str, df: pd.DataFrame) -> None:
        df.to_csv(out / name, index=False, lineterminator="\n")
        counts[name] = len(df)

    # --- units, positions ------------------------------------------------------------------------------
    units = w.org.units[["unit_id", "unit_name", "unit_type", "parent_unit_id"]]
    save("units.csv", units.sort_values("unit_id"))
    pos = w.org.positions
    pdf = pd.DataFrame({
        "position_id": pos.position_id, "title": pos.title, "unit_id": pos.unit_id, "job_type": pos.job_type,
        "functional_level": pos.functional_level, "job_class": pos.job_class, "min_education": pos.min_education,
        "fields_of_study": pos.fields_of_study, "min_rank": pos.min_rank,
        "max_age": pos.max_age.astype("Int64"), "competency_standard": pos.competency_standard,
        "required_trainings": pos.required_trainings, "slots": pos.slots})
    save("positions.csv", pdf.sort_values("position_id"))

    # --- education (degrees obtained by the export date) -------------------------------------------------
    e_person = np.asarray(L.edu["person"])
    e_grad = np.asarray(L.edu["grad"])
    keep = (nip_of[e_person] != "") & (e_grad <= w.as_of_year)
    rows = []
    top_level = {}
    for person, level, major, grad in zip(e_person[keep], np.asarray(L.edu["level"])[keep],
                                          np.asarray(L.edu["major"])[keep], e_grad[keep]):
        rows.append((nip_of[person], level, render_major(int(major), level, rng), _institution(level, int(major), rng),
                     "" if rng.random() < 0.05 else str(int(grad))))
        if EDU_CODE[level] >= EDU_CODE.get(top_level.get(person, "SD"), 0):
            top_level[person] = level
    edu = pd.DataFrame(rows, columns=["employee_id", "level", "field_of_study", "institution", "graduation_year"])
    save("education.csv", edu.sort_values(["employee_id", "graduation_year", "level"], kind="stable"))

    # --- employees --------------------------------------------------------------------------------------------
    levels = [top_level.get(i, "SMA") for i in people]
    names = draw_names(np.where(P["female"][people], "P", "L"), P["religion"][people],
                       [FIELDS[int(f)] for f in P["top_field"][people]], levels, streams("names"))
    st = status[people]
    rank = np.array([RANKS[r] if r >= 0 else "" for r in P["rank"][people]])
    rank_date = np.where((P["rank"][people] >= 0) & (rng.random(len(people)) >= 0.08), iso(P["rank_date"][people]), "")
    asked = P["asked"][people]
    open_to_move = np.where(asked, np.where(P["unwilling"][people], "N", "Y"), "")
    unit_ids = w.org.units.unit_id.to_numpy()
    pref = [";".join(unit_ids[u] for u in L.pref[i] if u >= 0) if a else "" for i, a in zip(people, asked)]
    su = P["sanction_until"][people]
    ss = P["sanction_start"][people]
    show = (su != NAT) & (ss <= as_of) & ((su > as_of) | ((su > as_of - 730) & (rng.random(len(people)) < 0.5)))
    emp = pd.DataFrame({
        "employee_id": nip, "name": names, "gender": np.where(P["female"][people], "P", "L"),
        "birth_date": iso(P["birth"][people]), "status": np.array(["PNS", "CPNS", "PPPK"])[st], "rank": rank,
        "rank_date": rank_date, "hire_date": iso(P["hire"][people]), "open_to_move": open_to_move,
        "preferred_unit_ids": pref, "sanction_until": np.where(show, iso(np.where(show, su, 0)), "")})
    save("employees.csv", emp)

    # --- assignments --------------------------------------------------------------------------------------------
    a = L.assignments()
    k = nip_of[a["person"]] != ""
    pid = pos.position_id.to_numpy()
    kinds = np.array(KINDS)[a["kind"][k]]
    kinds = np.where(rng.random(int(k.sum())) < 0.05, "", kinds)
    asg = pd.DataFrame({"employee_id": nip_of[a["person"][k]], "position_id": pid[a["pos"][k]],
                        "start_date": iso(a["start"][k]),
                        "end_date": np.where(a["end"][k] == NAT, "", iso(np.where(a["end"][k] == NAT, 0, a["end"][k]))),
                        "kind": kinds})
    save("assignments.csv", asg.sort_values(["employee_id", "start_date"], kind="stable"))

    # --- trainings -------------------------------------------------------------------------------------------------
    T = {kk: np.asarray(vv) for kk, vv in L.trn.items()}
    k = (nip_of[T["person"]] != "") & (T["end"] <= as_of) & (T["end"] >= P["hire"][T["person"]])
    std_names = sorted(set(pos.trainings) - {""})
    trows = []
    t_year = year_of(T["end"])
    for idx in np.flatnonzero(k):
        sp, yr = int(T["special"][idx]), int(t_year[idx])
        if sp == 0:
            fmt = int(T["fmt"][idx])
            name = render(TOPIC_LIST[int(T["topic"][idx])][1], fmt, yr, rng, KABUPATEN)
            kind = FORMATS[fmt][3]
        elif sp == 1:
            pool = LATSAR_OLD if yr < 2018 else LATSAR_NEW
            name, kind = pool[int(rng.integers(len(pool)))], "latsar"
        elif sp == 2:
            name, kind = _lead_name(int(T["lead"][idx]), yr, rng), "kepemimpinan"
        elif sp == 3:
            name, kind = SCHOOL_LEADERSHIP[int(rng.integers(len(SCHOOL_LEADERSHIP)))], "kepemimpinan"
        elif sp == 4:
            name, kind = PPPK_ORIENTATION[int(rng.integers(len(PPPK_ORIENTATION)))], "lainnya"
        else:
            name, kind = std_names[int(T["topic"][idx])], "fungsional"
            if rng.random() < 0.3:
                name = f"{name} Angkatan {int(rng.integers(1, 9))}"
        hours = T["hours"][idx]
        trows.append((nip_of[T["person"][idx]], name, "" if rng.random() < 0.4 else kind,
                      "" if (rng.random() < 0.35 or not np.isfinite(hours)) else str(int(round(hours))),
                      iso(np.array([T["end"][idx]]))[0]))
    trn = pd.DataFrame(trows, columns=["employee_id", "name", "kind", "hours", "end_date"])
    save("trainings.csv", trn.sort_values(["employee_id", "end_date", "name"], kind="stable"))

    # --- performance (SKP) in the regime of each year ------------------------------------------------------------
    R = {kk: np.asarray(vv) for kk, vv in L.apr.items()}
    k = nip_of[R["person"]] != ""
    prow = []
    for person, yr, val in zip(R["person"][k], R["year"][k], R["value"][k]):
        if yr <= 2018:
            score = float(np.clip(62.0 + 7.5 * val + rng.normal(0, 1.2), 0, 100))
            rating = _category(score, (91, 76, 61, 51)) if rng.random() < 0.3 else ""
        elif yr <= 2021:
            score = float(np.clip(50.0 + 16.0 * val + rng.normal(0, 1.5), 0, 120))
            rating = _category(score, (110, 90, 70, 50)) if rng.random() < 0.4 else ""
        else:
            score, rating = None, _rating_predicate(val)
        prow.append((nip_of[person], int(yr), rating, "" if score is None else f"{score:.2f}"))
    perf = pd.DataFrame(prow, columns=["employee_id", "year", "rating", "score"])
    save("performance.csv", perf.sort_values(["employee_id", "year"], kind="stable"))

    # --- assessments ----------------------------------------------------------------------------------------------------
    S = L.ass
    arows = []
    for person, when, lv in zip(S["person"], S["date"], S["levels"]):
        if nip_of[person] == "" or when > as_of or when < P["hire"][person]:
            continue
        d = iso(np.array([when]))[0]
        for c, x in zip(COMPETENCIES, lv):
            arows.append((nip_of[person], c, int(x), d))
    ass = pd.DataFrame(arows, columns=["employee_id", "competency", "level", "assessed_date"])
    save("assessments.csv", ass.sort_values(["employee_id", "assessed_date", "competency"], kind="stable"))
    return counts, people, nip
