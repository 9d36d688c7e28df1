"""Evaluation against a synthetic world's ground truth (truth/fit.parquet): the one place the
truth is read. It never touches training — it only scores what training produced.

The question asked is serving's first one: for a FIXED sample of employees due for transfer
as of the export's date (seeded, the same in every run so runs compare), rank all positions
they are eligible for (vacant or not); graded relevance = the true outcome rounded to 0–4,
gain 2^rel − 1; NDCG@10 per employee, averaged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from features.export import Export
from training.metrics import ndcg_at_k

TRUTH_FILE = "fit.parquet"
TRUTH_SAMPLE_SEED = 20_240_301
TRUTH_SAMPLE_SIZE = 1000   # 300 gives ±0.01 between samples on the default city
TRUTH_COLUMNS = ("employee_id", "position_id", "true_outcome")
# Optional: the expected outcome without the parts no export could reveal (pair noise, latent
# traits that never show in the history). Ranking by it gives the world's ceiling; a world
# without it has nothing unobservable in its truth, and its ceiling is the truth itself.
OBSERVABLE_COLUMN = "observable_outcome"


def read_truth(truth_dir: Path) -> pd.DataFrame:
    path = Path(truth_dir) / TRUTH_FILE
    if not path.exists():
        raise FileNotFoundError(f"--truth {truth_dir}: no {TRUTH_FILE} in it")
    import pyarrow.parquet as pq

    present = set(pq.read_schema(path).names)
    missing = [c for c in TRUTH_COLUMNS if c not in present]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    columns = list(TRUTH_COLUMNS) + ([OBSERVABLE_COLUMN] if OBSERVABLE_COLUMN in present else [])
    df = pd.read_parquet(path, columns=columns)
    # millions of rows: ids stay categorical (with str categories), not one object per row
    for c in ("employee_id", "position_id"):
        col = df[c].astype("category")
        df[c] = col.cat.rename_categories(col.cat.categories.astype(str))
    df["true_outcome"] = pd.to_numeric(df["true_outcome"], errors="coerce")
    if OBSERVABLE_COLUMN not in df:
        df[OBSERVABLE_COLUMN] = df["true_outcome"]
    df[OBSERVABLE_COLUMN] = pd.to_numeric(df[OBSERVABLE_COLUMN], errors="coerce")
    return df.dropna(subset=["true_outcome", OBSERVABLE_COLUMN])


@dataclass
class TruthSet:
    """The sampled employees' candidate pairs and their true relevance, in contiguous
    per-employee blocks."""

    as_of: date
    emp_idx: np.ndarray          # row into export.employees, per pair
    pos_idx: np.ndarray          # row into export.positions, per pair
    relevance: np.ndarray        # 0..4
    true_outcome: np.ndarray
    group_sizes: np.ndarray
    employee_ids: list[str]      # sampled employees, in block order
    job_types: list[str]         # job type of each sampled employee's current position
    observable: np.ndarray | None = None   # the observable part of the outcome (the ceiling)


def build_truth_set(export: Export, truth: pd.DataFrame, eligibility, as_of: date,
                    n: int = TRUTH_SAMPLE_SIZE, seed: int = TRUTH_SAMPLE_SEED) -> TruthSet:
    """The fixed sample: employees in a seeded random order of their sorted ids (so the
    export's row order does not matter), kept while due for transfer with at least two
    eligible positions that the truth covers, until ``n`` are found — a uniform sample of
    the due employees, found one eligibility query at a time (no employees × positions
    matrix in memory)."""
    emp_ids = export.employees["employee_id"].astype(str).to_numpy()
    emp_row = export.employee_rows
    truth_emps = set(truth["employee_id"].unique().astype(str))
    candidates = np.array(sorted(e for e in emp_ids if e in truth_emps), dtype=object)
    if len(candidates) == 0:
        raise ValueError("no employee of the export has truth rows")
    order = np.random.default_rng(seed).permutation(len(candidates))
    chosen: list[tuple[str, np.ndarray]] = []
    for eid in candidates[order]:
        eligible = eligibility.positions_for(str(eid), as_of, vacant_only=False)
        if eligible.status == "ok" and len(eligible.indices) >= 2:
            chosen.append((str(eid), np.asarray(eligible.indices, dtype=np.int64)))
            if len(chosen) >= n:
                break
    if not chosen:
        raise ValueError(f"no employee due for transfer as of {as_of} has truth rows")
    chosen.sort(key=lambda c: c[0])
    sample_ids = [c[0] for c in chosen]
    rows = truth[truth["employee_id"].isin(set(sample_ids))]
    e_of = rows["employee_id"].astype(str).map(emp_row).to_numpy(dtype=np.int64)
    p_of = rows["position_id"].astype(str).map(export.position_rows).to_numpy(
        dtype=np.float64)
    outcome_all = rows["true_outcome"].to_numpy(float)
    observable_all = (rows[OBSERVABLE_COLUMN] if OBSERVABLE_COLUMN in rows
                      else rows["true_outcome"]).to_numpy(float)
    known = ~np.isnan(p_of)
    order = np.lexsort((p_of[known], e_of[known]))
    e_of, p_of = e_of[known][order], p_of[known].astype(np.int64)[order]
    outcome_all, observable_all = outcome_all[known][order], observable_all[known][order]
    cur = export.employees["current_position_id"].astype(str).to_numpy()
    jt = export.positions.set_index("position_id")["job_type"].astype(str)
    e_all, p_all, t_all, o_all, sizes, used, jobs = [], [], [], [], [], [], []
    for eid, eligible_pos in chosen:
        e = emp_row[eid]
        lo, hi = np.searchsorted(e_of, e, "left"), np.searchsorted(e_of, e, "right")
        keep = np.isin(p_of[lo:hi], eligible_pos)
        if keep.sum() < 2:
            continue
        e_all.append(e_of[lo:hi][keep])
        p_all.append(p_of[lo:hi][keep])
        t_all.append(outcome_all[lo:hi][keep])
        o_all.append(observable_all[lo:hi][keep])
        sizes.append(int(keep.sum()))
        used.append(eid)
        jobs.append(str(jt.get(cur[e], "none")))
    if not sizes:
        raise ValueError("no sampled employee has two eligible positions with truth rows")
    outcome = np.concatenate(t_all)
    return TruthSet(as_of, np.concatenate(e_all), np.concatenate(p_all),
                    np.clip(np.rint(outcome), 0, 4).astype(int), outcome,
                    np.asarray(sizes), used, jobs, np.concatenate(o_all))


def truth_ndcg(ts: TruthSet, scores: np.ndarray, k: int = 10) -> np.ndarray:
    """NDCG@k per sampled employee (nan where nothing is relevant)."""
    out = np.empty(len(ts.group_sizes))
    start = 0
    for i, n in enumerate(ts.group_sizes):
        sl = slice(start, start + n)
        out[i] = ndcg_at_k(ts.relevance[sl], scores[sl], k)
        start += n
    return out


def score(ts: TruthSet, featurize: Callable[[np.ndarray, np.ndarray], np.ndarray],
          scorers: dict[str, Callable[[np.ndarray], np.ndarray]],
          chunk_rows: int = 20_000) -> dict[str, np.ndarray]:
    """Each scorer's scores for all truth pairs, featurised a chunk at a time (hundreds of
    thousands of pairs: the full feature matrix and its temporaries would not be small)."""
    out = {name: np.empty(len(ts.relevance)) for name in scorers}
    for start in range(0, len(ts.relevance), chunk_rows):
        sl = slice(start, start + chunk_rows)
        X = featurize(ts.emp_idx[sl], ts.pos_idx[sl])
        for name, fn in scorers.items():
            out[name][sl] = fn(X)
    return out
