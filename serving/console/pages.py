"""What each console page shows, gathered from the worker's Recommender and RoundDesk (the
API's own objects). Plain dicts for the templates; no words here (those are the catalogue's).
Employee names and NIPs are shown to the desk, who hold the token; nothing here logs them."""

from __future__ import annotations

import base64
import functools
import math
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from features.requests import RequestError
from serving.ranking import Recommender

MAX_RESULTS = 25
MAX_COMPARE = 3
MOVES_PER_PAGE = 50
AUDIT_SHOWN = 200
FOUR_FIFTHS = 0.8       # the alarm of the fairness audit (training.fairness)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    s = str(value)
    return None if s in ("", "nan", "<NA>", "NaT") else s


class Directory:
    """Who and what can be searched: employees by name or NIP, positions by title, unit name
    or id. Built once per worker (a few milliseconds for 5,000 people)."""

    def __init__(self, rec: Recommender) -> None:
        ex = rec.export
        emp, pos, units = ex.employees, ex.positions, ex.units
        self.unit_name = dict(zip(units["unit_id"].astype(str), units["unit_name"].astype(str)))
        self.emp_ids = emp["employee_id"].astype(str).tolist()
        self.emp_names = emp["name"].astype(str).tolist()
        self._emp_keys = [f"{n.lower()} {i}" for n, i in zip(self.emp_names, self.emp_ids)]
        self.pos_ids = pos["position_id"].astype(str).tolist()
        self.pos_titles = pos["title"].astype(str).tolist()
        self.pos_units = pos["unit_id"].astype(str).tolist()
        self._pos_keys = [f"{t.lower()} {self.unit_name.get(u, u).lower()} {u.lower()} "
                          f"{p.lower()}" for t, u, p in
                          zip(self.pos_titles, self.pos_units, self.pos_ids)]
        cur = emp["current_position_id"] if "current_position_id" in emp else [None] * len(emp)
        self.emp_current = [_text(c) for c in cur]

    def search(self, q: str, kind: str) -> tuple[list[dict], int]:
        """(first MAX_RESULTS matches, how many matched): every word of q must appear."""
        words = q.lower().split()
        if kind == "employee":
            hits = [i for i, key in enumerate(self._emp_keys) if all(w in key for w in words)]
            return [self.employee_brief(i) for i in hits[:MAX_RESULTS]], len(hits)
        hits = [j for j, key in enumerate(self._pos_keys) if all(w in key for w in words)]
        return [self.position_brief(j) for j in hits[:MAX_RESULTS]], len(hits)

    def employee_brief(self, i: int) -> dict:
        cur = self.emp_current[i]
        j = self._pos_row(cur)
        return {"employee_id": self.emp_ids[i], "name": self.emp_names[i],
                "position_id": cur, "title": self.pos_titles[j] if j is not None else None,
                "unit_name": self.unit_name.get(self.pos_units[j]) if j is not None else None}

    def position_brief(self, j: int) -> dict:
        u = self.pos_units[j]
        return {"position_id": self.pos_ids[j], "title": self.pos_titles[j], "unit_id": u,
                "unit_name": self.unit_name.get(u, u)}

    @functools.cached_property
    def _pos_index(self) -> dict[str, int]:
        return {p: j for j, p in enumerate(self.pos_ids)}

    def _pos_row(self, position_id: str | None) -> int | None:
        return None if position_id is None else self._pos_index.get(position_id)


def employee_facts(rec: Recommender, directory: Directory, employee_id: str) -> dict:
    """The employee's header: name, NIP, status, golongan, current jabatan and unit."""
    i = rec.export.employee_rows[employee_id]
    row = rec.export.employees.iloc[i]
    brief = directory.employee_brief(i)
    return {**brief, "status": _text(row.get("status")), "rank": _text(row.get("rank")),
            "current_start": _text(row.get("current_start_date"))[:10] if _text(row.get("current_start_date")) else None}


