"""MLflow for the outcome reports (`jobfit report round` / `report drift`): one run per report
in the experiment `jobfit-outcomes`, with its numbers as metrics, the report as JSON and its
figures as PNG artefacts — so that a year's field evidence sits in the same MLflow as the
training runs it judges.

Generic on purpose: it takes plain dicts and figures, so training/ never reads the state
database or the outcome code (serving/ is a later stage).
"""

from __future__ import annotations

import math

from training.tracking import ensure_experiment, quiet_mlflow

EXPERIMENT = "jobfit-outcomes"


def log_report(settings, run_name: str, *, metrics: dict[str, float | None],
               params: dict[str, object], tags: dict[str, str], report: dict,
               report_file: str, figures: dict) -> str:
    """Log one report as a finished run; returns its run id. Metrics that are None or not
    finite are left out (MLflow refuses NaN in some stores)."""
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
            for name, fig in figures.items():
                mlflow.log_figure(fig, f"plots/{name}")
            return run.info.run_id
