"""What a trained job-fit model IS: a LightGBM booster over the pair features, the names of
those features in order, and a calibrator that turns the booster's fit margin (plus the
person's performance level) into a probability an HR officer can read.

``JobfitModel`` is a plain object, cheap to call: numpy in, numpy out, no pandas per call.
It is saved as two files (``booster.txt``: LightGBM's text format; ``model.json``: feature
names, calibrator, metadata) — the MLflow pyfunc wraps exactly these files.

The score in [0, 1] is the calibrated chance of an appraisal of "Baik" or better
(vocab.GOOD_RATING_VALUE) in that position:

    score = sigmoid(a · z + b · level + c),   z = (margin − margin_mean) / margin_sd

The margin is the booster's, plus the HR prior (the rule's field-match terms and the
employee's wishes), less the readiness penalties. Both are fixed terms, not learned: they carry
what history cannot show (training/policy.py says why and how much).

with a ≥ 0 and b ≥ 0, so the order of positions for one person is the booster's order (the
person's level is the same for all their positions), and the order of candidates for one
position also weighs each person's general level.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

BOOSTER_FILE = "booster.txt"
META_FILE = "model.json"
FORMAT_VERSION = 1


@dataclass
class Calibrator:
    """Platt scaling over the standardised fit margin and the person's level (monotone:
    both weights are ≥ 0). ``level_index`` is the level's column in X (None: not used)."""

    coef_fit: float = 1.0
    coef_level: float = 0.0
    intercept: float = 0.0
    margin_mean: float = 0.0
    margin_sd: float = 1.0
    level_index: int | None = None
    level_fill: float = 0.0

    def __call__(self, margin: np.ndarray, X: np.ndarray) -> np.ndarray:
        z = (np.asarray(margin, dtype=np.float64) - self.margin_mean) / self.margin_sd
        t = self.coef_fit * z + self.intercept
        if self.level_index is not None and self.coef_level != 0.0:
            level = np.asarray(X[:, self.level_index], dtype=np.float64)
            level = np.where(np.isfinite(level), level, self.level_fill)
            t = t + self.coef_level * level
        return 1.0 / (1.0 + np.exp(-t))


