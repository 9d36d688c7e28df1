"""Starting the service from the CLI: `bentoml serve jobfit.service:Jobfit` in a child
process, with the settings passed through the environment (the service reads them back via
Settings), then a wait for /readyz and a working curl example.
"""

from __future__ import annotations

import csv
import os
import secrets
import shlex
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from jobfit.settings import Settings

SERVICE_TARGET = "jobfit.service:Jobfit"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (benchmarks and tests start
    the service on it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_env(settings: Settings, export_dir: Path, token: str,
                base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the service process: everything the worker's Settings() needs."""
    env = dict(os.environ if base is None else base)
    env.update({
        "JOBFIT_DATA_DIR": str(Path(export_dir).resolve()),
        "JOBFIT_HOME": str(Path(settings.home).resolve()),
        "MLFLOW_TRACKING_URI": settings.tracking_uri,
        "JOBFIT_MODEL_NAME": settings.model_name,
        "JOBFIT_MIN_TENURE_YEARS": str(settings.min_tenure_years),
        "JOBFIT_API_TOKEN": token,
        "JOBFIT_DATABASE_URL": settings.state_url,
        # No usage reports leave this machine.
        "BENTOML_DO_NOT_TRACK": "True",
        "DO_NOT_TRACK": "1",
    })
    env.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")   # MLflow's own switch; the user's kept
    return env


def preflight(settings: Settings, export_dir: Path) -> str | None:
    """What stops the service from starting, in words (None when all is in place). Checked
    before `bentoml serve` so the user gets one clear line, not a worker's traceback loop."""
    export_dir = Path(export_dir)
    if not export_dir.is_dir():
        return f"--data {export_dir}: not a folder"
    if not (export_dir / "employees.csv").is_file():
        return f"--data {export_dir}: no employees.csv here; is it an HR export folder?"
    from models.registry import CHAMPION, alias_version

    try:
        version = alias_version(settings, CHAMPION)
    except Exception as exc:  # an unreachable or unreadable store: say which
        return f"MLflow at {settings.tracking_uri}: {type(exc).__name__}: {exc}"
    if version is None:
        return (f"no champion model '{settings.model_name}' in MLflow at "
                f"{settings.tracking_uri}; run `jobfit train --data {export_dir}` first")
    return state_problem(settings)


def state_problem(settings: Settings) -> str | None:
    """What keeps the service from its state database, in words (None: fine). SQLite is
    migrated by the service itself; PostgreSQL must be at this code's schema already."""
    from serving.state import StateError, current, head
    from serving.state.db import is_sqlite

    url = settings.state_url
    try:
        if is_sqlite(url):
            return None
        at, want = current(url), head()
    except (StateError, ValueError) as exc:
        return f"state database: {exc}"
    except Exception as exc:  # the driver's own failure (unreachable server, bad login)
        return f"state database unreachable ({type(exc).__name__}); check JOBFIT_DATABASE_URL"
    if at != want:
        return (f"the state database is at schema {at!r}, this version needs {want!r}: run "
                "`jobfit db upgrade` first")
    return None


def serve_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "bentoml", "serve", SERVICE_TARGET,
            "--host", host, "--port", str(port)]


def token_for(settings: Settings) -> tuple[str, bool]:
    """The configured token, or a fresh random one (and True: it was generated)."""
    if settings.api_token is not None and settings.api_token.get_secret_value():
        return settings.api_token.get_secret_value(), False
    return secrets.token_urlsafe(24), True


def wait_ready(base_url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None
               ) -> float | None:
    """Seconds until GET /readyz answered 200, or None on timeout / when `proc` died."""
    import httpx

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc is not None and proc.poll() is not None:
            return None
        try:
            if httpx.get(f"{base_url}/readyz", timeout=1.0).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return None


def _sample_ids(export_dir: Path, limit: int = 50) -> tuple[list[str], list[str]]:
    """A few employee and position ids from the export, read with the csv module (fast)."""
    def first(name: str, column: str) -> list[str]:
        try:
            with open(export_dir / name, newline="", encoding="utf-8") as fh:
                ids = []
                for row in csv.DictReader(fh):
                    if row.get(column):
                        ids.append(row[column])
                    if len(ids) >= limit:
                        break
                return ids
        except OSError:
            return []

    return first("employees.csv", "employee_id"), first("positions.csv", "position_id")


def find_example(base_url: str, token: str, export_dir: Path) -> dict | None:
    """An employee with a non-empty list, found by asking the running service itself, so the
    printed example is known to work."""
    import httpx

    employees, positions = _sample_ids(export_dir)
    headers = {"Authorization": f"Bearer {token}"}
    example: dict = {}
    with httpx.Client(base_url=base_url, headers=headers, timeout=10) as client:
        for eid in employees:
            r = client.post("/recommend/positions", json={"employee_id": eid, "k": 3})
            if r.status_code == 200 and r.json().get("recommendations"):
                example["employee"] = (eid, r.json())
                break
        for pid in positions:
            r = client.post("/recommend/candidates", json={"position_id": pid, "k": 3})
            if r.status_code == 200 and r.json().get("candidates"):
                example["position"] = (pid, r.json())
                break
    return example or None


def curl_example(base_url: str, token: str | None, body: dict, route: str) -> str:
    """A copy-paste curl command; token None means "use $JOBFIT_API_TOKEN" (the user set it
    and a configured secret is not echoed to the terminal)."""
    import json

    auth = ('"Authorization: Bearer $JOBFIT_API_TOKEN"' if token is None
            else shlex.quote("Authorization: Bearer " + token))
    return (f"curl -s -X POST {base_url}{route} \\\n"
            f"  -H {auth} \\\n"
            f"  -H 'Content-Type: application/json' \\\n"
            f"  -d {shlex.quote(json.dumps(body))}")


def _announce(console, base_url: str, token: str, generated: bool, export_dir: Path,
              proc: subprocess.Popen, show_example: bool) -> None:
    seconds = wait_ready(base_url, timeout=120, proc=proc)
    if seconds is None:
        if proc.poll() is None:
            console.print(f"[red]The service did not become ready at {base_url}; see its log "
                          "above.[/]")
        return
    console.print(f"\n[green]Jobfit is ready at {base_url}[/] (in {seconds:.1f} s). "
                  "Ctrl-C stops it.")
    console.print(f"The BKPSDM desk (console, Bahasa Indonesia): {base_url}/console — sign in "
                  "with the token below.\nThe API explorer (Swagger UI): "
                  f"{base_url}/docs — 'Authorize' takes the same token.", soft_wrap=True,
                  highlight=False)
    if generated:
        console.print("No JOBFIT_API_TOKEN was set, so this run uses a generated token:\n"
                      f"  export JOBFIT_API_TOKEN={token}", soft_wrap=True, highlight=False)
    else:
        console.print("The token: the JOBFIT_API_TOKEN you set.", highlight=False)
    if not show_example:
        return
    example = find_example(base_url, token, export_dir)
    shown = token if generated else None
    plain = {"markup": False, "highlight": False, "soft_wrap": True}
    if example and "employee" in example:
        eid, answer = example["employee"]
        console.print("\nPositions for an employee:")
        console.print(curl_example(base_url, shown, {"employee_id": eid, "k": 3},
                                   "/recommend/positions"), **plain)
        top = answer["recommendations"][0]
        console.print(f"  → #1 {top['title']} ({top['unit_name']}), score {top['score']:.2f}",
                      **plain)
    if example and "position" in example:
        pid, _ = example["position"]
        console.print("\nCandidates for a position:")
        console.print(curl_example(base_url, shown, {"position_id": pid, "k": 3},
                                   "/recommend/candidates"), **plain)
    auth = f"'Authorization: Bearer {token}'" if generated else \
        '"Authorization: Bearer $JOBFIT_API_TOKEN"'
    console.print(f"\nOpenAPI document: {base_url}/docs.json (open; the routes it describes "
                  f"take the token: -H {auth})", **plain)


def serve_foreground(settings: Settings, export_dir: Path, host: str = "127.0.0.1",
                     port: int = 3000, show_example: bool = True) -> int:
    """Run the service until Ctrl-C; returns its exit code. Prints the token to use when it
    had to generate one, and (show_example) a curl example that was tried against it."""
    from rich.console import Console

    console = Console(stderr=True)
    export_dir = Path(export_dir)
    token, generated = token_for(settings)
    env = service_env(settings, export_dir, token)
    base_url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    console.print(f"Starting the service on {host}:{port} over {export_dir} …")
    proc = subprocess.Popen(serve_command(host, port), env=env)
    threading.Thread(
        target=_announce,
        args=(console, base_url, token, generated, export_dir, proc, show_example),
        daemon=True).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()
