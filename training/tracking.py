"""MLflow for a training run: the experiment (artefacts under settings.artifact_root), the run
with its parameters, metrics and plots, the logged pyfunc model with its signature, the
registered version and the promotion gate; and the runs of the hyper-parameter search
(`jobfit tune`, training.tuning: one run, a nested run per fold and per trial, experiment
`jobfit-tuning`). Every MLflow call of training is here.

Gate: the new version always gets ``challenger``; training.gate decides whether it becomes
``champion`` (selection metric on the same movers for both, fairness bar, enough data).
Every run records the verdict: tags ``promoted``, ``gate_verdict``, ``promotion_reason``,
metrics ``selection_<metric>`` for challenger, champion and rule baseline.
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
from training.experiments import ensure_experiment, quiet_mlflow


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


@dataclass
class GateResult:
    promoted: bool
    reason: str
    code: str                           # training.gate verdict code
    version: str
    champion_before: str | None
    champion_metric: float | None       # the selection metric of each, same rows, same way
    challenger_metric: float
    rule_metric: float
    metric_name: str
    fairness_accepted: str | None = None


def promote(settings, version: str,
            judge: Callable[[JobfitModel | None, str | None], tuple]) -> GateResult:
    """Set ``challenger`` on ``version``; move ``champion`` to it only if ``judge`` says so.

    ``judge(champion_model_or_None, champion_version_or_None)`` returns
    (training.gate.Verdict, {"challenger": Selection, "rule": Selection,
    "champion": Selection | None})."""
    c = client(settings)
    name = settings.model_name
    c.set_registered_model_alias(name, CHALLENGER, version)
    before = alias_version(settings, CHAMPION, c)
    champion = load_version(settings, before, c) if before is not None else None
    verdict, scores = judge(champion, before)
    if verdict.promoted:
        c.set_registered_model_alias(name, CHAMPION, version)
    champ = scores.get("champion")
    return GateResult(verdict.promoted, verdict.reason, verdict.code, str(version), before,
                      None if champ is None else champ.value, scores["challenger"].value,
                      scores["rule"].value, scores["challenger"].name,
                      verdict.fairness_accepted)


@contextmanager
def training_run(settings, run_name: str, experiment: str = EXPERIMENT):
    """An MLflow run in the settings' experiment (default: the training runs'), quiet; yields
    (experiment id, run id). A run that raises is ended FAILED, so the UI shows what failed
    rather than "finished"."""
    with quiet_mlflow():
        exp_id = ensure_experiment(settings, experiment)
        with _ended_failed_on_error(run_name, nested=False) as run_id:
            yield exp_id, run_id


@contextmanager
def nested_run(run_name: str):
    """A run nested in the active one (a fold of `jobfit tune` in the search's run, a trial
    in its fold's), quiet; yields its id, ended FAILED if it raises."""
    with quiet_mlflow(), _ended_failed_on_error(run_name, nested=True) as run_id:
        yield run_id


@contextmanager
def _ended_failed_on_error(run_name: str, nested: bool):
    import mlflow

    run = mlflow.start_run(run_name=run_name, nested=nested)
    try:
        yield run.info.run_id
    except BaseException:
        mlflow.end_run(status="FAILED")
        raise
    mlflow.end_run()


# --- the hyper-parameter search (training.tuning) ----------------------------------------------
TUNING_EXPERIMENT = "jobfit-tuning"


def log_values(params: dict | None = None, metrics: dict | None = None,
               tags: dict | None = None) -> None:
    """Parameters (as text), metrics (those that are not finite left out: MLflow refuses NaN
    in some stores) and tags (cut to MLflow's 5,000 characters) on the active run: the
    gate's outcome and the tuning runs alike."""
    import mlflow

    if params:
        mlflow.log_params({k: str(v) for k, v in params.items()})
    clean = {k: float(v) for k, v in (metrics or {}).items()
             if v is not None and np.isfinite(float(v))}
    if clean:
        mlflow.log_metrics(clean)
    if tags:
        mlflow.set_tags({k: str(v)[:4900] for k, v in tags.items()})


def log_json(content: dict, file: str) -> None:
    """A JSON artefact of the active run."""
    import mlflow

    mlflow.log_dict(content, file)


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
        "proxies": config.proxies,
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
    flat.update({f"check_{k}": v for k, v in ev.checks.items()})
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
    """The fairness audit (training.fairness): ratios with intervals and rates as metrics, the
    alarm tag, the rate tables (pooled and per job type) and two plots."""
    import mlflow

    from training.fairness_plots import figure, gap_figure

    mlflow.log_metrics(audit.metrics())
    mlflow.set_tag("fairness_alarm", audit.tag()[:4900])
    mlflow.set_tag("fairness_below_bar", " | ".join(audit.gate_failures())[:4900] or "none")
    tables = {f"{a}/{m}": {"groups": r.table.reset_index().to_dict(orient="records"),
                           "ratio": [r.ratio.value, r.ratio.low, r.ratio.high],
                           "by_job_type": r.by_job_type.reset_index().to_dict(
                               orient="records")}
              for (a, m), r in audit.rates.items()}
    tables["gaps"] = {a: g.top(10) for a, g in audit.gaps.items()}
    mlflow.log_dict(tables, "fairness.json")
    mlflow.log_figure(figure(audit), "plots/fairness.png")
    mlflow.log_figure(gap_figure(audit), "plots/fairness_gap.png")


CARD_FILE = "model_card.md"
DESCRIPTION_MAX = 5000     # MLflow's model version description column


def log_card(settings, version: str, card: str) -> None:
    """The model card as the run's ``model_card.md`` and as the registered version's
    description (cut at a line if it is longer than MLflow keeps, pointing to the file)."""
    import mlflow

    mlflow.log_text(card, CARD_FILE)
    run_id = mlflow.active_run().info.run_id
    description = card
    if len(card) > DESCRIPTION_MAX:
        tail = f"\n\n… the whole card: run {run_id}, artefact {CARD_FILE}"
        description = card[:DESCRIPTION_MAX - len(tail)].rsplit("\n", 1)[0] + tail
    c = client(settings)
    c.update_model_version(settings.model_name, version, description=description)
    c.set_model_version_tag(settings.model_name, version, "model_card",
                            f"runs:/{run_id}/{CARD_FILE}")


def read_card(settings, version: str | None = None) -> tuple[str, str]:
    """(version, card markdown) of a registered version; ``None``: the champion.
    LookupError names what is missing."""
    import mlflow
    from mlflow.exceptions import MlflowException

    c = client(settings)
    if version is None:
        version = alias_version(settings, CHAMPION, c)
        if version is None:
            versions = sorted((int(mv.version) for mv in c.search_model_versions(
                f"name='{settings.model_name}'")), reverse=True)
            hint = (f"; registered versions: {', '.join(map(str, versions[:10]))} — "
                    "`jobfit card VERSION` prints one") if versions else \
                "; run `jobfit train --data EXPORT_DIR` first"
            raise LookupError(f"no champion of '{settings.model_name}' in "
                              f"{settings.tracking_uri}{hint}")
    try:
        mv = c.get_model_version(settings.model_name, str(version))
    except MlflowException:
        raise LookupError(f"no version {version} of '{settings.model_name}' in "
                          f"{settings.tracking_uri}") from None
    try:
        path = mlflow.artifacts.download_artifacts(run_id=mv.run_id, artifact_path=CARD_FILE,
                                                   tracking_uri=settings.tracking_uri)
    except (MlflowException, OSError):
        raise LookupError(f"version {version} has no {CARD_FILE} (trained before model "
                          "cards were written)") from None
    return str(version), Path(path).read_text(encoding="utf-8")


def log_outcome(gate: "GateResult", warnings: list[str], seconds: float,
                timings: dict[str, float], accept_fairness: str | None = None) -> None:
    """The gate's verdict, the run's warnings and how long each step took."""
    tags = {"promoted": str(gate.promoted).lower(), "gate_verdict": gate.code,
            "promotion_reason": gate.reason, "model_version": gate.version,
            "champion_before": gate.champion_before or "none",
            "selection_metric": gate.metric_name}
    if warnings:
        tags["warnings"] = " | ".join(warnings)
    if accept_fairness:
        tags |= {"accept_fairness": accept_fairness,
                 "accept_fairness_used": str(bool(gate.fairness_accepted)).lower()}
    metrics = {f"selection_{who}": v for who, v in (
        ("challenger", gate.challenger_metric), ("champion", gate.champion_metric),
        ("rule", gate.rule_metric))}
    metrics |= {"promoted": float(gate.promoted), "time_total_s": seconds}
    metrics |= {f"time_{_slug(name)}_s": s for name, s in timings.items()}
    log_values(metrics=metrics, tags=tags)      # non-finite figures left out, tags cut


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40]
