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

The fair re-ranking (`fair=true`, models.fair_ranking) is fitted here too — its lifts on a
seeded sample of posts other than the audit's (``fit_fair_lifts``) — and audited on the
audit's posts with the same scores (``run_audit(..., fair={name: ranker})``): its
candidates ratios are shown and logged, never gated (the lists served by default are the
plain ones).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from features.protected import (AGE_BANDS, ATTRIBUTES, GENDERS, ORDER,  # noqa: F401
                                age_groups, gender_groups, protected_groups)
from training.fairness_gap import Gap, explain_gap, logit_contributions
from training.fairness_rates import FOUR_FIFTHS, Rates, group_rates

FAIRNESS_SEED = 20_230_020          # UU 20/2023
FAIRNESS_POSITIONS = 200
FAIRNESS_PERSONS = 200
LIFT_POSITIONS = 200                # posts the fair re-ranking's lifts are fitted on
MIN_LIFT_POSITIONS = 50             # fewer outside the audit's sample: fit on all (in-sample)
LIFT_TIE_VERSION = "fair-lifts"     # tie keys while fitting (the version is not known yet)
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
                     k: int = TOP_K, seed: int = FAIRNESS_SEED, exclude=frozenset()
                     ) -> list[tuple[int, np.ndarray]]:
    """(position row, eligible employee rows) for up to ``n`` positions with more than ``k``
    eligible candidates (where a top k actually selects), none of the rows in ``exclude``."""
    ids = export.positions["position_id"].astype(str).to_numpy()
    chosen = []
    for p in _seeded_order(ids, seed):
        if int(p) in exclude:
            continue
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
    # fair re-ranking name → (selected, exposure) of the same pairs re-ranked that way
    fair: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def ranked(self, name: str) -> "Pairs":
        """The same pairs as the fair re-ranking ``name`` shows them."""
        selected, exposure = self.fair[name]
        return replace(self, selected=selected, exposure=exposure, fair={})


def _shown(best: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(in the top k, exposure 1/log2(rank + 1) in it) per item of a list of n."""
    rank = np.full(n, 0, dtype=np.int64)
    rank[best] = np.arange(1, len(best) + 1)
    selected = rank > 0
    return selected, np.where(selected, 1.0 / np.log2(np.maximum(rank, 1) + 1.0), 0.0)


def _rank_all(model, pair_features, units, by_position: bool, keys, k: int,
              step_idx: int | None, gap_rows: int = 0, groups=None,
              fair: Mapping | None = None) -> Pairs:
    """Rank every unit's items as serving does; ``fair`` (candidates only): name → a
    models.fair_ranking ranker, each also applied to the same scores with ``groups``
    (attribute → label per employee row)."""
    from models.ranking import top_k

    rng = np.random.default_rng(FAIRNESS_SEED)
    fair = dict(fair or {})
    parts: dict[str, list] = {n: [] for n in (
        "unit", "person", "post", "selected", "exposure", "chance_selected", "chance_exposure",
        "step_up", "gap_rows")}
    fair_parts: dict[str, tuple[list, list]] = {name: ([], []) for name in fair}
    Xs, offset = [], 0
    for u, items in units:
        X = (pair_features.for_position(u, items) if by_position
             else pair_features.for_employee(u, items))
        scores = np.asarray(model.score(X), dtype=np.float64)
        n = len(items)
        selected, exposure = _shown(top_k(scores, keys[items], k), n)
        for name, ranker in fair.items():
            shown = ranker(scores, keys[items], {a: g[items] for a, g in groups.items()}, k)
            fair_sel, fair_exp = _shown(shown, n)
            fair_parts[name][0].append(fair_sel.astype(float))
            fair_parts[name][1].append(fair_exp)
        sub = np.sort(rng.choice(n, size=min(gap_rows, n), replace=False))
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
    out.fair = {name: (np.concatenate(sel), np.concatenate(exp))
                for name, (sel, exp) in fair_parts.items()}
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
    # fair re-ranking name → (attribute, candidates measure) → Rates of the same posts'
    # lists re-ranked that way (shown and logged; the gate reads ``rates`` only)
    fair_rates: dict[str, dict[tuple[str, str], Rates]] = field(default_factory=dict)

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
        for name, rates in self.fair_rates.items():
            for (a, m), r in rates.items():
                base = f"fairness_{name}_{a}_{m}"
                out[f"{base}_ratio"] = r.ratio.value
                out[f"{base}_ratio_low"] = r.ratio.low
                out[f"{base}_ratio_high"] = r.ratio.high
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
        for name, rates in self.fair_rates.items():
            parts = [f"{a} {m.replace('_', ' ')} {r.ratio.text()}"
                     for (a, m), r in rates.items()]
            lines.append(f"  with {name}=true (candidates, not gated): " + "; ".join(parts))
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
              k: int = TOP_K, fair: Mapping | None = None) -> FairnessAudit:
    """Rank the sampled positions' candidates and the sampled people's posts with ``model``
    (a JobfitModel) over ``pair_features`` (PairFeatures as of ``as_of``), ties by
    ``model_version``'s key as serving breaks them, and audit both directions.
    ``fair``: name → a models.fair_ranking ranker (``fair_ranker``); each re-ranks the same
    candidate lists as `fair=true` would, audited into ``fair_rates[name]``."""
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
                                      step_idx, GAP_ROWS_PER_UNIT, groups, fair),
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
    cands = by_dir["candidates"]
    for name in (fair or {}):
        ranked = cands.ranked(name) if cands.fair else cands
        audit.fair_rates[name] = {}
        for a in ATTRIBUTES:
            for m in ("candidates_selection", "candidates_exposure"):
                rows, values, weights = _measure_rows(ranked, m, structural)
                audit.fair_rates[name][(a, m)] = group_rates(
                    a, m, values, groups[a][ranked.person[rows]], weights, ranked.unit[rows],
                    job_type[ranked.post[rows]], order=ORDER[a], seed=FAIRNESS_SEED)
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
