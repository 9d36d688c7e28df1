"""The two MLflow helpers every run of Jobfit starts with — the experiment (its artefacts under
settings.artifact_root) and MLflow kept quiet — apart from training.tracking, so that a run
that logs no model (the outcome reports, training.reports_tracking) does not import pandas and
the model code with them: `jobfit report round` is a command staff wait for."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from models.registry import EXPERIMENT, client


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
