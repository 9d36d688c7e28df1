"""The four ways to score an (employee, position) pair's fit that a run compares:

- ``rule``      — what an HR officer would do by hand: field of study matches, then JPM, then
                  rank above the floor. Nothing learned.
- ``logistic``  — logistic regression on all features (imputed, standardised, categorical
                  one-hot), binary label "a good placement" (upper 40 % of the labels).
- ``pointwise`` — LGBMRegressor on the continuous label.
- ``ranker``    — LGBMRanker (lambdarank) on graded labels within query groups: the model.

Each exposes ``fit(X, train_frame, group_sizes)`` and ``predict(X) -> fit margin`` (higher
is better; only the order matters). ``fit_calibrator`` turns a margin into the calibrated
chance of "Baik" or better (models.jobfit_model.Calibrator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models.jobfit_model import Calibrator, penalty, prior_term


# --- rule baseline -------------------------------------------------------------------------------

@dataclass
class RuleBaseline:
    """HR's hand rule (policy.RULE_WEIGHTS): field match, then JPM, then rank margin."""

    parts: list[tuple[int, float, float]]      # (column, weight, value when NaN)
    name: str = "rule"

    def fit(self, X, train=None, group_sizes=None) -> "RuleBaseline":
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        s = np.zeros(len(X))
        for i, w, fill in self.parts:
            s += prior_term(X[:, i], w, fill)
        return s


# --- logistic regression -------------------------------------------------------------------------

@dataclass
class LogisticBaseline:
    """Numeric columns imputed (median) and standardised, categorical codes one-hot."""

    categorical: list[int] = field(default_factory=list)
    C: float = 1.0
    name: str = "logistic"

    def fit(self, X, train: pd.DataFrame, group_sizes=None) -> "LogisticBaseline":
        from sklearn.compose import ColumnTransformer
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder, StandardScaler

        # "a good placement": a label in the upper 40 % (by grade)
        grades = train["grade"].to_numpy()
        y = (grades >= np.quantile(grades, 0.6)).astype(int) if len(grades) else grades
        numeric = [j for j in range(X.shape[1]) if j not in set(self.categorical)]
        prep = ColumnTransformer([
            ("num", make_pipeline(SimpleImputer(strategy="median", keep_empty_features=True),
                                  StandardScaler()), numeric),
            ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value=-1.0,
                                                keep_empty_features=True),
                                  OneHotEncoder(handle_unknown="ignore")), self.categorical),
        ])
        self.model_ = make_pipeline(prep, LogisticRegression(C=self.C, max_iter=2000))
        if len(np.unique(y)) < 2:
            self.constant_ = True
            return self
        self.constant_ = False
        self.model_.fit(X, y)
        return self

    def predict(self, X):
        if self.constant_:
            return np.zeros(len(X))
        return self.model_.decision_function(X)


# --- LightGBM -------------------------------------------------------------------------------------

def lgbm_params(seed: int, n_jobs: int, **over: Any) -> dict[str, Any]:
    """Shared by the pointwise baseline and the ranker: shallow trees with large leaves —
    appraisal outcomes are noisy, and small leaves learn the noise. 200 trees: serving scores
    ~1,300 positions in ~4 ms on one thread (600 trees at a third of the rate scored the
    same on the default city within noise, at three times the latency; docs/model.md)."""
    p = dict(n_estimators=200, learning_rate=0.09, num_leaves=7, min_child_samples=50,
             subsample=0.8, subsample_freq=1, colsample_bytree=0.8, reg_lambda=1.0,
             deterministic=True, force_row_wise=True, random_state=seed, n_jobs=n_jobs,
             verbose=-1)
    p.update(over)
    return p


def _constraints(monotone: list[int] | None) -> dict[str, Any]:
    if monotone is None or not any(monotone):
        return {}
    return {"monotone_constraints": list(monotone),
            "monotone_constraints_method": "intermediate"}


class _FittedLGBM:
    """predict and booster_ of the fitted LightGBM estimator in `model_`."""

    def predict(self, X):
        return self.model_.predict(X)

    @property
    def booster_(self):
        return self.model_.booster_


@dataclass
class PointwiseLGBM(_FittedLGBM):
    seed: int = 7
    n_jobs: int = 2
    params: dict[str, Any] = field(default_factory=dict)
    monotone: list[int] | None = None
    categorical: list[int] = field(default_factory=list)
    name: str = "pointwise"

    def fit(self, X, train: pd.DataFrame, group_sizes=None) -> "PointwiseLGBM":
        import lightgbm as lgb

        extra = {**_constraints(self.monotone), **self.params}
        self.model_ = lgb.LGBMRegressor(**lgbm_params(self.seed, self.n_jobs, **extra))
        self.model_.fit(X, train["label"].to_numpy(float),
                        categorical_feature=self.categorical or "auto")
        return self


