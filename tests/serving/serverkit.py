"""The real service for tests: start `bentoml serve jobfit.service:Jobfit` as `jobfit serve`
does, stop it (its workers too), SIGKILL it. Used by tests/serving/conftest.py and by tests
that need a server of their own (`from serverkit import ...`)."""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from jobfit.launch import free_port


@dataclass
class World:
    export_dir: Path
    settings: object      # jobfit.settings.Settings

    @property
    def home(self) -> Path:
        return Path(self.settings.home)


@dataclass
class Server:
    url: str
    token: str
    ready_seconds: float
    proc: subprocess.Popen
    log: Path

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}




def start_server(env: dict[str, str], log: Path, port: int | None = None,
                 timeout: float = 90) -> Server:
    """`bentoml serve jobfit.service:Jobfit` (as `jobfit serve` runs it) with `env`, on
    127.0.0.1:`port` (a free one by default), in its own process group; waits for /readyz
    and fails the test with the server's log if it never gets there."""
    import httpx

    from jobfit.launch import serve_command

    port = port or free_port()
    fh = open(log, "a")
    started = time.monotonic()
    proc = subprocess.Popen(serve_command("127.0.0.1", port), env=env, stdout=fh,
                            stderr=subprocess.STDOUT, start_new_session=True)
    fh.close()
    url = f"http://127.0.0.1:{port}"
    ready = None
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                ready = time.monotonic() - started
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    if ready is None:
        stop_server(proc)
        pytest.fail(f"bentoml serve did not become ready; log:\n{log.read_text()[-4000:]}")
    return Server(url=url, token=env["JOBFIT_API_TOKEN"], ready_seconds=ready, proc=proc,
                  log=log)


def server_processes(proc: subprocess.Popen) -> list:
    """psutil handles of the server and every process under it. BentoML's workers start in
    sessions of their own, so a signal to the server's process group does not reach them."""
    import psutil

    try:
        root = psutil.Process(proc.pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def kill_server(proc: subprocess.Popen) -> None:
    """SIGKILL the server and all its workers at once (no chance to clean up)."""
    import psutil

    procs = server_processes(proc)
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=20)
    proc.wait()


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group (BentoML stops its workers), then SIGKILL whatever
    of it is still there after 20 s, workers included."""
    workers = server_processes(proc)[1:]
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, 15)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    import psutil

    _, alive = psutil.wait_procs(workers, timeout=5)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    if proc.poll() is None:
        kill_server(proc)


def server_env(world: World, tmp_path_factory, database_url: str | None = None
               ) -> dict[str, str]:
    """The environment `jobfit serve` gives the service, with a fresh token and BentoML home;
    `database_url`: the state database (default: SQLite under the world's home)."""
    from jobfit.launch import service_env

    settings = world.settings
    if database_url is not None:
        settings = settings.model_copy(update={"database_url": database_url})
    env = service_env(settings, world.export_dir, secrets.token_urlsafe(16))
    env["BENTOML_HOME"] = str(tmp_path_factory.mktemp("bentoml_home"))
    return env
