"""The planner's settings against what a round does: moves, vacancies filled, predicted and
TRUE gain, for the plan and the greedy baseline under the same settings.

    .venv/bin/python -m benchmarks.plan_tradeoff --city demo/city --home demo/state \\
        [--vacancies 300] [--json docs/plan_tradeoff.json] [--plot docs/plan_tradeoff.png]

The same round as benchmarks/plan.py (`--vacancies` open seats drawn with seed 42, every
employee offered, the export's date), planned once per setting of the grid below: the move
budget (`max_moves_per_fill`: none, 3, 2, 1.5, 1.25, 1) crossed with three pairs of move cost
and vacancy value. Reasons are not computed (explain=False): they do not change the plan.
Prints a markdown table; `--plot` draws the trade-off (docs/planning.md shows it).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

BUDGETS = (None, 3.0, 2.0, 1.5, 1.25, 1.0)
TERMS = ((0.0, 0.0), (0.02, 0.1), (0.05, 0.1))       # (move_cost, vacancy_value)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--city", type=Path, help="folder with export/ and truth/")
    ap.add_argument("--home", type=Path, help="MLflow state with a champion")
    ap.add_argument("--replot", type=Path, default=None,
                    help="only draw --plot from an earlier --json (no planning)")
    ap.add_argument("--vacancies", type=int, default=300)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--plot", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.replot is not None:
        plot(json.loads(args.replot.read_text()), args.plot)
        return 0
    if args.city is None or args.home is None:
        ap.error("--city and --home are needed (or --replot FILE)")

    from benchmarks.plan import _export_date, _pick_positions, _truth_totals
    from jobfit.settings import Settings
    from planning.plan import plan_round_detail
    from serving.ranking import Recommender
    from serving.round_parts import round_parts

    rec = Recommender.from_settings(Settings(home=args.home), args.city / "export")
    parts = round_parts(rec)
    as_of = _export_date(rec.export)
    rec.features_for(as_of)
    positions = _pick_positions(rec.export, args.vacancies, args.seed)
    candidates = rec.export.employees["employee_id"].astype(str).tolist()
    rows = []
    print("| move budget | move cost | vacancy value | plan moves / filled | greedy moves / "
          "filled | plan predicted gain | plan true gain | greedy true gain | plan s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for move_cost, vacancy_value in TERMS:
        for budget in BUDGETS:
            t0 = time.perf_counter()
            d = plan_round_detail(parts, positions=positions, candidates=candidates,
                                  as_of=as_of, move_cost=move_cost,
                                  vacancy_value=vacancy_value, max_moves_per_fill=budget,
                                  explain=False)
            seconds = time.perf_counter() - t0
            truth = _truth_totals(args.city / "truth", {"plan": d.plan_final,
                                                        "greedy": d.greedy_final,
                                                        "keep": d.keep_final})
            t = d.answer["totals"]
            row = {"max_moves_per_fill": budget, "move_cost": move_cost,
                   "vacancy_value": vacancy_value, "seconds": round(seconds, 2),
                   "optimal": d.answer["solver"]["optimal"],
                   "upper_bound": d.answer["solver"]["upper_bound"]}
            for name in ("plan", "greedy"):
                row[name] = {"moves": t[name]["moves"],
                             "filled": t[name]["vacancies_filled"],
                             "predicted_gain": t[name]["gain_over_keep"],
                             "objective": t[name].get("objective"),
                             "true_gain": round(truth[name]["movers_true_after"]
                                                - truth[name]["movers_true_before"], 1)}
            rows.append(row)
            p, g = row["plan"], row["greedy"]
            print(f"| {'none' if budget is None else f'{budget:g}'} | {move_cost:g} | "
                  f"{vacancy_value:g} | {p['moves']} / {p['filled']} | {g['moves']} / "
                  f"{g['filled']} | {p['predicted_gain']:.1f} | {p['true_gain']:.1f} | "
                  f"{g['true_gain']:.1f} | {seconds:.1f} |", flush=True)
    result = {"vacancies": args.vacancies, "as_of": as_of.isoformat(),
              "model_version": parts.model_version, "cpus": os.cpu_count(),
              "round": {k: d.answer["round"][k] for k in ("positions", "vacancies",
                                                          "candidates")},
              "rows": rows}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    if args.plot:
        plot(result, args.plot)
    return 0


def plot(result: dict, out: Path) -> None:
    """Four panels against the move budget: moves, vacancies filled, predicted and true gain
    (plan solid, greedy dashed), one colour per (move cost, vacancy value)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    budgets = list(BUDGETS)
    xs = list(range(len(budgets)))
    labels = ["none" if b is None else f"{b:g}" for b in budgets]
    fig, axes = plt.subplots(1, 4, figsize=(17, 4.4))
    colours = ["tab:blue", "tab:orange", "tab:green"]
    keys = ("moves", "filled", "predicted_gain", "true_gain")
    for (mc, vv), colour in zip(TERMS, colours):
        rows = {r["max_moves_per_fill"]: r for r in result["rows"]
                if r["move_cost"] == mc and r["vacancy_value"] == vv}
        series = [rows[b] for b in budgets]
        tag = f"move cost {mc:g}, vacancy value {vv:g}"
        for ax, key in zip(axes, keys):
            ax.plot(xs, [r["plan"][key] for r in series], "-o", color=colour,
                    label=f"plan, {tag}")
            ax.plot(xs, [r["greedy"][key] for r in series], "--x", color=colour, alpha=0.7,
                    label=f"greedy, {tag}")
    vac = result["round"]["vacancies"]
    axes[0].axhline(1.5 * vac, color="grey", lw=0.8, ls=":")
    axes[0].text(0, 1.5 * vac, " 1.5 × open seats", va="bottom", fontsize=8, color="grey")
    axes[1].axhline(vac, color="grey", lw=0.8, ls=":")
    axes[1].set_ylim(0, vac * 1.1)
    axes[3].set_ylim(bottom=0)
    axes[2].set_ylim(bottom=0)
    titles = ("moves", f"vacancies filled (of {vac} open seats)",
              "predicted fit gain (the model)", "TRUE outcome gain of the movers")
    for ax, title in zip(axes, titles):
        ax.set_xticks(xs, labels)
        ax.set_xlabel("move budget: moves per vacancy filled")
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
    axes[1].legend(fontsize=7, loc="lower center")
    fig.suptitle(f"A round of {vac} open seats, {result['round']['candidates']} candidates "
                 f"(default city, seed 42; model v{result['model_version']}): the plan (solid) "
                 "and the greedy baseline (dashed) under the same settings; default: budget "
                 "1.5, move cost 0.02, vacancy value 0.1", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    raise SystemExit(main())
