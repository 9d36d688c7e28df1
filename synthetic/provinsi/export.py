"""DIR/export: the HR export contract's CSV files, written from the world's final state.

Why a separate writer: the simulation keeps clean integers; everything the contract shows
as text (NIP, dates, ranks, free-text names) is produced here, once, in a fixed order so the
same seed gives byte-identical files. Only people in service on the export date appear, with
their whole history."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from .catalog import RANKS
from .people import NEVER, STATUS, to_date

UNIT_COLS = ["unit_id", "unit_name", "unit_type", "parent_unit_id"]
POS_COLS = ["position_id", "title", "unit_id", "job_type", "functional_level", "job_class",
            "min_education", "fields_of_study", "min_rank", "max_age", "competency_standard",
            "required_trainings", "slots"]


def _iso(d) -> str:
    return "" if d is None or d >= NEVER else to_date(int(d)).isoformat()


def nips(W, rows: np.ndarray) -> dict[int, str]:
    """18-digit NIP: birth date, TMT (YYYYMM; PPPK: year + '21'), gender, serial."""
    P = W.people
    out, seen = {}, {}
    for k in rows:
        b = to_date(P.i["birth"][k]).strftime("%Y%m%d")
        h = to_date(P.i["hire"][k])
        mid = f"{h.year}21" if P.i["status"][k] == 2 else h.strftime("%Y%m")
        prefix = f"{b}{mid}{2 if P.i['female'][k] else 1}"
        seen[prefix] = seen.get(prefix, 0) + 1
        out[int(k)] = f"{prefix}{seen[prefix]:03d}"
    return out


def _write(path: Path, df: pd.DataFrame):
    df.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def write_export(W, out: Path, rows: np.ndarray, nip: dict[int, str], rng):
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "units.csv", W.org.units[UNIT_COLS])
    pos = W.org.positions.copy()
    pos["slots"] = W.slots
    _write(out / "positions.csv", pos[POS_COLS])
    _write(out / "employees.csv", _employees(W, rows, nip, rng))
    keep = set(int(k) for k in rows)
    L = W.ledger
    pid = W.org.positions.position_id.to_numpy(str)
    edu = [(nip[k], lv, f, inst, yr) for k, lv, f, inst, yr in L.edu if k in keep]
    _write(out / "education.csv", pd.DataFrame(edu, columns=["employee_id", "level",
                                                             "field_of_study", "institution",
                                                             "graduation_year"]))
    trn = sorted((nip[k], _iso(d), n, kd, h) for k, n, kd, h, d in L.trn if k in keep and d <= W.as_of)
    _write(out / "trainings.csv", pd.DataFrame(trn, columns=["employee_id", "end_date", "name",
                                                             "kind", "hours"]))
    perf = [(nip[k], y, r, s) for k, y, r, s in L.perf if k in keep]
    _write(out / "performance.csv", pd.DataFrame(perf, columns=["employee_id", "year", "rating",
                                                                "score"]))
    asg = [(nip[k], pid[p], _iso(s), _iso(e) if e >= 0 else "", kind)
           for k, p, s, e, kind in L.asg if k in keep and e != s - 1]
    _write(out / "assignments.csv", pd.DataFrame(asg, columns=["employee_id", "position_id",
                                                               "start_date", "end_date", "kind"]))
    asm = [(nip[k], c, lv, _iso(d)) for k, c, lv, d in L.asm if k in keep]
    _write(out / "assessments.csv", pd.DataFrame(asm, columns=["employee_id", "competency",
                                                               "level", "assessed_date"]))


def _employees(W, rows, nip, rng) -> pd.DataFrame:
    P = W.people
    uid = W.org.units.unit_id.to_numpy(str)
    recs = []
    for k in rows:
        st = int(P.i["status"][k])
        rank = "" if st == 2 or P.i["rank"][k] < 0 else RANKS[P.i["rank"][k]]
        rank_date = "" if not rank or rng.random() < 0.03 else _iso(P.i["rank_date"][k])
        op = {1: "Y", 0: "N"}.get(int(P.i["wish_open"][k]), "")
        pref = ";".join(uid[u] for u in P.wish_units[k] if u >= 0)
        s = int(P.i["sanction_until"][k])
        sanction = _iso(s) if s > W.as_of or (s > W.as_of - 365 and rng.random() < 0.3) else ""
        recs.append((nip[int(k)], P.name[k], "P" if P.i["female"][k] else "L",
                     _iso(P.i["birth"][k]), STATUS[st], rank, rank_date, _iso(P.i["hire"][k]),
                     op, pref, sanction))
    df = pd.DataFrame(recs, columns=["employee_id", "name", "gender", "birth_date", "status",
                                     "rank", "rank_date", "hire_date", "open_to_move",
                                     "preferred_unit_ids", "sanction_until"])
    return df.sort_values("employee_id", kind="stable")
