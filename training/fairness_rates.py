"""Rates per group, their four-fifths ratio and a 90 % interval — the arithmetic of the
fairness audit (training.fairness), with no model in it.

Input: one row per (unit, item) pair — a unit is what was ranked once (a position for its
candidates, a person for their positions) — with the person's group, a value (1 if the item
made the top 10, or its exposure), a weight and, optionally, the post's job type.

- Rates per group are weighted means (fairlearn ``MetricFrame`` for the pooled table; the
  caller's weights are 1/n per unit, so each position — or each person — weighs once however
  many pairs it has), and the same per job type of the post (each unit again weighing once
  within a job type).
- The four-fifths ratio is min/max of the rates over the known groups present in at least
  MIN_GROUP_UNITS units and large enough to expect MIN_GROUP_EVENTS selections if each unit
  selected all groups at one rate (smaller: the minimum of a few tiny counts is noise, biased low); an ``unknown`` group
  is shown, never compared.
- The 90 % interval comes from a bootstrap that resamples units (positions or persons), not
  pairs: pairs of one ranking are not independent. It is the interval of the ratio of the two
  groups that are lowest and highest on all units (fixed across resamples; re-taking min/max
  per resample biases it low). With more than two groups the point ratio itself leans low
  (the lowest of several noisy rates): the gate asks the whole interval to be below 0.8.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from features.protected import UNKNOWN  # noqa: F401 (callers import it here)

FOUR_FIFTHS = 0.8
MIN_GROUP_UNITS = 20
MIN_GROUP_EVENTS = 10     # selected pairs a group would have at the common rate: with
#                           fewer, min/max of the rates is mostly noise (and biased low)
N_BOOT = 1000
INTERVAL = (0.05, 0.95)


def weighted_rate(y_true, y_pred, sample_weight) -> float:
    """Weighted mean of y_pred (a selection flag or an exposure); MetricFrame's metric."""
    w = np.asarray(sample_weight, dtype=float)
    return float(np.average(np.asarray(y_pred, dtype=float), weights=w)) if w.sum() > 0 \
        else float("nan")


@dataclass
class Ratio:
    value: float
    low: float
    high: float

    def text(self) -> str:
        if not np.isfinite(self.value):
            return "—"
        return f"{self.value:.2f} [{self.low:.2f}, {self.high:.2f}]"


@dataclass
class Rates:
    """One attribute × one measure: the group table, the ratio with its interval, and the
    same per job type of the post."""

    attribute: str
    measure: str
    table: pd.DataFrame               # index group: units, pairs, selected, rate
    compared: list[str]
    ratio: Ratio
    by_job_type: pd.DataFrame = field(default_factory=pd.DataFrame)
    # index job type: units, ratio, low, high, + one rate column per group

    @property
    def alarm(self) -> bool:
        """The point ratio is below four fifths."""
        return bool(np.isfinite(self.ratio.value) and self.ratio.value < FOUR_FIFTHS)

    @property
    def below_bar(self) -> bool:
        """Even the interval's upper end is below four fifths: the gate's test."""
        return bool(np.isfinite(self.ratio.high) and self.ratio.high < FOUR_FIFTHS)

    def extremes(self) -> tuple[str, str] | None:
        """(group with the highest rate, group with the lowest) among the compared."""
        if len(self.compared) < 2:
            return None
        r = self.table.loc[self.compared, "rate"]
        return str(r.idxmax()), str(r.idxmin())


