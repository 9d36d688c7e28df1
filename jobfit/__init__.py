"""The application: the `jobfit` command line and the wiring of every stage (settings, demo,
service launch). The one package that may import every other.

Importing it switches MLflow's telemetry off before anything imports mlflow: every entry
point (the `jobfit` command, the service `bentoml serve jobfit.service:Jobfit` loads, the
benchmarks) comes through here, and MLflow reads the switch once, when it is imported — it
would otherwise fetch its telemetry configuration over the network and send usage records.
MLflow does not read `DO_NOT_TRACK=1` (only "true"). A value the user set is kept.

MLflow's artefact progress bars are switched off the same way: with tqdm installed (optuna
brings it) every artefact download — `jobfit card`, loading a registered version — would draw
"Downloading artifacts" bars into the command's output.
"""

import os

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
