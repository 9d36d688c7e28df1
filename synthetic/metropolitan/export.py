"""Writing the HR export (DIR/export) in the contract's format.

Why: only people in service on the export date are in SIMPEG's export, with their whole
riwayat; ids are NIPs that encode birth date, TMT and gender as the real ones do; free
text is typed the way HR staff type it (fields.spelled, trainings.py). Nothing latent is
written here.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from .fields import FIELDS, spelled
from .history import EPOCH, Sim
from .names import INSTITUTIONS, SCHOOLS
from .people import RANKS, STATUS

LEVEL_NAMES = {"SMP": "SMP", "SMA": "SMA", "D3": "D3", "S1": "S1", "D4": "D4", "PROFESI": "PROFESI", "S2": "S2"}


def iso(day: int) -> str:
    return (EPOCH + timedelta(days=int(day))).isoformat()


def nips(sim: Sim, people: np.ndarray) -> dict[int, str]:
    pp = sim.pp
    seen: dict[str, int] = {}
    out = {}
    for i in people:
        b = (EPOCH + timedelta(days=int(pp.birth[i]))).strftime("%Y%m%d")
        t = (EPOCH + timedelta(days=int(pp.hire[i]))).strftime("%Y%m")
        stem = f"{b}{t}{2 if pp.gender[i] else 1}"
        seen[stem] = seen.get(stem, 0) + 1
        out[int(i)] = f"{stem}{seen[stem]:03d}"
    return out


def _employees(sim: Sim, people, ids, rng) -> pd.DataFrame:
    pp = sim.pp
    rows = []
    for i in people:
        pref = [sim.org.units.unit_id.iat[k] for k in np.flatnonzero(pp.pref[i])] if pp.stated[i] else []
        sanc = int(pp.sanction_until[i])
        rows.append(dict(
            employee_id=ids[int(i)], name=pp.names[i], gender="P" if pp.gender[i] else "L", birth_date=iso(pp.birth[i]),
            status=STATUS[pp.status[i]], rank=RANKS[pp.rank[i]] if pp.rank[i] >= 0 else "",
            rank_date=iso(pp.rank_date[i]) if pp.rank[i] >= 0 and rng.random() > 0.05 else "",
            hire_date=iso(pp.hire[i]),
            open_to_move=("N" if pp.reluctant[i] else "Y") if pp.stated[i] else "",
            preferred_unit_ids=";".join(rng.permutation(pref)) if pref else "",
            sanction_until=iso(sanc) if sanc >= 0 and sanc > sim.as_of - 365 else ""))
    return pd.DataFrame(rows)


def _education(sim: Sim, people, ids, rng) -> pd.DataFrame:
    rows = []
    cap_year = sim.as_of_date.year
    for i in people:
        for lv, f, k, year in sim.pp.education[i]:
            if lv in ("SMP", "SMA"):
                fos = "" if lv == "SMP" else spelled("GENERAL", 0, lv, rng) if rng.random() < 0.5 else ""
                pool = [x for x in SCHOOLS if x.startswith("SMP")] if lv == "SMP" else \
                    [x for x in SCHOOLS if not x.startswith("SMP")]
                inst = str(rng.choice(pool)).format(int(rng.integers(1, 20)))
            else:
                fos = spelled(FIELDS[f], k, lv, rng)
                inst = str(rng.choice(INSTITUTIONS)) if rng.random() > 0.1 else ""
            rows.append(dict(employee_id=ids[int(i)], level=LEVEL_NAMES[lv], field_of_study=fos, institution=inst,
                             graduation_year=str(min(year, cap_year)) if rng.random() > 0.07 else ""))
    return pd.DataFrame(rows)


def write_export(sim: Sim, out: Path, rng) -> tuple[dict[str, int], dict[int, str]]:
    out.mkdir(parents=True, exist_ok=True)
    pp, h = sim.pp, sim.h
    people = pp.active(sim.as_of)
    ids = nips(sim, people)
    keep = set(ids)
    units = sim.org.units[["unit_id", "unit_name", "unit_type", "parent_unit_id"]]
    pos = sim.org.positions.copy()
    pos["max_age"] = pos.max_age.map(lambda a: "" if a is None or pd.isna(a) else str(int(a)))
    pos = pos[["position_id", "title", "unit_id", "job_type", "functional_level", "job_class", "min_education",
               "fields_of_study", "min_rank", "max_age", "competency_standard", "required_trainings", "slots"]]
    pid = sim.org.positions.position_id.to_numpy()
    asg = pd.DataFrame([dict(employee_id=ids[e], position_id=pid[p], start_date=iso(s),
                             end_date=iso(en) if en >= 0 else "", kind=k)
                        for e, p, s, en, k in h.asg if e in keep])
    perf = pd.DataFrame([dict(employee_id=ids[e], year=y, rating=r, score=s) for e, y, r, s in h.perf if e in keep])
    trn = pd.DataFrame([dict(employee_id=ids[e], name=n, kind=k, hours=hr, end_date=iso(d))
                        for e, n, k, hr, d in h.trainings.rows if e in keep and pp.hire[e] <= d < sim.as_of])
    ass = pd.DataFrame([dict(employee_id=ids[e], competency=c, level=f"{lv:g}", assessed_date=iso(d))
                        for e, c, lv, d in h.assess if e in keep and d < sim.as_of])
    frames = {"units.csv": units, "positions.csv": pos, "employees.csv": _employees(sim, people, ids, rng),
              "education.csv": _education(sim, people, ids, rng),
              "trainings.csv": trn.sort_values(["employee_id", "end_date"], kind="stable"),
              "performance.csv": perf.sort_values(["employee_id", "year"], kind="stable"),
              "assignments.csv": asg.sort_values(["employee_id", "start_date"], kind="stable"),
              "assessments.csv": ass.sort_values(["employee_id", "assessed_date"], kind="stable")}
    for name, df in frames.items():
        df.to_csv(out / name, index=False, lineterminator="\n")
    return {name: len(df) for name, df in frames.items()}, ids


