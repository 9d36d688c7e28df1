"""Everything about an Export that does not depend on the "as of" date, parsed once.

`FeatureStore(export)` turns the loaded tables into integer-keyed numpy arrays: positions and
units with their target fields, competency standards and required trainings; and every history
row (education, trainings, performance, assignments, assessments) with its date, so that
features.pairs.PairFeatures can build the blocks for any date with vectorised filters.

Merit law, structurally: the protected employee columns (export.PROTECTED_EMPLOYEE_COLUMNS:
NIP, name, gender, birth date) are dropped before anything else is read. The NIP is used once,
through the export's id → row lookup (`export.employee_rows`), to turn each table's
employee_id into the employee's row position in export.employees (an integer with no meaning
of its own), and is not kept. Nothing in the store
can therefore compute an age or read a gender.
"""

from __future__ import annotations

import re
import weakref
from datetime import date, datetime  # noqa: F401 (types in signatures)

import numpy as np
import pandas as pd
from scipy import sparse

from features import vocab
from features.catalog import JOB_TYPE_CODE, unit_type_code
from features.export import PROTECTED_EMPLOYEE_COLUMNS, Export, export_date
from features.fields import (FAMILY_INDEX, FIELD_INDEX, field_family, fields_in_text,
                             normalize_field, target_fields, unit_fields)

N_FIELDS = len(FIELD_INDEX)
N_COMPETENCIES = len(vocab.COMPETENCY_CODES)
COMPETENCY_INDEX = {c: i for i, c in enumerate(vocab.COMPETENCY_CODES)}
# Leadership trainings by level (PKP 1 … PKN1 4); LATSAR is level 0 of the same ladder.
LEADERSHIP_LEVEL: dict[str, int] = {name: lvl for lvl, name in
                                    vocab.LEADERSHIP_TRAINING_FOR_LEVEL.items()}
CANONICAL_TRAININGS: tuple[str, ...] = ("LATSAR",) + vocab.LEADERSHIP_TRAININGS
N_JOB_TYPES = len(vocab.JOB_TYPES)
N_LEVELS = max(vocab.MANAGERIAL_LEVEL.values()) + 1


def as_date(value: date | datetime | str | pd.Timestamp) -> date:
    """A date from a date, datetime, Timestamp or ISO string; ValueError naming the value
    otherwise."""
    if isinstance(value, (date, pd.Timestamp, np.datetime64)) or (
            isinstance(value, str) and value.strip()):
        try:
            ts = pd.Timestamp(value)
        except (ValueError, TypeError):
            ts = pd.NaT
        if not pd.isna(ts):
            return ts.date()
    raise ValueError(f"as_of must be a date (YYYY-MM-DD), got {value!r}")


def day_number(value: date | datetime | str | pd.Timestamp) -> float:
    """Days since 1970-01-01 of a date (the unit every date in the store uses)."""
    return float(np.datetime64(as_date(value), "D").astype(np.int64))


def _days(s: pd.Series) -> np.ndarray:
    """datetime column → float days since epoch, NaN for NaT."""
    a = pd.to_datetime(s).to_numpy(dtype="datetime64[D]")
    out = a.astype(np.int64).astype(np.float64)
    out[np.isnat(a)] = np.nan
    return out


