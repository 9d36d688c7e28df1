"""The figures a run logs (and the notebook shows): feature importance, NDCG per job type,
reliability of the calibrated score, score distributions. Each returns a matplotlib Figure;
nothing is shown or saved here.

Figures are built with ``matplotlib.figure.Figure`` directly, not pyplot: no backend, no
window, no global figure registry to leak from a long-running process; the notebook displays
them with ``display(fig)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def new_figure(**kw) -> Figure:
    return Figure(**kw)


def empty_figure(title: str, text: str) -> Figure:
    """A figure that says why there is nothing to plot (a tiny export, no truth …)."""
    fig = new_figure(figsize=(6, 2))
    ax = fig.subplots()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.4, text, ha="center", va="center")
    return fig


def feature_importance(booster, names: list[str], top: int = 25):
    gain = booster.feature_importance(importance_type="gain")
    s = pd.Series(gain, index=names).sort_values(ascending=True).tail(top)
    total = gain.sum() or 1.0
    fig = new_figure(figsize=(7, max(3, 0.28 * len(s) + 1)))
    ax = fig.subplots()
    ax.barh(s.index, s.to_numpy() / total * 100, color="#3b7dd8")
    ax.set_xlabel("share of total gain (%)")
    ax.set_title("LGBM ranker: feature importance (gain)")
    fig.tight_layout()
    return fig


def ndcg_per_job_type(per_model: dict[str, np.ndarray], job_types: list[str],
                      title: str = "Truth NDCG@10 per job type (current position)"):
    """per_model: model → per-query NDCG aligned with job_types."""
    df = pd.DataFrame({m: v for m, v in per_model.items()})
    df["job_type"] = job_types
    if df.drop(columns="job_type").notna().sum().sum() == 0:
        return empty_figure(title, "no queries to evaluate")
    means = df.groupby("job_type").mean(numeric_only=True)
    counts = df.groupby("job_type").size()
    means.index = [f"{j} (n={counts[j]})" for j in means.index]
    fig = new_figure(figsize=(8, 4))
    ax = fig.subplots()
    means.plot.bar(ax=ax, width=0.8)
    ax.set_ylabel("mean NDCG@10")
    ax.set_ylim(0, 1.15)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper center", ncol=len(per_model))
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    fig.tight_layout()
    return fig


def reliability_table(prob: np.ndarray, n_good: np.ndarray, n_years: np.ndarray,
                      bins: int = 10) -> pd.DataFrame:
    """Per bin of predicted probability: mean prediction, observed share of "Baik or better"
    appraisal-years, and how many appraisal-years fell in it."""
    prob = np.asarray(prob, float)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(prob, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        m = which == b
        w = n_years[m].sum()
        if w == 0:
            continue
        rows.append({"bin": b, "predicted": float((prob[m] * n_years[m]).sum() / w),
                     "observed": float(n_good[m].sum() / w), "appraisal_years": int(w)})
    return pd.DataFrame(rows)


def expected_calibration_error(table: pd.DataFrame) -> float:
    if table.empty:
        return float("nan")
    w = table["appraisal_years"] / table["appraisal_years"].sum()
    return float((w * (table["predicted"] - table["observed"]).abs()).sum())


def reliability(table: pd.DataFrame, title: str = "Reliability of the score (validation)"):
    fig = new_figure(figsize=(5.5, 6))
    ax, ax2 = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="perfect")
    ax.plot(table["predicted"], table["observed"], marker="o", color="#d8573b",
            label="score (cross-fitted)")
    ax.set_ylabel('observed share "Baik" or better')
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(loc="upper left")
    ax2.bar(table["predicted"], table["appraisal_years"], width=0.05, color="#888")
    ax2.set_xlabel("predicted chance of an appraisal of Baik or better")
    ax2.set_ylabel("appraisal-years")
    fig.tight_layout()
    return fig


def score_distributions(valid_scores: np.ndarray, valid_grades: np.ndarray,
                        truth_scores: np.ndarray | None = None,
                        truth_relevance: np.ndarray | None = None):
    n = 2 if truth_scores is not None else 1
    fig = new_figure(figsize=(6 * n, 4))
    axes = fig.subplots(1, n, squeeze=False)
    _hist_by_group(axes[0, 0], valid_scores, valid_grades, "grade",
                   "Score by validation outcome grade")
    if truth_scores is not None:
        _hist_by_group(axes[0, 1], truth_scores, truth_relevance, "true",
                       "Score by true outcome (truth sample)")
    fig.tight_layout()
    return fig


def _hist_by_group(ax, scores: np.ndarray, groups: np.ndarray, label: str, title: str) -> None:
    """One density histogram of the scores per group, overlaid."""
    for g in np.unique(groups):
        ax.hist(scores[groups == g], bins=30, range=(0, 1), alpha=0.5, density=True,
                label=f"{label} {g}")
    ax.set_title(title)
    ax.set_xlabel("score")
    ax.legend(fontsize=8)


def evaluation_figures(ev) -> dict[str, Figure]:
    """Every figure of a training run's evaluation (ev: a training.pipeline.Evaluation)."""
    from training.metrics import per_query
    from training.pipeline import MODEL_LABELS, MODEL_ORDER

    figs = {"feature_importance": feature_importance(ev.scorers["ranker"].booster_,
                                                     ev.feature_names)}
    if ev.truth is not None:
        figs["ndcg_per_job_type"] = ndcg_per_job_type(
            {MODEL_LABELS[m]: ev.truth_ndcg[m] for m in MODEL_ORDER}, ev.truth.job_types)
    else:
        valid = ev.labels.valid.iloc[ev.valid_rank_rows]
        jt = valid.groupby("group", sort=False)["job_type"].first().tolist()
        per = {MODEL_LABELS[m]: per_query(valid["grade"].to_numpy(),
                                          ev.valid_scores[m][ev.valid_rank_rows],
                                          ev.valid_sizes)["ndcg_10"] for m in MODEL_ORDER}
        figs["ndcg_per_job_type"] = ndcg_per_job_type(
            per, jt, title="Validation NDCG@10 per job type (unit-year queries)")
    if not ev.reliability.empty:
        figs["calibration"] = reliability(ev.reliability)
    figs["score_distributions"] = score_distributions(
        ev.valid_scores["ranker"], ev.labels.valid["grade"].to_numpy(),
        ev.truth_scores.get("ranker"), ev.truth.relevance if ev.truth is not None else None)
    return figs
