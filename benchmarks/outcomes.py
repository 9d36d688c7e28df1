"""Benchmark of the outcome loop on a city: a round planned at the defaults, decided (a few
overrides and rejections), enacted, the city a year on, the later export ingested, and the
round report — in process and as `jobfit report round` (a fresh process, what staff run) —
and the drift report between the two exports.

    .venv/bin/python -m benchmarks.outcomes --city demo/city --home demo/state [--json F]

CITY holds export/ and truth/ (`jobfit generate`); HOME an MLflow store with a champion
(`jobfit train`). The state database is a fresh SQLite file in a temporary folder (or
`--database-url`). The goal of issue 11: the round report on the default city in ≤ 10 s.
Prints a markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _decide(store, rec, rnd: dict, override_share: float, reject_share: float,
            seed: int) -> dict[str, int]:
    """Approve most moves; override some with another eligible employee (checked by the
    RoundDesk as the service checks it), reject some."""
    from serving.rounds import RoundDesk

    desk = RoundDesk(store, recommender=rec)
    rng = np.random.default_rng(seed)
    as_of = date.fromisoformat(rnd["params"]["as_of"])
    taken = {m["employee_id"] for m in rnd["moves"]}
    ids = rec.export.employees["employee_id"].astype(str).to_numpy()
    version, counts = rnd["version"], {"approve": 0, "override": 0, "reject": 0}
    for m in rnd["moves"]:
        u = rng.random()
        kind, other = "approve", None
        if u < override_share:
            pool = [ids[e] for e in rec.eligibility.employees_for(
                m["to_position_id"], as_of).indices if ids[e] not in taken]
            if pool:
                kind, other = "override", pool[int(rng.integers(len(pool)))]
                taken.add(other)
        elif u < override_share + reject_share:
            kind = "reject"
        version = desk.decide(rnd["round_id"], m["move_id"], kind,
                              "pertimbangan pimpinan" if kind != "approve" else "", version,
                              "bench", override_employee_id=other)["round_version"]
        counts[kind] += 1
    desk.enact(rnd["round_id"], version, "bench")
    return counts


def _http_report(settings, export_dir: Path, tmp: Path, round_id: str) -> dict[str, float]:
    """GET /rounds/{id}/report on the service started as `jobfit serve` starts it: 20 calls
    after one warm-up; p50 and max in seconds."""
    import secrets

    import httpx
    import psutil

    from jobfit.launch import free_port, serve_command, service_env, wait_ready

    port = free_port()
    token = secrets.token_urlsafe(16)
    env = service_env(settings, export_dir, token)
    env["BENTOML_HOME"] = str(tmp / "bentoml")
    base = f"http://127.0.0.1:{port}"
    with open(tmp / "serve.log", "w") as log:
        proc = subprocess.Popen(serve_command("127.0.0.1", port), env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if wait_ready(base, timeout=180, proc=proc) is None:
            raise RuntimeError((tmp / "serve.log").read_text()[-3000:])
        headers = {"Authorization": f"Bearer {token}"}
        times = []
        with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
            assert c.get(f"/rounds/{round_id}/report").status_code == 200
            for _ in range(20):
                t0 = time.perf_counter()
                c.get(f"/rounds/{round_id}/report").raise_for_status()
                times.append(time.perf_counter() - t0)
        return {"report_http_p50_s": float(np.median(times)), "report_http_max_s": max(times)}
    finally:
        procs = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
        for p in procs:
            p.terminate()
        psutil.wait_procs(procs, timeout=20)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--city", type=Path, required=True)
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--override-share", type=float, default=0.05)
    ap.add_argument("--reject-share", type=float, default=0.05)
    ap.add_argument("--follow-through", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--http", action="store_true",
                    help="Also time GET /rounds/{id}/report on the real service (p50/max of 20).")
    args = ap.parse_args(argv)

    from features.loader import load_export
    from jobfit.settings import Settings
    from serving.outcomes.drift import drift_report
    from serving.outcomes.ingest import ingest
    from serving.outcomes.match import effective_moves
    from serving.outcomes.plots import round_figures
    from serving.outcomes.report import round_report
    from serving.ranking import Recommender
    from serving.rounds import RoundDesk
    from serving.state import StateStore
    from synthetic.kota.nextyear import simulate_next_year

    tmp = Path(tempfile.mkdtemp(prefix="jobfit-outcomes-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'jobfit.db'}"
    settings = Settings(home=args.home, database_url=url)
    figures: dict[str, float] = {}
    load_before = os.getloadavg()[0]
    rec, figures["setup_s"] = _timed(lambda: Recommender.from_settings(settings,
                                                                       args.city / "export"))
    store = StateStore(url)
    rnd, figures["plan_round_s"] = _timed(lambda: RoundDesk(store, recommender=rec)
                                          .create_round("Penataan bench", {}, "bench"))
    counts, figures["decide_enact_s"] = _timed(lambda: _decide(
        store, rec, rnd, args.override_share, args.reject_share, args.seed))
    rnd = store.get_round(rnd["round_id"])
    moves = [m for m in effective_moves(rnd) if m["enacted"]]
    nxt = tmp / "next"
    summary, figures["simulate_year_s"] = _timed(lambda: simulate_next_year(
        args.city, moves, nxt, follow_through=args.follow_through,
        round_date=date.fromisoformat(rnd["params"]["as_of"])))
    (new, _), figures["load_next_export_s"] = _timed(lambda: load_export(nxt / "export"))
    got, figures["ingest_s"] = _timed(lambda: ingest(store, new, "bench", [rnd["round_id"]]))
    report, figures["report_in_process_s"] = _timed(lambda: round_report(
        store, rnd["round_id"], "id"))
    figs, figures["report_plots_s"] = _timed(lambda: round_figures(report))
    import matplotlib.pyplot as plt

    for f in figs.values():
        plt.close(f)
    env = {**os.environ, "JOBFIT_HOME": str(tmp / "report_home"), "JOBFIT_DATABASE_URL": url}
    env.pop("MLFLOW_TRACKING_URI", None)
    # without MLflow; with it into a new MLflow store (its schema is created first); again
    for flag, key in (("--no-mlflow", "report_cli_s"), ("--mlflow", "report_cli_mlflow_new_s"),
                      ("--mlflow", "report_cli_mlflow_s")):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "jobfit.cli", "report", "round",
                               rnd["round_id"], flag, "--out", str(tmp / "rep")],
                              capture_output=True, text=True, env=env, timeout=300)
        figures[key] = time.perf_counter() - t0
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
    if args.http:
        figures.update(_http_report(settings, args.city / "export", tmp, rnd["round_id"]))
    old = rec.export
    drift, figures["drift_s"] = _timed(lambda: drift_report(old, new, rec.model, "id"))

    # the truth behind the realised appraisals (synthetic city only)
    import pandas as pd

    truth = pd.read_csv(nxt / "truth" / "next_year_moves.csv", dtype={"employee_id": str})
    after = {m["employee_id"]: m["appraisal_after"] for m in report["move_outcomes"]
             if m["enacted"] and m["status"] == "carried_out"}
    t = truth[truth["carried_out"]]
    pairs = [(after[e], y) for e, y in zip(t["employee_id"], t["true_outcome_planned"])
             if after.get(e) is not None]
    r_truth = float(np.corrcoef(*zip(*pairs))[0, 1]) if len(pairs) > 2 else None

    result = {"city": str(args.city), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
              "load_before": round(load_before, 2), "moves": len(rnd["moves"]),
              "decisions": counts, "enacted": report["moves"]["enacted"],
              "carried_out": report["moves"]["carried_out"],
              "followed_through_rate": report["moves"]["followed_through_rate"],
              "calibration": {k: report["calibration"][k] for k in ("pairs", "pearson",
                                                                     "spearman")},
              "appraisal_vs_truth_r": None if r_truth is None else round(r_truth, 3),
              "overrides": report["overrides"],
              "drift_top": [(f["feature"], f["psi"]) for f in drift["features"][:5]],
              "drift_score_psi": drift["score"]["psi"] if drift["score"] else None,
              "units": len(report["units"]),
              "load_after": round(os.getloadavg()[0], 2),
              "seconds": {k: round(v, 3) for k, v in figures.items()}}
    print("| step | seconds |\n|---|---|")
    for k, v in result["seconds"].items():
        print(f"| {k} | {v:.3f} |")
    print(json.dumps({k: v for k, v in result.items() if k != "seconds"}, indent=1,
                     ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
