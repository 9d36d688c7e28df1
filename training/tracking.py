"""MLflow for a training run: the experiment (artefacts under settings.artifact_root), the run
with its parameters, metrics and plots, the logged pyfunc model with its signature, the
registered version and the promotion gate. Every MLflow call of training is here.

Gate: the new version always gets ``challenger``. It becomes ``champion`` only if it beats the
current champion on THIS run's validation queries — the champion is re-scored on them, so the
comparison is on the same data — or if there is no champion, or if the champion was trained on
other features than this code computes (then it could not be served anyway). Every run records
its verdict: tags ``promoted`` and ``promotion_reason``, metric ``champion_val_ndcg_10``.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from models.jobfit_model import JobfitModel
from models.registry import (CHALLENGER, CHAMPION, EXPERIMENT, alias_version, client,
                             load_version)

GATE_METRIC = "val_ndcg_10"


def ensure_experiment(settings, name: str = EXPERIMENT) -> str:
    """The experiment's id; created with its artefacts under settings.artifact_root (an
    absolute path) so nothing lands in the working directory."""
    import mlflow

    c = client(settings)
    exp = c.get_experiment_by_name(name)
    if exp is None:
        root = Path(settings.artifact_root).resolve()
        root.mkdir(parents=True, exist_ok=True)
        exp_id = c.create_experiment(name, artifact_location=root.as_uri())
    else:
        exp_id = exp.experiment_id
    mlflow.set_experiment(experiment_id=exp_id)
    return exp_id


def log_model(model: JobfitModel, X_sample: np.ndarray):
    """Log the JobfitModel as a pyfunc (artefacts: booster.txt + model.json; code: models/)
    with a signature and an input example. Returns the ModelInfo."""
    import lightgbm
    import mlflow
    from mlflow.models import infer_signature

    import models
    from models.pyfunc import ARTIFACT_KEY

    package = Path(models.__file__).parent
    project = package.parent
    with tempfile.TemporaryDirectory() as tmp, quiet_mlflow():
        folder = model.save(Path(tmp) / ARTIFACT_KEY)
        sample = pd.DataFrame(X_sample.astype(np.float32), columns=model.feature_names)
        signature = infer_signature(sample, model.score(X_sample))
        info = mlflow.pyfunc.log_model(
            name="model",
            python_model=str(package / "pyfunc_entry.py"),     # models-from-code
            artifacts={ARTIFACT_KEY: str(folder)},
            code_paths=[str(package)],
            signature=signature,
            input_example=sample.head(3),
            pip_requirements=[f"mlflow=={mlflow.__version__}",
                              f"lightgbm=={lightgbm.__version__}",
                              f"numpy=={np.__version__}", f"pandas=={pd.__version__}"],
            uv_project_path=str(project) if (project / "uv.lock").exists() else None,
        )
    return info


def register(settings, info, run_id: str) -> str:
    """A new version of settings.model_name from a logged model; returns the version."""
    from mlflow.exceptions import MlflowException

    c = client(settings)
    try:
        c.create_registered_model(settings.model_name,
                                  description="Jobfit job-fit ranker (LightGBM lambdarank "
                                              "over pair features, calibrated score)")
    except MlflowException as exc:
        if "already exists" not in str(exc).lower() and "RESOURCE_ALREADY_EXISTS" not in str(
                getattr(exc, "error_code", "")):
            raise
    mv = c.create_model_version(settings.model_name, source=info.model_uri, run_id=run_id,
                                model_id=info.model_id)
    return str(mv.version)


@contextmanager
def quiet_mlflow():
    """MLflow's INFO chatter (uv detection, registration) would break the progress display."""
    import logging
    import warnings

    logger = logging.getLogger("mlflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        logger.setLevel(level)


@dataclass
class GateResult:
    promoted: bool
    reason: str
    version: str
    champion_before: str | None
    champion_metric: float | None
    challenger_metric: float


def promote(settings, version: str, challenger_metric: float,
            rescore_champion: Callable[[JobfitModel], float | None]) -> GateResult:
    """Set ``challenger`` on ``version``; move ``champion`` to it only if it wins."""
    c = client(settings)
    name = settings.model_name
    c.set_registered_model_alias(name, CHALLENGER, version)
    before = alias_version(settings, CHAMPION, c)
    champ_metric: float | None = None
    if before is None:
        promoted, reason = True, "no champion yet"
    else:
        champion = load_version(settings, before, c)
        champ_metric = rescore_champion(champion)
        if champ_metric is None:
            promoted = True
            reason = (f"champion v{before} was trained on other features than this code "
                      "computes: it cannot be re-scored or served")
        elif not np.isfinite(challenger_metric):
            promoted = False
            reason = f"{GATE_METRIC} is undefined for this run (no validation queries)"
        elif challenger_metric > champ_metric:
            promoted = True
            reason = (f"{GATE_METRIC} {challenger_metric:.4f} > champion v{before} "
                      f"{champ_metric:.4f} on this run's validation data")
        else:
            promoted = False
            reason = (f"{GATE_METRIC} {challenger_metric:.4f} does not beat champion "
                      f"v{before} {champ_metric:.4f} on this run's validation data")
    if promoted:
        c.set_registered_model_alias(name, CHAMPION, version)
    return GateResult(promoted, reason, str(version), before, champ_metric, challenger_metric)


@contextmanager
def training_run(settings, run_name: str):
    """An MLflow run in the settings' experiment, quiet; yields (experiment id, run id). A run
    that raises is ended FAILED, so the UI shows what failed rather than "finished"."""
    import mlflow

    with quiet_mlflow():
        exp_id = ensure_experiment(settings)
        run = mlflow.start_run(run_name=run_name)
        try:
            yield exp_id, run.info.run_id
        except BaseException:
            mlflow.end_run(status="FAILED")
            raise
        mlflow.end_run()


def log_evaluation(ev, export, settings, config, data_dir, truth_dir) -> None:
    """The run's parameters, tags, every metric, the feature list and the evaluation's plots
    (ev: a training.pipeline.Evaluation)."""
    import mlflow

    from training.plots import evaluation_figures

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
    for fname, fig in evaluation_figures(ev).items():
        mlflow.log_figure(fig, f"plots/{fname}.png")


def log_fairness(audit) -> None:
    """The fairness audit's rates, its alarm tag and its plot (training.fairness). Reported
    here; the gate does not read them."""
    import mlflow

    from training.fairness import figure

    mlflow.log_metrics(audit.metrics())
    mlflow.set_tag("fairness_alarm", audit.tag())
    mlflow.log_figure(figure(audit), "plots/fairness.png")


def log_outcome(gate: "GateResult", warnings: list[str], seconds: float,
                timings: dict[str, float]) -> None:
    """The gate's verdict, the run's warnings and how long each step took."""
    import mlflow

    if warnings:
        mlflow.set_tag("warnings", " | ".join(warnings))
    mlflow.set_tags({"promoted": str(gate.promoted).lower(),
                     "promotion_reason": gate.reason,
                     "model_version": gate.version,
                     "champion_before": gate.champion_before or "none"})
    if gate.champion_metric is not None and np.isfinite(gate.champion_metric):
        mlflow.log_metric("champion_val_ndcg_10", gate.champion_metric)
    mlflow.log_metric("promoted", float(gate.promoted))
    mlflow.log_metric("time_total_s", seconds)
    for name, s in timings.items():
        mlflow.log_metric(f"time_{_slug(name)}_s", s)


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40]
