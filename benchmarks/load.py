"""Load benchmark of the recommendation service, with the in-process bound in the same run.

    .venv/bin/python -m benchmarks.load --data demo/city/export --home demo/state

starts `bentoml serve` on a free loopback port (or uses --url with --token), then for each
endpoint (k=10, vacant_only=false, random due employees / random positions with candidates):
1. in process: the same rankings through serving.ranking.Recommender, no HTTP, one thread —
   its requests/s is the bound the HTTP throughput is compared with;
2. over HTTP at concurrency 1, 8 and 32 (asyncio + httpx, bounded request counts): p50, p95,
   p99 latency and requests/s.
Prints a markdown table (paste into docs/benchmarks.md) and, with --json, writes the numbers.
Traffic goes to 127.0.0.1 only; every loop is bounded in count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROUTES = {"positions": "/recommend/positions", "candidates": "/recommend/candidates"}




def _stats(latencies_s: list[float], wall_s: float) -> dict:
    ms = np.asarray(latencies_s) * 1000.0
    return {"n": len(ms), "p50_ms": float(np.percentile(ms, 50)),
            "p95_ms": float(np.percentile(ms, 95)), "p99_ms": float(np.percentile(ms, 99)),
            "mean_ms": float(ms.mean()), "rps": len(ms) / wall_s if wall_s > 0 else 0.0}


def pick_inputs(rec, n: int, seed: int) -> dict[str, list[dict]]:
    """Request bodies: due employees (status ok) and positions with at least one candidate."""
    rng = random.Random(seed)
    emp_ids = list(map(str, rec.export.employees["employee_id"]))
    pos_ids = list(map(str, rec.export.positions["position_id"]))
    rng.shuffle(emp_ids)
    rng.shuffle(pos_ids)
    emps = []
    for eid in emp_ids:
        if len(emps) >= n:
            break
        if rec.eligibility.positions_for(eid, _today(), vacant_only=False).status == "ok":
            emps.append({"employee_id": eid, "k": 10, "vacant_only": False})
    poss = []
    for pid in pos_ids:
        if len(poss) >= n:
            break
        if len(rec.eligibility.employees_for(pid, _today()).indices):
            poss.append({"position_id": pid, "k": 10})
    return {"positions": emps, "candidates": poss}


def _today():
    from datetime import date

    return date.today()


def in_process(rec, bodies: dict[str, list[dict]], n: int) -> dict[str, dict]:
    out = {}
    for endpoint, items in bodies.items():
        call = rec.positions_for if endpoint == "positions" else rec.candidates_for
        for body in items[:5]:  # warm-up
            call(**body)
        lat = []
        started = time.perf_counter()
        for i in range(n):
            t0 = time.perf_counter()
            call(**items[i % len(items)])
            lat.append(time.perf_counter() - t0)
        out[endpoint] = _stats(lat, time.perf_counter() - started)
    return out


async def _http_run(url: str, token: str, route: str, items: list[dict], concurrency: int,
                    n: int) -> dict:
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    lat: list[float] = []
    errors = 0
    counter = iter(range(n))
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits,
                                 timeout=30.0) as client:
        for body in items[:max(3, concurrency)]:  # warm-up, and open the connections
            await client.post(route, json=body)

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                t0 = time.perf_counter()
                r = await client.post(route, json=items[i % len(items)])
                lat.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    stats = _stats(lat, wall)
    stats["errors"] = errors
    return stats


def over_http(url: str, token: str, bodies: dict[str, list[dict]], levels: list[int],
              n: int) -> dict[str, dict[int, dict]]:
    out: dict[str, dict[int, dict]] = {}
    for endpoint, items in bodies.items():
        out[endpoint] = {}
        for c in levels:
            out[endpoint][c] = asyncio.run(_http_run(url, token, ROUTES[endpoint], items, c,
                                                     max(n, 4 * c)))
    return out


def start_service(settings, data: Path, port: int) -> subprocess.Popen:
    from jobfit.launch import serve_command, service_env, wait_ready

    env = service_env(settings, data, os.environ["JOBFIT_BENCH_TOKEN"])
    proc = subprocess.Popen(serve_command("127.0.0.1", port), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = wait_ready(f"http://127.0.0.1:{port}", timeout=120, proc=proc)
    if seconds is None:
        proc.terminate()
        err = proc.stderr.read()[-3000:] if proc.stderr else ""
        raise SystemExit(f"the service did not become ready:\n{err}")
    print(f"service ready in {seconds:.1f} s", file=sys.stderr)
    return proc


def markdown(result: dict) -> str:
    lines = [f"Data: `{result['data_snapshot']}` ({result['n_employees']} employees, "
             f"{result['n_positions']} positions), model version {result['model_version']}, "
             f"k=10, vacant_only=false; {result['cpus']} CPUs, load average "
             f"{result['load_before']:.1f} before / {result['load_after']:.1f} after.", "",
             "| endpoint | where | concurrency | requests | p50 ms | p95 ms | p99 ms | req/s "
             "| vs in-process |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for endpoint in ROUTES:
        base = result["in_process"][endpoint]
        lines.append(f"| {endpoint} | in process | 1 | {base['n']} | {base['p50_ms']:.1f} | "
                     f"{base['p95_ms']:.1f} | {base['p99_ms']:.1f} | {base['rps']:.0f} | 100 % |")
        for c, s in result["http"][endpoint].items():
            lines.append(f"| {endpoint} | HTTP | {c} | {s['n']} | {s['p50_ms']:.1f} | "
                         f"{s['p95_ms']:.1f} | {s['p99_ms']:.1f} | {s['rps']:.0f} | "
                         f"{100 * s['rps'] / base['rps']:.0f} % |"
                         + (f" ({s['errors']} errors)" if s.get("errors") else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="HR export folder (the city).")
    ap.add_argument("--home", type=Path, default=None, help="JOBFIT_HOME with the MLflow store.")
    ap.add_argument("--url", default=None, help="Use a running service (loopback) instead.")
    ap.add_argument("--token", default=None, help="Its bearer token (with --url).")
    ap.add_argument("--requests", type=int, default=400, help="Requests per measurement.")
    ap.add_argument("--concurrency", default="1,8,32", help="Comma-separated levels.")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path, default=None, help="Write the numbers here.")
    args = ap.parse_args(argv)

    from jobfit.launch import free_port
    from jobfit.settings import Settings
    from serving.ranking import Recommender

    settings = Settings(**({"home": args.home} if args.home else {}))
    rec = Recommender.from_settings(settings, args.data)
    bodies = pick_inputs(rec, 200, args.seed)
    levels = [int(c) for c in args.concurrency.split(",")]

    load_before = os.getloadavg()[0]
    proc = None
    url, token = args.url, args.token
    if url is None:
        import secrets

        token = os.environ.setdefault("JOBFIT_BENCH_TOKEN", secrets.token_urlsafe(16))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = start_service(settings, args.data, port)
    elif not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("--url must be a loopback address")
    try:
        http = over_http(url, token, bodies, levels, args.requests)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    # In process after HTTP, so the service's worker and this process do not compete.
    base = in_process(rec, bodies, args.requests)
    result = {"data_snapshot": rec.data_snapshot, "model_version": rec.model_version,
              "n_employees": len(rec.export.employees),
              "n_positions": len(rec.export.positions),
              "in_process": base, "http": http, "cpus": os.cpu_count(),
              "load_before": load_before, "load_after": os.getloadavg()[0]}
    print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
