"""Fitting and evaluation: export → labels → features → four scorers → calibration → metrics
(held-out outcomes, and the truth when a world has one). No MLflow here.

``fit_and_evaluate`` is reused by ``training.run.train`` (which adds the MLflow run, the
registry and the gate), by the notebook and by ``training.compare``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, field_validator
from pydantic import Field as PydField

from features import vocab
from features.export import Export
from features.report import ExportError
from models.jobfit_model import Calibrator, JobfitModel
from training.dataset import FeatureBuilder, export_date
from training.labels import LabelConfig, LabelSet, build_labels
from training.metrics import ranking_metrics
from training.movers import Movers, movers as find_movers
from training.policy import (DEFAULT_PROXIES, RULE_PRIOR, SNAPSHOT_RECENT_YEARS, FeaturePolicy, left_out,
                             prepare)
from training.selection import baseline_scorer, selection_metric
from training.scorers import (LogisticBaseline, PointwiseLGBM, RankerLGBM, RuleBaseline,
                              fit_calibrator)
from training.steps import Steps
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
    readiness_penalty: bool = True   # policy.READINESS_PENALTY on the ranker's margin
    rule_prior: float = PydField(RULE_PRIOR, ge=0)   # policy.RULE_PRIOR: the HR rule in the margin
    snapshot_years: float | None = PydField(SNAPSHOT_RECENT_YEARS, ge=0)  # None: every row
    n_jobs: int = PydField(2, ge=1)
    truth_sample: int = PydField(TRUTH_SAMPLE_SIZE, ge=1)
    shuffle_labels: bool = False     # a deliberately worse model (tests of the gate)
    proxies: str = DEFAULT_PROXIES   # which seniority / rank features learn (policy.PROXY_OPTIONS)

    @field_validator("proxies")
    @classmethod
    def _known_proxies(cls, value: str) -> str:
        left_out(value)              # raises ValueError naming the options
        return value


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
    checks: dict[str, float] = field(default_factory=dict)   # data checks, logged as metrics
    movers: Movers | None = None              # the selection metric's movers (training.movers)
    X_movers: tuple[np.ndarray, np.ndarray] | None = None   # their (new, previous) rows, raw


# --- the work ---------------------------------------------------------------------------------

def _valid_queries(valid: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rows of validation groups with ≥ 2 placements (a group of one orders nothing)."""
    sizes = valid.groupby("group", sort=False).size()
    rows = np.flatnonzero(valid["group"].map(sizes).to_numpy() >= 2)
    kept = valid.iloc[rows]
    return rows, kept.groupby("group", sort=False).size().to_numpy()


def snapshot_horizon(export: Export, snapshot_years: float | None) -> pd.Timestamp | None:
    """Rows featured before this date lose the snapshot features (None: every row keeps
    them)."""
    if snapshot_years is None:
        return None
    return pd.Timestamp(export_date(export)) - pd.Timedelta(
        days=round(vocab.DAYS_PER_YEAR * snapshot_years))


def as_trained(X: np.ndarray, as_of, policy: FeaturePolicy,
               horizon: pd.Timestamp | None) -> np.ndarray:
    """X as the trainer sees it: features left out of learning blanked on every row, and
    today's snapshot features (preferences) blanked on rows featured before ``horizon``."""
    X = np.array(X, dtype=np.float32, copy=True)
    X[:, policy.neutralised_idx] = np.nan
    if horizon is not None and policy.snapshot_idx and len(X):
        old = np.flatnonzero(pd.to_datetime(pd.Series(as_of)).to_numpy() < horizon)
        X[np.ix_(old, policy.snapshot_idx)] = np.nan
    return X


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
                     features: FeatureBuilder | None = None, steps: Steps | None = None
                     ) -> Evaluation:
    steps = steps or Steps()
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
    policy = FeaturePolicy.for_names(names, config.proxies)
    fill = policy.fill_missing()
    # Validation rows are treated exactly like training rows (same masks), so held-out
    # figures judge the model on what it will have seen.
    horizon = snapshot_horizon(export, config.snapshot_years)
    X_tr = as_trained(X_tr, train["as_of"], policy, horizon)
    X_va = as_trained(X_va, valid["as_of"], policy, horizon)
    Xp_tr = prepare(X_tr, fill)
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
                             monotone=mono, categorical=cats,
                             penalties=policy.penalties() if config.readiness_penalty else {},
                             penalty_allowance=policy.penalty_allowance(),
                             prior_terms=policy.prior(), rule_prior=config.rule_prior,
                             prior_only=policy.prior_only_idx),
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
        penalties={names[j]: w for j, w in scorers["ranker"].penalties_.items()},
        penalty_allowance={names[j]: a for j, a in policy.penalty_allowance().items()},
        prior={names[j]: [w, fill] for j, (w, fill) in scorers["ranker"].prior_.items()},
        metadata={"label_strategy": config.labels.name, "cutoff": str(labels.cutoff.date()),
                  "seed": seed, "data_snapshot": export.snapshot,
                  "data_fingerprint": export.fingerprint,
                  "level_feature": names[level_idx] if level_idx is not None else None,
                  "monotone_features": {n: m for n, m in zip(names, mono or []) if m},
                  "neutralised_features": [names[j] for j in policy.neutralised_idx],
                  "categorical_features": [names[j] for j in cats],
                  "snapshot_years": config.snapshot_years})
    with steps.step("truth-free selection metric (movers)"):
        movers = find_movers(export, labels)
        X_movers = (fb.for_rows(movers.new), fb.for_rows(movers.previous))
    ev = Evaluation(config, labels, list(names), X_tr, X_va, scorers, calibrators,
                    valid_scores, valid_sizes, rank_rows, metrics, rel, calibration,
                    model=model, movers=movers, X_movers=X_movers)
    for name in scorers:
        selection = selection_metric(ev, baseline_scorer(ev, name))
        metrics[name]["sel_movers"] = selection.value
        metrics[name]["n_movers"] = float(selection.n_movers)
    if len(train) < MIN_TRAIN_ROWS:
        ev.warnings.append(f"only {len(train)} training placements (people with two or more "
                           "placements with appraisals before the cut-off): the model has "
                           "little to learn from")
    from training.static_check import warning as static_positions_warning

    share, words = static_positions_warning(export)
    ev.checks["positions_static_education_mismatch"] = share
    if words:
        ev.warnings.append(words)
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
            # the ceiling: ranking by the observable part of the truth
            ev.truth_ndcg["ceiling"] = truth_ndcg(ts, ts.observable)
            metrics.setdefault("ceiling", {})["truth_ndcg_10"] = float(
                np.nanmean(ev.truth_ndcg["ceiling"]))
    ev.timings = dict(steps.timings)
    return ev


def load_or_raise(data_dir: Path) -> Export:
    from features.loader import load_export

    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise FileNotFoundError(f"--data {data_dir}: not a folder")
    export, report = load_export(data_dir)
    if export is None:
        raise ExportError(report)
    return export


