"""`jobfit train`: export → labels → features → four scorers → calibration → metrics (held-out
outcomes, and the truth when a world has one) → one MLflow run → registered version → gate.

``train(settings, data_dir, truth_dir=None, progress=True) -> TrainResult`` is the entry
point; ``fit_and_evaluate`` is the part without MLflow, reused by the notebook and by
``training.compare`` (label strategies side by side).
"""

from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydField

from features.export import Export
from features.report import ExportError
from models.jobfit_model import Calibrator, JobfitModel
from training.dataset import FeatureBuilder, export_date
from training.labels import LabelConfig, LabelSet, build_labels
from training.metrics import ranking_metrics
from training.policy import SNAPSHOT_RECENT_YEARS, FeaturePolicy, prepare
from training.scorers import (LogisticBaseline, PointwiseLGBM, RankerLGBM, RuleBaseline,
                              fit_calibrator)
from training.fairness import figure as fairness_figure
from training.truth import TRUTH_SAMPLE_SIZE

MODEL_ORDER = ("rule", "logistic", "pointwise", "ranker")
MIN_TRAIN_ROWS = 200   # below this a run still completes, with a warning
MODEL_LABELS = {"rule": "rule baseline", "logistic": "logistic regression",
                "pointwise": "pointwise LGBM", "ranker": "LGBM ranker"}


