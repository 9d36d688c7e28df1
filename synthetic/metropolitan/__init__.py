"""A metropolitan city government (Kota Bandar Seruni, ~2.6 million people) as a synthetic
world: the fourth sample-world generator, designed independently (docs/synthetic-metropolitan.md).

`generate_metropolitan(out_dir, seed, employees, variant, as_of)` writes DIR/export (the HR
export contract) and DIR/truth (fit.parquet and meta.json); VARIANTS names the variants.
"""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .export import write_export
from .history import Sim
from .orgchart import build_org
from .rng import Streams
from .people import STATUS
from .truth import build_posts
from .truthfile import mechanisms, write_truth
from .variants import PRESETS, VARIANTS, Mechanisms, get

__all__ = ["generate_metropolitan", "VARIANTS", "PRESETS", "Mechanisms", "MetroSummary", "DEFAULT_AS_OF", "simulate"]

DEFAULT_AS_OF = date(2026, 3, 31)


@dataclass
class MetroSummary:
    seed: int
    variant: str
    as_of: str
    units: int
    positions: int
    slots: int
    employees: int
    status: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    truth_pairs: int = 0
    rankable: int = 0
    seconds: float = 0.0

    def __getitem__(self, key):
        return getattr(self, key)

    def __str__(self) -> str:
        rows = ", ".join(f"{k} {v}" for k, v in self.files.items())
        return (f"metropolitan world (variant {self.variant}, seed {self.seed}, as of {self.as_of}): "
                f"{self.units} units, {self.positions} positions ({self.slots} slots), {self.employees} employees "
                f"{self.status}; truth {self.truth_pairs} pairs for {self.rankable} rankable employees; "
                f"{self.seconds:.1f} s\n  rows: {rows}")


def simulate(seed: int, employees: int, variant: str = "base", as_of: date = DEFAULT_AS_OF,
             progress=None) -> Sim:
    """The world before anything is written: organisation, people and their ten years."""
    m = get(variant)
    s = Streams(seed)
    org = build_org(employees, s("org"))
    posts = build_posts(org.positions, len(org.units), m, s("climate"))
    sim = Sim(org, posts, m, seed, s("history"), as_of, employees)
    sim.run(s("history"), progress)
    return sim


def generate_metropolitan(out_dir: Path, seed: int = 7, employees: int = 5000, variant: str = "base",
                          as_of: date = DEFAULT_AS_OF, progress: bool = False) -> MetroSummary:
    t = time.perf_counter()
    m = get(variant)
    out_dir = Path(out_dir)
    say = (lambda msg: print(f"  {msg}", flush=True)) if progress else None
    sim = simulate(seed, employees, variant, as_of, say)
    org = sim.org
    files, ids = write_export(sim, out_dir / "export", Streams(seed)("export"))
    meta = dict(generator="metropolitan", seed=seed, variant=variant, as_of=as_of.isoformat(), employees=employees,
                mechanisms=mechanisms(m))
    meta = write_truth(sim, ids, out_dir / "truth", meta)
    c = collections.Counter(STATUS[sim.pp.status[i]] for i in sim.pp.active(sim.as_of))
    st = dict(sorted(c.items()))
    return MetroSummary(seed=seed, variant=variant, as_of=as_of.isoformat(), units=len(org.units),
                        positions=len(org.positions), slots=int(org.positions.slots.sum()),
                        employees=files["employees.csv"], status=st, files=files,
                        truth_pairs=meta["truth"]["pairs"], rankable=meta["truth"]["employees"],
                        seconds=round(time.perf_counter() - t, 2))
