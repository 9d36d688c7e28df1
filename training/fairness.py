"""The fairness audit logged with every training run (merit law, UU 20/2023): protected
attributes (gender; age from birth_date) are never features, but the audit asks whether the
trained model's shortlists favour a group.

Over a fixed seeded sample of positions (the same in every run, so runs compare), each
position's eligible candidates as of the export's date are ranked exactly as serving ranks
them (EligibilityIndex.employees_for → PairFeatures.for_position → JobfitModel.score →
serving's top_k), and its top 10 are the "selected". Per group, over all (position, eligible
candidate) pairs of the sample:

- selection rate = share of the group's pairs that made the top 10;
- exposure = mean of 1/log2(rank + 1) over the group's pairs (0 outside the top 10).

The four-fifths ratio = min group rate / max group rate over the known groups (alarm when
< 0.8). Rows without gender or birth_date form an "unknown" group: counted, never in the
ratio. Groups with too few pairs to give a rate are left out of the ratio too.

The audit only reports: it never feeds back into training or promotion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

FAIRNESS_SEED = 20_230_020          # UU 20/2023
FAIRNESS_POSITIONS = 200
TOP_K = 10
FOUR_FIFTHS = 0.8
MIN_GROUP_PAIRS = 20                # fewer eligible pairs: no rate worth comparing
UNKNOWN = "unknown"
GENDERS = ("L", "P")
AGE_BANDS = ((0, 35, "<35"), (35, 45, "35-44"), (45, 55, "45-54"), (55, 200, "55+"))


# --- groups ------------------------------------------------------------------------------------

def gender_groups(employees: pd.DataFrame) -> np.ndarray:
    g = employees["gender"].astype("string").str.strip().str.upper().fillna("")
    g = g.to_numpy(dtype=object)
    return np.where(np.isin(g, GENDERS), g, UNKNOWN).astype(object)


def age_groups(employees: pd.DataFrame, as_of: date) -> np.ndarray:
    """Age band in full years at ``as_of``; no (or an impossible) birth_date → unknown."""
    birth = pd.to_datetime(employees["birth_date"], errors="coerce")
    before = (as_of.month * 100 + as_of.day) < (birth.dt.month * 100 + birth.dt.day)
    age = (as_of.year - birth.dt.year - before.astype(float)).to_numpy(float)
    out = np.full(len(age), UNKNOWN, dtype=object)
    for lo, hi, label in AGE_BANDS:
        out[(age >= lo) & (age < hi)] = label
    return out


# --- the arithmetic (no model) -----------------------------------------------------------------

@dataclass
class GroupAudit:
    """One attribute's audit: per-group table and the four-fifths ratio over known groups."""

    attribute: str
    table: pd.DataFrame       # index group; pairs, selected, selection_rate, exposure
    ratio: float              # min/max selection rate over the compared groups (nan: < 2)
    compared: list[str]

    @property
    def alarm(self) -> bool:
        return bool(np.isfinite(self.ratio) and self.ratio < FOUR_FIFTHS)


def audit_groups(attribute: str, groups: np.ndarray, rank: np.ndarray, k: int = TOP_K,
                 min_pairs: int = MIN_GROUP_PAIRS, order: tuple[str, ...] = ()) -> GroupAudit:
    """``groups`` and ``rank`` per (position, eligible candidate) pair; rank 1..n of the
    candidate in that position's order (selected when rank ≤ k)."""
    groups = np.asarray(groups, dtype=object)
    rank = np.asarray(rank, dtype=float)
    selected = rank <= k
    exposure = np.where(selected, 1.0 / np.log2(rank + 1.0), 0.0)
    df = pd.DataFrame({"group": groups, "selected": selected, "exposure": exposure})
    t = df.groupby("group").agg(pairs=("selected", "size"), selected=("selected", "sum"),
                                selection_rate=("selected", "mean"),
                                exposure=("exposure", "mean"))
    t["selected"] = t["selected"].astype(int)
    known = [g for g in order if g in t.index] + sorted(
        g for g in t.index if g not in order and g != UNKNOWN)
    t = t.reindex(known + ([UNKNOWN] if UNKNOWN in t.index else []))
    compared = [g for g in known if t.at[g, "pairs"] >= min_pairs]
    rates = t.loc[compared, "selection_rate"].to_numpy(float)
    ratio = (float(rates.min() / rates.max()) if len(rates) >= 2 and rates.max() > 0
             else float("nan"))
    return GroupAudit(attribute, t, ratio, compared)


# --- over a trained model ----------------------------------------------------------------------