class TrainConfig(BaseModel):
    """What a training run does beyond Settings (defaults = the documented design)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    labels: LabelConfig = LabelConfig()
    valid_share: float = PydField(0.25, gt=0, lt=1)
    ranker_params: dict[str, Any] = PydField(default_factory=dict)
    pointwise_params: dict[str, Any] = PydField(default_factory=dict)
    monotone: bool = True            # directional guarantee (policy.MONOTONE)
    snapshot_years: float | None = PydField(SNAPSHOT_RECENT_YEARS, ge=0)  # None: every row
    n_jobs: int = PydField(2, ge=1)
    truth_sample: int = PydField(TRUTH_SAMPLE_SIZE, ge=1)
    shuffle_labels: bool = False     # a deliberately worse model (tests of the gate)


# --- progress ---------------------------------------------------------------------------------

class _Steps:
    """Named steps on a rich progress display (stderr), and their timings."""

    def __init__(self, enabled: bool, total: int):
        self.timings: dict[str, float] = {}
        self._progress = None
        if enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn)

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                      BarColumn(), TextColumn("{task.completed}/{task.total}"),
                                      TimeElapsedColumn(), console=Console(stderr=True),
                                      transient=False)
            self._task = self._progress.add_task("training", total=total)

    def __enter__(self):
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc):
        if self._progress:
            self._progress.stop()

    @contextmanager
    def step(self, name: str):
        if self._progress:
            self._progress.update(self._task, description=name)
        t0 = time.perf_counter()
        yield self
        self.timings[name] = time.perf_counter() - t0
        if self._progress:
            self._progress.advance(self._task)

    def note(self, text: str):
        if self._progress:
            self._progress.update(self._task, description=text)


# --- results ----------------------------------------------------------------------------------

@dataclass
class Evaluation:
    """Everything ``fit_and_evaluate`` produced (no MLflow)."""

    config: TrainConfig
    labels: LabelSet
    feature_names: list[str]
    X_train: np.ndarray
    X_valid: np.ndarray
    scorers: dict[str, Any]
    calibrators: dict[str, Calibrator]
    valid_scores: dict[str, np.ndarray]       # calibrated, per validation row
    valid_sizes: np.ndarray                   # validation queries (rows of ranked groups)
    valid_rank_rows: np.ndarray               # which validation rows are in those queries
    metrics: dict[str, dict[str, float]]      # model → metric → value
    reliability: pd.DataFrame
    calibration: dict[str, float]
    truth: Any = None                         # TruthSet
    truth_scores: dict[str, np.ndarray] = field(default_factory=dict)
    truth_ndcg: dict[str, np.ndarray] = field(default_factory=dict)
    model: JobfitModel | None = None
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class TrainResult:
    run_id: str
    experiment_id: str
    model_name: str
    model_version: str
    promoted: bool
    reason: str
    champion_version: str | None            # the champion after this run
    metrics: dict[str, dict[str, float]]
    cutoff: str
    data_snapshot: str
    n_train: int
    n_valid: int
    seconds: float
    label_strategy: str
    warnings: list[str] = field(default_factory=list)
    fairness: str | None = None             # training.fairness summary line

    COLUMNS = (("val_ndcg_5", "NDCG@5"), ("val_ndcg_10", "NDCG@10"), ("val_map_10", "MAP@10"),
               ("truth_ndcg_10", "truth NDCG@10"))

    def rows(self) -> list[list[str]]:
        out = []
        for m in MODEL_ORDER:
            vals = self.metrics.get(m, {})
            out.append([MODEL_LABELS[m]] + [
                "—" if not np.isfinite(vals.get(k, np.nan)) else f"{vals[k]:.3f}"
                for k, _ in self.COLUMNS])
        return out

    def verdict(self) -> str:
        state = "promoted to champion" if self.promoted else "NOT promoted"
        return f"{self.model_name} v{self.model_version}: {state} — {self.reason}"

    def __rich__(self):
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        t = Table(title=f"Job-fit model on {self.data_snapshot} (validation from "
                        f"{self.cutoff}: {self.n_valid} placements; trained on "
                        f"{self.n_train})")
        t.add_column("model")
        for _, label in self.COLUMNS:
            t.add_column(label, justify="right")
        for r in self.rows():
            t.add_row(*r)
        color = "green" if self.promoted else "yellow"
        notes = [Text(f"warning: {w}", style="yellow") for w in self.warnings]
        fair = [Text(self.fairness, style="red" if "ALARM" in self.fairness else "dim")
                ] if self.fairness else []
        return Group(t, *notes, *fair, Text(self.verdict(), style=color),
                     Text(f"MLflow run {self.run_id} · {self.seconds:.0f} s · labels "
                          f"{self.label_strategy}", style="dim"))

    def __str__(self) -> str:
        head = ["model"] + [label for _, label in self.COLUMNS]
        lines = ["  ".join(f"{h:>14}" for h in head)]
        lines += ["  ".join(f"{c:>14}" for c in r) for r in self.rows()]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [self.fairness] if self.fairness else []
        return "\n".join(lines + [self.verdict(), f"MLflow run {self.run_id}"])

    def to_dict(self) -> dict:
        return asdict(self)


# --- the work ---------------------------------------------------------------------------------

def _valid_queries(valid: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rows of validation groups with ≥ 2 placements (a group of one orders nothing)."""
    sizes = valid.groupby("group", sort=False).size()
    rows = np.flatnonzero(valid["group"].map(sizes).to_numpy() >= 2)
    kept = valid.iloc[rows]
    return rows, kept.groupby("group", sort=False).size().to_numpy()


def _cross_fitted_probability(margin, X, valid, level_idx, folds: int = 2) -> np.ndarray:
    """Calibrated probabilities for the validation rows, each from a calibrator that did not
    see its query group (honest reliability figures)."""
    keys = valid["group"].astype(str).map(
        lambda g: int(hashlib.sha1(g.encode()).hexdigest()[:8], 16) % folds).to_numpy()
    prob = np.empty(len(valid))
    for f in range(folds):
        test, fit = keys == f, keys != f
        if not test.any():
            continue
        if not fit.any():
            fit = test
        cal = fit_calibrator(margin[fit], X[fit], valid["n_good"].to_numpy()[fit],
                             valid["n_years"].to_numpy()[fit], level_idx)
        prob[test] = cal(margin[test], X[test])
    return prob


