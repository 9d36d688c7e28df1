"""Features of (employee, position) pairs as of a date: the one implementation that training
and serving both call.

    pf = PairFeatures(export, as_of=date(2024, 1, 1))
    X = pf.pairs(emp_idx, pos_idx)          # float32 [n, F], columns = pf.feature_names
    X = pf.for_employee(i)                  # one employee × all positions
    X = pf.for_position(j)                  # one position × all employees
    facts = pf.describe(i, j)               # raw facts behind reasons and gaps

Employees and positions are addressed by row position in export.employees /
export.positions. NaN means unknown. Categorical columns (catalog.CATEGORICAL_FEATURES) hold
stable integer codes as floats.

Time: every block is built from rows dated strictly before `as_of` — assignments that started
before it (durations clipped at it), trainings that ended before it, appraisals of earlier
years, education graduated in an earlier year (undated rows count as known), assessments
dated before it. The per-row parsing happens once per export in features.store.FeatureStore
(cached), so a PairFeatures for another date costs only vectorised filters.

Merit: the store never sees name, NIP, gender or birth date (see features.store); no feature
is an age or a proxy of it (graduation year only filters rows, it is never a value).
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
from scipy import sparse

from features import vocab
from features.catalog import (CATEGORICAL_FEATURES, FEATURE_INDEX, FEATURE_NAMES, FEATURES,
                              SERVICE_YEARS_CAP,
                              UNIT_TYPES)
from features.export import Export
from features.fields import FAMILY_INDEX, FIELD_INDEX, field_family
from features.store import (N_COMPETENCIES, N_JOB_TYPES, N_LEVELS, FeatureStore,
                            as_date, day_number)

_CHUNK = 200_000            # pairs per block in pairs(): bounds temporary memory
_FIELDS = tuple(FIELD_INDEX)


def _last_per_group(keys: np.ndarray) -> np.ndarray:
    """Positions of the last element of each run of equal keys (keys sorted)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[keys[1:] != keys[:-1], True])


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