@dataclass
class RankerLGBM(_FittedLGBM):
    seed: int = 7
    n_jobs: int = 2
    params: dict[str, Any] = field(default_factory=dict)
    monotone: list[int] | None = None
    categorical: list[int] = field(default_factory=list)
    # column → penalty per unit above 0, in standard deviations of the fitted margin on the
    # training rows (policy.READINESS_PENALTY); subtracted from the margin, never learned
    penalties: dict[int, float] = field(default_factory=dict)
    penalty_allowance: dict[int, float] = field(default_factory=dict)
    # the HR prior's terms (column, weight, value when NaN: policy.PRIOR_WEIGHTS) and their
    # weight in the margin: policy.RULE_PRIOR standard deviations of the margin per standard
    # deviation of the terms, both on the training rows; added to the margin, never learned
    prior_terms: list[tuple[int, float, float]] = field(default_factory=list)
    rule_prior: float = 0.0
    # columns only the prior reads (policy.PRIOR_ONLY): blank for the booster in training, so
    # it never splits on them and their served values reach the margin through the prior alone
    prior_only: list[int] = field(default_factory=list)
    name: str = "ranker"

    def predict(self, X):
        out = self.model_.predict(X)
        for j, w in self.penalties_.items():
            out = out - penalty(X[:, j], w, self.penalty_allowance.get(j, 0.0))
        for j, (w, fill) in self.prior_.items():
            out = out + prior_term(X[:, j], w, fill)
        return out

    def fit(self, X, train: pd.DataFrame, group_sizes) -> "RankerLGBM":
        import lightgbm as lgb

        grades = train["grade"].to_numpy(int)
        n_grades = int(grades.max()) + 1 if len(grades) else 1
        # Linear gain over many quantile grades: the labels are continuous and noisy, so the
        # ranking should follow their magnitude, not chase the very top grade (2^g − 1).
        # Truncation: year queries hold hundreds of placements; pairs beyond the top 200 of
        # the current order are not worth their cost.
        extra = {"objective": "lambdarank", "lambdarank_truncation_level": 200,
                 "label_gain": list(range(max(n_grades, 2))),
                 **_constraints(self.monotone), **self.params}
        self.model_ = lgb.LGBMRanker(**lgbm_params(self.seed, self.n_jobs, **extra))
        learned = X
        if self.prior_only:
            learned = np.array(X, dtype=np.float32, copy=True)
            learned[:, self.prior_only] = np.nan
        self.model_.fit(learned, grades, group=np.asarray(group_sizes),
                        categorical_feature=self.categorical or "auto")
        # the penalties in the booster's own margin units (its spread on the training rows)
        sd = float(np.std(self.model_.predict(X))) if len(X) > 1 else 0.0
        sd = sd if sd > 1e-9 else 1.0
        self.penalties_ = {j: w * sd for j, w in self.penalties.items()}
        self.prior_ = {}
        if self.rule_prior > 0 and self.prior_terms:
            terms = RuleBaseline(self.prior_terms)
            rule_sd = float(np.std(terms.predict(X))) if len(X) > 1 else 0.0
            if rule_sd > 1e-9:
                scale = self.rule_prior * sd / rule_sd
                self.prior_ = {j: (w * scale, fill) for j, w, fill in self.prior_terms}
        return self


# --- calibration ------------------------------------------------------------------------------------

# The fit weight never drops to 0: with it, one person's score would be the same for every
# post and the list would be ordered by the tie key alone. When the data give no positive
# weight, this floor keeps the booster's order at a negligible effect on the probability.
MIN_FIT_WEIGHT = 0.01


def fit_calibrator(margin: np.ndarray, X: np.ndarray, n_good: np.ndarray, n_years: np.ndarray,
                   level_index: int | None) -> Calibrator:
    """Platt scaling of (standardised margin, person level) to P(appraisal ≥ Baik), fitted on
    appraisal-years (n_good successes out of n_years per placement). Weights are kept ≥ 0:
    a negative one is dropped and the fit redone, so the score stays monotone in both; the
    fit weight is then at least MIN_FIT_WEIGHT."""
    from sklearn.linear_model import LogisticRegression

    margin = np.asarray(margin, dtype=float)
    mean = float(margin.mean()) if len(margin) else 0.0
    sd = float(margin.std()) if len(margin) > 1 else 1.0
    sd = sd if sd > 1e-12 else 1.0
    z = (margin - mean) / sd
    level = None
    fill = 0.0
    if level_index is not None and len(X):
        raw = np.asarray(X[:, level_index], dtype=float)
        finite = np.isfinite(raw)
        fill = float(np.median(raw[finite])) if finite.any() else 0.0
        level = np.where(finite, raw, fill)
    n_good = np.asarray(n_good, dtype=float)
    n_bad = np.asarray(n_years, dtype=float) - n_good
    use = {"fit": True, "level": level is not None}
    for _ in range(3):
        cols = []
        if use["fit"]:
            cols.append(z)
        if use["level"]:
            cols.append(level)
        A = np.column_stack(cols) if cols else np.zeros((len(z), 0))
        A2 = np.vstack([A, A])
        y2 = np.concatenate([np.ones(len(z)), np.zeros(len(z))])
        w2 = np.concatenate([n_good, n_bad])
        keep = w2 > 0
        if len(np.unique(y2[keep])) < 2 or A.shape[1] == 0:
            p = float(n_good.sum() / max(n_good.sum() + n_bad.sum(), 1.0))
            p = min(max(p, 1e-4), 1 - 1e-4)
            return Calibrator(MIN_FIT_WEIGHT, 0.0, float(np.log(p / (1 - p))), mean, sd,
                              level_index, fill)
        lr = LogisticRegression(C=100.0, max_iter=1000)
        lr.fit(A2[keep], y2[keep], sample_weight=w2[keep])
        coefs = dict(zip([k for k in ("fit", "level") if use[k]], lr.coef_[0]))
        negative = [k for k, v in coefs.items() if v < 0]
        if not negative:
            return Calibrator(max(float(coefs.get("fit", 0.0)), MIN_FIT_WEIGHT),
                              float(coefs.get("level", 0.0)),
                              float(lr.intercept_[0]), mean, sd,
                              level_index if use["level"] else None, fill)
        for k in negative:
            use[k] = False
    return Calibrator(MIN_FIT_WEIGHT, 0.0, 0.0, mean, sd, None, fill)
