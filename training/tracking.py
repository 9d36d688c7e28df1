"""MLflow for a training run: the experiment (artefacts under settings.artifact_root), the
logged pyfunc model with its signature, the registered version and the promotion gate.

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