def _float(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def _mask(fields) -> int:
    m = 0
    for f in fields:
        i = FIELD_INDEX.get(f)
        if i is not None:
            m |= 1 << i
    return m


def _family_masks(field_masks: np.ndarray) -> np.ndarray:
    """Family bitmasks of an array of field bitmasks (computed once per distinct mask)."""
    uniq, inv = np.unique(field_masks, return_inverse=True)
    return np.array([_family_mask(int(u)) for u in uniq], dtype=np.int64)[inv.ravel()] \
        if len(uniq) else np.zeros(0, dtype=np.int64)


def _family_mask(field_mask: int) -> int:
    m = 0
    for f, i in FIELD_INDEX.items():
        if field_mask >> i & 1:
            m |= 1 << FAMILY_INDEX[field_family(f)]
    return m


def _tokens(text: str) -> frozenset[str]:
    return frozenset(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _group(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows grouped by key (CSR style): rows of key k are order[starts[k]:starts[k+1]]."""
    order = np.argsort(keys, kind="stable")
    starts = np.searchsorted(keys[order], np.arange(n + 1))
    return order, starts


def _overlap(row_masks: np.ndarray, set_masks: np.ndarray) -> sparse.csr_matrix:
    """rows × sets: 1 where a row's bitmask shares a bit with a set's bitmask."""
    if len(row_masks) == 0 or len(set_masks) == 0:
        return sparse.csr_matrix((len(row_masks), len(set_masks)), dtype=np.float64)
    hit = (row_masks[:, None] & set_masks[None, :]) != 0
    return sparse.csr_matrix(hit.astype(np.float64))


class FeatureStore:
    """Date-independent parse of an Export for features (see module doc).

    Attributes ending in an underscore are the parsed arrays; `n_employees`, `n_positions`,
    `n_units` size them. Employees are addressed by row position in export.employees.
    """

    def __init__(self, export: Export) -> None:
        keys = export.employee_rows
        employees = export.employees.drop(
            columns=[c for c in PROTECTED_EMPLOYEE_COLUMNS if c in export.employees.columns])

        def rekey(df: pd.DataFrame) -> pd.DataFrame:
            emp = df["employee_id"].astype(str).map(keys)
            out = df.drop(columns=["employee_id"])[emp.notna().to_numpy()].copy()
            out["emp"] = emp[emp.notna()].astype(np.int64).to_numpy()
            return out.reset_index(drop=True)

        tables = {t: rekey(export.table(t)) for t in
                  ("education", "trainings", "performance", "assignments", "assessments")}
        self.n_employees = len(employees)
        # The day the export describes: what it says of "now" (today's rank) holds from then
        # (no dated row at all: never).
        try:
            self.snapshot_day_ = day_number(export_date(export))
        except ValueError:
            self.snapshot_day_ = np.inf
        self._units(export.units, export.unit_rows)
        self._positions(export.positions, export.position_rows)
        self._employees(employees)
        self._education(tables["education"])
        self._assignments(tables["assignments"])
        self._trainings(tables["trainings"])
        self._performance(tables["performance"])
        self._assessments(tables["assessments"])

    # --- static tables ---------------------------------------------------------------------
    def _units(self, units: pd.DataFrame, rows: dict[str, int]) -> None:
        self.unit_ids_ = units["unit_id"].astype(str).to_numpy()
        self.unit_names_ = units["unit_name"].astype(str).to_numpy()
        self.unit_index_ = rows
        self.n_units = len(units)
        parent = units.get("parent_unit_id", pd.Series(pd.NA, index=units.index))
        self.unit_parent_ = np.array([self.unit_index_.get(p, -1) if isinstance(p, str) else -1
                                      for p in parent], dtype=np.int64)
        self.unit_type_ = np.array([unit_type_code(t) for t in units["unit_type"]],
                                   dtype=np.int64)
        self.unit_field_mask_ = np.array(
            [_mask(target_fields(unit_fields(n, t))) for n, t in zip(units["unit_name"], units["unit_type"])],
            dtype=np.int64)

    def _positions(self, positions: pd.DataFrame, rows: dict[str, int]) -> None:
        P = self.n_positions = len(positions)
        self.position_ids_ = positions["position_id"].astype(str).to_numpy()
        self.position_titles_ = positions["title"].astype(str).to_numpy()
        self.position_index_ = rows
        self.pos_unit_ = np.array([self.unit_index_.get(u, -1) for u in positions["unit_id"]],
                                  dtype=np.int64)
        self.pos_job_type_ = np.array([JOB_TYPE_CODE.get(t, -1) for t in positions["job_type"]],
                                      dtype=np.int64)
        self.pos_level_ = _float(positions["managerial_level"])
        self.pos_class_ = _float(positions["job_class"])
        self.pos_min_edu_ = _float(positions["min_education_ordinal"])
        self.pos_min_rank_ = _float(positions["min_rank_ordinal"])
        self.pos_min_rank_text_ = positions["min_rank"].to_numpy(dtype=object)
        self.pos_min_edu_text_ = positions["min_education"].to_numpy(dtype=object)
        # Canonical fields asked for, in the order listed (unknown spellings are dropped).
        asked = [tuple(dict.fromkeys(f for f in (normalize_field(x) for x in (v or ())) if f))
                 for v in positions["fields_of_study"]]
        self.pos_fields_ = asked
        self.pos_explicit_mask_ = np.array([_mask(target_fields(a)) for a in asked],
                                           dtype=np.int64)
        self.pos_any_field_ = np.array([len(v or ()) == 0 for v in positions["fields_of_study"]])
        self._fill_empty_unit_masks()
        self.pos_unit_mask_ = np.where(self.pos_unit_ >= 0,
                                       self.unit_field_mask_[np.maximum(self.pos_unit_, 0)], 0)
        # Target fields: the ones asked for. An any-field post gets them from its title and
        # unit: a staff post (fungsional, pelaksana) is what its title names ("Pranata
        # Komputer" in Dinkes is IT work), else its unit's usual fields; a structural post
        # leads part of its unit, so title and unit fields together.
        titles = {t: _mask(target_fields(fields_in_text(t)))
                  for t in set(self.position_titles_)}
        self.pos_title_mask_ = np.array([titles[t] for t in self.position_titles_],
                                        dtype=np.int64)
        staff = np.nan_to_num(self.pos_level_, nan=0) == 0
        derived = np.where(staff & (self.pos_title_mask_ != 0), self.pos_title_mask_,
                           np.where(staff, self.pos_unit_mask_,
                                    self.pos_title_mask_ | self.pos_unit_mask_))
        self.pos_target_mask_ = np.where(self.pos_explicit_mask_ != 0, self.pos_explicit_mask_,
                                         derived)
        first = np.full(P, np.nan)
        for i, (a, m) in enumerate(zip(asked, self.pos_target_mask_)):
            if a:
                first[i] = FIELD_INDEX[a[0]]
            elif m:
                first[i] = int(m & -m).bit_length() - 1   # lowest set bit
        self.pos_target_field_ = first
        fam = _family_masks(self.pos_target_mask_)
        # Distinct target sets: history rows are matched against sets, not positions.
        self.set_masks_, self.pos_set_ = np.unique(self.pos_target_mask_, return_inverse=True)
        self.famset_masks_, self.pos_famset_ = np.unique(fam, return_inverse=True)
        self.pos_set_overlap_ = _overlap(self.pos_target_mask_, self.set_masks_)
        self.pos_famset_overlap_ = _overlap(fam, self.famset_masks_)
        self.n_sets, self.n_famsets = len(self.set_masks_), len(self.famset_masks_)
        # Competency standard, NaN = not required.
        std = np.full((P, N_COMPETENCIES), np.nan)
        for i, d in enumerate(positions["competency_standard"]):
            for code, lvl in (d or {}).items():
                j = COMPETENCY_INDEX.get(code)
                if j is not None and lvl and lvl > 0:
                    std[i, j] = lvl
        self.pos_standard_ = std
        # Required trainings: canonical names, then each distinct free-text requirement.
        reqs = [tuple(v or ()) for v in positions["required_trainings"]]
        free = sorted({r for rs in reqs for r in rs if r not in CANONICAL_TRAININGS})
        self.req_names_ = CANONICAL_TRAININGS + tuple(free)
        req_index = {r: i for i, r in enumerate(self.req_names_)}
        req = np.zeros((P, len(self.req_names_)), dtype=bool)
        for i, rs in enumerate(reqs):
            for r in rs:
                req[i, req_index[r]] = True
        self.pos_required_ = req
        self.pos_n_required_ = req.sum(axis=1)
        self._free_req_tokens = [_tokens(r) for r in free]

    def _fill_empty_unit_masks(self) -> None:
        """A unit whose name and type say nothing borrows the fields its own positions ask
        for most (each field asked by ≥ 25 % of its positions that ask for any)."""
        for u in np.flatnonzero(self.unit_field_mask_ == 0):
            masks = self.pos_explicit_mask_[(self.pos_unit_ == u) & (self.pos_explicit_mask_ != 0)]
            if len(masks) == 0:
                continue
            counts = np.array([((masks >> i) & 1).sum() for i in range(N_FIELDS)])
            keep = counts >= max(1, 0.25 * len(masks))
            self.unit_field_mask_[u] = _mask(f for f, i in FIELD_INDEX.items() if keep[i])

    def _employees(self, employees: pd.DataFrame) -> None:
        E = self.n_employees
        self.emp_rank_ = _float(employees["rank_ordinal"])
        self.emp_rank_date_ = _days(employees["rank_date"])
        self.emp_hire_ = _days(employees["hire_date"])
        move = employees["open_to_move"] if "open_to_move" in employees else pd.Series(
            pd.NA, index=employees.index)
        self.emp_open_ = pd.array(move, dtype="boolean").to_numpy(dtype=np.float64,
                                                                  na_value=np.nan)
        pref = np.zeros((E, self.n_units), dtype=bool)
        prefs = employees.get("preferred_unit_ids", pd.Series([()] * E))
        for i, ids in enumerate(prefs):
            for u in ids or ():
                j = self.unit_index_.get(u)
                if j is not None:
                    pref[i, j] = True
        self.emp_pref_ = pref
        self.emp_has_pref_ = pref.any(axis=1)
        # employees.highest_education is today's: education comes from the dated rows only.

    # --- history tables --------------------------------------------------------------------
    def _education(self, edu: pd.DataFrame) -> None:
        edu = edu.sort_values(["emp", "level_ordinal"], kind="stable").reset_index(drop=True)
        self.edu_emp_ = edu["emp"].to_numpy()
        self.edu_level_ = _float(edu["level_ordinal"])
        self.edu_level_text_ = edu["level"].to_numpy(dtype=object)
        self.edu_year_ = _float(edu["graduation_year"])
        self.edu_raw_ = edu["field_of_study"].to_numpy(dtype=object)
        canon = [normalize_field(x if isinstance(x, str) else None) for x in self.edu_raw_]
        self.edu_field_ = np.array([FIELD_INDEX[c] if c else -1 for c in canon], dtype=np.int64)
        self.edu_groups_ = _group(self.edu_emp_, self.n_employees)

    def _assignments(self, asg: pd.DataFrame) -> None:
        asg = asg.assign(pos=asg["position_id"].astype(str).map(self.position_index_))
        asg = asg[asg["pos"].notna()]
        start = _days(asg["start_date"])
        asg = asg[~np.isnan(start)]
        asg = asg.assign(start=_days(asg["start_date"])).sort_values(
            ["emp", "start"], kind="stable").reset_index(drop=True)
        self.asg_emp_ = asg["emp"].to_numpy()
        self.asg_pos_ = asg["pos"].astype(np.int64).to_numpy()
        self.asg_start_ = asg["start"].to_numpy()
        end = _days(asg["end_date"])
        self.asg_end_ = np.where(np.isnan(end), np.inf, end)
        self.asg_groups_ = _group(self.asg_emp_, self.n_employees)

    def _trainings(self, tr: pd.DataFrame) -> None:
        tr = tr.reset_index(drop=True)
        self.tr_emp_ = tr["emp"].to_numpy()
        self.tr_end_ = _days(tr["end_date"])
        self.tr_hours_raw_ = _float(tr["hours"])
        self.tr_hours_ = np.nan_to_num(self.tr_hours_raw_, nan=0.0)
        self.tr_names_ = tr["name"].astype(str).to_numpy(dtype=object)
        canon = tr["canonical_name"].to_numpy(dtype=object) if "canonical_name" in tr else \
            np.array([vocab.canonical_training(n) for n in self.tr_names_], dtype=object)
        canon = np.array([c if isinstance(c, str) and c in CANONICAL_TRAININGS else None
                          for c in canon], dtype=object)
        self.tr_leadership_ = np.array([LEADERSHIP_LEVEL.get(c, 0) if c else 0 for c in canon],
                                       dtype=np.int64)
        lookup: dict[str, int] = {}
        masks = np.zeros(len(tr), dtype=np.int64)
        for i, (n, c) in enumerate(zip(self.tr_names_, canon)):
            if c is None:       # leadership and LATSAR are about no field of study
                if n not in lookup:
                    lookup[n] = _mask(target_fields(fields_in_text(n)))
                masks[i] = lookup[n]
        self.tr_field_mask_ = masks
        fam = _family_masks(masks)
        self.tr_set_overlap_ = _overlap(masks, self.set_masks_)
        self.tr_famset_overlap_ = _overlap(fam, self.famset_masks_)
        coo = self.tr_set_overlap_.tocoo()
        self._tr_ov_row, self._tr_ov_set = coo.row, coo.col
        # Which requirement each training row satisfies (leadership: that level or higher).
        held = np.zeros((len(tr), len(self.req_names_)), dtype=bool)
        held[:, 0] = canon == "LATSAR"
        for j, name in enumerate(vocab.LEADERSHIP_TRAININGS, start=1):
            held[:, j] = self.tr_leadership_ >= LEADERSHIP_LEVEL[name]
        if self._free_req_tokens:
            name_tokens = {n: _tokens(n) for n in set(self.tr_names_)}
            for k, req in enumerate(self._free_req_tokens, start=len(CANONICAL_TRAININGS)):
                held[:, k] = [bool(req) and req <= name_tokens[n] for n in self.tr_names_]
        self.tr_satisfies_ = sparse.csr_matrix(held.astype(np.float64))
        self.tr_groups_ = _group(self.tr_emp_, self.n_employees)

    def _performance(self, perf: pd.DataFrame) -> None:
        perf = perf[perf["value"].notna()].reset_index(drop=True)
        emp = perf["emp"].to_numpy()
        year = perf["year"].astype(np.int64).to_numpy()
        value = perf["value"].astype(float).to_numpy()
        self.perf_year0 = int(year.min()) if len(year) else 2000
        n_years = int(year.max()) - self.perf_year0 + 1 if len(year) else 1
        grid = np.full((self.n_employees, n_years), np.nan)
        grid[emp, year - self.perf_year0] = value
        self.perf_grid_ = grid
        # The position held at mid-year: performance there says how the person did in it.
        mid = ((year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
               + 181).astype(np.float64)
        self.perf_emp_, self.perf_year_, self.perf_value_ = emp, year, value
        self.perf_pos_ = self._position_at(emp, mid)

    def _position_at(self, emp: np.ndarray, day: np.ndarray) -> np.ndarray:
        """The position each (employee, day) was held in: the latest-started assignment that
        covers the day (-1 if none)."""
        out = np.full(len(emp), -1, dtype=np.int64)
        if len(emp) == 0 or len(self.asg_emp_) == 0:
            return out
        left = pd.DataFrame({"emp": emp, "day": day, "k": np.arange(len(emp))}).sort_values("day")
        right = pd.DataFrame({"emp": self.asg_emp_, "day": self.asg_start_,
                              "end": self.asg_end_, "pos": self.asg_pos_}).sort_values("day")
        m = pd.merge_asof(left, right, on="day", by="emp", direction="backward")
        ok = m["pos"].notna().to_numpy() & (m["end"].to_numpy() > m["day"].to_numpy())
        out[m["k"].to_numpy()[ok]] = m["pos"].to_numpy()[ok].astype(np.int64)
        return out

    def _assessments(self, ass: pd.DataFrame) -> None:
        comp = ass["competency"].astype(str).map(COMPETENCY_INDEX)
        ok = comp.notna().to_numpy() & ass["level"].notna().to_numpy()
        ass = ass[ok].assign(comp=comp[ok].astype(np.int64))
        ass = ass.assign(day=_days(ass["assessed_date"]))
        ass = ass[ass["day"].notna()].sort_values("day", kind="stable").reset_index(drop=True)
        self.as_emp_ = ass["emp"].to_numpy()
        self.as_comp_ = ass["comp"].to_numpy()
        self.as_level_ = ass["level"].astype(float).to_numpy()
        self.as_day_ = ass["day"].to_numpy()

    # --- cache -----------------------------------------------------------------------------
    @classmethod
    def of(cls, export: Export) -> FeatureStore:
        """The store of an export, built once and cached while the export lives (rebuilt if
        one of its tables was replaced)."""
        ident = tuple(id(export.table(t)) for t in _TABLES)
        hit = _CACHE.get(id(export))
        if hit is not None and hit[0]() is export and hit[1] == ident:
            return hit[2]
        store = cls(export)
        key = id(export)
        _CACHE[key] = (weakref.ref(export), ident, store)
        weakref.finalize(export, _CACHE.pop, key, None)
        return store


_TABLES = ("units", "positions", "employees", "education", "trainings", "performance",
           "assignments", "assessments")
_CACHE: dict[int, tuple[weakref.ref, tuple[int, ...], FeatureStore]] = {}
