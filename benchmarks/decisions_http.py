"""Benchmark of decision writes over HTTP: POST /rounds/{id}/decisions on the real service.

    .venv/bin/python -m benchmarks.decisions_http --data demo/city/export --home demo/state \\
        [--concurrency 8] [--writes 200] [--database-url URL] [--client raw|httpx] [--json FILE]

Starts `bentoml serve jobfit.service:Jobfit` as `jobfit serve` does (the champion in HOME,
the export in DATA) with a fresh state database — by default a SQLite file in a temporary
folder (WAL, synchronous=FULL: every acknowledged decision is on disk) — and one round per
client, stored through the StateStore (500 moves each; decisions do not read the plan).
Then `--concurrency` clients (asyncio, one keep-alive connection each: by default requests
written on raw asyncio streams, `--client httpx` for httpx as first measured) each record
`--writes` decisions on their own round, back to back, each with an Idempotency-Key and an
actor, as the HR application would; every request is timed end to end (HTTP, guard, validation, the write
transaction with its audit and idempotency records, the commit). A run at concurrency 1 comes
first for reference. Prints p50/p95/p99/max in ms, writes/s, the server's CPU time per write
(its processes' user + system time over the run) and this client's (the clients share one
Python process: on 2 cores it competes with the server for the CPU).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import percentile  # noqa: E402


def _moves(n: int) -> list[dict]:
    return [{"employee_id": f"E{i}", "from_position_id": f"A{i}", "to_position_id": f"B{i}",
             "score": 0.7, "stay_score": 0.5, "gain": 0.2, "reasons": ["sesuai"], "gaps": []}
            for i in range(n)]




async def _client(base: str, headers: dict, round_id: str, writes: int, tag: str,
                  out: list[float]) -> None:
    """One HR application on one keep-alive connection, through httpx (`--client httpx`)."""
    import httpx

    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as c:
        await c.get("/audit", params={"limit": 1})     # the connection opened, not timed
        version = 1
        for i in range(writes):
            body = {"move_id": f"m{i % 500 + 1}", "decision": ("approve", "reject")[i % 2],
                    "reason": "benchmark", "expected_version": version}
            t0 = time.perf_counter()
            r = await c.post(f"/rounds/{round_id}/decisions", json=body,
                             headers={"Idempotency-Key": f"{tag}-{i}"})
            out.append(time.perf_counter() - t0)
            if r.status_code != 201:
                raise RuntimeError(f"decision answered {r.status_code}: {r.text[:200]}")
            version = r.json()["round_version"]


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One HTTP/1.1 answer off a keep-alive connection: its status and its whole body."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = None
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
        elif name.strip().lower() == b"transfer-encoding":
            raise RuntimeError("chunked answer: this client reads Content-Length bodies only")
    if length is None:
        raise RuntimeError("answer without Content-Length")
    return status, await reader.readexactly(length)


async def _raw_client(base: str, headers: dict, round_id: str, writes: int, tag: str,
                      out: list[float]) -> None:
    """The same requests as `_client` (request line, headers as httpx sends them, body), on
    an asyncio stream: the head is built once and the answer read by its Content-Length.
    The client is not the system under test; httpx's per-request work (~1.5 ms of CPU on
    these 2 cores, shared with the server) was a large part of the latency it measured.
    Timed as before: from the request's first byte sent to the answer's last byte read."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    fixed = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head = (f"POST /rounds/{round_id}/decisions HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"{fixed}Accept: */*\r\nAccept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n"
            f"User-Agent: jobfit-benchmark\r\nContent-Type: application/json\r\n")
    try:
        writer.write(f"GET /audit?limit=1 HTTP/1.1\r\nHost: {host}:{port}\r\n{fixed}\r\n"
                     .encode())                    # the connection opened, not timed
        status, _ = await _read_answer(reader)
        if status != 200:
            raise RuntimeError(f"GET /audit answered {status}")
        version = 1
        for i in range(writes):
            body = json.dumps({"move_id": f"m{i % 500 + 1}",
                               "decision": ("approve", "reject")[i % 2],
                               "reason": "benchmark", "expected_version": version},
                              separators=(",", ":")).encode()
            request = (f"{head}Idempotency-Key: {tag}-{i}\r\nContent-Length: {len(body)}"
                       "\r\n\r\n").encode() + body
            t0 = time.perf_counter()
            writer.write(request)
            status, answer = await _read_answer(reader)
            out.append(time.perf_counter() - t0)
            if status != 201:
                raise RuntimeError(f"decision answered {status}: {answer[:200]!r}")
            version = json.loads(answer)["round_version"]
    finally:
        writer.close()
        await writer.wait_closed()


