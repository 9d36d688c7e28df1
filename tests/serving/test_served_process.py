"""The served process as `jobfit serve` starts it: uvicorn (under BentoML, which asks for no
particular HTTP implementation) parses HTTP with httptools' C parser — a declared dependency,
worth ~15 % of the server's CPU per small write (docs/benchmarks.md) — and MLflow's
telemetry is switched off in its environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from serverkit import server_processes

pytestmark = pytest.mark.heavy


def _workers(server) -> list:
    found = [p for p in server_processes(server.proc)
             if any("_bentoml_impl.worker.service" in part for part in p.cmdline())]
    assert found, "no BentoML worker under the server"
    return found


def test_the_worker_parses_http_with_httptools(server, client):
    assert client.get("/readyz").status_code == 200      # a request has been parsed
    for worker in _workers(server):
        maps = Path(f"/proc/{worker.pid}/maps").read_text()
        assert "/httptools/parser/" in maps, "uvicorn fell back to h11 (pure Python)"


def test_the_worker_runs_with_mlflow_telemetry_off(server):
    for worker in _workers(server):
        assert worker.environ().get("MLFLOW_DISABLE_TELEMETRY") == "true"