def fit_and_evaluate(export: Export, seed: int, config: TrainConfig = TrainConfig(),
                     truth: pd.DataFrame | None = None, min_tenure_years: float = 2.0,
                     features: FeatureBuilder | None = None, steps: _Steps | None = None
                     ) -> Evaluation:
    steps = steps or _Steps(False, 0)
    fb = features or FeatureBuilder(export)

    with steps.step("labels from placement history"):
        labels = build_labels(export, config.labels, valid_share=config.valid_share)
        train = labels.train
        if config.shuffle_labels:
            rng = np.random.default_rng(seed)
            train = train.copy()
            train["label"] = rng.permutation(train["label"].to_numpy())
            train["grade"] = rng.permutation(train["grade"].to_numpy())
        valid = labels.valid

    with steps.step("pair features as of each placement"):
        X_tr = fb.for_rows(train)
        X_va = fb.for_rows(valid)
        names = fb.feature_names
    policy = FeaturePolicy.for_names(names)
    fill = policy.fill_missing()
    Xp_tr = prepare(X_tr, fill)
    Xp_tr[:, policy.neutralised_idx] = np.nan
    if config.snapshot_years is not None and policy.snapshot_idx:
        horizon = pd.Timestamp(export_date(export)) - pd.Timedelta(
            days=round(365.25 * config.snapshot_years))
        old = np.flatnonzero(pd.to_datetime(train["as_of"]).to_numpy() < horizon)
        Xp_tr[np.ix_(old, policy.snapshot_idx)] = np.nan
    Xp_va = prepare(X_va, fill)
    train_sizes = train.groupby("group", sort=False).size().to_numpy()
    level_idx = policy.level_index()
    mono = policy.monotone() if config.monotone else None
    cats = policy.categorical_idx

    scorers = {
        "rule": RuleBaseline(policy.rule()),
        "logistic": LogisticBaseline(cats),
        "pointwise": PointwiseLGBM(seed=seed, n_jobs=config.n_jobs,
                                   params=config.pointwise_params, monotone=mono,
                                   categorical=cats),
        "ranker": RankerLGBM(seed=seed, n_jobs=config.n_jobs, params=config.ranker_params,
                             monotone=mono, categorical=cats),
    }
    with steps.step("fitting rule, logistic, pointwise LGBM and LGBM ranker"):
        for s in scorers.values():
            s.fit(Xp_tr, train, train_sizes)

    rank_rows, valid_sizes = _valid_queries(valid)
    grades = valid["grade"].to_numpy()
    calibrators, valid_scores, metrics = {}, {}, {}
    with steps.step("calibration and held-out metrics"):
        for name, s in scorers.items():
            margin = s.predict(Xp_va) if len(X_va) else np.zeros(0)
            cal = fit_calibrator(margin, Xp_va, valid["n_good"].to_numpy(),
                                 valid["n_years"].to_numpy(), level_idx)
            calibrators[name] = cal
            score = cal(margin, Xp_va) if len(X_va) else np.zeros(0)
            valid_scores[name] = score
            m = ranking_metrics(grades[rank_rows], score[rank_rows], valid_sizes,
                                ks=(5, 10), map_k=10, relevant_from=3)
            metrics[name] = {"val_ndcg_5": m["ndcg_5"], "val_ndcg_10": m["ndcg_10"],
                             "val_map_10": m["map_10"], "val_queries": m["n_queries"]}
        ranker = scorers["ranker"]
        margin = ranker.predict(Xp_va) if len(X_va) else np.zeros(0)
        from training.plots import expected_calibration_error, reliability_table

        if len(X_va):
            prob = _cross_fitted_probability(margin, Xp_va, valid, level_idx)
            rel = reliability_table(prob, valid["n_good"].to_numpy(),
                                    valid["n_years"].to_numpy())
            y_rate = valid["n_good"].to_numpy() / valid["n_years"].to_numpy()
            w = valid["n_years"].to_numpy()
            calibration = {
                "calib_brier": float(np.average((prob - y_rate) ** 2, weights=w)),
                "calib_ece": expected_calibration_error(rel),
                "calib_base_rate": float(valid["n_good"].sum() / valid["n_years"].sum()),
            }
        else:
            rel, calibration = pd.DataFrame(), {}

    model = JobfitModel(
        booster=ranker.booster_, feature_names=list(names), calibrator=calibrators["ranker"],
        fill_missing={names[j]: v for j, v in fill.items()},
        metadata={"label_strategy": config.labels.name, "cutoff": str(labels.cutoff.date()),
                  "seed": seed, "data_snapshot": export.snapshot,
                  "data_fingerprint": export.fingerprint,
                  "level_feature": names[level_idx] if level_idx is not None else None,
                  "monotone_features": {n: m for n, m in zip(names, mono or []) if m},
                  "neutralised_features": [names[j] for j in policy.neutralised_idx],
                  "categorical_features": [names[j] for j in cats],
                  "snapshot_years": config.snapshot_years})
    ev = Evaluation(config, labels, list(names), X_tr, X_va, scorers, calibrators,
                    valid_scores, valid_sizes, rank_rows, metrics, rel, calibration,
                    model=model)
    if len(train) < MIN_TRAIN_ROWS:
        ev.warnings.append(f"only {len(train)} training placements (people with two or more "
                           "placements with appraisals before the cut-off): the model has "
                           "little to learn from")
    if len(valid_sizes) == 0:
        ev.warnings.append("no validation queries (two or more placements starting in one "
                           "unit and year after the cut-off): held-out metrics are undefined")

    if truth is not None:
        from features.eligibility import EligibilityIndex
        from training.truth import build_truth_set, score, truth_ndcg

        with steps.step("truth NDCG@10 (fixed sample of employees due for transfer)"):
            as_of = export_date(export)
            elig = EligibilityIndex(export, min_tenure_years)
            ts = build_truth_set(export, truth, elig, as_of, n=config.truth_sample)
            pf = fb.at(as_of)
            fns = {name: (lambda X, s=s, c=calibrators[name]: c(s.predict(X), X))
                   for name, s in scorers.items()}
            ev.truth = ts
            ev.truth_scores = score(
                ts, lambda e, p: prepare(np.asarray(pf.pairs(e, p), dtype=np.float32), fill),
                fns)
            ev.truth_ndcg = {name: truth_ndcg(ts, sc) for name, sc in ev.truth_scores.items()}
            for name, v in ev.truth_ndcg.items():
                metrics[name]["truth_ndcg_10"] = float(np.nanmean(v))
            # reference: a random order
            rng = np.random.default_rng(0)
            ev.truth_ndcg["random"] = truth_ndcg(ts, rng.random(len(ts.relevance)))
            metrics.setdefault("random", {})["truth_ndcg_10"] = float(
                np.nanmean(ev.truth_ndcg["random"]))
    ev.timings = dict(steps.timings)
    return ev


