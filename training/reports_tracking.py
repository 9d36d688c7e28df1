"""MLflow for the outcome reports (`jobfit report round` / `report drift`): one run per report
in the experiment `jobfit-outcomes`, with its numbers as metrics, the report as JSON and its
figures as PNG artefacts — so that a year's field evidence sits in the same MLflow as the
training runs it judges.

Generic on purpose: it takes plain dicts and figures, so training/ never reads the state
database or the outcome code (serving/ is a later stage).
"""

from __future__ import annotations

import math
from pathlib import Path

from training.experiments import ensure_experiment, quiet_mlflow

EXPERIMENT = "jobfit-outcomes"


def log_report(settings, run_name: str, *, metrics: dict[str, float | None],
               params: dict[str, object], tags: dict[str, str], report: dict,
               report_file: str, plots: list[Path]) -> str:
    """Log one report as a finished run; returns its run id. `plots`: the report's figures as
    PNG files already rendered (logged under plots/ as they are: `log_figure` would render
    each figure a second time). Metrics that are None or not finite are left out (MLflow
    refuses NaN in some stores)."""
    import mlflow

    with quiet_mlflow():
        ensure_experiment(settings, EXPERIMENT)
        with mlflow.start_run(run_name=run_name) as run:
            mlflow.log_params({k: str(v) for k, v in params.items()})
            mlflow.set_tags(tags)
            clean = {k: float(v) for k, v in metrics.items()
                     if v is not None and math.isfinite(float(v))}
            if clean:
                mlflow.log_metrics(clean)
            mlflow.log_dict(report, report_file)
            for path in plots:
                mlflow.log_artifact(str(path), artifact_path="plots")
            return run.info.run_id