class PairFeatures:
    """Features of (employee, position) pairs as of a date, from an Export."""

    feature_names: list[str] = list(FEATURE_NAMES)
    categorical_features: list[str] = list(CATEGORICAL_FEATURES)

    def __init__(self, export: Export, as_of: date | datetime | str,
                 store: FeatureStore | None = None) -> None:
        # The export itself is not kept: only the store, which has no protected column.
        self.store = s = store if store is not None else FeatureStore.of(export)
        self.as_of = as_date(as_of)
        self.t = t = day_number(self.as_of)
        self.year = self.as_of.year
        E = s.n_employees
        self._current(t, E)
        self._rank_and_service(t)
        self._education(E)
        self._experience(t, E)
        self._training(t, E)
        self._performance(E)
        self._assessments(t, E)

    # --- per-employee blocks as of the date ------------------------------------------------
    def _current(self, t: float, E: int) -> None:
        s = self.store
        sel = np.flatnonzero(s.asg_start_ < t)
        last = sel[_last_per_group(s.asg_emp_[sel])]
        emp = s.asg_emp_[last]
        self.cur_row = np.full(E, -1, dtype=np.int64)     # assignment row, for describe
        self.cur_row[emp] = last
        self.cur_pos = np.full(E, -1, dtype=np.int64)
        self.cur_pos[emp] = s.asg_pos_[last]
        self.tenure = np.full(E, np.nan)
        self.tenure[emp] = ((np.minimum(s.asg_end_[last], t) - s.asg_start_[last])
                            / vocab.DAYS_PER_YEAR)
        has = self.cur_pos >= 0
        p = np.maximum(self.cur_pos, 0)
        self.cur_unit = np.where(has, s.pos_unit_[p], -1)
        self.cur_level = np.where(has, s.pos_level_[p], np.nan)
        self.cur_class = np.where(has, s.pos_class_[p], np.nan)
        self.cur_job_type = np.where(has, s.pos_job_type_[p], -1)
        u = np.maximum(self.cur_unit, 0)
        self.cur_unit_type = np.where(self.cur_unit >= 0, s.unit_type_[u], -1)
        self.cur_unit_parent = np.where(self.cur_unit >= 0, s.unit_parent_[u], -1)

    def _rank_and_service(self, t: float) -> None:
        s = self.store
        # The export has only today's rank and its date (TMT). A rank reached after the date
        # was not held then: one grade lower, and one more per 4 years further back. Without
        # a rank date, today's rank holds only from the export's own date; before it the rank
        # is estimated from the diploma held at hire and the years served — never from
        # today's (a later) rank.
        step = vocab.YEARS_PER_RANK_STEP * vocab.DAYS_PER_YEAR
        later = s.emp_rank_date_ > t
        steps = np.where(later, 1 + np.floor((s.emp_rank_date_ - t) / step), 0)
        rank = np.maximum(s.emp_rank_ - steps, 1)
        undated = np.isnan(s.emp_rank_date_) & (t < s.snapshot_day_)
        if undated.any():
            rank = np.where(undated, self._rank_from_entry(t), rank)
        self.rank = np.where(np.isnan(s.emp_rank_), np.nan, rank)
        service = (t - s.emp_hire_) / vocab.DAYS_PER_YEAR
        self.service = np.where(service >= 0, service, np.nan)

    def _rank_from_entry(self, t: float) -> np.ndarray:
        """Entry rank of the highest diploma graduated by the hire year, plus a grade per 4
        full years of service at ``t`` (NaN when hire date or diploma is unknown)."""
        s = self.store
        hire_year = 1970 + np.floor(s.emp_hire_ / 365.2425)
        edu = np.full(s.n_employees, np.nan)
        ok = np.isnan(s.edu_year_) | (s.edu_year_ <= hire_year[s.edu_emp_])
        np.fmax.at(edu, s.edu_emp_[ok], s.edu_level_[ok])
        entry = {vocab.EDUCATION_ORDINAL[e]: vocab.RANK_ORDINAL[r]
                 for e, r in vocab.ENTRY_RANK_BY_EDUCATION.items()}
        table = np.full(max(entry) + 1, np.nan)
        for level, rank in entry.items():
            table[level] = rank
        first = np.where(np.isnan(edu), np.nan, table[np.nan_to_num(edu).astype(int)])
        served = np.floor((t - s.emp_hire_) / (vocab.YEARS_PER_RANK_STEP * vocab.DAYS_PER_YEAR))
        return np.clip(first + np.maximum(served, 0), 1, len(vocab.RANKS))

    def _education(self, E: int) -> None:
        s = self.store
        ok = np.isnan(s.edu_year_) | (s.edu_year_ < self.year)
        rows = np.flatnonzero(ok)
        self.edu_level = np.full(E, np.nan)
        np.fmax.at(self.edu_level, s.edu_emp_[rows], s.edu_level_[rows])
        known = rows[s.edu_field_[rows] >= 0]
        self.emp_fields = np.zeros(E, dtype=np.int64)
        np.bitwise_or.at(self.emp_fields, s.edu_emp_[known],
                         np.left_shift(1, s.edu_field_[known]).astype(np.int64))
        # Rows are sorted by (employee, level): the last known row is the highest level.
        last = known[_last_per_group(s.edu_emp_[known])]
        self.emp_field = np.full(E, -1, dtype=np.int64)
        self.emp_field[s.edu_emp_[last]] = s.edu_field_[last]
        fam = np.zeros(E, dtype=np.int64)
        for f, i in FIELD_INDEX.items():
            fam |= ((self.emp_fields >> i) & 1) << FAMILY_INDEX[field_family(f)]
        self.emp_families = fam

    def _experience(self, t: float, E: int) -> None:
        s = self.store
        sel = s.asg_start_ < t
        dur = np.where(sel, (np.minimum(s.asg_end_, t) - s.asg_start_) / vocab.DAYS_PER_YEAR, 0.0)
        dur = np.maximum(dur, 0.0)
        emp, pos = s.asg_emp_, s.asg_pos_
        D = sparse.csr_matrix((dur, (emp, pos)), shape=(E, s.n_positions))
        # Per-date blocks are float32: the trainer may hold many dates at once.
        self.exp_set = (D @ s.pos_set_overlap_).toarray().astype(np.float32)
        self.exp_famset = (D @ s.pos_famset_overlap_).toarray().astype(np.float32)

        def by(cat: np.ndarray, k: int) -> np.ndarray:
            c = cat[pos]
            ok = c >= 0
            return np.bincount(emp[ok] * k + c[ok], weights=dur[ok],
                               minlength=E * k).reshape(E, k)

        self.exp_unit = by(s.pos_unit_, max(s.n_units, 1)).astype(np.float32)
        unit_type = np.where(s.pos_unit_ >= 0, s.unit_type_[np.maximum(s.pos_unit_, 0)], -1)
        self.exp_unit_type = by(unit_type, len(UNIT_TYPES))
        self.exp_job_type = by(s.pos_job_type_, N_JOB_TYPES)
        level = np.where(np.isnan(s.pos_level_), -1, s.pos_level_).astype(np.int64)
        self.exp_level = by(level, N_LEVELS)
        self.structural_years = self.exp_level[:, 1:].sum(axis=1)
        # The highest managerial level and job class ever held (assignments started before t).
        held = np.flatnonzero(sel & (s.asg_pos_ >= 0))
        self.level_held = np.full(E, np.nan)
        np.fmax.at(self.level_held, emp[held], s.pos_level_[pos[held]])
        self.class_held = np.full(E, np.nan)
        np.fmax.at(self.class_held, emp[held], s.pos_class_[pos[held]])

    def _training(self, t: float, E: int) -> None:
        s = self.store
        done = s.tr_end_ < t                       # NaN end dates are never "before"
        n = len(done)
        idx = np.arange(n)
        W = sparse.csr_matrix((s.tr_hours_ * done, (s.tr_emp_, idx)), shape=(E, n))
        C = sparse.csr_matrix((done.astype(np.float64), (s.tr_emp_, idx)), shape=(E, n))
        self.tr_set_hours = (W @ s.tr_set_overlap_).toarray().astype(np.float32)
        self.tr_set_count = (C @ s.tr_set_overlap_).toarray().astype(np.float32)
        self.tr_famset_hours = (W @ s.tr_famset_overlap_).toarray().astype(np.float32)
        last = np.full(E * max(s.n_sets, 1), -np.inf)
        keep = done[s._tr_ov_row]
        r, c = s._tr_ov_row[keep], s._tr_ov_set[keep]
        np.maximum.at(last, s.tr_emp_[r] * s.n_sets + c, s.tr_end_[r])
        self.tr_set_last = last.reshape(E, -1).astype(np.float32)   # day numbers < 2**24
        recent = done & (s.tr_end_ >= t - 3 * vocab.DAYS_PER_YEAR)
        W3 = sparse.csr_matrix((s.tr_hours_ * recent, (s.tr_emp_, idx)), shape=(E, n))
        self.tr_set_hours_3y = (W3 @ s.tr_set_overlap_).toarray().astype(np.float32)
        age = np.where(done, (t - s.tr_end_) / vocab.DAYS_PER_YEAR, np.inf)
        fresh = s.tr_hours_ * np.where(done, np.exp2(-np.maximum(age, 0) / 3.0), 0.0)
        WD = sparse.csr_matrix((fresh, (s.tr_emp_, idx)), shape=(E, n))
        self.tr_set_fresh = (WD @ s.tr_set_overlap_).toarray().astype(np.float32)
        self.tr_hours_3y = np.bincount(s.tr_emp_, weights=s.tr_hours_ * recent, minlength=E)
        self.tr_count_3y = np.bincount(s.tr_emp_, weights=recent.astype(float), minlength=E)
        self.leadership = np.zeros(E)
        np.maximum.at(self.leadership, s.tr_emp_[done], s.tr_leadership_[done])
        self.req_held = (C @ s.tr_satisfies_).toarray() > 0

    def _performance(self, E: int) -> None:
        s = self.store
        # Appraisal of year Y is known from early Y+1: only years before the date's year.
        k = 5
        cols = np.arange(self.year - 1, self.year - 1 - k, -1) - s.perf_year0   # newest first
        V = np.full((E, k), np.nan)
        ok = (cols >= 0) & (cols < s.perf_grid_.shape[1])
        V[:, ok] = s.perf_grid_[:, cols[ok]]
        have = ~np.isnan(V)
        n = have.sum(axis=1)
        Vz = np.where(have, V, 0.0)
        self.perf_mean_5y = _div(Vz.sum(1), n)
        self.perf_mean_2y = _div(Vz[:, :2].sum(1), have[:, :2].sum(1))
        good = have & (V >= vocab.GOOD_RATING_VALUE)
        self.perf_n_good_5y = good.sum(1).astype(float)
        self.perf_good_last2 = np.where(have[:, :2].all(1), good[:, :2].all(1), np.nan)
        x = -np.arange(k, dtype=float)                     # years relative to the last one
        xm = _div((have * x).sum(1), n)
        dx = np.where(have, x - xm[:, None], 0.0)
        ym = self.perf_mean_5y
        self.perf_slope = np.where(n >= 2, _div((dx * np.where(have, V - ym[:, None], 0)).sum(1),
                                                (dx ** 2).sum(1)), np.nan)
        # Last rating: any earlier year, not only the last 5.
        upto = min(max(self.year - s.perf_year0, 0), s.perf_grid_.shape[1])
        self.perf_last = np.full(E, np.nan)
        if upto:
            G = s.perf_grid_[:, :upto]
            g_have = ~np.isnan(G)
            last_col = upto - 1 - np.argmax(g_have[:, ::-1], axis=1)   # newest rated year
            self.perf_last = np.where(g_have.any(1), G[np.arange(E), last_col], np.nan)
        # Appraisals by the kind of position held that year (fit, not only "who is good").
        sel = (s.perf_year_ < self.year) & (s.perf_pos_ >= 0)
        emp, pos, val = s.perf_emp_[sel], s.perf_pos_[sel], s.perf_value_[sel]
        S = sparse.csr_matrix((val, (emp, pos)), shape=(E, s.n_positions))
        N = sparse.csr_matrix((np.ones(len(val)), (emp, pos)), shape=(E, s.n_positions))
        self.perf_set_mean = _div((S @ s.pos_set_overlap_).toarray(),
                                  (N @ s.pos_set_overlap_).toarray()).astype(np.float32)
        jt = s.pos_job_type_[pos]
        okj = jt >= 0
        self.perf_jt_sum = np.bincount(emp[okj] * N_JOB_TYPES + jt[okj], weights=val[okj],
                                       minlength=E * N_JOB_TYPES).reshape(E, N_JOB_TYPES)
        self.perf_jt_n = np.bincount(emp[okj] * N_JOB_TYPES + jt[okj],
                                     minlength=E * N_JOB_TYPES).reshape(E, N_JOB_TYPES)

    def _assessments(self, t: float, E: int) -> None:
        s = self.store
        sel = np.flatnonzero(s.as_day_ < t)[::-1]          # newest first
        key = s.as_emp_[sel] * N_COMPETENCIES + s.as_comp_[sel]
        _, first = np.unique(key, return_index=True)       # the newest per (emp, competency)
        rows = sel[first]
        A = np.full((E, N_COMPETENCIES), np.nan)
        A[s.as_emp_[rows], s.as_comp_[rows]] = s.as_level_[rows]
        self.assessed = A

    # --- pairs -----------------------------------------------------------------------------
    def pairs(self, emp_idx: np.ndarray, pos_idx: np.ndarray) -> np.ndarray:
        """Feature matrix float32 [n, F] for pairs (emp_idx[k], pos_idx[k]); NaN = unknown."""
        e = np.asarray(emp_idx, dtype=np.int64).ravel()
        p = np.asarray(pos_idx, dtype=np.int64).ravel()
        if e.shape != p.shape:
            raise ValueError(f"emp_idx and pos_idx differ in length ({len(e)} vs {len(p)})")
        s = self.store
        for name, idx, n in (("emp_idx", e, s.n_employees), ("pos_idx", p, s.n_positions)):
            if len(idx) and (idx.min() < 0 or idx.max() >= n):
                raise IndexError(f"{name} out of range 0..{n - 1}")
        if len(e) <= _CHUNK:
            return self._block(e, p)
        return np.concatenate([self._block(e[i:i + _CHUNK], p[i:i + _CHUNK])
                               for i in range(0, len(e), _CHUNK)])

    def for_employee(self, emp_idx: int, pos_idx: np.ndarray | None = None) -> np.ndarray:
        """One employee against positions (all by default)."""
        p = np.arange(self.store.n_positions) if pos_idx is None else np.asarray(pos_idx)
        return self.pairs(np.full(len(p), int(emp_idx)), p)

    def for_position(self, pos_idx: int, emp_idx: np.ndarray | None = None) -> np.ndarray:
        """One position against employees (all by default)."""
        e = np.arange(self.store.n_employees) if emp_idx is None else np.asarray(emp_idx)
        return self.pairs(e, np.full(len(e), int(pos_idx)))

    def frame(self, emp_idx: np.ndarray, pos_idx: np.ndarray) -> pd.DataFrame:
        """pairs() as a DataFrame with the feature names as columns (float32)."""
        return pd.DataFrame(self.pairs(emp_idx, pos_idx), columns=self.feature_names)

    def _block(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        s = self.store
        n = len(e)
        X = np.full((n, len(FEATURES)), np.nan, dtype=np.float32)
        nan = np.nan

        def put(name: str, values) -> None:
            X[:, FEATURE_INDEX[name]] = values

        def flag(cond: np.ndarray, known: np.ndarray) -> np.ndarray:
            return np.where(known, cond.astype(np.float64), nan)

        # Field of study.
        target = s.pos_target_mask_[p]
        has_target = target != 0
        ef = self.emp_field[e]
        efs = self.emp_fields[e]
        put("field_match_highest", flag((target >> np.maximum(ef, 0)) & 1 == 1,
                                        has_target & (ef >= 0)))
        put("field_match_any", flag((efs & target) != 0, has_target & (efs != 0)))
        asked = s.pos_explicit_mask_[p]
        put("field_match_required", flag((efs & asked) != 0, (asked != 0) & (efs != 0)))
        fam_sets = s.famset_masks_[s.pos_famset_[p]]
        put("field_family_match", flag((self.emp_families[e] & fam_sets) != 0,
                                       has_target & (efs != 0)))
        umask = s.pos_unit_mask_[p]
        put("field_match_unit", flag((efs & umask) != 0, (umask != 0) & (efs != 0)))
        put("position_any_field", s.pos_any_field_[p])
        put("employee_field", np.where(ef >= 0, ef, nan))
        put("target_field", s.pos_target_field_[p])
        # Education.
        edu = self.edu_level[e]
        put("education_ordinal", edu)
        put("education_surplus", edu - s.pos_min_edu_[p])
        # Training.
        ps, pfs = s.pos_set_[p], s.pos_famset_[p]
        put("train_field_hours", np.where(has_target, self.tr_set_hours[e, ps], nan))
        put("train_field_count", np.where(has_target, self.tr_set_count[e, ps], nan))
        last = self.tr_set_last[e, ps]
        put("train_field_years_since",
            np.where(has_target & np.isfinite(last), (self.t - last) / vocab.DAYS_PER_YEAR, nan))
        put("train_family_hours", np.where(has_target, self.tr_famset_hours[e, pfs], nan))
        put("train_hours_3y", self.tr_hours_3y[e])
        put("train_count_3y", self.tr_count_3y[e])
        lead = self.leadership[e]
        level = s.pos_level_[p]
        put("leadership_level_held", lead)
        put("leadership_for_level", flag(lead >= level, level >= 1))
        nreq = s.pos_n_required_[p]
        held = (self.req_held[e] & s.pos_required_[p]).sum(axis=1)
        put("required_trainings_share", _div(held.astype(float), nreq))
        put("train_field_hours_3y", np.where(has_target, self.tr_set_hours_3y[e, ps], nan))
        put("train_field_recency_hours", np.where(has_target, self.tr_set_fresh[e, ps], nan))
        put("leadership_gap", np.where(level >= 1, level - lead, nan))
        # Experience.
        put("exp_field_years", np.where(has_target, self.exp_set[e, ps], nan))
        put("exp_family_years", np.where(has_target, self.exp_famset[e, pfs], nan))
        pu = s.pos_unit_[p]
        put("exp_unit_years", np.where(pu >= 0, self.exp_unit[e, np.maximum(pu, 0)], nan))
        put_ut = np.where(pu >= 0, s.unit_type_[np.maximum(pu, 0)], -1)
        put("exp_unit_type_years",
            np.where(put_ut >= 0, self.exp_unit_type[e, np.maximum(put_ut, 0)], nan))
        pjt = s.pos_job_type_[p]
        put("exp_job_type_years",
            np.where(pjt >= 0, self.exp_job_type[e, np.maximum(pjt, 0)], nan))
        lv = np.where(np.isnan(level), -1, level).astype(np.int64)
        put("exp_level_years", np.where(lv >= 0, self.exp_level[e, np.maximum(lv, 0)], nan))
        put("structural_years", self.structural_years[e])
        put("level_above_held", level - self.level_held[e])
        put("class_above_held", s.pos_class_[p] - self.class_held[e])
        put("tenure_years", self.tenure[e])
        put("service_years", self.service[e])
        put("service_years_capped", np.minimum(self.service[e], SERVICE_YEARS_CAP))
        # Managerial readiness (JPM): each competency capped at its standard (vocab.jpm).
        A, S = self.assessed[e], s.pos_standard_[p]
        both = ~np.isnan(A) & ~np.isnan(S)
        num = np.where(both, np.minimum(A, S), 0.0).sum(1)
        den = np.where(both, S, 0.0).sum(1)
        anyb = both.any(1)
        put("jpm", _div(num, den))
        put("jpm_min_gap", np.where(anyb, np.where(both, A - S, np.inf).min(1), nan))
        put("jpm_n_below", np.where(anyb, (both & (A < S)).sum(1), nan))
        # Rank.
        rank = self.rank[e]
        put("rank_ordinal", rank)
        put("rank_minus_floor", rank - s.pos_min_rank_[p])
        # Level and job.
        put("target_managerial_level", level)
        put("managerial_step", level - self.cur_level[e])
        put("target_job_class", s.pos_class_[p])
        put("job_class_step", s.pos_class_[p] - self.cur_class[e])
        cu = self.cur_unit[e]
        has_cur = cu >= 0
        same_unit = flag(cu == pu, has_cur)
        put("same_unit", same_unit)
        parent_p = np.where(pu >= 0, s.unit_parent_[np.maximum(pu, 0)], -1)
        parent_c = self.cur_unit_parent[e]
        cluster = (cu == pu) | ((parent_p >= 0) & (parent_p == cu)) | \
            ((parent_c >= 0) & (parent_c == pu)) | ((parent_p >= 0) & (parent_p == parent_c))
        put("same_unit_cluster", flag(cluster, has_cur))
        put("target_job_type", np.where(pjt >= 0, pjt, nan))
        cjt = self.cur_job_type[e]
        put("current_job_type", np.where(cjt >= 0, cjt, nan))
        put("target_unit_type", np.where(put_ut >= 0, put_ut, nan))
        cut = self.cur_unit_type[e]
        put("current_unit_type", np.where(cut >= 0, cut, nan))
        # Performance.
        put("perf_last", self.perf_last[e])
        put("perf_mean_2y", self.perf_mean_2y[e])
        put("perf_mean_5y", self.perf_mean_5y[e])
        put("perf_slope_5y", self.perf_slope[e])
        put("perf_n_good_5y", self.perf_n_good_5y[e])
        put("perf_good_last2", self.perf_good_last2[e])
        put("perf_in_field_mean", np.where(has_target, self.perf_set_mean[e, ps], nan))
        jt0 = np.maximum(pjt, 0)
        put("perf_in_job_type_mean", np.where(pjt >= 0, _div(self.perf_jt_sum[e, jt0],
                                                              self.perf_jt_n[e, jt0]), nan))
        # Preferences (today's snapshot).
        put("open_to_move", s.emp_open_[e])
        pref = s.emp_pref_[e, np.maximum(pu, 0)] & (pu >= 0)
        put("preferred_unit", flag(pref, s.emp_has_pref_[e]))
        put("unwilling_move", unwilling_move(s.emp_open_[e], same_unit))
        return X

    # --- facts for reasons and gaps --------------------------------------------------------
    def describe(self, emp_idx: int, pos_idx: int, x: np.ndarray | None = None) -> dict:
        """Raw facts about one pair, for plain-word reasons and gaps. No personal data: no
        name, NIP, gender or birth date (the store does not have them). `x`: the pair's
        feature row when the caller already has it (serving does), to skip recomputing it."""
        s = self.store
        e, p = int(emp_idx), int(pos_idx)
        x = self.pairs(np.array([e]), np.array([p]))[0] if x is None else np.asarray(x)
        feats = {n: (None if np.isnan(v) else float(v)) for n, v in zip(self.feature_names, x)}
        target = int(s.pos_target_mask_[p])
        target_fields = [f for f, i in FIELD_INDEX.items() if target >> i & 1]
        # Education held as of the date.
        order, starts = s.edu_groups_
        edu_rows = [r for r in order[starts[e]:starts[e + 1]]
                    if np.isnan(s.edu_year_[r]) or s.edu_year_[r] < self.year]
        education = [{"level": s.edu_level_text_[r],
                      "field_of_study": s.edu_raw_[r] if isinstance(s.edu_raw_[r], str) else None,
                      "field": _FIELDS[s.edu_field_[r]] if s.edu_field_[r] >= 0 else None,
                      "graduation_year": None if np.isnan(s.edu_year_[r])
                      else int(s.edu_year_[r])} for r in edu_rows]
        held_fields = [f for f, i in FIELD_INDEX.items() if self.emp_fields[e] >> i & 1]
        matched = [f for f in held_fields if f in target_fields]
        # Trainings before the date; the relevant ones by subject.
        order, starts = s.tr_groups_
        tr_rows = [r for r in order[starts[e]:starts[e + 1]] if s.tr_end_[r] < self.t]
        relevant = sorted((r for r in tr_rows if s.tr_field_mask_[r] & target),
                          key=lambda r: -s.tr_end_[r])
        relevant_list = [{"name": s.tr_names_[r],
                          "hours": None if np.isnan(s.tr_hours_raw_[r]) else
                          float(s.tr_hours_raw_[r]),
                          "end_date": _date(s.tr_end_[r])} for r in relevant]
        level = s.pos_level_[p]
        lead_needed = vocab.LEADERSHIP_TRAINING_FOR_LEVEL.get(int(level)) \
            if not np.isnan(level) else None
        lead_held = [vocab.LEADERSHIP_TRAININGS[i - 1] for i in
                     sorted({int(s.tr_leadership_[r]) for r in tr_rows if s.tr_leadership_[r]})]
        required = [s.req_names_[j] for j in np.flatnonzero(s.pos_required_[p])]
        missing = [s.req_names_[j] for j in np.flatnonzero(s.pos_required_[p] &
                                                           ~self.req_held[e])]
        # Competencies.
        comps = []
        for j, code in enumerate(vocab.COMPETENCY_CODES):
            req = s.pos_standard_[p, j]
            if np.isnan(req):
                continue
            lvl = self.assessed[e, j]
            comps.append({"competency": code, "required": int(req),
                          "assessed": None if np.isnan(lvl) else float(lvl),
                          "gap": None if np.isnan(lvl) else float(min(lvl - req, 0.0))})
        jpm = feats["jpm"]
        # Appraisals of earlier years, newest first.
        years = []
        for col in range(min(self.year - s.perf_year0, s.perf_grid_.shape[1]) - 1, -1, -1):
            v = s.perf_grid_[e, col]
            if not np.isnan(v):
                years.append({"year": s.perf_year0 + col, "value": float(v),
                              "predicate": vocab.value_to_predicate(float(v))})
            if len(years) == 5:
                break
        rank = self.rank[e]
        cur = self.cur_pos[e]
        unit = s.pos_unit_[p]
        return {
            "as_of": self.as_of.isoformat(),
            "position": {
                "position_id": s.position_ids_[p], "title": s.position_titles_[p],
                "unit_id": s.unit_ids_[unit] if unit >= 0 else None,
                "unit_name": s.unit_names_[unit] if unit >= 0 else None,
                "fields_asked": list(s.pos_fields_[p]), "any_field": bool(s.pos_any_field_[p]),
                "target_fields": target_fields,
                "min_education": _text(s.pos_min_edu_text_[p]),
                "min_rank": _text(s.pos_min_rank_text_[p]),
                "managerial_level": None if np.isnan(level) else int(level),
            },
            "current_position": None if cur < 0 else {
                "position_id": s.position_ids_[cur], "title": s.position_titles_[cur],
                "tenure_years": feats["tenure_years"]},
            "education": education,
            "fields_held": held_fields,
            "field_match": ("exact" if matched else "family" if feats["field_family_match"]
                            else None if feats["field_match_any"] is None else "none"),
            "matched_fields": matched,
            "relevant_trainings": relevant_list[:10],
            "relevant_training_hours": feats["train_field_hours"],
            "leadership": {"needed": lead_needed, "held": lead_held,
                           "has_needed": None if lead_needed is None
                           else bool(feats["leadership_for_level"])},
            "required_trainings": {"required": required, "missing": missing},
            "competencies": {"jpm": jpm,
                             "category": None if jpm is None else vocab.jpm_category(jpm),
                             "standard": comps,
                             "below": [c for c in comps if c["gap"] is not None and c["gap"] < 0],
                             "not_assessed": [c["competency"] for c in comps
                                              if c["assessed"] is None]},
            "rank": {"rank": None if np.isnan(rank) else vocab.RANKS[int(rank) - 1],
                     "floor": _text(s.pos_min_rank_text_[p]),
                     "steps_above_floor": feats["rank_minus_floor"]},
            "experience_years": {"field": feats["exp_field_years"],
                                 "unit": feats["exp_unit_years"],
                                 "job_type": feats["exp_job_type_years"],
                                 "level": feats["exp_level_years"],
                                 "service": feats["service_years"]},
            "managerial_step": feats["managerial_step"],
            "performance": {"recent": years, "mean_2y": feats["perf_mean_2y"],
                            "good_last2": None if feats["perf_good_last2"] is None
                            else bool(feats["perf_good_last2"]),
                            "in_field_mean": feats["perf_in_field_mean"]},
            "preferences": {"open_to_move": None if feats["open_to_move"] is None
                            else bool(feats["open_to_move"]),
                            "preferred_unit": None if feats["preferred_unit"] is None
                            else bool(feats["preferred_unit"]),
                            "same_unit": None if feats["same_unit"] is None
                            else bool(feats["same_unit"])},
            "features": feats,
        }


def unwilling_move(open_to_move: np.ndarray, same_unit: np.ndarray) -> np.ndarray:
    """1 where the employee said they are not open to a move (open_to_move 0) and the post is
    in another unit; 0 where they are open, or the post is in their own unit; NaN where that
    is unknown (not asked, or not open and no current unit). One implementation: serving's
    stated preferences recompute it with this."""
    open_to_move = np.asarray(open_to_move, dtype=np.float64)
    same_unit = np.asarray(same_unit, dtype=np.float64)
    return np.where(open_to_move == 1, 0.0,
                    np.where(open_to_move == 0, 1.0 - same_unit, np.nan))


def _text(v: object) -> str | None:
    return v if isinstance(v, str) and v and v != "nan" and v != "<NA>" else None


def _date(day: float) -> str | None:
    if not np.isfinite(day):
        return None
    return str(np.datetime64(int(day), "D"))


__all__ = ["PairFeatures", "FeatureStore", "FEATURE_NAMES", "CATEGORICAL_FEATURES"]
