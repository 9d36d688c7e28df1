"""Writing truth/fit.parquet: the truth of every pair the contract lets a model rank.

Why: the truth file is what a model is judged against, so it must cover every pair the
eligibility rules 1-4 allow (PNS and PPPK — PPPK only for fungsional/pelaksana posts — never
CPNS; rank floor, minimum education and age limit; not the current post), as of the export
date. Pairs are evaluated in blocks of people x all posts by the one truth function.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .state import person_state
from .truth import latent, outcome

BLOCK = 192


def calendar_age(birth: np.ndarray, t: int) -> np.ndarray:
    """Whole years of age at day t (the legal age of the contract's rule 4)."""
    b = np.asarray(birth).astype("datetime64[D]")
    now = np.datetime64(int(t), "D")
    years = int(now.astype("datetime64[Y]").astype(int)) - b.astype("datetime64[Y]").astype(int)
    bm = b.astype("datetime64[M]").astype(int) % 12
    bd = (b - b.astype("datetime64[M]")).astype(int)
    nm = int(now.astype("datetime64[M]").astype(int) % 12)
    nd = int((now - now.astype("datetime64[M]")).astype(int))
    before = (nm < bm) | ((nm == bm) & (nd < bd))
    return years - before.astype(int)


def eligible_block(sim, ext: dict, ei: np.ndarray, age: np.ndarray, status: np.ndarray) -> np.ndarray:
    """Rules 1-4 and 'not the current post' for persons ei (c,1) against all posts (1,m)."""
    w, P = sim.w, sim.L.p
    pj = np.arange(w.m)[None, :]
    ok = ext["edu_level"][ei] >= w.p_min_edu[pj]
    rank = P["rank"][ei]
    ok &= (rank < 0) | (w.p_min_rank[pj] < 0) | (rank >= w.p_min_rank[pj])
    ok &= (w.p_max_age[pj] == 0) | (age[ei] <= w.p_max_age[pj])
    ok &= (status[ei] == 0) | ((status[ei] == 2) & (w.posts.job[pj] <= 1))
    ok &= P["pos"][ei] != pj
    return ok


def _quantise(x: np.ndarray) -> np.ndarray:
    """Outcomes stored to 1/4096 of a point: exact in float32, and half the file size."""
    return (np.round(x * 4096.0) / 4096.0).astype(np.float32)


def write_truth(sim, truth_dir: Path, people: np.ndarray, nip: np.ndarray) -> dict:
    truth_dir.mkdir(parents=True, exist_ok=True)
    w, P = sim.w, sim.L.p
    t = w.as_of
    ps, ext = person_state(sim.L, w, t)
    status = sim.status(t)
    age = np.zeros(sim.L.n, dtype=np.int64)
    age[people] = calendar_age(P["birth"][people], t)
    covered = np.flatnonzero(np.isin(status[people], [0, 2]))
    idx_e, idx_p, tv, ov = [], [], [], []
    pj = np.arange(w.m)[None, :]
    for s in range(0, len(covered), BLOCK):
        rows = covered[s:s + BLOCK]
        ei = people[rows][:, None]
        ok = eligible_block(sim, ext, ei, age, status)
        true, obs = latent(ps, w.posts, w.wishes, ei, pj, w.variant, w.seed)
        r, c = np.nonzero(ok)
        idx_e.append(rows[r].astype(np.int32))
        idx_p.append(c.astype(np.int32))
        tv.append(_quantise(outcome(true[r, c])))
        ov.append(_quantise(outcome(obs[r, c])))
    e = np.concatenate(idx_e) if idx_e else np.zeros(0, np.int32)
    p = np.concatenate(idx_p) if idx_p else np.zeros(0, np.int32)
    # compact the employee dictionary to the people that appear
    used, e_new = np.unique(e, return_inverse=True)
    table = pa.table({
        "employee_id": pa.DictionaryArray.from_arrays(pa.array(e_new.astype(np.int32)), pa.array(nip[used].tolist())),
        "position_id": pa.DictionaryArray.from_arrays(pa.array(p), pa.array(w.org.positions.position_id.tolist())),
        "true_outcome": pa.array(np.concatenate(tv) if tv else np.zeros(0, np.float32)),
        "observable_outcome": pa.array(np.concatenate(ov) if ov else np.zeros(0, np.float32)),
    })
    pq.write_table(table, truth_dir / "fit.parquet", compression="zstd", use_dictionary=True)
    return {"pairs": int(len(e)), "employees": int(len(used)), "positions": int(len(np.unique(p)))}


def truth_matrix(sim, persons: np.ndarray, t: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Dense (true, observable) outcomes of `persons` x every post at day t (default: as_of),
    without any eligibility filter — for audits and tests on small worlds."""
    w = sim.w
    t = w.as_of if t is None else t
    ps, _ = person_state(sim.L, w, t)
    true, obs = latent(ps, w.posts, w.wishes, np.asarray(persons)[:, None], np.arange(w.m)[None, :], w.variant, w.seed)
    return outcome(true), outcome(obs)
