"""What the console's model page shows of a registered version, read from MLflow: the run's
metrics and verdict tags, the model card, the fairness tables and the fairness plots.

Why in models/: serving may not import training (the stage order), yet the desk must see how
the model it trusts was judged — and all of that is already in the registry, written by
training.tracking (`model_card.md`, `fairness.json`, `plots/fairness*.png`). This module only
reads those artefacts by their names; a version trained before they existed simply has fewer
parts (None), never an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from models.registry import RegistrySettings, client

CARD_FILE = "model_card.md"
FAIRNESS_FILE = "fairness.json"
PLOTS = ("plots/fairness.png", "plots/fairness_gap.png")
TAGS = ("gate_verdict", "promoted", "promotion_reason", "fairness_alarm", "fairness_below_bar",
        "accept_fairness", "data_snapshot", "warnings")
HEADLINE = ("val_ndcg_10", "val_ndcg_5", "val_map_10", "truth_ndcg_10", "rule_val_ndcg_10",
            "logistic_val_ndcg_10")


def _artifact(run_id: str, path: str, tracking_uri: str) -> Path | None:
    import mlflow
    from mlflow.exceptions import MlflowException

    try:
        return Path(mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=path,
                                                        tracking_uri=tracking_uri))
    except (MlflowException, OSError):
        return None


def version_report(settings: RegistrySettings, version: str) -> dict[str, Any]:
    """{version, run_id, created, metrics, headline, tags, card, fairness, plots} of one
    registered version (plots as PNG bytes by artefact name)."""
    c = client(settings)
    mv = c.get_model_version(settings.model_name, str(version))
    run = c.get_run(mv.run_id)
    metrics = dict(run.data.metrics)
    card_path = _artifact(mv.run_id, CARD_FILE, settings.tracking_uri)
    fairness_path = _artifact(mv.run_id, FAIRNESS_FILE, settings.tracking_uri)
    plots = {}
    for name in PLOTS:
        path = _artifact(mv.run_id, name, settings.tracking_uri)
        if path is not None and path.is_file():
            plots[name] = path.read_bytes()
    return {
        "version": str(version), "run_id": mv.run_id,
        "created": int(mv.creation_timestamp or 0),
        "metrics": metrics,
        "headline": {k: metrics[k] for k in HEADLINE if k in metrics},
        "tags": {k: run.data.tags[k] for k in TAGS if k in run.data.tags},
        "card": card_path.read_text(encoding="utf-8") if card_path else None,
        "fairness": json.loads(fairness_path.read_text(encoding="utf-8"))
        if fairness_path else None,
        "plots": plots,
    }