def rescore_on_valid(ev: Evaluation, model: JobfitModel) -> float | None:
    """A (champion) model's val NDCG@10 on this evaluation's validation queries; None if it
    was trained on features this code does not compute."""
    if not set(model.feature_names) <= set(ev.feature_names):
        return None
    cols = [ev.feature_names.index(n) for n in model.feature_names]
    X = ev.X_valid[:, cols]
    if len(X) == 0:
        return float("nan")
    score = model.score(X)
    rows = ev.valid_rank_rows
    m = ranking_metrics(ev.labels.valid["grade"].to_numpy()[rows], score[rows], ev.valid_sizes,
                        ks=(10,), map_k=10, relevant_from=3)
    return m["ndcg_10"]


def load_or_raise(data_dir: Path) -> Export:
    from features.loader import load_export

    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise FileNotFoundError(f"--data {data_dir}: not a folder")
    export, report = load_export(data_dir)
    if export is None:
        raise ExportError(report)
    return export


def train(settings, data_dir: Path, truth_dir: Path | None = None, progress: bool = True,
          config: TrainConfig | None = None) -> TrainResult:
    """One MLflow run: train, evaluate, log, register, gate. See the module doc."""
    import mlflow

    from training import tracking
    from training.truth import read_truth

    config = config or TrainConfig()
    t0 = time.perf_counter()
    n_steps = 9 + (1 if truth_dir is not None else 0)
    with _Steps(progress, n_steps) as steps:
        with steps.step("loading and validating the export"):
            export = load_or_raise(data_dir)
            truth = read_truth(Path(truth_dir)) if truth_dir is not None else None
        fb = FeatureBuilder(export)
        ev = fit_and_evaluate(export, settings.seed, config, truth, settings.min_tenure_years,
                              features=fb, steps=steps)
        with steps.step("fairness audit (top 10 per group, four-fifths rule)"):
            fairness = _fairness_audit(ev, export, fb, settings.min_tenure_years)
        with steps.step("MLflow: run, metrics, plots"), tracking.quiet_mlflow():
            exp_id = tracking.ensure_experiment(settings)
            run = mlflow.start_run(run_name=f"train {export.snapshot}")
            try:
                _log_run(ev, export, settings, config, data_dir, truth_dir)
                figs = _figures(ev)
                figs["fairness"] = fairness_figure(fairness)
                # reported only: never an input to training or the promotion gate
                mlflow.log_metrics(fairness.metrics())
                mlflow.set_tag("fairness_alarm", fairness.tag())
                for fname, fig in figs.items():
                    mlflow.log_figure(fig, f"plots/{fname}.png")
                with steps.step("MLflow: logging and registering the model"):
                    info = tracking.log_model(ev.model, ev.X_valid[:50] if len(ev.X_valid)
                                              else ev.X_train[:50])
                    version = tracking.register(settings, info, run.info.run_id)
                with steps.step("promotion gate"):
                    gate = tracking.promote(settings, version,
                                            ev.metrics["ranker"]["val_ndcg_10"],
                                            lambda champ: rescore_on_valid(ev, champ))
                if ev.warnings:
                    mlflow.set_tag("warnings", " | ".join(ev.warnings))
                mlflow.set_tags({"promoted": str(gate.promoted).lower(),
                                 "promotion_reason": gate.reason,
                                 "model_version": version,
                                 "champion_before": gate.champion_before or "none"})
                if gate.champion_metric is not None and np.isfinite(gate.champion_metric):
                    mlflow.log_metric("champion_val_ndcg_10", gate.champion_metric)
                mlflow.log_metric("promoted", float(gate.promoted))
                seconds = time.perf_counter() - t0
                mlflow.log_metric("time_total_s", seconds)
                for name, s in steps.timings.items():
                    mlflow.log_metric(f"time_{_slug(name)}_s", s)
                run_id = run.info.run_id
            except BaseException:
                mlflow.end_run(status="FAILED")     # the run shows what failed, not "finished"
                raise
            mlflow.end_run()
    champion_after = version if gate.promoted else gate.champion_before
    return TrainResult(run_id=run_id, experiment_id=exp_id, model_name=settings.model_name,
                       model_version=version, promoted=gate.promoted, reason=gate.reason,
                       champion_version=champion_after, metrics=ev.metrics,
                       cutoff=str(ev.labels.cutoff.date()), data_snapshot=export.snapshot,
                       n_train=len(ev.labels.train), n_valid=len(ev.labels.valid),
                       seconds=seconds, label_strategy=config.labels.name,
                       warnings=list(ev.warnings), fairness=fairness.summary())


