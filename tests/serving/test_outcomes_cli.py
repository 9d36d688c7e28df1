"""`jobfit report drift` and `jobfit simulate-year` as real subprocesses: the drift between
the small city and its year on (with the champion's score; without a champion, the features
alone and an MLflow run in a store of its own), and bad input answered with the option or
entry named, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from features.catalog import FEATURE_NAMES

pytestmark = pytest.mark.heavy


def _run(home, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "JOBFIT_HOME": str(home), "COLUMNS": "200"}
    env.pop("MLFLOW_TRACKING_URI", None)
    env.pop("JOBFIT_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "jobfit.cli", *args], capture_output=True,
                          text=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def year_on(small_city, tmp_path_factory):
    """The small city a year on from 40 moves given as a JSON file (the CLI's file path)."""
    tmp = tmp_path_factory.mktemp("year_on")
    a = pd.read_csv(small_city / "export" / "assignments.csv", dtype=str, keep_default_na=False)
    pos = pd.read_csv(small_city / "export" / "positions.csv", dtype=str)
    cur = a[a["end_date"] == ""].head(40)
    moves = [{"employee_id": e, "to_position_id": pos["position_id"].iloc[(7 * i) % len(pos)]}
             for i, e in enumerate(cur["employee_id"])]
    (tmp / "moves.json").write_text(json.dumps(moves))
    done = _run(tmp / "home", "simulate-year", "--from", str(small_city), "--round-moves",
                str(tmp / "moves.json"), "--out", str(tmp / "next"), "--follow-through", "1")
    assert done.returncode == 0, done.stderr
    assert "40 of 40 moves carried out" in done.stdout
    return tmp


def test_drift_with_the_champions_score(serving_world, small_city, year_on, tmp_path):
    done = _run(serving_world.home, "report", "drift", str(small_city / "export"),
                str(year_on / "next" / "export"), "--json", "--no-mlflow", "--lang", "en",
                "--out", str(tmp_path / "drift"))
    assert done.returncode == 0, done.stderr
    rep = json.loads(done.stdout)
    psis = [f["psi"] for f in rep["features"]]
    assert psis == sorted(psis, reverse=True) and len(psis) == len(FEATURE_NAMES)
    by_name = {f["feature"]: f for f in rep["features"]}
    # two new appraisal years and a year more in post: these must move
    assert by_name["tenure_years"]["psi"] > 0.1
    assert by_name["tenure_years"]["mean_new"] > by_name["tenure_years"]["mean_old"]
    assert rep["score"] is not None and rep["score"]["psi"] >= 0
    assert len(rep["score"]["values_old"]) == rep["old"]["pairs"]
    assert rep["model_version"] is not None
    assert (tmp_path / "drift" / "drift_features.png").stat().st_size > 0
    assert (tmp_path / "drift" / "drift_scores.png").stat().st_size > 0
    assert "shifted" in rep["summary"][1]


def test_drift_without_a_champion_logs_the_features_to_mlflow(small_city, year_on, tmp_path):
    home = tmp_path / "empty_home"
    done = _run(home, "report", "drift", str(small_city / "export"),
                str(year_on / "next" / "export"))
    assert done.returncode == 0, done.stderr
    assert "no champion model" in done.stderr and "bergeser" in done.stdout
    import mlflow

    client = mlflow.MlflowClient(tracking_uri=f"sqlite:///{home / 'mlflow.db'}")
    exp = client.get_experiment_by_name("jobfit-outcomes")
    runs = client.search_runs([exp.experiment_id])
    assert len(runs) == 1
    m = runs[0].data.metrics
    assert "psi_score" not in m and m["psi_tenure_years"] > 0.1 and m["psi_max"] >= \
        m["psi_tenure_years"]
    # without --out the figures are rendered into a scratch folder and logged from there
    plots = [a.path for a in client.list_artifacts(runs[0].info.run_id, "plots")]
    assert plots == ["plots/drift_features.png"]


def test_bad_input_is_named(small_city, year_on, tmp_path):
    home = tmp_path / "home"
    both = _run(home, "simulate-year", "--from", str(small_city), "--round", "rnd-x",
                "--round-moves", str(year_on / "moves.json"), "--out", str(tmp_path / "o"))
    assert both.returncode == 2 and "exactly one of --round" in both.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"employee_id": "nobody", "to_position_id": "x"}]))
    got = _run(home, "simulate-year", "--from", str(small_city), "--round-moves", str(bad),
               "--out", str(tmp_path / "o"))
    assert got.returncode == 2 and "moves[0].employee_id" in got.stderr
    assert "Traceback" not in got.stderr
    bad.write_text("{not json")
    got = _run(home, "simulate-year", "--from", str(small_city), "--round-moves", str(bad),
               "--out", str(tmp_path / "o"))
    assert got.returncode == 2 and "--round-moves" in got.stderr
    lang = _run(home, "report", "drift", str(small_city / "export"),
                str(year_on / "next" / "export"), "--lang", "fr", "--no-mlflow")
    assert lang.returncode == 1 and "lang" in lang.stderr
    missing = _run(home, "report", "drift", str(tmp_path / "nope"), str(small_city / "export"),
                   "--no-mlflow")
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    nothing = _run(home, "report", "round", "rnd-nope", "--no-mlflow")
    assert nothing.returncode == 1 and "rnd-nope" in nothing.stderr
    early = _run(home, "ingest", "--data", str(small_city / "export"), "--round", "rnd-nope")
    assert early.returncode == 1 and "rnd-nope" in early.stderr
