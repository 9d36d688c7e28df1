"""Label designs side by side: the figures behind docs/model.md.

    .venv/bin/python -m training.compare --data DIR/export --truth DIR/truth

For each label design (LabelConfig) it runs ``fit_and_evaluate`` — the trainer without
MLflow, on the same export, features and seed — and prints the LGBM ranker's held-out and
truth metrics (and the pointwise baseline's, trained on the same labels). Nothing is logged or
registered.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from training.labels import LabelConfig
from training.pipeline import TrainConfig, fit_and_evaluate, load_or_raise

DESIGNS: dict[str, LabelConfig] = {
    "residual · year queries · all rows (chosen)": LabelConfig("residual", "year", "all"),
    "residual · year queries · multi rows (before)": LabelConfig("residual", "year", "multi"),
    "residual · person queries": LabelConfig("residual", "person", "multi"),
    "residual · unit-year queries": LabelConfig("residual", "slot", "all"),
    "raw · person queries (leniency passes for fit)": LabelConfig("raw", "person", "multi"),
    "raw · unit-year queries (person level passes for fit)": LabelConfig("raw", "slot", "all"),
}
EXTRA: dict[str, TrainConfig] = {
    "chosen, preferences on every training row": TrainConfig(snapshot_years=None),
    "chosen, without monotone constraints": TrainConfig(monotone=False),
}


def compare(data: Path, truth: Path | None, seed: int = 7, extra: bool = True) -> pd.DataFrame:
    from training.dataset import FeatureBuilder
    from training.truth import read_truth

    export = load_or_raise(data)
    truth_df = read_truth(truth) if truth is not None else None
    fb = FeatureBuilder(export)
    configs = {name: TrainConfig(labels=lc) for name, lc in DESIGNS.items()}
    if extra:
        configs.update(EXTRA)
    rows = []
    for name, cfg in configs.items():
        t0 = time.perf_counter()
        ev = fit_and_evaluate(export, seed, cfg, truth_df, features=fb)
        r, p = ev.metrics["ranker"], ev.metrics["pointwise"]
        rows.append({"design": name, "train rows": len(ev.labels.train),
                     "queries": ev.labels.train["group"].nunique(),
                     "ranker val NDCG@10": r["val_ndcg_10"], "ranker MAP@10": r["val_map_10"],
                     "ranker truth NDCG@10": r.get("truth_ndcg_10"),
                     "pointwise truth NDCG@10": p.get("truth_ndcg_10"),
                     "rule truth NDCG@10": ev.metrics["rule"].get("truth_ndcg_10"),
                     "seconds": time.perf_counter() - t0})
    return pd.DataFrame(rows).set_index("design")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="HR export folder")
    ap.add_argument("--truth", type=Path, default=None, help="truth folder (optional)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-extra", action="store_true", help="label designs only")
    args = ap.parse_args(argv)
    table = compare(args.data, args.truth, args.seed, extra=not args.no_extra)
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.precision", 3):
        print(table.to_string())  # noqa: T201 - a command-line tool's output


if __name__ == "__main__":
    main()
