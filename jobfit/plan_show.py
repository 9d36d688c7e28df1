"""Printing a round plan (the POST /plan JSON) as rich tables for `jobfit plan`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text


def _lines(items: list[str]) -> str:
    return "\n".join(f"• {x}" for x in items) if items else "—"


def print_plan(console: Console, answer: dict, limit: int = 50) -> None:
    """Summary, totals against the baselines, the moves (first `limit`; 0 = all), the
    vacancies left open with their reasons, and the seats the round empties."""
    head = f"model version {answer['model_version']} · data {answer['data_snapshot']}"
    if answer["status"] != "ok":
        console.print(Text(f"Nothing to plan: {answer.get('message')}", style="yellow"))
        for c in answer.get("candidates_excluded", []):
            console.print(Text(f"  {c['employee_id']}: {c['reason']}"))
        return
    r = answer["round"]
    console.print(Text(
        f"Round as of {answer['as_of']}: {r['positions']} positions with {r['vacancies']} "
        f"open seats, {r['candidates']} candidates; unit cap {r['max_loss_per_unit']}, "
        f"preference weight {r['preference_weight']}, chains {'on' if r['chains'] else 'off'}, "
        f"move cost {r['move_cost']}, vacancy value {r.get('vacancy_value', 0.0)}, "
        f"move budget {r.get('max_moves_per_fill') or 'none'} per vacancy filled",
        style="bold"))
    s = answer["solver"]
    exact = "optimal" if s["optimal"] else f"not proven optimal (bound {s['upper_bound']})"
    console.print(Text(f"solver: {s['method']}, {exact}; {s['seconds']['total']:.1f} s"))
    for note in s.get("notes", []):
        console.print(Text(f"  note: {note}", style="dim"))

    totals = Table(title="Totals (expected fit of the candidates where they end)", caption=head)
    for col in ("", "moves", "vacancies filled", "fit", "gain over keeping everyone",
                "into a preferred unit"):
        totals.add_column(col, justify="right" if col else "left")
    names = {"plan": "plan", "greedy": "greedy (vacancy by vacancy)", "keep": "keep everyone"}
    for key, label in names.items():
        t = answer["totals"][key]
        totals.add_row(label, str(t["moves"]), str(t["vacancies_filled"]), f"{t['fit']:.2f}",
                       f"{t['gain_over_keep']:+.2f}", str(t["moves_into_preferred_unit"]))
    console.print(totals)

    moves = answer["moves"]
    shown = moves if limit <= 0 else moves[:limit]
    table = Table(title=f"Moves ({len(moves)}" + (f", first {len(shown)})" if len(shown) <
                                                  len(moves) else ")"), show_lines=True)
    for col, kw in (("employee", {}), ("from", {}), ("to", {}), ("score", {"justify": "right"}),
                    ("gain", {"justify": "right"}), ("why", {}), ("gaps", {})):
        table.add_column(col, **kw)
    for m in shown:
        frm = f"{m['from_title']}\n{m['from_position_id']}" if m["from_position_id"] else "—"
        to = f"{m['to_title']}\n{m['to_position_id']}"
        if m["fills"] != "vacancy":
            to += "\n(seat vacated in this round)"
        table.add_row(Text(f"{m['name']}\n{m['employee_id']}"), Text(frm), Text(to),
                      f"{m['score']:.3f}", f"{m['gain']:+.3f}", Text(_lines(m["reasons"])),
                      Text(_lines(m["gaps"])))
    console.print(table)

    if answer["unfilled"]:
        left = Table(title=f"Vacancies left open ({len(answer['unfilled'])})")
        for col in ("position", "unit", "open", "why"):
            left.add_column(col)
        for u in answer["unfilled"]:
            left.add_row(Text(f"{u['title']}\n{u['position_id']}"), Text(u["unit_id"]),
                         str(u["open_seats"]), Text(u["reason"]))
        console.print(left)
    if answer["vacated_unfilled"]:
        n = sum(v["seats"] for v in answer["vacated_unfilled"])
        console.print(Text(f"This round empties {n} seat(s) it does not refill (in "
                           f"{len(answer['vacated_unfilled'])} positions): the next round's "
                           f"vacancies. --json lists them."))


def print_round_list(console: Console, rounds: list[dict]) -> None:
    """`jobfit round list`: one line per round."""
    if not rounds:
        console.print("No rounds yet: `jobfit round create --data EXPORT --name NAME`.")
        return
    table = Table(title="Rounds")
    for col in ("round", "name", "status", "version", "created", "by", "moves", "decided",
                "approved", "rejected", "overridden"):
        table.add_column(col)
    for r in rounds:
        c = r["counts"]
        table.add_row(r["round_id"], r["name"], r["status"], str(r["version"]),
                      r["created_at"][:19], r["created_by"], str(c["moves"]), str(c["decided"]),
                      str(c["approved"]), str(c["rejected"]), str(c["overridden"]))
    console.print(table)


def print_round(console: Console, answer: dict, limit: int = 50) -> None:
    """`jobfit round show/create`: the round's head, totals and moves with their decisions."""
    console.print(Text(
        f"Round {answer['round_id']} “{answer['name']}”: {answer['status']}, version "
        f"{answer['version']} · model version {answer['model_version']} · data "
        f"{answer['data_snapshot']} · created {answer['created_at'][:19]} by "
        f"{answer['created_by']}", style="bold"))
    plan = (answer.get("totals") or {}).get("plan")
    if plan:
        console.print(Text(f"plan: {plan['moves']} moves, {plan['vacancies_filled']} vacancies "
                           f"filled, expected fit gain {plan['gain_over_keep']:.2f}; "
                           f"{len(answer.get('unfilled', []))} vacancies left open"))
    moves = answer["moves"] if not limit else answer["moves"][:limit]
    table = Table(title=f"Moves ({len(moves)} of {len(answer['moves'])})")
    for col in ("move", "employee", "from", "to", "score", "gain", "decision"):
        table.add_column(col)
    for m in moves:
        d = m.get("decision")
        table.add_row(m["move_id"], m["employee_id"], m["from_position_id"] or "—",
                      m["to_position_id"], f"{m['score']:.2f}",
                      "—" if m["gain"] is None else f"{m['gain']:+.2f}",
                      "—" if d is None else f"{d['decision']} ({d['actor']})")
    console.print(table)
