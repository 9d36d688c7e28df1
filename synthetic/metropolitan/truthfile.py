"""The truth file (DIR/truth/fit.parquet) and its meta.json.

Why: the truth covers exactly the pairs the contract's eligibility rules allow on the
export date, for exactly the employees the rules let be ranked (PNS or PPPK, no sanction
running past the date, at least two years in the current post), computed here from the
same state the export was written from. It is kept apart from the export.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .history import Sim
from .truth import UNOBSERVABLE, components, outcome


def rankable(sim: Sim) -> np.ndarray:
    pp = sim.pp
    people = pp.active(sim.as_of)
    ok = np.isin(pp.status[people], (0, 2))
    ok &= pp.sanction_until[people] <= sim.as_of
    ok &= pp.pos_start[people] <= sim.due_line
    return people[ok]


def ages(sim: Sim, people: np.ndarray) -> np.ndarray:
    """Completed years on the export date."""
    from datetime import timedelta

    from .history import EPOCH
    a = sim.as_of_date
    out = np.empty(len(people), dtype=int)
    for k, i in enumerate(people):
        b = EPOCH + timedelta(days=int(sim.pp.birth[i]))
        out[k] = a.year - b.year - ((a.month, a.day) < (b.month, b.day))
    return out


def eligible(sim: Sim, people: np.ndarray) -> np.ndarray:
    """[person, post] mask of the contract's rules 1-4 and 6."""
    pp, posts = sim.pp, sim.posts
    i = people[:, None]
    ok = (pp.status[i] == 0) | (posts.need_lead[None, :] == 0) & (sim.org.positions.job_type.isin(
        ["fungsional", "pelaksana"]).to_numpy()[None, :]) & (pp.status[i] == 2)
    ok &= (pp.rank[i] < 0) | (sim.floor[None, :] < 0) | (pp.rank[i] >= sim.floor[None, :])
    ok &= pp.edu[i] >= sim.min_edu[None, :]
    ok &= ages(sim, people)[:, None] <= sim.max_age[None, :]
    ok &= np.arange(sim.P)[None, :] != pp.pos[i]
    return ok


def truth_matrix(sim: Sim, people: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(true, observable) outcomes of `people` x every post as of the export date."""
    view = sim.view(sim.as_of)
    return outcome(view, sim.posts, sim.m, sim.seed, np.asarray(people)[:, None], np.arange(sim.P)[None, :])


def write_truth(sim: Sim, ids: dict[int, str], out: Path, meta: dict, chunk: int = 250) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    people = np.array(sorted(rankable(sim), key=lambda i: ids[int(i)]))
    view = sim.view(sim.as_of)
    pid = sim.org.positions.position_id.to_numpy()
    e_parts, p_parts, t_parts, o_parts = [], [], [], []
    for s in range(0, len(people), chunk):
        block = people[s:s + chunk]
        ok = eligible(sim, block)
        true, obs = outcome(view, sim.posts, sim.m, sim.seed, block[:, None], np.arange(sim.P)[None, :])
        r, c = np.nonzero(ok)
        e_parts.append(block[r])
        p_parts.append(c)
        t_parts.append(true[r, c])
        o_parts.append(obs[r, c])
    e = np.concatenate(e_parts) if e_parts else np.zeros(0, int)
    p = np.concatenate(p_parts) if p_parts else np.zeros(0, int)
    true = np.round(np.concatenate(t_parts), 5) if t_parts else np.zeros(0)
    obs = np.round(np.concatenate(o_parts), 5) if o_parts else np.zeros(0)
    emp_ids = [ids[int(i)] for i in people]
    emp_code = np.searchsorted(people, e) if False else np.repeat(np.arange(len(people)), 0)
    pos_in = {int(i): k for k, i in enumerate(people)}
    emp_code = np.array([pos_in[int(i)] for i in e], dtype=np.int32)
    table = pa.table({
        "employee_id": pa.DictionaryArray.from_arrays(pa.array(emp_code, pa.int32()), pa.array(emp_ids, pa.string())),
        "position_id": pa.DictionaryArray.from_arrays(pa.array(p.astype(np.int32), pa.int32()),
                                                      pa.array(list(pid), pa.string())),
        "true_outcome": pa.array(true, pa.float64()),
        "observable_outcome": pa.array(obs, pa.float64())})
    pq.write_table(table, out / "fit.parquet", compression="zstd")
    meta = dict(meta, truth=dict(pairs=int(len(e)), employees=len(people)),
                measured=measure(sim, view, e, p, true, obs), history=measure_history(sim, view))
    (out / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return meta


def measure(sim: Sim, view, e, p, true, obs, n: int = 60_000) -> dict:
    """Sizes of the mechanisms among the truth's pairs (a fixed subsample)."""
    if len(e) == 0:
        return {}
    take = np.linspace(0, len(e) - 1, min(n, len(e))).astype(int)
    parts = components(view, sim.posts, sim.m, sim.seed, e[take], p[take])
    sd = {k: round(float(np.std(v)), 4) for k, v in parts.items()}
    within = pd.DataFrame({"e": e[take], "t": true[take]}).groupby("e").t.std().mean()
    return dict(sd_of_terms=sd, unobservable_terms=list(UNOBSERVABLE),
                mean_true=round(float(true.mean()), 4), sd_true=round(float(true.std()), 4),
                mean_within_employee_sd=round(float(within), 4),
                corr_true_observable=round(float(np.corrcoef(true, obs)[0, 1]), 4))


def measure_history(sim: Sim, view) -> dict:
    """What the placement policy produced: how well the current holders fit their posts, and
    who holds the structural posts."""
    pp = sim.pp
    act = pp.active(sim.as_of)
    act = act[pp.pos[act] >= 0]
    true, obs = outcome(view, sim.posts, sim.m, sim.seed, act, pp.pos[act])
    structural = sim.posts.need_lead[pp.pos[act]] > 0
    matched = sim.posts.match[pp.field[act], pp.pos[act]]
    return dict(current_true_mean=round(float(true.mean()), 4), current_observable_mean=round(float(obs.mean()), 4),
                current_field_match_mean=round(float(np.nanmean(matched)), 4),
                women_share_structural=round(float(pp.gender[act][structural].mean()), 4),
                women_share_all=round(float(pp.gender[act].mean()), 4))


def mechanisms(m) -> dict:
    return {k: v for k, v in asdict(m).items()}
