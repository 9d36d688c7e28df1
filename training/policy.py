"""How the trainer treats each pair feature (features/catalog.py names them): which must act
monotonically, which are categorical, which are left out of learning, which NaNs mean
"never", which column is the person's general level, which the rule baseline reads.

Names not produced by the current feature code are ignored, so a renamed feature degrades
to "no constraint" rather than a crash; tests/model/test_training.py checks every name here
still exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.jobfit_model import fill_missing

# Directional guarantee: more relevant education, training, experience and competency, and
# better appraisals, never lower the fit (LightGBM monotone_constraints: +1 / -1).
MONOTONE: dict[str, int] = {
    "field_match_highest": 1, "field_match_any": 1, "field_family_match": 1,
    "field_match_unit": 1,
    "train_field_hours": 1, "train_field_count": 1, "train_family_hours": 1,
    "train_field_years_since": -1,      # more recent relevant training is better
    "train_hours_3y": 1, "train_count_3y": 1, "required_trainings_share": 1,
    "leadership_for_level": 1,
    "exp_field_years": 1, "exp_family_years": 1,
    "exp_level_years": 1, "exp_job_type_years": 1, "exp_unit_type_years": 1, "exp_unit_years": 1,
    "train_field_hours_3y": 1, "train_field_recency_hours": 1, "leadership_gap": -1,
    "level_above_held": -1, "class_above_held": -1,
    "jpm": 1, "jpm_min_gap": 1, "jpm_n_below": -1,
    "perf_last": 1, "perf_mean_2y": 1, "perf_mean_5y": 1, "perf_n_good_5y": 1,
    "perf_good_last2": 1, "perf_in_field_mean": 1, "perf_in_job_type_mean": 1,
    # Under-qualification: all else equal, more education or rank above what the post asks
    # never hurts, and a bigger step up in managerial level or job class never helps. History
    # rarely places people far above or below their level, so without these the model has to
    # guess there; with them it extrapolates the way HR reasons (world matrix: +0.03 truth
    # NDCG@10 on a kabupaten world, +0.005 on a kota world; docs/model.md).
    "education_surplus": 1, "rank_minus_floor": 1,
    "managerial_step": -1, "target_managerial_level": -1, "job_class_step": -1,
}

# Readiness penalties (subtracted from the ranker's margin, never learned), in standard
# deviations of the margin per unit of the feature above 0. HR's rule of thumb — one step at a
# time, readiness before a post above anything one has led — cannot be learned from history:
# almost nobody was ever placed two managerial levels above what they had held, and the few
# who were promoted were selected for it, so their outcomes make a step up look good. Monotone
# constraints alone only stop the booster from rewarding it. Figures, and what the allowance
# below costs and buys: docs/model.md (world matrix, default city's fairness).
READINESS_PENALTY: dict[str, float] = {"level_above_held": 1.0}
# Units that are free: a step of one level above the highest held is an ordinary promotion
# (the penalty only starts beyond it), so a first structural post stays open to everyone.
READINESS_ALLOWANCE: dict[str, float] = {"level_above_held": 1.0}

# The HR prior: the rule's field-match terms and the employee's wishes (PRIOR_WEIGHTS) added
# to the ranker's margin, this many standard deviations of the margin per standard deviation
# of the terms (both on the training rows, where the wishes are unknown: the field terms set
# the scale). History places people almost only in posts of their own field and level, so
# what a field match is worth in a post history never tried cannot be learned from it; the
# booster learns the corrections history does show. Chosen on the world matrix (both
# generators; docs/model.md, "The HR prior"); 0 = off.
RULE_PRIOR: float = 2.0
# Which terms: the field match and the employee's wishes. JPM is known only for the people
# who were assessed — mostly older ones, in structural posts — so in the prior it favoured
# age (the default city's age ratio of candidate lists fell from 0.48 to 0.18); rank above
# the floor is seniority. Neither is knowledge history lacks. A match with the majors the
# post itself names (its peta jabatan's requirement) weighs a quarter more than one with
# fields read from its title or unit: where a post names its majors, the major matters more
# (world matrix, training seeds 7 / 8: kabupaten +0.031 / +0.033, every world up; kota
# +0.001 / −0.000; docs/model.md, "the majors a post names").
# Each wish weighs this much of a field match (field_match_any = 1): what the matrix chose
# (docs/model.md, "the employee's wishes").
PRIOR_WEIGHT_WISHES: float = 0.375
PRIOR_WEIGHTS: tuple[tuple[str, float, float], ...] = (   # (feature, weight, value if NaN)
    ("field_match_any", 1.0, 0.0),
    ("field_match_highest", 0.5, 0.0),
    ("field_match_required", 0.375, 0.0),
    # The employee's own wishes, where they were asked: a post in a unit they asked for, and
    # a move to another unit after they said no to moving. History cannot teach them (they
    # are today's answers, not dated; see SNAPSHOT_RECENT_YEARS), and the merit system asks
    # that they count (domain: "people are asked about their wishes").
    ("preferred_unit", PRIOR_WEIGHT_WISHES, 0.0),
    ("unwilling_move", -PRIOR_WEIGHT_WISHES, 0.0),
)
# In the prior only, never learned by the ranker's trees: learned, the named-majors match
# skewed the default city's candidate lists by age (four-fifths ratio 0.61 → 0.46 and
# 0.55 → 0.42, training seeds 7 and 8) and lost up to 0.004 on kota; the prior alone does
# neither (docs/model.md). The baselines (pointwise, logistic) may learn it: they compare.
# The wishes too: the trees would see them only on the few placements of the last
# SNAPSHOT_RECENT_YEARS (none on the default city), where today's answer may follow from
# how the placement went.
PRIOR_ONLY: tuple[str, ...] = ("field_match_required", "preferred_unit", "unwilling_move")

# NaN that means "none yet" is filled inside the model (training and serving alike), so the
# monotone constraint also covers the step from "never" to "once": LightGBM's constraints do
# not order a missing value against present ones.
FILL_MISSING: dict[str, float] = {
    "train_field_years_since": 99.0,    # never trained in the field = very long ago
}

# Left out of learning (the column stays, all-NaN in training, so LightGBM never splits on
# it and the model keeps the feature code's column list that serving checks):
# - a trend flips sign when an early year improves, so "better appraisals never lower the
#   fit" could not hold with it;
# - the leadership-training gap of a managerial post: history appoints to such posts only the
#   people it selected, so what the trees learn from it is who was chosen, not who is ready
#   (on the world matrix its learned part worked against the truth on both generators;
#   docs/model.md). Readiness stays in the penalty and in level_above_held; the column still
#   feeds the reasons and gaps serving shows;
# - the post's field as a category: which fields' posts went better in this city's history is
#   that history (its units, its raters), not fit; the field *match* features carry what
#   generalises (docs/model.md);
# - the post's unit type as a category, for the same reason: which kinds of unit went better
#   is one city's history; the experience in the unit type stays.
NEUTRALISED: tuple[str, ...] = ("perf_slope_5y", "leadership_gap", "target_field",
                                "target_unit_type")

# Age proxies (merit law: age is never a feature, nor a proxy of it). Years of service
# correlate ≈ 0.9 with age, rank ≈ 0.5–0.8 (default city and the matrix worlds). Each option
# names the seniority and rank columns left out of learning (the same NaN mask as
# NEUTRALISED); the alternative (service_years_capped) is left out unless an option uses it.
# (Years in the current rank was tried and withdrawn: the export has only today's rank and
# its date, so as of a past date it can only be had from a later promotion's date — a leak
# tests/model/test_features_behaviour.py caught.) docs/model.md ("Age proxies") has the world-matrix figures behind the
# default.
PROXY_FEATURES: tuple[str, ...] = ("service_years", "service_years_capped", "rank_ordinal",
                                   "rank_minus_floor")
PROXY_OPTIONS: dict[str, tuple[str, ...]] = {    # option → the proxy features it learns from
    "keep": ("service_years", "rank_ordinal", "rank_minus_floor"),
    "no_service": ("rank_ordinal", "rank_minus_floor"),
    "cap_service": ("service_years_capped", "rank_ordinal", "rank_minus_floor"),
    "no_service_rank": ("rank_minus_floor",),
    "no_seniority": (),
}
DEFAULT_PROXIES = "keep"


def left_out(proxies: str = DEFAULT_PROXIES) -> tuple[str, ...]:
    """Every feature left out of learning under a proxy option (NEUTRALISED included)."""
    if proxies not in PROXY_OPTIONS:
        raise ValueError(f"proxies {proxies!r}: one of {', '.join(PROXY_OPTIONS)}")
    kept = set(PROXY_OPTIONS[proxies])
    return NEUTRALISED + tuple(n for n in PROXY_FEATURES if n not in kept)

# Preferences exist only as today's snapshot (catalog: snapshot=True): for a placement years
# ago they say nothing about what the person wanted then, and today's answer is partly caused
# by how that placement went. Training rows keep them only for placements this recent.
SNAPSHOT_RECENT_YEARS = 3.0

# The person's general level, the calibrator's second input (first one present wins).
LEVEL_FEATURES: tuple[str, ...] = ("perf_mean_5y", "perf_mean_2y", "perf_last")

# The rule baseline as HR would rank: field of study first, then JPM, then rank margin.
RULE_WEIGHTS: tuple[tuple[str, float, float], ...] = (   # (feature, weight, value if NaN)
    ("field_match_any", 1.0, 0.0),
    ("field_match_highest", 0.5, 0.0),
    ("jpm", 0.5, 0.5),
    ("rank_minus_floor", 0.02, 0.0),
)


@dataclass
class FeaturePolicy:
    """The rules above resolved against one feature list (column indices)."""

    feature_names: list[str]
    categorical: list[str]
    snapshot: list[str]
    neutralised: tuple[str, ...] = NEUTRALISED

    @classmethod
    def for_names(cls, names: list[str], proxies: str = DEFAULT_PROXIES) -> "FeaturePolicy":
        from features.catalog import CATEGORICAL_FEATURES, SNAPSHOT_FEATURES

        return cls(list(names), [n for n in CATEGORICAL_FEATURES if n in names],
                   [n for n in SNAPSHOT_FEATURES if n in names], left_out(proxies))

    def idx(self, names) -> list[int]:
        return [self.feature_names.index(n) for n in names if n in self.feature_names]

    @property
    def categorical_idx(self) -> list[int]:
        return self.idx(self.categorical)

    @property
    def neutralised_idx(self) -> list[int]:
        return self.idx(self.neutralised)

    @property
    def prior_only_idx(self) -> list[int]:
        return self.idx(PRIOR_ONLY)

    @property
    def snapshot_idx(self) -> list[int]:
        return self.idx(self.snapshot)

    def monotone(self) -> list[int]:
        return [MONOTONE.get(n, 0) for n in self.feature_names]

    def fill_missing(self) -> dict[int, float]:
        return {self.feature_names.index(n): v for n, v in FILL_MISSING.items()
                if n in self.feature_names}

    def penalties(self) -> dict[int, float]:
        return {self.feature_names.index(n): w for n, w in READINESS_PENALTY.items()
                if n in self.feature_names}

    def penalty_allowance(self) -> dict[int, float]:
        return {self.feature_names.index(n): a for n, a in READINESS_ALLOWANCE.items()
                if n in self.feature_names}

    def level_index(self) -> int | None:
        for n in LEVEL_FEATURES:
            if n in self.feature_names:
                return self.feature_names.index(n)
        return None

    def _terms(self, weights) -> list[tuple[int, float, float]]:
        """(feature, weight, fill) rows → (column, weight, fill) for the features present."""
        return [(self.feature_names.index(n), w, fill) for n, w, fill in weights
                if n in self.feature_names]

    def rule(self) -> list[tuple[int, float, float]]:
        return self._terms(RULE_WEIGHTS)

    def prior(self) -> list[tuple[int, float, float]]:
        """The terms the HR prior adds to the ranker (PRIOR_WEIGHTS; a feature left out of
        learning, by NEUTRALISED or a proxy option, stays out)."""
        left = set(self.neutralised_idx)
        return [t for t in self._terms(PRIOR_WEIGHTS) if t[0] not in left]


def prepare(X: np.ndarray, fill: dict[int, float]) -> np.ndarray:
    """The model-side imputation (FILL_MISSING): JobfitModel's own fill, so a trained model
    sees in serving exactly what it saw in training."""
    return fill_missing(X, fill.items())
