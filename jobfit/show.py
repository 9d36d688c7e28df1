"""What the command line prints: a ranking answer (the HTTP API's JSON) as a rich table for
`jobfit recommend`, and a training run's summary for `jobfit train`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Group


def _lines(items: list[str]) -> str:
    return "\n".join(f"• {x}" for x in items) if items else "—"


def print_answer(console: Console, answer: dict) -> None:
    head = (f"model version {answer['model_version']} · data {answer['data_snapshot']}")
    if "employee_id" in answer:
        title = f"Positions for employee {answer['employee_id']}"
        if answer.get("status") != "ok":
            console.print(Text(f"{title}: {answer.get('status')} — "
                               f"{answer.get('reason') or 'no list'}", style="yellow"))
        rows = answer.get("recommendations", [])
        table = Table(title=title, caption=head, show_lines=True)
        for col, kw in (("#", {"justify": "right"}), ("position", {}), ("unit", {}),
                        ("score", {"justify": "right"}), ("vac.", {"justify": "right"}),
                        ("why", {}), ("gaps", {})):
            table.add_column(col, **kw)
        for r in rows:
            table.add_row(str(r["rank"]), Text(f"{r['title']}\n{r['position_id']}"),
                          Text(r["unit_name"]), f"{r['score']:.3f}", str(r["vacancies"]),
                          Text(_lines(r["reasons"])), Text(_lines(r["gaps"])))
    else:
        title = f"Candidates for position {answer['position_id']}"
        rows = answer.get("candidates", [])
        table = Table(title=title, caption=head, show_lines=True)
        for col, kw in (("#", {"justify": "right"}), ("employee", {}), ("unit", {}),
                        ("score", {"justify": "right"}), ("why", {}), ("gaps", {})):
            table.add_column(col, **kw)
        for r in rows:
            table.add_row(str(r["rank"]), Text(f"{r['name']}\n{r['employee_id']}"),
                          Text(r.get("unit_id") or "—"), f"{r['score']:.3f}",
                          Text(_lines(r["reasons"])), Text(_lines(r["gaps"])))
    if rows:
        console.print(table)
    elif answer.get("status", "ok") == "ok":
        console.print(Text(f"{title}: nobody/nothing eligible", style="yellow"))
    excluded = answer.get("excluded") or {}
    if excluded:
        console.print(Text("Left out by the eligibility rules: " + ", ".join(
            f"{reason} {n}" for reason, n in sorted(excluded.items(), key=lambda x: -x[1]))))


def train_summary(result) -> "Group":
    """A training run's result (training.run.TrainResult) as a table of the four models'
    metrics, its warnings, the fairness line and the gate's verdict."""
    from rich.console import Group

    t = Table(title=f"Job-fit model on {result.data_snapshot} (validation from "
                    f"{result.cutoff}: {result.n_valid} placements; trained on "
                    f"{result.n_train})")
    t.add_column("model")
    for _, label in result.COLUMNS:
        t.add_column(label, justify="right")
    for r in result.rows():
        t.add_row(*r)
    color = "green" if result.promoted else "yellow"
    notes = [Text(f"warning: {w}", style="yellow") for w in result.warnings]
    fair = [Text(result.fairness, style="red" if "ALARM" in result.fairness else "dim")
            ] if result.fairness else []
    return Group(t, *notes, *fair, Text(result.verdict(), style=color),
                 Text(f"MLflow run {result.run_id} · {result.seconds:.0f} s · labels "
                      f"{result.label_strategy}", style="dim"))
