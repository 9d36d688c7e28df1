"""What checking every answer against its schema on the way out costs (serving/service.py).

    .venv/bin/python benchmarks/answer_check.py --data demo/city/export --home demo/state

Builds the Recommender in process, answers random questions, and times `model_validate` of
each answer's pydantic model; then one default round plan and its PlanAnswer check.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path


def _percentiles(times: list[float]) -> str:
    times = sorted(times)
    return (f"p50 {times[len(times) // 2] * 1e3:.3f} ms, "
            f"p99 {times[int(len(times) * 0.99)] * 1e3:.3f} ms")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="HR export folder")
    ap.add_argument("--home", type=Path, required=True, help="JOBFIT_HOME with a champion")
    ap.add_argument("--questions", type=int, default=300)
    args = ap.parse_args(argv)

    from jobfit.settings import Settings
    from planning.answer import PlanAnswer
    from planning.plan import plan_round
    from serving.ranking import Recommender
    from serving.round_parts import round_parts
    from serving.schemas import CandidatesAnswer, PositionsAnswer
    from training.dataset import export_date

    rec = Recommender.from_settings(Settings(home=args.home), args.data)
    rng = random.Random(1)
    emps = rec.export.employees["employee_id"].astype(str).tolist()
    pos = rec.export.positions["position_id"].astype(str).tolist()
    asked = {
        "positions": (PositionsAnswer, [rec.positions_for(e, k=10, vacant_only=False)
                                        for e in rng.sample(emps, args.questions)]),
        "candidates": (CandidatesAnswer, [rec.candidates_for(p, k=10)
                                          for p in rng.sample(pos, args.questions)]),
    }
    for name, (schema, answers) in asked.items():
        times = []
        for a in answers:
            t0 = time.perf_counter()
            schema.model_validate(a)
            times.append(time.perf_counter() - t0)
        print(f"{name}: {len(times)} answers, check {_percentiles(times)}")  # noqa: T201
    plan = plan_round(round_parts(rec), as_of=export_date(rec.export))
    t0 = time.perf_counter()
    PlanAnswer.model_validate(plan)
    print(f"plan: {len(plan['moves'])} moves, check {(time.perf_counter() - t0) * 1e3:.1f} ms; "
          f"planning {plan['solver']['seconds']['total']:.1f} s")  # noqa: T201


if __name__ == "__main__":
    main()
