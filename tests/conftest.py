"""Shared fixtures. Append yours; keep them small and session-scoped where possible.

This file also puts tests/ on sys.path (pytest's prepend import mode), so test modules can
`import exportkit`.
"""

from __future__ import annotations

import os

# No MLflow telemetry from test runs, whichever module imports mlflow first (a value the
# user set is kept; jobfit/__init__.py does the same for the application).
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
# Nor MLflow's artefact progress bars (drawn when tqdm is installed), as jobfit/__init__.py.
os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")

import pytest

from exportkit import SMALL_CITY_ACCEPT, MiniExport, build_export, jobfit_settings
from pgserver import PgServer, PgUnavailable


# --- the hand-made mini export (tests/exportkit.py) -------------------------------------------
@pytest.fixture(scope="session")
def mini_export_dir(tmp_path_factory) -> MiniExport:
    """A clean mini export, written once per session: do NOT damage it (use `mini_copy`)."""
    return build_export(tmp_path_factory.mktemp("mini") / "export")


@pytest.fixture(scope="session")
def mini_export(mini_export_dir):
    """The mini export, loaded (features.export.Export); treat as read-only."""
    from features.loader import load_export

    export, report = load_export(mini_export_dir.dir)
    assert report.clean, report.to_text()
    return export


@pytest.fixture
def mini_copy(tmp_path) -> MiniExport:
    """A fresh mini export of this test's own, to damage with its hooks."""
    return build_export(tmp_path / "export")


# --- a small synthetic city, and a model trained on it (training, model behaviour) -----------
SMALL_CITY_SEED = 11
SMALL_CITY_EMPLOYEES = 400




@pytest.fixture(scope="session")
def small_city(tmp_path_factory):
    """A small synthetic city (folder with export/ and truth/), generated once per session;
    read-only."""
    from synthetic.kota import generate_city

    out = tmp_path_factory.mktemp("small_city")
    generate_city(out, seed=SMALL_CITY_SEED, n_employees=SMALL_CITY_EMPLOYEES)
    return out


@pytest.fixture(scope="session")
def small_trained(small_city, tmp_path_factory):
    """(settings, TrainResult) of one `train` on small_city into a registry of its own
    (version 1, champion). Read-only: tests that change the registry make their own.

    The small city's history is biased by age on purpose and its model's age ratio is below
    the fairness bar, so the gate would keep it challenger; the tests that need a champion
    accept that by name, as a person would (`--accept-fairness`)."""
    from training.run import train

    settings = jobfit_settings(tmp_path_factory.mktemp("jobfit_home"))
    result = train(settings, small_city / "export", small_city / "truth",
                   accept_fairness=SMALL_CITY_ACCEPT)
    return settings, result


@pytest.fixture(scope="session")
def full_city(tmp_path_factory):
    """A full-size synthetic city (5,000 employees, seed 42: export/ and truth/), generated
    once per session for heavy tests; read-only. (~10 s to generate.)"""
    from synthetic.kota import generate_city

    out = tmp_path_factory.mktemp("full_city")
    generate_city(out, seed=42, n_employees=5000)
    return out


# --- a real, throwaway PostgreSQL server (tests/pgserver.py) ---------------------------------
@pytest.fixture(scope="session")
def pg_server():
    """Started once per session for the state tests and the service over PostgreSQL. If it
    cannot start, the tests that need it FAIL with the reason (they do not skip): CI must
    exercise both backends."""
    server, why = None, ""
    try:
        server = PgServer.start()
    except PgUnavailable as exc:
        why = str(exc)
    if server is None:
        pytest.fail(f"PostgreSQL for the state tests: {why}", pytrace=False)
    yield server
    server.stop()
