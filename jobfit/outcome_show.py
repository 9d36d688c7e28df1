"""What `jobfit ingest` and `jobfit report round|drift` show, save and log: rich tables in the
report's language, the JSON and figures written to a folder, and one MLflow run per report
(training.reports_tracking). The numbers come from serving.outcomes; nothing is computed here.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from serving.outcomes.texts import say


def _num(v, fmt: str = "{:.2f}") -> str:
    return "–" if v is None else fmt.format(v)


def print_ingest(console: Console, answer: dict) -> None:
    for r in answer["ingested"]:
        what = "ingested" if r["created"] else "already ingested (nothing written)"
        rate = _num(r["followed_through_rate"], "{:.0%}")
        console.print(Text(f"round {r['round_id']}: {what} as {r['ingest_id']} — "
                           f"{r['carried_out']} of {r['enacted']} enacted moves carried out "
                           f"({rate})"))
    for r in answer["skipped"]:
        console.print(Text(f"round {r['round_id']}: skipped — {r['reason']}", style="yellow"))
    if not answer["ingested"] and not answer["skipped"]:
        console.print(Text("no enacted round to match", style="yellow"))


def print_round_report(console: Console, report: dict, limit: int = 30) -> None:
    lang = report["lang"]
    console.print(Text(say("head.report", lang, name=report["name"],
                           round_id=report["round_id"]), style="bold"))
    for line in report["summary"]:
        console.print(Text(f"• {line}"))
    cal = report["calibration"]
    if cal["bins"]:
        t = Table(title=say("head.calibration", lang))
        for col in ("col.score", "col.moves", "col.realised", "col.before"):
            t.add_column(say(col, lang), justify="right")
        for b in cal["bins"]:
            t.add_row(f"{b['score_from']:.2f}–{b['score_to']:.2f}", str(b["moves"]),
                      _num(b["appraisal_after_mean"]), _num(b["appraisal_before_mean"]))
        console.print(t)
    units = [u for u in report["units"] if u["moves_in_planned"] or u["moves_out_planned"]]
    units.sort(key=lambda u: -(u["moves_in_planned"] + u["moves_out_planned"]))
    t = Table(title=say("head.units", lang))
    for col in ("col.unit", "col.headcount", "col.vacancies", "col.appraisal", "col.in",
                "col.out"):
        t.add_column(say(col, lang), justify="left" if col == "col.unit" else "right")
    for u in units[:limit or None]:
        b, a = u["before"], u["after"]
        t.add_row(u["unit_id"], f"{b['headcount']} → {a['headcount']}",
                  f"{b['vacancies']} → {a['vacancies']}",
                  f"{_num(b['appraisal_mean'])} → {_num(a['appraisal_mean'])}",
                  f"{u['moves_in_planned']}/{u['moves_in_realised']}",
                  f"{u['moves_out_planned']}/{u['moves_out_realised']}")
    console.print(t)


def print_drift(console: Console, report: dict, limit: int = 20) -> None:
    for line in report["summary"]:
        console.print(Text(line, style="bold" if line == report["summary"][0] else ""))
    t = Table()
    for col in ("feature", "PSI", "", "old mean", "new mean"):
        t.add_column(col, justify="left" if col in ("feature", "") else "right")
    for f in report["features"][:limit or None]:
        t.add_row(f["feature"], f"{f['psi']:.3f}", f["level_text"], _num(f["mean_old"], "{:.3g}"),
                  _num(f["mean_new"], "{:.3g}"))
    console.print(t)


def round_metrics(report: dict) -> dict[str, float | None]:
    mv, cal, ov = report["moves"], report["calibration"], report["overrides"]
    return {"moves_enacted": mv["enacted"], "moves_carried_out": mv["carried_out"],
            "followed_through_rate": mv["followed_through_rate"],
            "calibration_pairs": cal["pairs"], "calibration_pearson": cal["pearson"],
            "calibration_spearman": cal["spearman"],
            "planned_appraisal_after_mean": ov["planned"]["appraisal_after_mean"],
            "overridden_appraisal_after_mean": ov["overridden"]["appraisal_after_mean"],
            "overridden_moves": ov["overridden"]["moves"]}


def drift_metrics(report: dict) -> dict[str, float | None]:
    m = {f"psi_{f['feature']}": f["psi"] for f in report["features"]}
    m["features_shifted"] = sum(f["level"] != "stable" for f in report["features"])
    m["psi_max"] = max((f["psi"] for f in report["features"]), default=None)
    if report.get("score") is not None:
        m["psi_score"] = report["score"]["psi"]
    return m


def save(report: dict, figures: dict, folder: Path | None, json_name: str) -> list[Path]:
    """Write the report JSON and the figures (PNG, each rendered here, once) into `folder`;
    returns the files."""
    if folder is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / json_name
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    files = [path]
    for name, fig in figures.items():
        fig.savefig(folder / name, dpi=110)
        files.append(folder / name)
    return files
