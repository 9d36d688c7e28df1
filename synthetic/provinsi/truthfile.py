"""DIR/truth: fit.parquet (every eligible pair's true and observable outcome) and meta.json
(the seed, variant, mechanisms and what they measurably do).

Why dictionary-encoded ids: millions of rows; the reader keeps ids categorical anyway."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .eligibility import eligible_posts, ranked_people
from .truth import UNOBSERVABLE, components, outcome, person_state


def truth_pairs(W, rows: np.ndarray, chunk: int = 400):
    """(people rows, posts, true, observable, component sds) for every eligible pair."""
    P = W.people
    ranked = ranked_people(W, rows)
    E, Pp, T, O = [], [], [], []
    acc: dict[str, np.ndarray] = {}          # name -> [n, sum, sum of squares]
    for start in range(0, len(ranked), chunk):
        block = ranked[start:start + chunk]
        ps = person_state(P, block, W.as_of, W.posts.unit)
        lists = [eligible_posts(W, int(k)) for k in block]
        e = np.repeat(np.arange(len(block)), [len(x) for x in lists])
        p = np.concatenate(lists) if lists else np.zeros(0, dtype=np.int64)
        cur = P.i["post"][block][e]
        same = W.posts.unit[cur] == W.posts.unit[p]
        yiu = np.where(same, (W.as_of - P.i["unit_start"][block][e]) / 365.25, 0.0)
        parts = components(ps, W.posts, e, p, W.posts.job_class[cur].astype(float),
                           np.full(len(e), 0.5), yiu, W.variant, W.seed, candidate=True)
        E.append(block[e])
        Pp.append(p)
        T.append(outcome(parts))
        O.append(outcome(parts, observable=True))
        for name, val in parts.items():
            acc[name] = acc.get(name, np.zeros(3)) + [len(val), val.sum(), (val ** 2).sum()]
    cat = (lambda xs, dt: np.concatenate(xs) if xs else np.zeros(0, dtype=dt))
    sds = {k: float(np.sqrt(max(s2 / n - (s1 / n) ** 2, 0.0))) for k, (n, s1, s2) in acc.items()
           if n}
    return cat(E, np.int64), cat(Pp, np.int64), cat(T, float), cat(O, float), sds


def shares(e: np.ndarray, y: np.ndarray) -> dict:
    """How much of the variance is the person's level, and how much is within a person."""
    if len(y) == 0:
        return {}
    total = float(np.var(y))
    sums = np.bincount(e, y)
    counts = np.bincount(e)
    mean = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    between = float(np.var(mean[e]))
    return {"person": round(between / total, 4), "within_person": round(1 - between / total, 4)}


def write_truth(out: Path, ids: np.ndarray, pos_ids: np.ndarray, e, p, true, obs):
    """Parquet with dictionary ids; rows sorted by employee id then position order."""
    out.mkdir(parents=True, exist_ok=True)
    emp_dict = pa.array(ids)
    pos_dict = pa.array(pos_ids)
    table = pa.table({
        "employee_id": pa.DictionaryArray.from_arrays(pa.array(e, pa.int32()), emp_dict),
        "position_id": pa.DictionaryArray.from_arrays(pa.array(p, pa.int32()), pos_dict),
        "true_outcome": pa.array(np.round(true, 5)),
        "observable_outcome": pa.array(np.round(obs, 5)),
    })
    pq.write_table(table, out / "fit.parquet", compression="zstd")


def write_meta(out: Path, meta: dict):
    (out / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


__all__ = ["truth_pairs", "shares", "write_truth", "write_meta", "UNOBSERVABLE"]
