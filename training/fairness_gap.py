"""Which features carry a gap between two groups: the mean contribution of each feature to the
shown score, for the favoured group minus the disfavoured one, among the same eligible pairs.

Contributions are LightGBM's SHAP values of the fit margin, put on the score's log-odds scale
(times the calibrator's fit weight over the margin's spread), plus the calibrator's own level
term as one more line. They add up, per pair, to the score's log-odds minus a constant, so the
per-feature differences add up to the groups' mean log-odds gap. Pairs are weighted so each
ranked unit (a position, or a person) weighs once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LEVEL_TERM = "level_term"

# What BKPSDM staff read: each feature in plain words.
PLAIN = {
    "field_match_highest": "highest diploma in a field the post asks for",
    "field_match_any": "any diploma in a field the post asks for",
    "field_match_required": "a diploma the post's peta jabatan names as required",
    "field_family_match": "a diploma in a related field",
    "field_match_unit": "a diploma in a field the unit usually needs",
    "position_any_field": "post open to any field of study",
    "employee_field": "field of the highest diploma",
    "target_field": "field the post asks for",
    "education_ordinal": "education level",
    "education_surplus": "education above the post's minimum",
    "train_field_hours": "training hours in the post's field",
    "train_field_count": "number of trainings in the post's field",
    "train_field_years_since": "years since the last training in the post's field",
    "train_family_hours": "training hours in related fields",
    "train_hours_3y": "training hours in the last 3 years",
    "train_count_3y": "trainings in the last 3 years",
    "leadership_level_held": "leadership training held (PKP, PKA, PKN)",
    "leadership_for_level": "leadership training of the post's level",
    "required_trainings_share": "share of the post's required trainings held",
    "exp_field_years": "years of experience in the post's field",
    "exp_family_years": "years of experience in related fields",
    "exp_unit_years": "years in the post's unit",
    "exp_unit_type_years": "years in units of the same kind",
    "exp_job_type_years": "years in the same kind of post",
    "exp_level_years": "years at the post's managerial level",
    "tenure_years": "years in the current post",
    "service_years": "years of service",
    "jpm": "competency match with the post's standard (JPM)",
    "jpm_min_gap": "largest competency shortfall",
    "jpm_n_below": "competencies below the post's standard",
    "rank_ordinal": "rank (golongan)",
    "rank_minus_floor": "rank above the post's minimum",
    "target_managerial_level": "managerial level of the post",
    "managerial_step": "step up in managerial level",
    "target_job_class": "job class of the post",
    "job_class_step": "step up in job class",
    "same_unit": "post in the current unit",
    "same_unit_cluster": "post in the current unit or a neighbouring one",
    "target_job_type": "kind of post",
    "current_job_type": "kind of the current post",
    "target_unit_type": "kind of unit of the post",
    "current_unit_type": "kind of the current unit",
    "perf_last": "last appraisal",
    "perf_mean_2y": "appraisals of the last 2 years",
    "perf_mean_5y": "appraisals of the last 5 years",
    "perf_slope_5y": "trend of the appraisals",
    "perf_n_good_5y": "years rated Baik or better",
    "perf_good_last2": "Baik or better in each of the last 2 years",
    "perf_in_field_mean": "appraisals in posts of the same field",
    "perf_in_job_type_mean": "appraisals in the same kind of post",
    "open_to_move": "said they are open to a move",
    "preferred_unit": "asked for the post's unit",
    "unwilling_move": "said no to a move, and the post is in another unit",
    LEVEL_TERM: "general level (5-year appraisals, weighed again in the score)",
}


def plain(name: str) -> str:
    return PLAIN.get(name, name.replace("_", " "))


def logit_contributions(model, X: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """[n, F + 1]: each feature's share of the score's log-odds, and the level term."""
    cal = model.calibrator
    C = model.contributions(X) * (cal.coef_fit / cal.margin_sd)
    level = np.zeros(len(X))
    if cal.level_index is not None and cal.coef_level != 0.0 and len(X):
        lv = np.asarray(X[:, cal.level_index], dtype=np.float64)
        level = cal.coef_level * np.where(np.isfinite(lv), lv, cal.level_fill)
    return np.column_stack([C, level]), list(model.feature_names) + [LEVEL_TERM]


@dataclass
class Gap:
    attribute: str
    favoured: str
    disfavoured: str
    names: list[str]
    diff: np.ndarray          # mean contribution, favoured − disfavoured, log-odds

    def top(self, n: int = 3) -> list[tuple[str, float]]:
        """The n features that push the favoured group up the most (positive differences)."""
        order = np.argsort(-self.diff, kind="stable")
        return [(self.names[j], float(self.diff[j])) for j in order[:n] if self.diff[j] > 0]

    def words(self, n: int = 3) -> str:
        top = self.top(n)
        if not top:
            return f"{self.attribute}: no feature favours {self.favoured} over {self.disfavoured}"
        return (f"{self.attribute} gap ({self.favoured} over {self.disfavoured}) carried by: "
                + ", ".join(f"{plain(name)} (+{d:.2f})" for name, d in top))


def explain_gap(attribute: str, contrib: np.ndarray, names: list[str], groups: np.ndarray,
                weights: np.ndarray, favoured: str, disfavoured: str) -> Gap:
    """Weighted mean contribution per feature, favoured minus disfavoured."""
    groups = np.asarray(groups).astype(str)
    w = np.asarray(weights, dtype=float)

    def mean(g: str) -> np.ndarray:
        sel = groups == g
        if not sel.any() or w[sel].sum() <= 0:
            return np.zeros(contrib.shape[1])
        return np.average(contrib[sel], axis=0, weights=w[sel])

    return Gap(attribute, favoured, disfavoured, list(names), mean(favoured) - mean(disfavoured))