def position_facts(rec: Recommender, directory: Directory, position_id: str) -> dict:
    """The position's header: title, unit, job type, floors, fields asked, slots, vacancies."""
    j = rec.export.position_rows[position_id]
    row = rec.export.positions.iloc[j]
    fields = row.get("fields_of_study")
    if isinstance(fields, (list, tuple, np.ndarray)):
        fields = "; ".join(map(str, fields))
    return {**directory.position_brief(j), "job_type": _text(row.get("job_type")),
            "job_class": _text(row.get("job_class")),
            "min_rank": _text(row.get("min_rank")),
            "min_education": _text(row.get("min_education")),
            "fields": _text(fields), "slots": _text(row.get("slots")),
            "vacancies": max(0, int(row.get("vacancies", 0) or 0))}


def compare_ids(raw: list[str]) -> list[str]:
    """The candidates to compare: 1 to MAX_COMPARE distinct ids, in the order given."""
    ids = list(dict.fromkeys(i.strip() for i in raw if i.strip()))
    if not ids:
        raise RequestError("ids", "choose at least one candidate to compare")
    if len(ids) > MAX_COMPARE:
        raise RequestError("ids", f"at most {MAX_COMPARE} candidates side by side")
    return ids


def round_view(round_: dict, directory: Directory, page: int) -> dict:
    """A stored round with names and titles for its moves (one page of them) and seats."""
    moves = round_["moves"]
    pages = max(1, math.ceil(len(moves) / MOVES_PER_PAGE))
    page = min(max(1, page), pages)
    shown = moves[(page - 1) * MOVES_PER_PAGE: page * MOVES_PER_PAGE]
    emp_row = {e: i for i, e in enumerate(directory.emp_ids)}
    out = []
    for m in shown:
        i = emp_row.get(m["employee_id"])
        out.append({**m, "name": directory.emp_names[i] if i is not None else m["employee_id"],
                    "from_title": _title(directory, m.get("from_position_id")),
                    "to_title": _title(directory, m["to_position_id"])})
    decided = sum(1 for m in moves if m.get("decision"))
    return {**round_, "moves": out, "n_moves": len(moves), "decided": decided,
            "page": page, "pages": pages}


def _title(directory: Directory, position_id: str | None) -> str | None:
    j = directory._pos_row(position_id)
    return directory.pos_titles[j] if j is not None else position_id


def move_view(round_: dict, move_id: str, directory: Directory) -> dict:
    move = next((m for m in round_["moves"] if m["move_id"] == move_id), None)
    if move is None:
        from features.requests import UnknownId

        raise UnknownId("move_id", move_id)
    view = round_view({**round_, "moves": [move]}, directory, 1)
    return {"round": round_, "move": view["moves"][0]}


def model_view(report: dict, rec: Recommender) -> dict:
    """The model page: version, snapshot, headline metrics, the fairness rows, plots inline
    (data: URIs — an <img> cannot carry the bearer token), the card."""
    fairness = []
    for key, table in (report.get("fairness") or {}).items():
        if key == "gaps" or not isinstance(table, dict) or "ratio" not in table:
            continue
        attribute, _, direction = key.partition("/")
        value, low, high = (_finite(v) for v in (list(table["ratio"]) + [None] * 3)[:3])
        fairness.append({"attribute": attribute, "direction": direction, "ratio": value,
                         "low": low if high is not None else None, "high": high,
                         "groups": table.get("groups", []),
                         "alarm": value is not None and value < FOUR_FIFTHS})
    plots = {name: "data:image/png;base64," + base64.b64encode(data).decode()
             for name, data in report.get("plots", {}).items()}
    return {"version": rec.model_version, "snapshot": rec.data_snapshot,
            "run_id": report.get("run_id"), "headline": report.get("headline", {}),
            "tags": report.get("tags", {}), "fairness": fairness, "plots": plots,
            "card": report.get("card"), "features": len(rec.feature_names),
            "as_of": date.today().isoformat()}


def _finite(value: Any) -> float | None:
    """A number, or None for a missing or NaN one (a ratio with too few people to tell)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def audit_view(records: list[dict]) -> list[dict]:
    """The newest AUDIT_SHOWN records first."""
    return list(reversed(records[-AUDIT_SHOWN:]))
