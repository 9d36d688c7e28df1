"""generate_provinsi: build the org chart, run ten years of history, write the export and the
truth. The one entry point; everything else is a step it calls in order."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from .export import nips, write_export
from .history import simulate
from .orgchart import build_org
from .people import Ledger, People, day
from .streams import Streams
from .truth import PostArrays
from .truthfile import shares, truth_pairs, write_meta, write_truth
from .variants import VARIANTS
from .world import World

DEFAULT_AS_OF = date(2026, 7, 1)


@dataclass
class ProvinsiSummary:
    seed: int
    variant: str
    as_of: str
    files: dict = field(default_factory=dict)
    truth_pairs: int = 0
    ranked_employees: int = 0
    seconds: float = 0.0

    def __getitem__(self, key):
        return asdict(self)[key]

    def keys(self):
        return asdict(self).keys()

    def __str__(self):
        rows = ", ".join(f"{k.removesuffix('.csv')} {v}" for k, v in self.files.items())
        return (f"provinsi world (seed {self.seed}, variant {self.variant}, as of {self.as_of}): "
                f"{rows}; truth {self.truth_pairs} pairs for {self.ranked_employees} employees; "
                f"{self.seconds:.1f}s")


def build_world(seed: int, employees: int, variant: str, as_of: date) -> World:
    if variant not in VARIANTS:
        raise ValueError(f"variant {variant!r}: the provinsi generator has {', '.join(VARIANTS)}")
    streams = Streams(seed)
    org = build_org(employees, streams("org"))
    posts = PostArrays.from_org(org.positions, org.units, org.standard)
    people = People(capacity=employees * 3 + 500)
    return World(org, posts, people, Ledger(), VARIANTS[variant], seed, streams, day(as_of),
                 day(date(as_of.year - 10, 1, 1)))


def generate_provinsi(out_dir: Path, seed: int = 11, employees: int = 5000,
                      variant: str = "base", as_of: date = DEFAULT_AS_OF,
                      progress: bool = False) -> ProvinsiSummary:
    start = time.perf_counter()
    out_dir = Path(out_dir)
    W = build_world(seed, employees, variant, as_of)
    measured = simulate(W, employees, progress)
    rows = W.people.alive(W.as_of)
    nip = nips(W, rows)
    order = sorted(rows, key=lambda k: nip[int(k)])
    rows = np.array(order, dtype=np.int64)
    write_export(W, out_dir / "export", rows, nip, W.streams("export"))
    e, p, true, obs, sds = truth_pairs(W, rows)
    pos_of_row = {int(k): i for i, k in enumerate(rows)}
    ei = np.array([pos_of_row[int(k)] for k in e], dtype=np.int64)
    srt = np.lexsort((p, ei))
    ids = np.array([nip[int(k)] for k in rows])
    write_truth(out_dir / "truth", ids, W.org.positions.position_id.to_numpy(str),
                ei[srt], p[srt], true[srt], obs[srt])
    summary = ProvinsiSummary(seed, variant, as_of.isoformat())
    for f in sorted((out_dir / "export").glob("*.csv")):
        summary.files[f.name] = sum(1 for _ in f.open(encoding="utf-8")) - 1
    summary.truth_pairs = int(len(true))
    summary.ranked_employees = int(len(np.unique(e)))
    summary.seconds = round(time.perf_counter() - start, 2)
    write_meta(out_dir / "truth", _meta(W, summary, ei, true, obs, sds, measured))
    return summary


def _meta(W, summary, e, true, obs, sds, measured) -> dict:
    v = W.variant
    return {"generator": "provinsi", "seed": summary.seed, "variant": v.name,
            "as_of": summary.as_of, "mechanisms": asdict(v),
            "files": summary.files,
            "truth": {"pairs": summary.truth_pairs, "employees": summary.ranked_employees,
                      "mean": round(float(np.mean(true)), 4) if len(true) else None,
                      "sd": round(float(np.std(true)), 4) if len(true) else None},
            "measured": {"component_sd": {k: round(x, 4) for k, x in sds.items()},
                         "shares_true": shares(e, true), "shares_observable": shares(e, obs),
                         "corr_true_observable": round(float(np.corrcoef(true, obs)[0, 1]), 4)
                         if len(true) > 2 else None,
                         "history": _history_stats(W),
                         "appraisal_mean_by_year": {str(y): round(float(np.mean(x)), 4)
                                                    for y, x in measured.items() if len(x)}}}


def _history_stats(W) -> dict:
    """Who the history's Baperjakat rounds appointed (women, the local group), and how well
    people fit the posts they held (the mean true outcome of held posts, last year)."""
    from .names import LOCAL
    P = W.people
    k = np.array([a[0] for a in W.appointments], dtype=np.int64)
    if len(k) == 0:
        return {"structural_appointments": 0}
    return {"structural_appointments": int(len(k)),
            "women_share": round(float(P.i["female"][k].mean()), 4),
            "local_share": round(float((P.i["group"][k] == LOCAL).mean()), 4),
            "appointee_ability": round(float(P.f["g"][k].mean()), 4),
            "women_share_workforce": round(float(P.i["female"][: P.n].mean()), 4),
            "local_share_workforce": round(float((P.i["group"][: P.n] == LOCAL).mean()), 4)}
