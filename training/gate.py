"""The promotion gate's decision, apart from MLflow (training.tracking applies it).

A new version always becomes ``challenger``. It becomes ``champion`` only if every check
holds; otherwise the champion stays and the run says why (tag ``gate_verdict`` with a code,
``promotion_reason`` in plain words, and the summary):

1. enough validation data to judge by (training.movers.MIN_MOVERS movers);
2. a defined selection metric (no NaN);
3. fairness: no gated four-fifths ratio whose 90 % interval lies wholly below 0.8 — unless
   someone accepted it by name (``jobfit train --accept-fairness "REASON"``);
4. it strictly beats the champion on the selection metric (training.selection: the movers'
   Spearman rho), both scored the same way on this run's movers (a tie does not promote).
   With no champion — or one trained on other features, which could not be served — the
   rule baseline must not beat it beyond doubt: the 90 % interval of their difference
   (paired bootstrap over the movers, ``versus_rule``) must not lie wholly below 0. The
   metric's sampling error is as large as the gap between a good model and the rule, and a
   first model held back leaves nothing to serve (without the interval: strictly better).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from training.selection import LABEL, Selection

# verdict codes (tag gate_verdict), the first failing check wins the code
PROMOTED = "promoted"
NO_DATA = "too_little_validation_data"
UNDEFINED = "metric_undefined"
UNFAIR = "fairness_below_bar"
NOT_BETTER = "not_better_than_champion"
BELOW_RULE = "not_better_than_rule_baseline"


@dataclass
class Verdict:
    promoted: bool
    code: str
    reason: str
    blocks: list[str] = field(default_factory=list)   # every failing check, plain words
    fairness_accepted: str | None = None


def decide(challenger: Selection, rule: Selection, champion: Selection | None,
           champion_version: str | None, fairness_failures: list[str],
           accept_fairness: str | None = None,
           versus_rule: tuple[float, float] | None = None) -> Verdict:
    """The gate's verdict. ``champion`` is None when there is none, or when it cannot be
    scored on this code's features (``champion_version`` is then still given).
    ``versus_rule``: the interval of challenger − rule
    (training.selection.difference_interval)."""
    blocks: list[tuple[str, str]] = []
    shortage = challenger.shortage()
    if shortage:
        blocks.append((NO_DATA, shortage))
    if not np.isfinite(challenger.value):
        blocks.append((UNDEFINED, f"{LABEL} is undefined for this run"))
    accepted = None
    if fairness_failures:
        if accept_fairness:
            accepted = accept_fairness
        else:
            blocks.append((UNFAIR, "fairness below the four-fifths bar: "
                                   + "; ".join(fairness_failures)))
    if np.isfinite(challenger.value) and not shortage:
        if champion is not None:
            if not challenger.value > champion.value:
                blocks.append((NOT_BETTER, f"{LABEL} {challenger.value:.4f} does not beat "
                                           f"champion v{champion_version} "
                                           f"{champion.value:.4f} on this run's movers"))
        elif versus_rule is not None:
            if versus_rule[1] < 0:
                blocks.append((BELOW_RULE, f"{LABEL} {challenger.value:.4f} is below the rule "
                                           f"baseline {rule.value:.4f} beyond doubt "
                                           f"({_interval(versus_rule)})"))
        elif not challenger.value > rule.value:
            blocks.append((BELOW_RULE, f"{LABEL} {challenger.value:.4f} does not beat the rule "
                                       f"baseline {rule.value:.4f}"))
    if blocks:
        return Verdict(False, blocks[0][0], "; ".join(b for _, b in blocks),
                       [b for _, b in blocks], accepted)
    if champion is not None:
        why = (f"{LABEL} {challenger.value:.4f} > champion v{champion_version} "
               f"{champion.value:.4f} on this run's movers")
    else:
        before = (f"champion v{champion_version} was trained on other features than this "
                  "code computes; " if champion_version else "no champion yet; ")
        if versus_rule is not None:
            why = before + (f"{LABEL} {challenger.value:.4f} against the rule baseline "
                            f"{rule.value:.4f}: not below it beyond doubt "
                            f"({_interval(versus_rule)})")
        else:
            why = before + (f"{LABEL} {challenger.value:.4f} > rule baseline {rule.value:.4f}")
    if accepted:
        why += f"; fairness below the bar accepted: {accepted}"
    return Verdict(True, PROMOTED, why, [], accepted)


def _interval(interval: tuple[float, float]) -> str:
    return f"difference 90 % interval [{interval[0]:+.4f}, {interval[1]:+.4f}]"