async def _run(base: str, headers: dict, rounds: list[str], writes: int, tag: str,
               client=_raw_client) -> tuple[list[float], float]:
    lat: list[float] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(client(base, headers, rid, writes, f"{tag}-{k}", lat)
                           for k, rid in enumerate(rounds)))
    return lat, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the HR export folder")
    ap.add_argument("--home", type=Path, required=True, help="MLflow state with a champion")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--writes", type=int, default=200, help="decisions per client")
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="raw asyncio streams (default, cheap) or httpx (the first client)")
    args = ap.parse_args(argv)

    import httpx

    from jobfit.launch import free_port, serve_command, service_env, wait_ready
    from jobfit.settings import Settings
    from serving.state import StateStore

    tmp = Path(tempfile.mkdtemp(prefix="jobfit-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'jobfit.db'}"
    settings = Settings(home=args.home, database_url=url)
    with StateStore(url) as store:
        rounds = [store.create_round(f"bench {k}", {}, "bench", "bench", _moves(500), [], {},
                                     "bench")["round_id"]
                  for k in range(args.concurrency + 2)]
    token = secrets.token_urlsafe(16)
    env = service_env(settings, args.data, token)
    env["BENTOML_HOME"] = str(tmp / "bentoml")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(tmp / "serve.log", "w")
    proc = subprocess.Popen(serve_command("127.0.0.1", port), env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if wait_ready(base, timeout=120, proc=proc) is None:
            print((tmp / "serve.log").read_text()[-3000:], file=sys.stderr)
            return 1
        import psutil

        headers = {"Authorization": f"Bearer {token}", "X-Jobfit-Actor": "benchmark"}
        httpx.get(f"{base}/rounds/{rounds[0]}", headers=headers, timeout=30)  # warm
        server = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]

        def server_cpu() -> float:
            return sum(sum(p.cpu_times()[:2]) for p in server)

        client = _raw_client if args.client == "raw" else _client
        asyncio.run(_run(base, headers, rounds[:1], 50, "warm", client))   # first calls compile
        load = os.getloadavg()[0]
        cpu0, mine0 = server_cpu(), time.process_time()
        single, _ = asyncio.run(_run(base, headers, rounds[1:2], args.writes, "c1", client))
        cpu1, mine1 = server_cpu(), time.process_time()
        lat, wall = asyncio.run(_run(base, headers, rounds[2:], args.writes, "cN", client))
        cpu2, mine2 = server_cpu(), time.process_time()
    finally:
        import psutil

        procs = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
        for p in procs:
            p.terminate()
        psutil.wait_procs(procs, timeout=20)
        log.close()

    def summary(values: list[float], seconds: float | None) -> dict:
        out = {f"p{int(q * 100)}_ms": round(percentile(values, q) * 1000, 2)
               for q in (0.5, 0.95, 0.99)}
        out["max_ms"] = round(max(values) * 1000, 2)
        out["over_100ms"] = sum(v > 0.1 for v in values)
        out["writes"] = len(values)
        if seconds:
            out["writes_per_s"] = round(len(values) / seconds, 1)
        return out

    result = {"backend": url.split(":", 1)[0], "client": args.client, "cpus": os.cpu_count(),
              "python": platform.python_version(), "load_average_1m_before": round(load, 2),
              "concurrency_1": {**summary(single, sum(single)),
                                "server_cpu_ms_per_write": round((cpu1 - cpu0) * 1000
                                                                 / len(single), 2),
                                "client_cpu_ms_per_write": round((mine1 - mine0) * 1000
                                                                 / len(single), 2)},
              f"concurrency_{args.concurrency}": {
                  **summary(lat, wall),
                  "server_cpu_ms_per_write": round((cpu2 - cpu1) * 1000 / len(lat), 2),
                  "client_cpu_ms_per_write": round((mine2 - mine1) * 1000 / len(lat), 2)},
              "load_average_1m_after": round(os.getloadavg()[0], 2)}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