@dataclass
class _Cells:
    """Pairs summed per (unit, group[, job type]): S = Σ weight·value, W = Σ weight,
    n = pairs."""

    unit: np.ndarray
    group: np.ndarray
    S: np.ndarray
    W: np.ndarray
    n: np.ndarray
    events: np.ndarray                # pairs with a value > 0 (selected)
    job_type: np.ndarray | None = None

    @classmethod
    def fine(cls, unit, groups, values, weights, job_types) -> tuple["_Cells", "_Cells"]:
        """(pooled cells per (unit, group) with the caller's weights, cells per (unit,
        group, job type) weighted so each unit weighs once within a job type). One integer
        aggregation of the pairs; everything after works on the few cells."""
        u, u_names = pd.factorize(pd.Series(unit), sort=False)
        g, g_names = pd.factorize(pd.Series(groups), sort=False)
        j, j_names = pd.factorize(pd.Series(job_types), sort=False)
        G, J = len(g_names), max(len(j_names), 1)
        key = (u.astype(np.int64) * G + g) * J + j
        cell, inv = np.unique(key, return_inverse=True)
        inv = inv.ravel()
        Sw = np.bincount(inv, weights=weights * values, minlength=len(cell))
        Ww = np.bincount(inv, weights=weights, minlength=len(cell))
        Sy = np.bincount(inv, weights=values, minlength=len(cell))
        n = np.bincount(inv, minlength=len(cell)).astype(float)
        ev = np.bincount(inv, weights=(values > 0).astype(float), minlength=len(cell))
        cj, cg, cu = cell % J, (cell // J) % G, cell // (J * G)
        unit_names = np.asarray(u_names)[cu]
        group_names = np.asarray(g_names).astype(str)[cg]
        jt_names = np.asarray(j_names).astype(str)[cj]
        # per job type: each (unit, job type) weighs once
        uj = cu * J + cj
        n_uj = pd.Series(n).groupby(uj).transform("sum").to_numpy()
        per_jt = cls(unit_names, group_names, Sy / n_uj, n / n_uj, n.astype(int),
                     ev.astype(int), jt_names)
        # pooled: sum the job types away
        ug = cu * G + cg
        df = pd.DataFrame({"ug": ug, "S": Sw, "W": Ww, "n": n, "ev": ev}).groupby(
            "ug", sort=True).sum()
        first = pd.Series(np.arange(len(ug))).groupby(ug).first().reindex(df.index).to_numpy()
        pooled = cls(unit_names[first], group_names[first], df["S"].to_numpy(),
                     df["W"].to_numpy(), df["n"].to_numpy().astype(int),
                     df["ev"].to_numpy().astype(int))
        return pooled, per_jt

    def subset(self, keep: np.ndarray) -> "_Cells":
        return _Cells(self.unit[keep], self.group[keep], self.S[keep], self.W[keep],
                      self.n[keep], self.events[keep],
                      None if self.job_type is None else self.job_type[keep])


def _order(index, order) -> list[str]:
    known = [g for g in order if g in index] + sorted(
        g for g in index if g not in order and g != UNKNOWN)
    return known + ([UNKNOWN] if UNKNOWN in index else [])


def _frame(cells: _Cells):
    """fairlearn MetricFrame over the cells: the weighted mean of the cells' rates, weighted
    by their weight, is the pairs' weighted mean."""
    from fairlearn.metrics import MetricFrame

    with np.errstate(invalid="ignore", divide="ignore"):
        cell_rate = np.where(cells.W > 0, cells.S / cells.W, 0.0)
    return MetricFrame(metrics={"rate": weighted_rate}, y_true=cell_rate, y_pred=cell_rate,
                       sensitive_features=pd.Series(cells.group, name="group"),
                       sample_params={"rate": {"sample_weight": cells.W}})


def _table(cells: _Cells, rate: pd.Series, order, min_units) -> tuple[pd.DataFrame, list[str]]:
    """Group table (units, pairs, selected, rate) and the groups compared: known groups in
    at least ``min_units`` units that would have at least MIN_GROUP_EVENTS selected pairs if
    each unit selected at one rate for all (a group with none selected is still compared)."""
    frame = pd.DataFrame({"unit": cells.unit, "group": cells.group, "n": cells.n,
                          "ev": cells.events})
    by_unit = frame.groupby("unit")[["ev", "n"]].transform("sum")
    frame["expected"] = frame["n"] * by_unit["ev"] / by_unit["n"]   # at its unit's rate
    t = pd.DataFrame({"units": frame.groupby("group").size(),
                      "pairs": frame.groupby("group")["n"].sum(),
                      "selected": frame.groupby("group")["ev"].sum(),
                      "expected": frame.groupby("group")["expected"].sum()})
    t["rate"] = rate.reindex(t.index).to_numpy(float)
    t = t.reindex(_order(t.index, order))
    compared = [g for g in t.index if g != UNKNOWN and t.at[g, "units"] >= min_units
                and t.at[g, "expected"] >= MIN_GROUP_EVENTS]
    return t[["units", "pairs", "selected", "rate"]], compared


def _bootstrap(cells: _Cells, compared: list[str], ends: tuple[str, str] | None, seed: int,
               n_boot: int = N_BOOT) -> tuple[float, float]:
    """Interval of the ratio lowest-rate group / highest-rate group (``ends``: the two as
    found on all the units), resampling units. The pair is kept fixed across resamples:
    re-taking min/max in each resample would bias the interval low (below the point ratio
    when groups are alike)."""
    if len(compared) < 2 or ends is None:
        return float("nan"), float("nan")
    units, u = np.unique(cells.unit, return_inverse=True)
    g = np.searchsorted(np.asarray(compared), cells.group)
    ok = np.isin(cells.group, compared)
    U, G = len(units), len(compared)
    S = np.zeros((U, G))
    W = np.zeros((U, G))
    np.add.at(S, (u[ok], g[ok]), cells.S[ok])
    np.add.at(W, (u[ok], g[ok]), cells.W[ok])
    rng = np.random.default_rng(seed)
    C = rng.multinomial(U, np.full(U, 1.0 / U), size=n_boot).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        R = (C @ S) / (C @ W)
        ratios = R[:, compared.index(ends[0])] / R[:, compared.index(ends[1])]
    ratios = ratios[np.isfinite(ratios)]
    if len(ratios) == 0:
        return float("nan"), float("nan")
    lo, hi = np.quantile(ratios, INTERVAL)
    return float(lo), float(hi)


def _ratio_of(table: pd.DataFrame, compared: list[str]) -> tuple[float, tuple | None]:
    """min/max rate over the compared groups, and (lowest, highest) group."""
    rates = table.loc[compared, "rate"].astype(float) if compared else pd.Series(dtype=float)
    if len(rates) < 2 or not rates.max() > 0:
        return float("nan"), None
    return float(rates.min() / rates.max()), (str(rates.idxmin()), str(rates.idxmax()))


def group_rates(attribute: str, measure: str, values, groups, weights, unit,
                job_types=None, order: tuple[str, ...] = (), seed: int = 0,
                min_units: int = MIN_GROUP_UNITS) -> Rates:
    """Rates per group of ``values`` (weights ``weights``), pooled and per job type, with
    four-fifths ratios and bootstrap intervals over ``unit``."""
    values = np.asarray(values, dtype=float)
    groups = np.asarray(groups, dtype=object)
    weights = np.asarray(weights, dtype=float)
    unit = np.asarray(unit)
    if len(values) == 0:
        empty = pd.DataFrame(columns=["units", "pairs", "selected", "rate"])
        return Rates(attribute, measure, empty, [], Ratio(np.nan, np.nan, np.nan))
    has_jt = job_types is not None
    cells, jcells = _Cells.fine(unit, groups, values, weights,
                                job_types if has_jt else np.zeros(len(values), dtype=int))
    table, compared = _table(cells, _frame(cells).by_group["rate"], order, min_units)
    ratio, ends = _ratio_of(table, compared)
    low, high = _bootstrap(cells, sorted(compared), ends, seed)
    rates = Rates(attribute, measure, table, compared, Ratio(ratio, low, high))
    if has_jt:
        # the same weighted mean per (job type, group), without a second MetricFrame (its
        # overhead, ~0.15 s a frame, is most of the audit's arithmetic)
        by = pd.DataFrame({"job_type": jcells.job_type, "group": jcells.group,
                           "S": jcells.S, "W": jcells.W}).groupby(["job_type", "group"]).sum()
        by = by["S"] / by["W"].where(by["W"] > 0)
        rows = []
        for j in sorted(set(jcells.job_type)):
            cj = jcells.subset(jcells.job_type == j)
            t, cmp_j = _table(cj, by.xs(j, level="job_type"), order, min_units)
            ratio_j, ends_j = _ratio_of(t, cmp_j)
            lo, hi = _bootstrap(cj, sorted(cmp_j), ends_j, seed)
            row = {"job_type": j, "units": int(len(set(cj.unit))),
                   "ratio": ratio_j, "low": lo, "high": hi}
            row.update({f"rate_{g}": t.at[g, "rate"] for g in t.index})
            rows.append(row)
        rates.by_job_type = pd.DataFrame(rows).set_index("job_type")
    return rates
