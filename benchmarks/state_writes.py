"""Benchmark of state-database writes: decision latency from concurrent threads.

    .venv/bin/python -m benchmarks.state_writes [--threads 8] [--writes 150]
        [--postgres postgresql+psycopg://user@host:port/db] [--shared-round] [--json FILE]

Each of `--threads` threads records `--writes` decisions through one `StateStore` (one
engine, one pool, as the service's worker threads would) and times every `decide()` call end
to end: input checks, the write transaction (compare-and-set on the round's version, the
decision, its audit record) and the commit — durable on SQLite (WAL, synchronous=FULL: one
fsync per commit). By default each thread decides on a round of its own, so threads contend
only for the database (SQLite's single writer, PostgreSQL's commit path); `--shared-round`
makes them all decide on ONE round, so most attempts lose the optimistic check (409) and
retry with the version they were told: conflicts are counted, and a write's latency is then
from its first attempt to its success.

SQLite runs in a temporary folder (on this machine's /tmp disk); PostgreSQL is measured only
when `--postgres URL` names an empty, disposable database (the benchmark creates its tables).
Prints one line per backend: p50/p95/p99 in ms, writes/s, conflicts.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import percentile  # noqa: E402
from serving.state import StaleVersion, StateStore  # noqa: E402


def _moves(n: int) -> list[dict]:
    return [{"employee_id": f"E{i}", "from_position_id": f"A{i}", "to_position_id": f"B{i}",
             "score": 0.7, "stay_score": 0.5, "gain": 0.2, "reasons": ["sesuai"], "gaps": []}
            for i in range(n)]


def run(url: str, threads: int, writes: int, shared: bool) -> dict:
    store = StateStore(url, pool_size=threads)
    try:
        n_rounds = 1 if shared else threads
        rounds = [store.create_round(f"bench {i}", {}, "bench", "bench", _moves(20), [], {},
                                     "bench")["round_id"] for i in range(n_rounds)]
        latencies: list[float] = []
        conflicts = [0]
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(threads + 1)

        def worker(t: int) -> None:
            rid = rounds[0 if shared else t]
            version = 1
            mine, lost = [], 0
            barrier.wait()
            for i in range(writes):
                start = time.perf_counter()
                while True:
                    try:
                        version = store.decide(rid, f"m{(t + i) % 20 + 1}",
                                               "approve" if i % 2 else "reject", f"t{t} #{i}",
                                               version, f"bench-{t}")["round_version"]
                        break
                    except StaleVersion as exc:
                        lost += 1
                        version = exc.current_version
                    except Exception as exc:  # noqa: BLE001 - reported, not hidden
                        with lock:
                            errors.append(repr(exc))
                        return
                mine.append(time.perf_counter() - start)
            with lock:
                latencies.extend(mine)
                conflicts[0] += lost

        pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
        for th in pool:
            th.start()
        barrier.wait()
        wall = time.perf_counter()
        for th in pool:
            th.join()
        wall = time.perf_counter() - wall
        if errors:
            raise SystemExit(f"benchmark failed: {errors[0]}")
        lat = sorted(x * 1000 for x in latencies)
        return {"backend": store.backend, "threads": threads, "writes": len(lat),
                "shared_round": shared, "p50_ms": percentile(lat, 0.50),
                "p95_ms": percentile(lat, 0.95), "p99_ms": percentile(lat, 0.99),
                "max_ms": lat[-1], "writes_per_s": len(lat) / wall, "conflicts": conflicts[0]}
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--writes", type=int, default=150, help="decisions per thread")
    ap.add_argument("--postgres", metavar="URL", help="an empty, disposable PostgreSQL database")
    ap.add_argument("--shared-round", action="store_true",
                    help="all threads decide on one round (optimistic conflicts)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    results = []
    with tempfile.TemporaryDirectory(prefix="jobfit-bench-") as tmp:
        results.append(run(f"sqlite:///{Path(tmp) / 'state.db'}", args.threads, args.writes,
                           args.shared_round))
    if args.postgres:
        results.append(run(args.postgres, args.threads, args.writes, args.shared_round))

    print(f"# state writes: {args.threads} threads × {args.writes} decisions"
          f"{' on ONE round' if args.shared_round else ', a round per thread'} "
          f"({platform.machine()}, Python {platform.python_version()})")
    print("| backend | writes | p50 ms | p95 ms | p99 ms | max ms | writes/s | 409 retries |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['backend']} | {r['writes']} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | "
              f"{r['p99_ms']:.2f} | {r['max_ms']:.1f} | {r['writes_per_s']:.0f} | "
              f"{r['conflicts']} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
