"""The outcome reports' figures (matplotlib): what `jobfit report` saves next to its JSON and
logs to MLflow. Titles and axis labels come from serving.outcomes.texts in the report's
language. Each function returns {file name: Figure}; the caller saves them (`savefig` renders
with Agg). The figures are plain `matplotlib.figure.Figure`s, not pyplot's: pyplot's import and
its figure manager cost a command a few tenths of a second, and nothing here is shown on a
screen; they need no closing, the garbage collector frees them."""

from __future__ import annotations

import numpy as np

from serving.outcomes.texts import say


def _figure(figsize: tuple[float, float]):
    """A new figure and its one axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.subplots()


def round_figures(report: dict) -> dict:
    lang = report["lang"]
    figs = {}
    done = [m for m in report["move_outcomes"] if m["enacted"] and m["status"] == "carried_out"
            and m["predicted_score"] is not None and m["appraisal_after"] is not None]
    fig, ax = _figure((6, 4.5))
    if done:
        s = np.array([m["predicted_score"] for m in done])
        a = np.array([m["appraisal_after"] for m in done])
        ax.scatter(s, a + np.random.default_rng(0).normal(0, 0.04, len(a)), s=10, alpha=0.4)
    bins = report["calibration"]["bins"]
    if bins:
        ax.plot([b["predicted_mean"] for b in bins], [b["appraisal_after_mean"] for b in bins],
                "o-", color="C3", label="bin mean")
        ax.legend(loc="lower right")
    ax.set_xlabel(say("plot.score", lang))
    ax.set_ylabel(say("plot.appraisal", lang))
    ax.set_title(say("plot.calibration", lang))
    fig.tight_layout()
    figs["calibration.png"] = fig

    units = [u for u in report["units"] if u["before"]["appraisal_mean"] is not None
             and u["after"]["appraisal_mean"] is not None
             and (u["moves_in_realised"] or u["moves_out_realised"])]
    units.sort(key=lambda u: u["after"]["appraisal_mean"] - u["before"]["appraisal_mean"])
    fig, ax = _figure((7, max(3.0, 0.22 * len(units) + 1)))
    if units:
        y = np.arange(len(units))
        ax.barh(y, [u["after"]["appraisal_mean"] - u["before"]["appraisal_mean"]
                    for u in units], color="C0")
        ax.set_yticks(y, [f"{u['unit_id']} (+{u['moves_in_realised']}/−"
                          f"{u['moves_out_realised']})" for u in units], fontsize=7)
        ax.axvline(0, color="k", lw=0.8)
    ax.set_xlabel(f"Δ {say('plot.appraisal', lang)}")
    ax.set_title(say("head.units", lang))
    fig.tight_layout()
    figs["units.png"] = fig
    return figs


def drift_figures(report: dict, top: int = 25) -> dict:
    lang = report["lang"]
    feats = report["features"][:top]
    fig, ax = _figure((7, 0.25 * len(feats) + 1.2))
    y = np.arange(len(feats))[::-1]
    colours = ["C3" if f["level"] == "major" else "C1" if f["level"] == "moderate" else "C0"
               for f in feats]
    ax.barh(y, [f["psi"] for f in feats], color=colours)
    ax.set_yticks(y, [f["feature"] for f in feats], fontsize=7)
    for bar in (0.1, 0.25):
        ax.axvline(bar, color="k", ls="--", lw=0.8)
    ax.set_xlabel("PSI")
    ax.set_title(say("drift.plot", lang))
    fig.tight_layout()
    figs = {"drift_features.png": fig}
    score = report.get("score")
    if score is not None:
        fig, ax = _figure((6, 4))
        edges = np.linspace(0, 1, 26)
        ax.hist(score["values_old"], bins=edges, alpha=0.5, density=True,
                label=report["old"]["data_snapshot"])
        ax.hist(score["values_new"], bins=edges, alpha=0.5, density=True,
                label=report["new"]["data_snapshot"])
        ax.set_xlabel(say("plot.score", lang))
        ax.set_title(f"{say('drift.scores', lang)} (PSI {score['psi']:.3f})")
        ax.legend(fontsize=7)
        fig.tight_layout()
        figs["drift_scores.png"] = fig
    return figs
