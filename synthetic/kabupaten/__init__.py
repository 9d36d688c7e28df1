"""Kabupaten Tanah Sirandu: an independent second synthetic world (regency, not city).

Why it exists: a job-fit model tuned on one generator's worlds learns that generator's ideas.
This one was designed from its own brief (docs/synthetic-kabupaten.md) and shares only the
export contract, so a model can be checked on a world it was not shaped around.

    generate_kabupaten(out_dir, seed=0, employees=5000, variant="base", as_of=date(2026, 7, 1))

writes out_dir/export/*.csv (the contract) and out_dir/truth/ (fit.parquet, meta.json), and
returns a summary (rows per file, seconds). Same seed and variant -> byte-identical files.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import numpy as np

from .variants import VARIANTS, KabupatenVariant, resolve_variant

__all__ = ["generate_kabupaten", "VARIANTS", "KabupatenVariant"]

GENERATOR = "synthetic.kabupaten/1"


def generate_kabupaten(out_dir: Path, seed: int = 0, employees: int = 5000,
                       variant: "str | KabupatenVariant" = "base", as_of: date = date(2026, 7, 1),
                       progress: bool = False) -> dict:
    from .export import write_export
    from .history import simulate
    from .measure import measure
    from .orgchart import build_org
    from .rng import Streams
    from .truthfile import write_truth
    from .world import build_world

    t_start = time.perf_counter()
    if employees < 100:
        raise ValueError("a kabupaten needs at least 100 employees")
    v = resolve_variant(variant)
    out_dir = Path(out_dir)
    streams = Streams(seed)
    org = build_org(employees, streams("org"))
    world = build_world(org, v, seed, as_of, streams("world"))
    sim = simulate(world, streams, employees, progress)
    t_hist = time.perf_counter()
    counts, people, nip = write_export(sim, out_dir / "export", streams)
    t_exp = time.perf_counter()
    truth = write_truth(sim, out_dir / "truth", people, nip)
    t_truth = time.perf_counter()
    stats = measure(sim, people)
    meta = {
        "generator": GENERATOR, "seed": int(seed), "as_of": as_of.isoformat(), "employees": int(employees),
        "variant": v.name, "mechanisms": v.describe(), "files": counts, "truth": truth, "measured": stats,
        "notes": "true_outcome = expected appraisal 0..4 after placing the person in the post as of as_of; "
                 "observable_outcome drops the pair noise and replaces unstated wishes by their expectation.",
    }
    (out_dir / "truth" / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True, default=_json) + "\n")
    t_end = time.perf_counter()
    summary = {"files": counts, "truth": truth, "variant": v.name, "seed": int(seed),
               "seconds": round(t_end - t_start, 2),
               "seconds_by_stage": {"history": round(t_hist - t_start, 2), "export": round(t_exp - t_hist, 2),
                                    "truth": round(t_truth - t_exp, 2), "measure": round(t_end - t_truth, 2)},
               "interaction_share": stats["shares_true"]["interaction"]}
    return summary


def _json(x):
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating,)):
        return float(x)
    if isinstance(x, np.bool_):
        return bool(x)
    raise TypeError(type(x))
