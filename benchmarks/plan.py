"""Benchmark of the mutation-round planner: speed at city scale, and true outcomes vs greedy.

    .venv/bin/python -m benchmarks.plan --city demo/city --home demo/state [--vacancies 300]

CITY holds export/ and truth/ (as `jobfit generate` writes them; `--generate` makes one
first); HOME holds the MLflow store with a champion (`--train` trains one first). Then:
1. setup: load the export and the champion into a Recommender (timed apart: a service does
   this once at start);
2. the round: `plan_round` with `--vacancies` open seats (positions drawn with a fixed seed
   until that many seats; 0 = every vacancy) and EVERY employee of the export offered as a
   candidate (those the eligibility rules keep out are reported, not planned), timed end to
   end — eligibility, scoring, solving, greedy baseline, reasons;
3. the truth: each employee's true outcome where they end (truth/fit.parquet; staying counts
   the current position's outcome), summed for the plan, the greedy baseline and keeping
   everyone in place.

Prints a markdown table for docs/planning.md; `--json` writes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from planning import defaults


def _pick_positions(export, seats: int, seed: int) -> list[str] | None:
    """Vacant positions in a seeded random order until `seats` open seats (0: all)."""
    if seats <= 0:
        return None
    pos = export.positions
    vac = pos[pos["vacancies"] > 0]
    order = np.random.default_rng(seed).permutation(len(vac))
    chosen, total = [], 0
    for i in order:
        if total >= seats:
            break
        chosen.append(str(vac["position_id"].iloc[i]))
        total += int(vac["vacancies"].iloc[i])
    if total < seats:
        print(f"note: the export has only {total} open seats; planning all of them",
              file=sys.stderr)
    return chosen


def _export_date(export) -> date:
    """The export's own date: the latest date in its assignments (the synthetic city's as_of
    is after every start)."""
    from training.dataset import export_date

    return export_date(export)


def _truth_totals(truth_dir: Path, finals: dict[str, dict[str, str | None]]) -> dict:
    """Σ true outcome where each employee ends, per scenario; and coverage of the lookup."""
    t = pd.read_parquet(truth_dir / "fit.parquet", columns=["employee_id", "position_id",
                                                            "true_outcome"])
    t["employee_id"] = t["employee_id"].astype(str)
    t["position_id"] = t["position_id"].astype(str)
    out = {}
    for name, final in finals.items():
        df = pd.DataFrame({"employee_id": list(final), "position_id": list(final.values())})
        df = df.dropna(subset=["position_id"])
        hit = df.merge(t, on=["employee_id", "position_id"], how="left")
        found = hit["true_outcome"].notna()
        out[name] = {"true_total": float(hit["true_outcome"].sum()),
                     "placed": int(len(df)), "with_truth": int(found.sum()),
                     "true_mean": float(hit["true_outcome"].mean())}
    keep = finals["keep"]
    for name in ("plan", "greedy"):
        movers = [e for e, p in finals[name].items() if p != keep[e]]
        before = pd.DataFrame({"employee_id": movers, "position_id": [keep[e] for e in movers]})
        after = pd.DataFrame({"employee_id": movers,
                              "position_id": [finals[name][e] for e in movers]})
        b = before.dropna().merge(t, on=["employee_id", "position_id"], how="left")
        a = after.merge(t, on=["employee_id", "position_id"], how="left")
        out[name]["movers"] = len(movers)
        out[name]["movers_true_before"] = float(b["true_outcome"].sum())
        out[name]["movers_true_after"] = float(a["true_outcome"].sum())
        out[name]["movers_missing_truth"] = int(a["true_outcome"].isna().sum())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--city", type=Path, required=True, help="folder with export/ and truth/")
    ap.add_argument("--home", type=Path, default=None, help="MLflow state with a champion")
    ap.add_argument("--generate", action="store_true", help="generate the city first")
    ap.add_argument("--employees", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--train", action="store_true", help="train a champion first")
    ap.add_argument("--vacancies", type=int, default=300,
                    help="open seats in the round (0 = every vacancy)")
    ap.add_argument("--max-loss-per-unit", type=int, default=None)
    ap.add_argument("--preference-weight", type=float, default=defaults.PREFERENCE_WEIGHT)
    ap.add_argument("--move-cost", type=float, default=defaults.MOVE_COST)
    ap.add_argument("--vacancy-value", type=float, default=defaults.VACANCY_VALUE)
    ap.add_argument("--max-moves-per-fill", type=float, default=defaults.MAX_MOVES_PER_FILL,
                    help="the move budget (moves per vacancy filled)")
    ap.add_argument("--no-move-budget", action="store_true", help="no move budget")
    ap.add_argument("--no-chains", action="store_true")
    ap.add_argument("--as-of", type=date.fromisoformat, default=None,
                    help="planning date (default: the export's date)")
    ap.add_argument("--json", type=Path, default=None, help="write all figures here")
    args = ap.parse_args(argv)

    from jobfit.settings import Settings

    if args.generate:
        from synthetic.kota import generate_city

        generate_city(args.city, seed=args.seed, n_employees=args.employees)
    export_dir, truth_dir = args.city / "export", args.city / "truth"
    settings = Settings(home=args.home) if args.home else Settings()
    if args.train:
        from training.run import train

        train(settings, export_dir, truth_dir=None)

    from serving.ranking import Recommender
    from serving.round_parts import round_parts

    t0 = time.perf_counter()
    rec = Recommender.from_settings(settings, export_dir)
    export = rec.export
    parts = round_parts(rec)
    as_of = args.as_of or _export_date(export)
    rec.features_for(as_of)            # the date's feature cache: part of setup, as in serving
    setup_s = time.perf_counter() - t0

    from planning.plan import plan_round_detail

    positions = _pick_positions(export, args.vacancies, args.seed)
    candidates = export.employees["employee_id"].astype(str).tolist()
    load_before = os.getloadavg()
    t0, cpu0 = time.perf_counter(), time.process_time()
    detail = plan_round_detail(parts, positions=positions, candidates=candidates,
                               max_loss_per_unit=args.max_loss_per_unit,
                               preference_weight=args.preference_weight, as_of=as_of,
                               chains=not args.no_chains, move_cost=args.move_cost,
                               vacancy_value=args.vacancy_value,
                               max_moves_per_fill=None if args.no_move_budget
                               else args.max_moves_per_fill)
    plan_s, plan_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    ans = detail.answer
    truth = _truth_totals(truth_dir, {"plan": detail.plan_final, "greedy": detail.greedy_final,
                                      "keep": detail.keep_final})

    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_1m_before": round(load_before[0], 2)},
        "scorer": f"champion model v{parts.model_version}",
        "as_of": as_of.isoformat(), "setup_seconds": round(setup_s, 2),
        "plan_seconds": round(plan_s, 2), "plan_cpu_seconds": round(plan_cpu, 2),
        "round": ans["round"],
        "candidates_offered": len(candidates),
        "candidates_excluded": len(ans.get("candidates_excluded", [])),
        "solver": ans["solver"], "totals_predicted": ans["totals"], "truth": truth,
        "unfilled": len(ans["unfilled"]),
        "unfilled_reasons": pd.Series([u["reason"] for u in ans["unfilled"]]).value_counts()
        .to_dict() if ans["unfilled"] else {},
        "vacated_unfilled_seats": sum(v["seats"] for v in ans["vacated_unfilled"]),
    }
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    r, tp, tt = ans["round"], ans["totals"], truth
    print(f"scorer: {result['scorer']}; as of {result['as_of']}; {os.cpu_count()} CPUs, "
          f"load average {load_before[0]:.1f} before the round")
    print(f"round: {r['positions']} positions, {r['vacancies']} open seats, "
          f"{len(candidates)} employees offered, {r['candidates']} may move; "
          f"cap={r['max_loss_per_unit']}, preference={r['preference_weight']}, "
          f"chains={r['chains']}, move cost={r['move_cost']}, "
          f"vacancy value={r['vacancy_value']}, move budget={r['max_moves_per_fill']}")
    if ans["solver"]["notes"]:
        print("solver notes: " + "; ".join(ans["solver"]["notes"]))
    print(f"setup {setup_s:.1f} s; plan {plan_s:.1f} s wall, {plan_cpu:.1f} s CPU "
          f"({', '.join(f'{k} {v}' for k, v in ans['solver']['seconds'].items())}); "
          f"solver {ans['solver']['method']}, optimal={ans['solver']['optimal']}, "
          f"{ans['solver']['pairs_scored']} pairs scored, {ans['solver']['columns']} columns")
    print()
    print("| | moves | vacancies filled | predicted fit gain | true outcome gain "
          "(movers: after − before) | true total (pool) |")
    print("|---|---|---|---|---|---|")
    for name in ("plan", "greedy", "keep"):
        gain = tt[name]["movers_true_after"] - tt[name]["movers_true_before"] \
            if name != "keep" else 0.0
        print(f"| {name} | {tp[name]['moves']} | {tp[name]['vacancies_filled']} | "
              f"{tp[name]['gain_over_keep']:.2f} | {gain:.1f} | {tt[name]['true_total']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