def _fairness_audit(ev: Evaluation, export: Export, fb: FeatureBuilder,
                    min_tenure_years: float):
    from features.eligibility import EligibilityIndex
    from training.fairness import run_audit

    as_of = export_date(export)
    return run_audit(export, ev.model, fb.at(as_of),
                     EligibilityIndex(export, min_tenure_years), as_of)


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40]


def _log_run(ev: Evaluation, export: Export, settings, config: TrainConfig, data_dir,
             truth_dir) -> None:
    import mlflow

    ranker = ev.scorers["ranker"].model_.get_params()
    params = {
        "data_dir": str(Path(data_dir).resolve()),
        "data_fingerprint": export.fingerprint,
        "data_snapshot": export.snapshot,
        "truth_given": truth_dir is not None,
        "seed": settings.seed,
        "label_strategy": config.labels.name,
        "cutoff": str(ev.labels.cutoff.date()),
        "valid_share": config.valid_share,
        "n_features": len(ev.feature_names),
        "monotone": config.monotone,
        "shuffle_labels": config.shuffle_labels,
        "level_feature": ev.model.metadata.get("level_feature"),
        "snapshot_years": config.snapshot_years,
        "truth_sample": config.truth_sample if truth_dir is not None else 0,
        "min_tenure_years": settings.min_tenure_years,
    }
    params.update({f"ranker_{k}": v for k, v in ranker.items()
                   if k in ("n_estimators", "learning_rate", "num_leaves", "min_child_samples",
                            "subsample", "colsample_bytree", "reg_lambda", "objective",
                            "lambdarank_truncation_level")})
    mlflow.log_params({k: (str(v) if v is not None else "none") for k, v in params.items()})
    mlflow.set_tags({"data_fingerprint": export.fingerprint, "data_snapshot": export.snapshot})
    flat: dict[str, float] = {}
    for model, vals in ev.metrics.items():
        for k, v in vals.items():
            if v is not None and np.isfinite(v):
                flat[f"{model}_{k}"] = float(v)
    for k in ("val_ndcg_5", "val_ndcg_10", "val_map_10", "truth_ndcg_10"):
        v = ev.metrics["ranker"].get(k)
        if v is not None and np.isfinite(v):
            flat[k] = float(v)   # the model's own headline metrics, unprefixed
    flat.update({k: v for k, v in ev.calibration.items() if np.isfinite(v)})
    flat.update({f"labels_{k}": v for k, v in ev.labels.stats.items()})
    mlflow.log_metrics(flat)
    mlflow.log_dict({"feature_names": ev.feature_names,
                     "monotone_features": ev.model.metadata.get("monotone_features"),
                     "rule_baseline": [[ev.feature_names[i], w, f]
                                       for i, w, f in ev.scorers["rule"].parts]},
                    "features.json")
    mlflow.log_dict({m: {k: (None if not np.isfinite(v) else v) for k, v in vals.items()}
                     for m, vals in ev.metrics.items()}, "metrics_table.json")
    if not ev.reliability.empty:
        mlflow.log_table(ev.reliability, "reliability.json")


