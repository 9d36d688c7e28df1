"""The world matrix: one modelling design judged on many worlds, never on the default city alone.

A world is a folder with export/ (what a real city would hand over) and truth/ (what no real
city has). For each world this runs the trainer without MLflow (training.pipeline
.fit_and_evaluate) and reads the truth NDCG@10 of every scorer — rule, logistic, pointwise,
ranker, random — and the world's ceiling (ranking by the observable part of its truth). A
design is kept only if it holds across generators it was not tuned on (docs/model.md).

The worlds come from the caller (`jobfit matrix` generates them with synthetic/); this module
only evaluates folders, so it does not depend on any generator.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from training.pipeline import MODEL_ORDER, TrainConfig, fit_and_evaluate, load_or_raise

SCORERS = (*MODEL_ORDER, "random")


@dataclass(frozen=True)
class World:
    generator: str
    variant: str
    seed: int
    folder: Path

    @property
    def name(self) -> str:
        return f"{self.generator}/{self.variant}/s{self.seed}"


def evaluate_world(world: World, config: TrainConfig = TrainConfig(), seed: int = 7,
                   fairness: bool = False) -> dict[str, float | str]:
    """Truth NDCG@10 of every scorer on one world, its ceiling, and the ranker's margins;
    with ``fairness``, also the ranker's audit ratios and candidates truth NDCG@10, plain
    and fair re-ranked (training.fairness_matrix)."""
    from training.truth import read_truth

    t0 = time.perf_counter()
    export = load_or_raise(world.folder / "export")
    truth = read_truth(world.folder / "truth")
    ev = fit_and_evaluate(export, seed, config, truth)
    row: dict[str, float | str] = {"world": world.name, "generator": world.generator,
                                   "variant": world.variant, "seed": world.seed,
                                   "proxies": config.proxies}
    for name in (*SCORERS, "ceiling"):
        row[name] = float(ev.metrics.get(name, {}).get("truth_ndcg_10", np.nan))
    row["val_ndcg_10"] = float(ev.metrics["ranker"].get("val_ndcg_10", np.nan))
    for name in MODEL_ORDER:        # the truth-free selection metric of each scorer
        row[f"sel_{name}"] = float(ev.metrics[name].get("sel_movers", np.nan))
        row[f"val_{name}"] = float(ev.metrics[name].get("val_ndcg_10", np.nan))
    row["n_movers"] = float(ev.metrics["ranker"].get("n_movers", 0))
    row.update(margins(row))
    if fairness:
        row.update(_fairness(export, ev.model, truth))
    row["seconds"] = time.perf_counter() - t0
    return row


def _fairness(export, model, truth: pd.DataFrame) -> dict[str, float]:
    from features.eligibility import EligibilityIndex
    from features.export import export_date
    from features.pairs import PairFeatures
    from training.fairness_matrix import world_fairness

    as_of = export_date(export)
    return world_fairness(export, model, PairFeatures(export, as_of),
                          EligibilityIndex(export), truth, as_of)


def margins(row: dict) -> dict[str, float]:
    """What the issue's bar reads: the ranker over the rule, over the best other baseline, and
    the share of the rule-to-ceiling distance the ranker closes."""
    ranker, rule, ceiling = row["ranker"], row["rule"], row["ceiling"]
    best_other = max(row[m] for m in SCORERS if m != "ranker")
    room = ceiling - rule
    return {"over_rule": ranker - rule, "over_best_other": ranker - best_other,
            "closed": (ranker - rule) / room if room > 1e-9 else np.nan}


def evaluate_matrix(worlds: Iterable[World], config: TrainConfig = TrainConfig(),
                    seed: int = 7, on_world: Callable[[dict], None] | None = None,
                    fairness: bool = False) -> pd.DataFrame:
    """One row per world (evaluate_world), in the given order."""
    rows = []
    for world in worlds:
        row = evaluate_world(world, config, seed, fairness)
        rows.append(row)
        if on_world is not None:
            on_world(row)
    return pd.DataFrame(rows)


def summary(table: pd.DataFrame) -> dict[str, float]:
    """Over the matrix: mean NDCG per scorer, the closed share of the mean distance (so an easy
    world cannot carry the average), and the worst world's margins."""
    means = {m: float(table[m].mean()) for m in (*SCORERS, "ceiling")}
    room = means["ceiling"] - means["rule"]
    return {**{f"mean_{m}": v for m, v in means.items()},
            "closed_of_mean": (means["ranker"] - means["rule"]) / room if room > 1e-9
            else float("nan"),
            "min_over_rule": float(table["over_rule"].min()),
            "min_over_best_other": float(table["over_best_other"].min())}


def metric_tracking(tables: list[pd.DataFrame]) -> dict[str, float]:
    """How well a truth-free metric tracks truth NDCG@10 over designs × worlds: Spearman's rho
    between each (design, world, scorer)'s truth NDCG@10 and its selection metric (and, for
    comparison, its held-out NDCG@10 of unit-year queries). Each table is one design's
    matrix."""
    from scipy.stats import spearmanr

    truth, sel, val = [], [], []
    for t in tables:
        for name in MODEL_ORDER:
            truth += t[name].tolist()
            sel += t[f"sel_{name}"].tolist()
            val += t[f"val_{name}"].tolist()
    truth, sel, val = (np.asarray(a, dtype=float) for a in (truth, sel, val))
    ok = np.isfinite(truth) & np.isfinite(sel) & np.isfinite(val)
    return {"points": int(ok.sum()),
            "spearman_selection": float(spearmanr(truth[ok], sel[ok]).statistic),
            "spearman_val_ndcg": float(spearmanr(truth[ok], val[ok]).statistic)}


def to_markdown(table: pd.DataFrame) -> str:
    """The matrix as a markdown table (docs/model.md)."""
    cols = ["world", *SCORERS, "ceiling", "over_rule", "closed"]
    head = "| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n"
    lines = []
    for _, r in table.iterrows():
        cells = [str(r["world"])] + [f"{r[c]:.3f}" if np.isfinite(r[c]) else "—"
                                     for c in cols[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"
