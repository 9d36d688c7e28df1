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
TRUTH_SAMPLE_SIZE = 300
TRUTH_COLUMNS = ("employee_id", "position_id", "true_outcome")


def read_truth(truth_dir: Path) -> pd.DataFrame:
    path = Path(truth_dir) / TRUTH_FILE
    if not path.exists():
        raise FileNotFoundError(f"--truth {truth_dir}: no {TRUTH_FILE} in it")
    df = pd.read_parquet(path)
    missing = [c for c in TRUTH_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    df = df[list(TRUTH_COLUMNS)].copy()
    df["employee_id"] = df["employee_id"].astype(str)
    df["position_id"] = df["position_id"].astype(str)
    df["true_outcome"] = pd.to_numeric(df["true_outcome"], errors="coerce")
    return df.dropna(subset=["true_outcome"])


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
    X: np.ndarray | None = None


def build_truth_set(export: Export, truth: pd.DataFrame, eligibility, as_of: date,
                    n: int = TRUTH_SAMPLE_SIZE, seed: int = TRUTH_SAMPLE_SEED) -> TruthSet:
    emp_ids = export.employees["employee_id"].astype(str).to_numpy()
    pos_ids = export.positions["position_id"].astype(str).to_numpy()
    ok = eligibility.matrix(as_of, vacant_only=False)           # includes "not due"
    due = np.flatnonzero(ok.sum(axis=1) >= 2)
    truth_emps = set(truth["employee_id"])
    due = np.array([e for e in due if emp_ids[e] in truth_emps], dtype=np.int64)
    if len(due) == 0:
        raise ValueError(f"no employee due for transfer as of {as_of} has truth rows")
    # fixed sample: by sorted id so the export's row order does not matter
    due = due[np.argsort(emp_ids[due], kind="stable")]
    rng = np.random.default_rng(seed)
    pick = np.sort(rng.choice(len(due), size=min(n, len(due)), replace=False))
    sample = due[pick]
    pos_row = pd.Series(np.arange(len(pos_ids)), index=pos_ids)
    emp_row = pd.Series(np.arange(len(emp_ids)), index=emp_ids)
    rows = truth[truth["employee_id"].isin(set(emp_ids[sample]))]
    e_of = emp_row.reindex(rows["employee_id"].to_numpy()).to_numpy().astype(np.int64)
    p_of = pos_row.reindex(rows["position_id"].to_numpy()).to_numpy()
    outcome_all = rows["true_outcome"].to_numpy(float)
    known = ~np.isnan(p_of)
    e_of, p_of, outcome_all = e_of[known], p_of[known].astype(np.int64), outcome_all[known]
    keep = ok[e_of, p_of]
    e_of, p_of, outcome_all = e_of[keep], p_of[keep], outcome_all[keep]
    order = np.lexsort((p_of, e_of))
    e_of, p_of, outcome_all = e_of[order], p_of[order], outcome_all[order]
    cur = export.employees["current_position_id"].astype(str).to_numpy()
    jt = export.positions.set_index("position_id")["job_type"].astype(str)
    e_all, p_all, t_all, sizes, used, jobs = [], [], [], [], [], []
    bounds = np.searchsorted(e_of, sample, side="left"), np.searchsorted(e_of, sample,
                                                                         side="right")
    for e, lo, hi in zip(sample, *bounds):
        if hi - lo < 2:
            continue
        e_all.append(e_of[lo:hi])
        p_all.append(p_of[lo:hi])
        t_all.append(outcome_all[lo:hi])
        sizes.append(int(hi - lo))
        used.append(emp_ids[e])
        jobs.append(str(jt.get(cur[e], "none")))
    if not sizes:
        raise ValueError("no sampled employee has two eligible positions with truth rows")
    outcome = np.concatenate(t_all)
    return TruthSet(as_of, np.concatenate(e_all), np.concatenate(p_all),
                    np.clip(np.rint(outcome), 0, 4).astype(int), outcome,
                    np.asarray(sizes), used, jobs)


def truth_ndcg(ts: TruthSet, scores: np.ndarray, k: int = 10) -> np.ndarray:
    """NDCG@k per sampled employee (nan where nothing is relevant)."""
    out = np.empty(len(ts.group_sizes))
    start = 0
    for i, n in enumerate(ts.group_sizes):
        sl = slice(start, start + n)
        out[i] = ndcg_at_k(ts.relevance[sl], scores[sl], k)
        start += n
    return out


def evaluate(ts: TruthSet, scorers: dict[str, Callable[[np.ndarray], np.ndarray]],
             k: int = 10) -> dict[str, np.ndarray]:
    """Per-employee truth NDCG@k for each scorer (called once on the whole matrix)."""
    if ts.X is None:
        raise ValueError("TruthSet.X is not built")
    return {name: truth_ndcg(ts, np.asarray(fn(ts.X), dtype=float), k)
            for name, fn in scorers.items()}