def _figures(ev: Evaluation) -> dict[str, Any]:
    from training import plots

    figs = {"feature_importance": plots.feature_importance(ev.scorers["ranker"].booster_,
                                                           ev.feature_names)}
    if ev.truth is not None:
        figs["ndcg_per_job_type"] = plots.ndcg_per_job_type(
            {MODEL_LABELS[m]: ev.truth_ndcg[m] for m in MODEL_ORDER}, ev.truth.job_types)
    else:
        valid = ev.labels.valid.iloc[ev.valid_rank_rows]
        jt = valid.groupby("group", sort=False)["job_type"].first().tolist()
        from training.metrics import per_query

        per = {MODEL_LABELS[m]: per_query(valid["grade"].to_numpy(),
                                          ev.valid_scores[m][ev.valid_rank_rows],
                                          ev.valid_sizes)["ndcg_10"] for m in MODEL_ORDER}
        figs["ndcg_per_job_type"] = plots.ndcg_per_job_type(
            per, jt, title="Validation NDCG@10 per job type (unit-year queries)")
    if not ev.reliability.empty:
        figs["calibration"] = plots.reliability(ev.reliability)
    figs["score_distributions"] = plots.score_distributions(
        ev.valid_scores["ranker"], ev.labels.valid["grade"].to_numpy(),
        ev.truth_scores.get("ranker"), ev.truth.relevance if ev.truth is not None else None)
    return figs
