"""The fairness audit's plots (training.fairness): rates per group for each measure, and the
features behind each gap."""

from __future__ import annotations

import numpy as np

from training.fairness import ATTRIBUTES, MEASURES, FairnessAudit
from training.fairness_rates import FOUR_FIFTHS


def figure(audit: FairnessAudit):
    """Rates per group for each measure (rows: attributes), with the 0.8 × max line."""
    from training.plots import empty_figure, new_figure

    title = (f"Fairness: rates per group ({audit.n_positions} posts, {audit.n_persons} people;"
             " ratio with 90 % interval)")
    if audit.n_pairs == 0:
        return empty_figure(title, "nothing to audit")
    fig = new_figure(figsize=(16, 7))
    axes = fig.subplots(len(ATTRIBUTES), len(MEASURES))
    for i, a in enumerate(ATTRIBUTES):
        for j, m in enumerate(MEASURES):
            ax = axes[i][j]
            r = audit.rates[(a, m)]
            t = r.table
            colors = ["#3b7dd8" if g in r.compared else "#bbbbbb" for g in t.index]
            ax.bar([str(g) for g in t.index], t["rate"].to_numpy(float), color=colors)
            if r.compared:
                top = float(t.loc[r.compared, "rate"].max())
                ax.axhline(FOUR_FIFTHS * top, ls="--", color="#d8573b", lw=1)
            flag = " ALARM" if r.alarm else ""
            ax.set_title(f"{a}: {m.replace('_', ' ')}\nratio {r.ratio.text()}{flag}",
                         fontsize=9)
            ax.tick_params(labelsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def gap_figure(audit: FairnessAudit):
    """Per attribute, the features that carry the gap (mean log-odds difference)."""
    from training.fairness_gap import plain
    from training.plots import empty_figure, new_figure

    if not audit.gaps:
        return empty_figure("Features behind the gaps", "no gap to explain")
    fig = new_figure(figsize=(11, 4 * len(audit.gaps)))
    axes = np.atleast_1d(fig.subplots(len(audit.gaps), 1))
    for ax, (a, gap) in zip(axes, audit.gaps.items()):
        order = np.argsort(-np.abs(gap.diff))[:8][::-1]
        ax.barh([plain(gap.names[j]) for j in order], gap.diff[order],
                color=["#d8573b" if gap.diff[j] > 0 else "#3b7dd8" for j in order])
        ax.axvline(0, color="#555555", lw=0.8)
        ax.set_title(f"{a}: mean contribution to the score's log-odds, {gap.favoured} minus "
                     f"{gap.disfavoured}", fontsize=9)
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    return fig
