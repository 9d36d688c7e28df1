"""MLflow's telemetry is off in every entry point, before mlflow is imported: MLflow would
otherwise fetch its telemetry configuration over the network and send usage records (it
reads MLFLOW_DISABLE_TELEMETRY, not DO_NOT_TRACK=1). A value the user set is kept.

The subprocesses get a bare environment: no CI variable, no PYTEST_CURRENT_TEST (MLflow
switches telemetry off by itself under those, which would hide a missing switch)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobfit.launch import service_env
from jobfit.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _bare_env(**extra: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/"),
           "PYTHONPATH": str(ROOT)}
    env.update(extra)
    return env


def _python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


# What mlflow itself decided when it was imported: its telemetry client, or None when off.
MLFLOW_CLIENT = ("import mlflow; from mlflow.telemetry.client import get_telemetry_client; "
                 "print(type(get_telemetry_client()).__name__)")


@pytest.mark.parametrize("entry", ["jobfit.cli", "jobfit.service"])
def test_mlflow_telemetry_is_off_in_the_cli_and_the_served_module(entry):
    # `jobfit` runs jobfit.cli; `bentoml serve jobfit.service:Jobfit` imports jobfit.service
    # (BentoML itself imports no mlflow before it)
    assert _python(f"import {entry}; {MLFLOW_CLIENT}", _bare_env()) == "NoneType"


def test_without_the_switch_mlflow_would_have_telemetry_on():
    # the check above can fail: in the same bare environment, mlflow alone turns it on
    code = ("import os; os.environ['MLFLOW_DISABLE_TELEMETRY'] = 'false'; "
            "from mlflow.telemetry.utils import is_telemetry_disabled; "
            "print(is_telemetry_disabled())")
    assert _python(code, _bare_env()) == "False"


def test_a_value_the_user_set_is_kept():
    code = "import os, jobfit.cli; print(os.environ['MLFLOW_DISABLE_TELEMETRY'])"
    assert _python(code, _bare_env(MLFLOW_DISABLE_TELEMETRY="false")) == "false"


def test_the_service_process_gets_the_switch(tmp_path):
    settings = Settings(home=tmp_path)
    assert service_env(settings, tmp_path, "t", base={})["MLFLOW_DISABLE_TELEMETRY"] == "true"
    kept = service_env(settings, tmp_path, "t", base={"MLFLOW_DISABLE_TELEMETRY": "0"})
    assert kept["MLFLOW_DISABLE_TELEMETRY"] == "0"


def test_this_test_run_has_it_off():
    from mlflow.environment_variables import MLFLOW_DISABLE_TELEMETRY

    assert MLFLOW_DISABLE_TELEMETRY.get() is True
