"""The round planner: a whole mutation round (penataan mutasi) planned at once.

`planning.plan.plan_round(parts, ...)` over a `planning.parts.RoundParts` — the export, its
eligibility index and scoring callables that the caller supplies (serving fills them from its
Recommender) — and the solver over plain arrays (`planning.solver`). Depends on features/ and
models/ only.
"""
