"""The fairness audit of every training run, and the bar the promotion gate holds it to (merit
law, UU 20/2023): gender and age are never features, but the audit asks whether the model's
lists favour a group — in both directions serving answers:

- **candidates for a post**: for a fixed seeded sample of positions with more than 10
  eligible candidates as of the export's date, the eligible candidates ranked exactly as
  ``/recommend/candidates`` ranks them (JobfitModel.score, models.ranking.top_k with the
  version's tie key). Measures: ``candidates_selection`` (in the top 10) and
  ``candidates_exposure`` (1/log2(rank + 1) in the top 10, else 0); each position weighs once.
- **positions for a person**: for a fixed seeded sample of people due for transfer, all the
  posts they are eligible for (vacant or not) ranked as ``/recommend/positions`` ranks them.
  Measures: ``persons_structural`` (share of the structural posts — JPT, administrator,
  pengawas — they are eligible for that made their top 10) and ``persons_step_up`` (the same
  for posts above their current managerial level); each person weighs once.

Rates are relative to each list: a pair's selection (or exposure) divided by what a random
order of that list gives — 1 for everyone under a random order, however long the list (raw
rates would compare lists, not people). Per gender (L/P) and age band, pooled and per job
type of the post (training.fairness_rates): rates, the four-fifths ratio and a 90 %
bootstrap interval (resampling positions or persons; the same few people can top many
lists, which these intervals do not count as uncertainty).
A point ratio under 0.8 is an **alarm**; an interval wholly under 0.8 (upper end < 0.8) is
**below the bar**: the gate does not promote such a model unless a person accepts it by name.
For each attribute the features that carry the candidates-for-a-post gap are named
(training.fairness_gap).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from features.protected import (AGE_BANDS, ATTRIBUTES, GENDERS, ORDER,  # noqa: F401
                                age_groups, gender_groups, protected_groups)
from training.fairness_gap import Gap, explain_gap, logit_contributions
from training.fairness_rates import FOUR_FIFTHS, Rates, group_rates

FAIRNESS_SEED = 20_230_020          # UU 20/2023
FAIRNESS_POSITIONS = 200
FAIRNESS_PERSONS = 200
TOP_K = 10
GAP_ROWS_PER_UNIT = 15              # eligible candidates per post whose contributions count
MEASURES = {                         # measure → plain words
    "candidates_selection": "candidates for a post: in the top 10",
    "candidates_exposure": "candidates for a post: exposure in the top 10",
    "persons_structural": "posts for a person: structural posts in their top 10",
    "persons_step_up": "posts for a person: step-up posts in their top 10",
}


# --- samples -------------------------------------------------------------------------------------

def _seeded_order(ids: np.ndarray, seed: int) -> np.ndarray:
    """Rows in a seeded order of the sorted ids (the export's row order does not matter)."""
    return np.argsort(ids, kind="stable")[np.random.default_rng(seed).permutation(len(ids))]


def sample_positions(export, eligibility, as_of: date, n: int = FAIRNESS_POSITIONS,
                     k: int = TOP_K, seed: int = FAIRNESS_SEED) -> list[tuple[int, np.ndarray]]:
    """(position row, eligible employee rows) for up to ``n`` positions with more than ``k``
    eligible candidates (where a top k actually selects)."""
    ids = export.positions["position_id"].astype(str).to_numpy()
    chosen = []
    for p in _seeded_order(ids, seed):
        eligible = eligibility.employees_for_row(int(p), as_of)
        if len(eligible.indices) > k:
            chosen.append((int(p), np.asarray(eligible.indices, dtype=np.int64)))
            if len(chosen) >= n:
                break
    return chosen


def sample_persons(export, eligibility, as_of: date, structural: np.ndarray,
                   n: int = FAIRNESS_PERSONS, k: int = TOP_K, seed: int = FAIRNESS_SEED
                   ) -> list[tuple[int, np.ndarray]]:
    """(employee row, eligible vacant position rows) for up to ``n`` people due for transfer
    with more than ``k`` eligible vacant posts, some of them structural (the only people the
    structural and step-up measures can say anything about). Vacant only: what
    ``/recommend/positions`` lists by default."""
    ids = export.employees["employee_id"].astype(str).to_numpy()
    chosen = []
    for e in _seeded_order(ids, seed + 1):
        eligible = eligibility.positions_for_row(int(e), as_of, vacant_only=True)
        if (eligible.status == "ok" and len(eligible.indices) > k
                and structural[eligible.indices].any()):
            chosen.append((int(e), np.asarray(eligible.indices, dtype=np.int64)))
            if len(chosen) >= n:
                break
    return chosen


# --- ranking as serving ranks --------------------------------------------------------------------

@dataclass
class Pairs:
    """One direction's (unit, item) pairs: who the person is, whether the item made the top
    k, its exposure, and a subsample with the pairs' log-odds contributions."""

    unit: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    person: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    post: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    selected: np.ndarray = field(default_factory=lambda: np.zeros(0))
    exposure: np.ndarray = field(default_factory=lambda: np.zeros(0))
    chance_selected: np.ndarray = field(default_factory=lambda: np.zeros(0))  # k / n
    chance_exposure: np.ndarray = field(default_factory=lambda: np.zeros(0))  # its mean
    step_up: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    gap_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    contrib: np.ndarray | None = None
    names: list[str] = field(default_factory=list)


def _rank(model, X, keys, k: int, rng, gap_rows: int, groups=None, share=None):
    scores = np.asarray(model.score(X), dtype=np.float64)
    from models.fair_ranking import fair_top_k
    from models.ranking import top_k

    best = top_k(scores, keys, k) if share is None else fair_top_k(scores, keys, groups, k,
                                                                   share)
    rank = np.full(len(X), 0, dtype=np.int64)
    rank[best] = np.arange(1, len(best) + 1)
    selected = rank > 0
    exposure = np.where(selected, 1.0 / np.log2(np.maximum(rank, 1) + 1.0), 0.0)
    sub = np.sort(rng.choice(len(X), size=min(gap_rows, len(X)), replace=False))
    return selected, exposure, sub


def _rank_all(model, pair_features, units, by_position: bool, keys, k: int,
              step_idx: int | None, gap_rows: int = 0, groups=None, share=None) -> Pairs:
    """Rank every unit's items as serving does; ``share`` (candidates only): re-ranked by
    models.fair_ranking over ``groups`` (attribute → label per employee row)."""
    rng = np.random.default_rng(FAIRNESS_SEED)
    parts: dict[str, list] = {n: [] for n in (
        "unit", "person", "post", "selected", "exposure", "chance_selected", "chance_exposure",
        "step_up", "gap_rows")}
    Xs, offset = [], 0
    for u, items in units:
        X = (pair_features.for_position(u, items) if by_position
             else pair_features.for_employee(u, items))
        item_groups = None if share is None else [g[items] for g in groups.values()]
        selected, exposure, sub = _rank(model, X, keys[items], k, rng, gap_rows,
                                        item_groups, share)
        n = len(items)
        parts["unit"].append(np.full(n, u))
        parts["person"].append(items if by_position else np.full(n, u))
        parts["post"].append(np.full(n, u) if by_position else items)
        parts["selected"].append(selected.astype(float))
        parts["exposure"].append(exposure)
        parts["chance_selected"].append(np.full(n, selected.sum() / n))
        parts["chance_exposure"].append(np.full(n, exposure.sum() / n))
        step = X[:, step_idx] if step_idx is not None else np.full(n, np.nan)
        parts["step_up"].append(np.nan_to_num(step, nan=0.0) > 0)
        parts["gap_rows"].append(sub + offset)
        Xs.append(X[sub])
        offset += n
    if not units:
        return Pairs()
    out = Pairs(**{name: np.concatenate(v) for name, v in parts.items()})
    if gap_rows:
        out.contrib, out.names = logit_contributions(model, np.concatenate(Xs))
    return out


# --- the audit -----------------------------------------------------------------------------------

@dataclass
class FairnessAudit:
    as_of: date
    model_version: str
    n_positions: int
    n_persons: int
    n_pairs: int
    rates: dict[tuple[str, str], Rates]            # (attribute, measure) → Rates
    gaps: dict[str, Gap] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def _each(self):
        for (attribute, measure), r in self.rates.items():
            yield attribute, measure, r

    @property
    def alarms(self) -> list[str]:
        return [f"{a} {MEASURES[m]}: ratio {r.ratio.text()} < {FOUR_FIFTHS}"
                for a, m, r in self._each() if r.alarm]

    def gate_failures(self) -> list[str]:
        """What keeps the model from promotion: ratios whose whole interval is below 0.8."""
        return [f"{a} ratio, {MEASURES[m]}: {r.ratio.text()}"
                for a, m, r in self._each() if r.below_bar]

    def metrics(self) -> dict[str, float]:
        """MLflow metric names → values (finite only)."""
        out = {"fairness_positions": float(self.n_positions),
               "fairness_persons": float(self.n_persons),
               "fairness_pairs": float(self.n_pairs)}
        for a, m, r in self._each():
            base = f"fairness_{a}_{m}"
            out[f"{base}_ratio"] = r.ratio.value
            out[f"{base}_ratio_low"] = r.ratio.low
            out[f"{base}_ratio_high"] = r.ratio.high
            for g, row in r.table.iterrows():
                out[f"{base}_{_slug(g)}_rate"] = row["rate"]
            for j, row in r.by_job_type.iterrows():
                out[f"{base}_{j}_ratio"] = row["ratio"]
        return {k: float(v) for k, v in out.items() if np.isfinite(v)}

    def tag(self) -> str:
        return " | ".join(self.alarms) or "none"

    def summary(self) -> str:
        """What the run prints: ratios with intervals per attribute, alarms, the features
        behind each gap."""
        lines = [f"fairness (four-fifths ratios, 90 % intervals; {self.n_positions} posts, "
                 f"{self.n_persons} people):"]
        for a in ATTRIBUTES:
            parts = [f"{m.replace('_', ' ')} {self.rates[(a, m)].ratio.text()}"
                     + (" ALARM" if self.rates[(a, m)].alarm else "")
                     for m in MEASURES if (a, m) in self.rates]
            lines.append(f"  {a}: " + "; ".join(parts))
        for a, gap in self.gaps.items():
            if any(self.rates[(a, m)].alarm for m in MEASURES if (a, m) in self.rates):
                lines.append("  " + gap.words())
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def _slug(group: str) -> str:
    return {"<35": "lt35", "55+": "55plus"}.get(group, group.lower().replace("-", "_"))


def _measure_rows(pairs: Pairs, measure: str, structural: np.ndarray):
    """(rows, values, weights) of one measure over a direction's pairs. Values are relative
    to the unit's own list: selected ÷ (k / n), exposure ÷ its mean over the list — 1 is
    what a random order gives everyone, whatever the length of the list. (Raw rates would
    compare lists, not people: a group eligible mostly for long lists would look passed over
    by any order.) Weights: each unit weighs once."""
    if measure.startswith("candidates"):
        rows = np.arange(len(pairs.unit))
    elif measure == "persons_structural":
        rows = np.flatnonzero(structural[pairs.post])
    else:
        rows = np.flatnonzero(pairs.step_up)
    if measure == "candidates_exposure":
        values = pairs.exposure[rows] / pairs.chance_exposure[rows]
    else:
        values = pairs.selected[rows] / pairs.chance_selected[rows]
    _, inv, counts = np.unique(pairs.unit[rows], return_inverse=True, return_counts=True)
    return rows, np.nan_to_num(values), 1.0 / counts[inv.ravel()]


def run_audit(export, model, pair_features, eligibility, as_of: date, model_version: str,
              n_positions: int = FAIRNESS_POSITIONS, n_persons: int = FAIRNESS_PERSONS,
              k: int = TOP_K, fair_share: float | None = None) -> FairnessAudit:
    """Rank the sampled positions' candidates and the sampled people's posts with ``model``
    (a JobfitModel) over ``pair_features`` (PairFeatures as of ``as_of``), ties by
    ``model_version``'s key as serving breaks them, and audit both directions.
    ``fair_share``: candidate lists as `fair=true` re-ranks them (models.fair_ranking)."""
    from features import vocab
    from models.ranking import tiebreak_keys

    t0 = time.perf_counter()
    emp_keys = tiebreak_keys(export.employees["employee_id"].astype(str), model_version)
    pos_keys = tiebreak_keys(export.positions["position_id"].astype(str), model_version)
    groups = protected_groups(export.employees, as_of)
    job_type = export.positions["job_type"].astype(str).to_numpy()
    structural = np.array([vocab.MANAGERIAL_LEVEL.get(j, 0) > 0 for j in job_type])
    names = list(model.feature_names)
    step_idx = names.index("managerial_step") if "managerial_step" in names else None
    positions = sample_positions(export, eligibility, as_of, n_positions, k)
    persons = sample_persons(export, eligibility, as_of, structural, n_persons, k)
    by_dir = {"candidates": _rank_all(model, pair_features, positions, True, emp_keys, k,
                                      step_idx, GAP_ROWS_PER_UNIT, groups, fair_share),
              "persons": _rank_all(model, pair_features, persons, False, pos_keys, k,
                                   step_idx)}
    rates: dict[tuple[str, str], Rates] = {}
    for a in ATTRIBUTES:
        for m in MEASURES:
            pairs = by_dir[m.split("_")[0]]
            rows, values, weights = _measure_rows(pairs, m, structural)
            rates[(a, m)] = group_rates(a, m, values, groups[a][pairs.person[rows]], weights,
                                        pairs.unit[rows], job_type[pairs.post[rows]],
                                        order=ORDER[a], seed=FAIRNESS_SEED)
    audit = FairnessAudit(as_of, str(model_version), len(positions), len(persons),
                          sum(len(p.unit) for p in by_dir.values()), rates)
    audit.gaps = _gaps(audit, by_dir, groups)
    if not positions:
        audit.notes.append(f"no position has more than {k} eligible candidates as of {as_of}")
    if not persons:
        audit.notes.append(f"nobody due for transfer has more than {k} eligible vacant posts "
                           "with a structural one among them: posts for a person not audited")
    audit.seconds = time.perf_counter() - t0
    return audit


GAP_MEASURE = "candidates_selection"


def _gaps(audit: FairnessAudit, by_dir: dict[str, Pairs], groups) -> dict[str, Gap]:
    """Per attribute, the features behind the candidates-for-a-post gap between the groups
    with the highest and the lowest selection rate, among eligible candidates (a seeded
    subsample of each sampled post's candidates, each post weighing once)."""
    out = {}
    pairs = by_dir["candidates"]
    if pairs.contrib is None:
        return out
    sub = pairs.gap_rows
    _, inv, counts = np.unique(pairs.unit[sub], return_inverse=True, return_counts=True)
    weights = 1.0 / counts[inv.ravel()]
    for a in ATTRIBUTES:
        ends = audit.rates[(a, GAP_MEASURE)].extremes()
        if ends is not None:
            out[a] = explain_gap(a, pairs.contrib, pairs.names, groups[a][pairs.person[sub]],
                                 weights, *ends)
    return out
