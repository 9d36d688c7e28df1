"""Page-ready times of the console (/console) in a real headless Chromium, per page.

    .venv/bin/python -m benchmarks.console_pages --data demo/city/export --home demo/state \\
        [--visits 30] [--json docs/console_timings.json] [--screenshots tmp/artifacts/bench]

Starts `bentoml serve jobfit.service:Jobfit` as `jobfit serve` does (the champion in HOME, the
export in DATA; the default city is 5,000 employees) with a fresh SQLite state database, plans
one round through the API, then drives Debian's Chromium (Playwright, 1366×768) through the
console as a desk user: signs in, then opens each kind of page `--visits` times on different
people and posts — search, an employee's recommended posts, a post's candidates, three
candidates side by side, the round, one move, the model page, the audit log — by the same
in-page navigation a click does (`window.jobfitOpen`). A page is ready when its contents are
in the document and focused; the time is the browser's own (performance.now(): the request,
the server's ranking and rendering, the swap). Also times ten employee pages opened by their
address (shell, script and contents, from the navigation's start). Prints p50/p95/max per
page in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import percentile  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]




def summary(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {page: {"n": len(v), "p50_ms": round(percentile(v, 0.5), 1),
                   "p95_ms": round(percentile(v, 0.95), 1), "max_ms": round(max(v), 1)}
            for page, v in timings.items() if v}


def open_page(page, path: str, timeout_ms: int = 30_000) -> float:
    """Open a console page as a click does; its page-ready time in ms (the browser's)."""
    before = page.evaluate("window.jobfitTimings.length")
    page.evaluate("p => window.jobfitOpen(p)", path)
    page.wait_for_function(f"window.jobfitTimings.length > {before}", timeout=timeout_ms)
    return float(page.evaluate("window.jobfitTimings[window.jobfitTimings.length - 1].ms"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the HR export folder")
    ap.add_argument("--home", type=Path, required=True, help="JOBFIT_HOME with the champion")
    ap.add_argument("--visits", type=int, default=30, help="visits per kind of page")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--screenshots", type=Path, help="save one screenshot per page here")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    import httpx
    from playwright.sync_api import sync_playwright

    from jobfit.launch import free_port, serve_command, service_env, wait_ready
    from jobfit.settings import Settings

    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="jobfit-console-bench-"))
    settings = Settings(home=args.home.resolve(),
                        database_url=f"sqlite:///{tmp / 'state.db'}")
    token, port = secrets.token_urlsafe(16), free_port()
    env = service_env(settings, args.data, token)
    env["BENTOML_HOME"] = str(tmp / "bentoml")
    base = f"http://127.0.0.1:{port}"
    log = open(tmp / "serve.log", "w")
    proc = subprocess.Popen(serve_command("127.0.0.1", port), env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if wait_ready(base, timeout=300, proc=proc) is None:
            print((tmp / "serve.log").read_text()[-3000:], file=sys.stderr)
            return 1
        auth = {"Authorization": f"Bearer {token}", "X-Jobfit-Actor": "benchmark"}
        with httpx.Client(base_url=base, headers=auth, timeout=300) as c:
            started = time.perf_counter()
            made = c.post("/rounds", json={"name": "Benchmark round"})
            made.raise_for_status()
            round_ = made.json()
            print(f"round planned in {time.perf_counter() - started:.1f} s: "
                  f"{len(round_['moves'])} moves", file=sys.stderr)
            employees = [r["employee_id"] for r in round_["moves"]]
            positions = list(dict.fromkeys(r["to_position_id"] for r in round_["moves"]))
            rng.shuffle(employees)
            rng.shuffle(positions)
            trios = []
            for pid in positions[:args.visits]:
                cands = c.post("/recommend/candidates", json={"position_id": pid, "k": 3})
                ids = [x["employee_id"] for x in cands.json()["candidates"]]
                if ids:
                    trios.append((pid, ids))
        plan = {
            "search": [f"/console?q={w}&kind={k}" for w, k in
                       zip(["dinas", "kepala", "analis", "staf", "bidang", "seksi"] * 10,
                           ["position", "employee"] * 30)][:args.visits],
            "employee": [f"/console/employee/{e}" for e in employees[:args.visits]],
            "position": [f"/console/position/{p}" for p in positions[:args.visits]],
            "compare": ["/console/compare?position=" + p + "".join(f"&ids={i}" for i in ids)
                        for p, ids in trios[:args.visits]],
            "round": [f"/console/rounds/{round_['round_id']}?page={1 + i % 5}"
                      for i in range(args.visits)],
            "move": [f"/console/rounds/{round_['round_id']}/moves/{m['move_id']}"
                     for m in round_["moves"][:args.visits]],
            "model": ["/console/model"] * args.visits,
            "audit": ["/console/audit"] * args.visits,
        }
        timings: dict[str, list[float]] = {k: [] for k in plan}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"{base}/console")
            page.fill("#token", token)
            page.fill("#actor", "benchmark")
            page.click("#login-form button[type=submit]")
            page.wait_for_function("window.jobfitTimings.length > 0", timeout=30_000)
            # a page opened by its address (a bookmark, a reload): shell + script + contents,
            # timed from the navigation's start
            timings["full load (employee)"] = []
            for path in plan["employee"][:10]:
                page.goto(base + path)
                page.wait_for_function("window.jobfitTimings.length > 0", timeout=60_000)
                timings["full load (employee)"].append(
                    float(page.evaluate("window.jobfitTimings[0].ms")))
            for kind, paths in plan.items():
                open_page(page, paths[0])          # the first of each kind: not counted
                for path in paths:
                    timings[kind].append(open_page(page, path))
                if args.screenshots:
                    args.screenshots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(args.screenshots / f"{kind}.png"))
            browser.close()
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
        log.close()
    result = {"pages": summary(timings), "visits": args.visits,
              "employees": None, "machine": f"{platform.machine()}, {os.cpu_count()} cores",
              "when": time.strftime("%Y-%m-%d %H:%M")}
    try:
        import pandas as pd

        result["employees"] = int(len(pd.read_csv(args.data / "employees.csv",
                                                  usecols=["employee_id"])))
    except (OSError, ValueError):
        pass
    width = max(map(len, result["pages"]))
    print(f"{'page':<{width}}  {'n':>4}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}")
    for kind, s in result["pages"].items():
        print(f"{kind:<{width}}  {s['n']:>4}  {s['p50_ms']:>8.1f}  {s['p95_ms']:>8.1f}  "
              f"{s['max_ms']:>8.1f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