@dataclass
class FairnessAudit:
    as_of: date
    n_positions: int
    n_pairs: int
    gender: GroupAudit
    age: GroupAudit
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def alarms(self) -> list[str]:
        return [f"{a.attribute} selection ratio {a.ratio:.2f} < {FOUR_FIFTHS}"
                for a in (self.gender, self.age) if a.alarm]

    def metrics(self) -> dict[str, float]:
        """MLflow metric names → values (finite only)."""
        out = {"fairness_positions": float(self.n_positions),
               "fairness_pairs": float(self.n_pairs)}
        for a in (self.gender, self.age):
            out[f"fairness_{a.attribute}_selection_ratio"] = a.ratio
            for g, row in a.table.iterrows():
                slug = _slug(g)
                out[f"fairness_{a.attribute}_{slug}_selection_rate"] = row["selection_rate"]
                out[f"fairness_{a.attribute}_{slug}_exposure"] = row["exposure"]
                out[f"fairness_{a.attribute}_{slug}_pairs"] = float(row["pairs"])
        return {k: float(v) for k, v in out.items() if np.isfinite(v)}

    def tag(self) -> str:
        return " | ".join(self.alarms) or "none"

    def summary(self) -> str:
        """One line for the run's printed summary."""
        def part(a: GroupAudit) -> str:
            if not np.isfinite(a.ratio):
                return f"{a.attribute} selection ratio — (fewer than two groups to compare)"
            return (f"{a.attribute} selection ratio {a.ratio:.2f} "
                    f"({'ALARM' if a.alarm else 'ok'})")
        return f"fairness: {part(self.gender)}; {part(self.age)}"


def _slug(group: str) -> str:
    return {"<35": "lt35", "55+": "55plus"}.get(group, group.lower().replace("-", "_"))


def sample_positions(export, eligibility, as_of: date, n: int = FAIRNESS_POSITIONS,
                     k: int = TOP_K, seed: int = FAIRNESS_SEED) -> list[tuple[int, np.ndarray]]:
    """(position row, eligible employee rows) for up to ``n`` positions with more than ``k``
    eligible candidates (where a top-k actually selects), in a seeded order of the sorted
    position ids (the export's row order does not matter)."""
    ids = export.positions["position_id"].astype(str).to_numpy()
    sorted_rows = np.argsort(ids, kind="stable")
    order = sorted_rows[np.random.default_rng(seed).permutation(len(ids))]
    chosen = []
    for p in order:
        eligible = eligibility.employees_for(ids[p], as_of)
        if len(eligible.indices) > k:
            chosen.append((int(p), np.asarray(eligible.indices, dtype=np.int64)))
            if len(chosen) >= n:
                break
    return chosen


def run_audit(export, model, pair_features, eligibility, as_of: date,
              n_positions: int = FAIRNESS_POSITIONS, k: int = TOP_K) -> FairnessAudit:
    """Rank each sampled position's candidates with ``model`` (a JobfitModel) over
    ``pair_features`` (PairFeatures as of ``as_of``) and audit the top ``k``."""
    import time

    from models.ranking import top_k

    t0 = time.perf_counter()
    emp_ids = export.employees["employee_id"].astype(str).to_numpy()
    tiebreak = np.argsort(np.argsort(emp_ids, kind="stable"), kind="stable")  # as serving
    gender, age = gender_groups(export.employees), age_groups(export.employees, as_of)
    sample = sample_positions(export, eligibility, as_of, n_positions, k)
    emp_all, rank_all = [], []
    for p, emp in sample:
        scores = np.asarray(model.score(pair_features.for_position(p, emp)), dtype=np.float64)
        rank = np.full(len(emp), len(emp) + 1, dtype=np.int64)   # beyond the top k
        rank[top_k(scores, tiebreak[emp], k)] = np.arange(1, min(k, len(emp)) + 1)
        emp_all.append(emp)
        rank_all.append(rank)
    emp = np.concatenate(emp_all) if emp_all else np.zeros(0, dtype=np.int64)
    rank = np.concatenate(rank_all) if rank_all else np.zeros(0, dtype=np.int64)
    audit = FairnessAudit(
        as_of, len(sample), len(emp),
        audit_groups("gender", gender[emp], rank, k, order=GENDERS),
        audit_groups("age", age[emp], rank, k, order=tuple(b[2] for b in AGE_BANDS)))
    if not sample:
        audit.notes.append(f"no position has more than {k} eligible candidates as of {as_of}")
    audit.seconds = time.perf_counter() - t0
    return audit


def figure(audit: FairnessAudit):
    """Selection rate per group, one panel per attribute, with the 0.8 × max line."""
    from training.plots import empty_figure, new_figure

    title = f"Top-{TOP_K} selection rate per group ({audit.n_positions} positions)"
    if audit.n_pairs == 0:
        return empty_figure(title, "no sampled position to audit")
    fig = new_figure(figsize=(10, 4))
    axes = fig.subplots(1, 2)
    for ax, a in zip(axes, (audit.gender, audit.age)):
        t = a.table
        colors = ["#3b7dd8" if g in a.compared else "#bbbbbb" for g in t.index]
        ax.bar([f"{g}\n(n={int(t.at[g, 'pairs'])})" for g in t.index],
               t["selection_rate"].to_numpy(float), color=colors)
        if a.compared:
            top = float(t.loc[a.compared, "selection_rate"].max())
            ax.axhline(FOUR_FIFTHS * top, ls="--", color="#d8573b", lw=1,
                       label=f"{FOUR_FIFTHS} × max")
            ax.legend(fontsize=8, loc="upper right")
        ratio = "—" if not np.isfinite(a.ratio) else f"{a.ratio:.2f}"
        ax.set_title(f"{a.attribute}: ratio {ratio}" + (" (ALARM)" if a.alarm else ""))
        ax.set_ylabel("share of eligible pairs in the top 10")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
