"""`jobfit report drift OLD NEW`: what changed between two HR exports, in the terms the model
sees — the distribution of every pair feature and of the model's score.

    drift_report(old_export, new_export, model=None, lang="id") -> dict

Why PSI and not Evidently: the population stability index per feature is a few lines of
numpy, reads the same on 2 cores as on 20, and needs no new dependency (Evidently pulls a
large stack for the same numbers); the plots are matplotlib's (serving.outcomes.plots).

The population: every employee in their current post, as of each export's own date
(features.export.export_date) — the "stay" pairs. Their features are exactly the model's
(features.pairs.PairFeatures), and the score is the champion's on those rows (when a model is
given). PSI = Σ (new − old) · ln(new / old) over bins: numeric features in the old export's
deciles (unknown values a bin of their own), binary and categorical features per value;
shares are floored at 1e-4. Reading (the usual bars): < 0.1 stable, 0.1–0.25 moderate,
≥ 0.25 major.
"""

from __future__ import annotations

import numpy as np

from features.catalog import FEATURES
from features.export import Export, export_date
from features.pairs import PairFeatures
from serving.outcomes.texts import say

MODERATE, MAJOR = 0.1, 0.25
FLOOR = 1e-4
BINS = 10


def stay_pairs(export: Export) -> tuple[np.ndarray, np.ndarray]:
    """(employee rows, position rows) of everyone with a current post."""
    cur = export.employees["current_position_id"]
    rows = export.position_rows
    e = np.flatnonzero(cur.notna().to_numpy())
    p = np.array([rows.get(str(x), -1) for x in cur.iloc[e]], dtype=np.int64)
    keep = p >= 0
    return e[keep], p[keep]


def stay_features(export: Export) -> np.ndarray:
    pf = PairFeatures(export, as_of=export_date(export))
    e, p = stay_pairs(export)
    return pf.pairs(e, p)


def psi(old: np.ndarray, new: np.ndarray, kind: str = "numeric") -> tuple[float, list[dict]]:
    """The PSI of `new` against `old` and its bins ({label, old, new} shares)."""
    old = np.asarray(old, dtype=float)
    new = np.asarray(new, dtype=float)
    if len(old) == 0 or len(new) == 0:
        raise ValueError("psi: both samples need at least one value")
    bins: list[tuple[str, np.ndarray, np.ndarray]] = []
    o_known, n_known = np.isfinite(old), np.isfinite(new)
    if kind == "numeric":
        edges = np.unique(np.quantile(old[o_known], np.linspace(0, 1, BINS + 1))) \
            if o_known.any() else np.array([])
        if len(edges) > 1:
            inner = edges[1:-1]
            o_bin = np.searchsorted(inner, old[o_known], side="right")
            n_bin = np.searchsorted(inner, new[n_known], side="right")
            for b in range(len(inner) + 1):
                lo = "-inf" if b == 0 else f"{inner[b - 1]:.4g}"
                hi = "inf" if b == len(inner) else f"{inner[b]:.4g}"
                bins.append((f"[{lo}, {hi})", o_bin == b, n_bin == b))
        else:
            kind = "categorical"
    if kind != "numeric":
        values = np.union1d(np.unique(old[o_known]), np.unique(new[n_known]))
        for v in values:
            bins.append((f"{v:g}", old[o_known] == v, new[n_known] == v))
    total_o, total_n = len(old), len(new)
    shares = [(label, o.sum() / total_o, n.sum() / total_n) for label, o, n in bins]
    shares.append(("unknown", (~o_known).sum() / total_o, (~n_known).sum() / total_n))
    value = 0.0
    out = []
    for label, so, sn in shares:
        if so == 0 and sn == 0:
            continue
        a, b = max(so, FLOOR), max(sn, FLOOR)
        value += (b - a) * np.log(b / a)
        out.append({"bin": label, "old": round(float(so), 4), "new": round(float(sn), 4)})
    return round(float(value), 4), out


def level(value: float) -> str:
    return "major" if value >= MAJOR else "moderate" if value >= MODERATE else "stable"


def drift_report(old: Export, new: Export, model=None, lang: str = "id") -> dict:
    """Feature and score PSI between two exports (features of the stay pairs as of each
    export's date; scores of `model` — a models.jobfit_model.JobfitModel — when given)."""
    X_old, X_new = stay_features(old), stay_features(new)
    features = []
    for j, spec in enumerate(FEATURES):
        value, bins = psi(X_old[:, j], X_new[:, j],
                          "numeric" if spec.kind == "numeric" else "categorical")
        features.append({"feature": spec.name, "group": spec.group, "kind": spec.kind,
                         "psi": value, "level": level(value),
                         "level_text": say(f"drift.level.{level(value)}", lang),
                         "mean_old": _mean(X_old[:, j]), "mean_new": _mean(X_new[:, j]),
                         "bins": bins})
    features.sort(key=lambda f: -f["psi"])
    score = None
    if model is not None:
        s_old, s_new = model.score(X_old), model.score(X_new)
        value, bins = psi(s_old, s_new)
        score = {"psi": value, "level": level(value), "mean_old": _mean(s_old),
                 "mean_new": _mean(s_new), "bins": bins,
                 "values_old": np.round(s_old, 4).tolist(),
                 "values_new": np.round(s_new, 4).tolist()}
    shifted = sum(f["psi"] >= MODERATE for f in features)
    return {
        "old": {"data_snapshot": old.snapshot, "export_date": export_date(old).isoformat(),
                "pairs": int(len(X_old))},
        "new": {"data_snapshot": new.snapshot, "export_date": export_date(new).isoformat(),
                "pairs": int(len(X_new))},
        "population": "every employee in their current post, as of each export's date",
        "lang": lang, "features": features, "score": score,
        "summary": [say("drift.head", lang, old=old.snapshot, new=new.snapshot),
                    say("drift.summary", lang, shifted=shifted, n=len(features),
                        bar=MODERATE, score="–" if score is None else f"{score['psi']:.3f}")],
    }


def _mean(x: np.ndarray) -> float | None:
    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    return round(float(x.mean()), 4) if len(x) else None