@dataclass
class JobfitModel:
    booster: Any                      # lightgbm.Booster
    feature_names: list[str]
    calibrator: Calibrator = field(default_factory=Calibrator)
    metadata: dict[str, Any] = field(default_factory=dict)
    # NaN that means "none yet" (e.g. years since a relevant training: never), filled with a
    # value before the booster sees it — the same in training and serving.
    fill_missing: dict[str, float] = field(default_factory=dict)
    num_threads: int = 1              # serving calls are small: one thread avoids overhead
    # Readiness penalties, not learned: margin units subtracted per unit of the feature above 0
    # (e.g. per managerial level above the highest one a person has held). History shows
    # almost no one placed far above their proven level, so no booster can learn what it
    # costs; training/policy.READINESS_PENALTY says why and how much.
    penalties: dict[str, float] = field(default_factory=dict)
    # units of each penalised feature that are free (a step up of one level is a normal
    # promotion; the penalty starts beyond it)
    penalty_allowance: dict[str, float] = field(default_factory=dict)
    # The HR prior, added to the margin: feature → [margin units per unit, value when NaN]
    # (training/policy.RULE_PRIOR). Where history never tried a kind of move, the booster has
    # nothing to learn from; the rule still knows that a field match matters, and the
    # employee has said where they want to work.
    prior: dict[str, list[float]] = field(default_factory=dict)
    # The fair re-ranking's lifts for this model's candidate lists (models.fair_ranking.Lifts
    # as a dict; empty: none fitted, `fair=true` falls back to floors). Never used by score():
    # they belong to the version because they correct this model's lean between groups.
    fair_lifts: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [n for n in (*self.fill_missing, *self.penalties, *self.prior)
                   if n not in self.feature_names]
        if unknown:
            raise ValueError(f"fill_missing, penalties or prior name unknown features {unknown}")
        self._fill = [(self.feature_names.index(n), float(v))
                      for n, v in self.fill_missing.items()]
        self._penalties = [(self.feature_names.index(n), float(w),
                            float(self.penalty_allowance.get(n, 0.0)))
                           for n, w in self.penalties.items()]
        self._prior = [(self.feature_names.index(n), float(w), float(fill))
                       for n, (w, fill) in self.prior.items()]
        self._prior_unknown = {j: w * fill for j, w, fill in self._prior}

    def _prior_columns(self, X: np.ndarray) -> list[tuple[int, np.ndarray]]:
        """Each prior term as the trainer adds it (training.scorers.RankerLGBM), so the margin
        the calibrator was fitted on is the one served."""
        return [(j, prior_term(X[:, j], w, fill)) for j, w, fill in self._prior]

    def _penalty_columns(self, X: np.ndarray) -> list[tuple[int, np.ndarray]]:
        return [(j, penalty(X[:, j], w, free)) for j, w, free in self._penalties]

    def _raw(self, X: np.ndarray, num_iteration: int | None = None) -> np.ndarray:
        out = self.booster.predict(X, num_iteration=num_iteration, num_threads=self.num_threads)
        for _, p in self._penalty_columns(X):
            out = out - p
        for _, p in self._prior_columns(X):
            out = out + p
        return out

    def _check(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float32) if not isinstance(X, np.ndarray) else X
        if X.ndim != 2 or X.shape[1] != len(self.feature_names):
            raise ValueError(f"X must have shape [n, {len(self.feature_names)}] (the model's "
                             f"features), got {X.shape}")
        return fill_missing(X, self._fill)

    def margin(self, X: np.ndarray) -> np.ndarray:
        """The fit margin: the booster's, plus the HR prior, less the readiness penalties (higher = better fit;
        only its order is meaningful)."""
        X = self._check(X)
        if len(X) == 0:
            return np.zeros(0)
        return self._raw(X)

    def score(self, X: np.ndarray, num_iteration: int | None = None) -> np.ndarray:
        """Calibrated chance of "Baik" or better in that position, in [0, 1].

        ``num_iteration`` scores with the booster's first trees only: a quicker, rougher
        score (the round planner's pre-score), through the same fill and calibrator."""
        X = self._check(X)
        if len(X) == 0:
            return np.zeros(0)
        return self.calibrator(self._raw(X, num_iteration), X)

    @property
    def n_trees(self) -> int:
        return int(self.booster.current_iteration())

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-feature contributions to the fit margin (LightGBM's SHAP values), [n, F]; the
        bias column is dropped. Positive = this feature pushed the fit up."""
        X = self._check(X)
        if len(X) == 0:
            return np.zeros((0, len(self.feature_names)))
        contrib = self.booster.predict(X, pred_contrib=True, num_threads=self.num_threads)
        contrib = np.array(contrib)[:, : len(self.feature_names)]
        for j, p in self._penalty_columns(X):     # a penalty is its feature's contribution
            contrib[:, j] -= p
        for j, p in self._prior_columns(X):       # and so is a prior term, less its value
            contrib[:, j] += p - self._prior_unknown[j]   # for an unknown feature (shown as 0)
        return contrib

    # --- files ------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(str(folder / BOOSTER_FILE))
        meta = {"format_version": FORMAT_VERSION, "feature_names": list(self.feature_names),
                "fill_missing": dict(self.fill_missing),
                "penalties": dict(self.penalties),
                "penalty_allowance": dict(self.penalty_allowance),
                "prior": {n: list(v) for n, v in self.prior.items()},
                "calibrator": asdict(self.calibrator), "fair_lifts": self.fair_lifts,
                "metadata": self.metadata}
        (folder / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False,
                                                   default=_jsonable))
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> "JobfitModel":
        import lightgbm as lgb

        folder = Path(folder)
        meta_path, booster_path = folder / META_FILE, folder / BOOSTER_FILE
        for p in (meta_path, booster_path):
            if not p.exists():
                raise FileNotFoundError(f"{p}: missing; not a saved JobfitModel folder")
        meta = json.loads(meta_path.read_text())
        if meta.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{meta_path}: format_version {meta.get('format_version')!r}, "
                             f"this code reads {FORMAT_VERSION}")
        booster = lgb.Booster(model_file=str(booster_path))
        names = list(meta["feature_names"])
        if booster.num_feature() != len(names):
            raise ValueError(f"{booster_path}: booster has {booster.num_feature()} features, "
                             f"{meta_path} names {len(names)}")
        return cls(booster=booster, feature_names=names,
                   calibrator=Calibrator(**meta["calibrator"]),
                   metadata=meta.get("metadata", {}),
                   fill_missing=meta.get("fill_missing", {}),
                   penalties=meta.get("penalties", {}),
                   penalty_allowance=meta.get("penalty_allowance", {}),
                   prior=meta.get("prior", {}),
                   fair_lifts=meta.get("fair_lifts", {}))


def penalty(column: np.ndarray, weight: float, allowance: float = 0.0) -> np.ndarray:
    """A readiness penalty: ``weight`` per unit of the feature beyond ``allowance`` (unknown
    counts as none) — the one formula training and serving share."""
    x = np.nan_to_num(np.asarray(column, dtype=np.float64))
    return weight * np.clip(x - allowance, 0, None)


def prior_term(column: np.ndarray, weight: float, fill: float) -> np.ndarray:
    """One linear term of the HR rule: ``weight`` × the feature (``fill`` when unknown, clipped
    to ±20 so no extreme value dominates) — the one formula the rule baseline, the trainer
    and serving share."""
    x = np.asarray(column, dtype=np.float64)
    return weight * np.clip(np.where(np.isfinite(x), x, fill), -20, 20)


def fill_missing(X: np.ndarray, fills) -> np.ndarray:
    """X with NaN in column j replaced by v for each (j, v) in ``fills`` — the model-side
    imputation, the same in training and serving. Copies only when there is something to
    fill; the caller's array is never changed."""
    fills = list(fills)
    if not fills:
        return X
    X = np.array(X, dtype=np.float32, copy=True)
    for j, v in fills:
        col = X[:, j]
        col[np.isnan(col)] = v
    return X


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__} in model.json")
