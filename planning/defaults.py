"""The planner's default settings: a round HR can adopt (docs/planning.md, "Defaults", has the
measurements behind them). No imports, so the command line can show them without loading the
planner.

- At most 1.5 moves per vacancy filled: chains stop there (fit alone moves ~3 people per
  vacancy on the default city).
- A filled vacancy is worth 0.1 of predicted fit: the plan fills listed vacancies before it
  spends moves elsewhere.
- No move for less than 0.02 of predicted fit: gains that small are noise, not a reason to
  uproot someone.

Pass move_cost 0, vacancy_value 0 and max_moves_per_fill None for the bare optimum of total
expected fit.
"""

MOVE_COST = 0.02
VACANCY_VALUE = 0.1
MAX_MOVES_PER_FILL: float | None = 1.5
PREFERENCE_WEIGHT = 0.0
