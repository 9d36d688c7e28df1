"""The pair features' catalogue: name, group, kind and meaning of every column that
features.pairs.PairFeatures produces, in column order, and the stable integer codes of the
categorical ones.

Codes are fixed by the vocabularies (not by the order values appear in one export), so a model
trained on one export scores another export with the same meaning per code. docs/features.md
explains each feature and why it is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from features import vocab
from features.fields import FIELD_INDEX

Kind = Literal["numeric", "binary", "categorical"]


@dataclass(frozen=True)
class FeatureSpec:
    name: str
    group: str          # field, education, training, experience, readiness, rank, level,
    #                     performance, preference, position
    kind: Kind
    description: str
    # True when the value comes from today's snapshot and cannot be rebuilt as of a past
    # date (preferences carry no date): the trainer may drop these for historical rows.
    snapshot: bool = False


def _f(name: str, group: str, kind: Kind, description: str, snapshot: bool = False):
    return FeatureSpec(name, group, kind, description, snapshot)


# Years of service above which service_years_capped stops growing: about the age of 35 for
# someone hired at 25, the youngest band's edge in the fairness audit.
SERVICE_YEARS_CAP = 10.0

FEATURES: tuple[FeatureSpec, ...] = (
    # --- field of study --------------------------------------------------------------------
    _f("field_match_highest", "field", "binary",
       "field of the highest education is one of the position's target fields "
       "(its fields_of_study; for an any-field position, from its title and unit); NaN if "
       "either is unknown"),
    _f("field_match_any", "field", "binary",
       "any field the employee holds (any education row) is a target field"),
    _f("field_match_required", "field", "binary",
       "any held field is one the position names in its fields_of_study (the peta "
       "jabatan's own requirement); NaN if the position names none or the employee's "
       "fields are unknown"),
    _f("field_family_match", "field", "binary",
       "any held field is in the same family as a target field (Akuntansi ~ Keuangan)"),
    _f("field_match_unit", "field", "binary",
       "any held field is one the position's unit usually needs (by the unit's name/type)"),
    _f("position_any_field", "field", "binary",
       "the position lists no fields_of_study (any field accepted)"),
    _f("employee_field", "field", "categorical",
       "field of the highest education with a known field (code = index in "
       "vocab.FIELDS_OF_STUDY)"),
    _f("target_field", "field", "categorical",
       "the position's first target field (same codes)"),
    # --- education ------------------------------------------------------------------------
    _f("education_ordinal", "education", "numeric",
       "highest education level held as of the date (vocab.EDUCATION_ORDINAL)"),
    _f("education_surplus", "education", "numeric",
       "education ordinal minus the position's min_education ordinal"),
    # --- training -------------------------------------------------------------------------
    _f("train_field_hours", "training", "numeric",
       "JP of trainings whose subject (name keywords) is a target field"),
    _f("train_field_count", "training", "numeric", "count of such trainings"),
    _f("train_field_years_since", "training", "numeric",
       "years since the latest such training; NaN if none"),
    _f("train_family_hours", "training", "numeric",
       "JP of trainings in the target fields' families"),
    _f("train_hours_3y", "training", "numeric", "JP of all trainings in the last 3 years"),
    _f("train_count_3y", "training", "numeric", "trainings in the last 3 years"),
    _f("leadership_level_held", "training", "numeric",
       "highest leadership training held: 0 none, 1 PKP … 4 PKN1 (old Diklatpim counted)"),
    _f("leadership_for_level", "training", "binary",
       "holds the leadership training of the position's managerial level (or higher); NaN "
       "for non-managerial positions"),
    _f("required_trainings_share", "training", "numeric",
       "share of the position's required_trainings held; NaN when none required"),
    _f("train_field_hours_3y", "training", "numeric",
       "JP of trainings in the target fields that ended in the last 3 years"),
    _f("train_field_recency_hours", "training", "numeric",
       "JP of trainings in the target fields, each halved per 3 years of age (what is "
       "still fresh)"),
    _f("leadership_gap", "training", "numeric",
       "the position's managerial level minus the highest leadership training held "
       "(>0: the training of the level is missing); NaN for non-managerial positions"),
    # --- experience -----------------------------------------------------------------------
    _f("exp_field_years", "experience", "numeric",
       "years in positions whose target fields overlap this position's"),
    _f("exp_family_years", "experience", "numeric",
       "years in positions whose target field families overlap this position's"),
    _f("exp_unit_years", "experience", "numeric", "years in the position's unit"),
    _f("exp_unit_type_years", "experience", "numeric",
       "years in units of the same unit type (kelurahan, dinas …)"),
    _f("exp_job_type_years", "experience", "numeric", "years in the same job type"),
    _f("exp_level_years", "experience", "numeric", "years at the same managerial level"),
    _f("structural_years", "experience", "numeric",
       "years in structural (managerial) positions, any level"),
    _f("level_above_held", "experience", "numeric",
       "the position's managerial level minus the highest one ever held (>0: a level "
       "never served at)"),
    _f("class_above_held", "experience", "numeric",
       "the position's job class minus the highest job class ever held (>0: never served "
       "at this grade)"),
    _f("tenure_years", "experience", "numeric",
       "years in the current (most recent) position as of the date"),
    _f("service_years", "experience", "numeric",
       "years since hire_date (seniority: a merit criterion; not age)"),
    _f("service_years_capped", "experience", "numeric",
       f"service_years capped at {SERVICE_YEARS_CAP:g} (the early-career part of seniority; "
       "beyond it, seniority mostly tells age — an alternative to service_years, "
       "training.policy.PROXY_OPTIONS)"),
    # --- managerial readiness -------------------------------------------------------------
    _f("jpm", "readiness", "numeric",
       "Job Person Match in [0, 1] of the latest assessments against the position's "
       "competency standard (vocab.jpm); NaN when not assessed"),
    _f("jpm_min_gap", "readiness", "numeric",
       "smallest (assessed − required) over assessed required competencies"),
    _f("jpm_n_below", "readiness", "numeric",
       "number of assessed required competencies below standard"),
    # --- rank -----------------------------------------------------------------------------
    _f("rank_ordinal", "rank", "numeric",
       "golongan/ruang ordinal as of the date (estimated back one step per 4 years when the "
       "current rank is newer than the date; with no rank_date, estimated from the diploma "
       "at hire before the export's date)"),
    _f("rank_minus_floor", "rank", "numeric", "rank ordinal minus the position's min_rank"),
    # --- level and job --------------------------------------------------------------------
    _f("target_managerial_level", "level", "numeric",
       "managerial level of the position (vocab.MANAGERIAL_LEVEL)"),
    _f("managerial_step", "level", "numeric",
       "target minus current managerial level: >0 step up, 0 lateral, <0 down"),
    _f("target_job_class", "level", "numeric", "kelas jabatan of the position"),
    _f("job_class_step", "level", "numeric", "target minus current job class"),
    _f("same_unit", "level", "binary", "the position is in the employee's current unit"),
    _f("same_unit_cluster", "level", "binary",
       "same unit or parent/child unit (a kelurahan and its kecamatan)"),
    _f("target_job_type", "level", "categorical", "job type (index in vocab.JOB_TYPES)"),
    _f("current_job_type", "level", "categorical", "job type of the current position"),
    _f("target_unit_type", "level", "categorical",
       "unit type of the position (index in catalog.UNIT_TYPES; last = other)"),
    _f("current_unit_type", "level", "categorical", "unit type of the current position"),
    # --- performance (years before the date) ----------------------------------------------
    _f("perf_last", "performance", "numeric", "last appraisal on the 1–5 scale"),
    _f("perf_mean_2y", "performance", "numeric", "mean of the last 2 years"),
    _f("perf_mean_5y", "performance", "numeric", "mean of the last 5 years"),
    _f("perf_slope_5y", "performance", "numeric",
       "least-squares trend per year over the last 5 years (≥ 2 rated years)"),
    _f("perf_n_good_5y", "performance", "numeric", "years rated Baik or better in the last 5"),
    _f("perf_good_last2", "performance", "binary",
       "Baik or better in each of the last 2 years (the step-up rule); NaN if one is missing"),
    _f("perf_in_field_mean", "performance", "numeric",
       "mean appraisal in years spent in positions of the target fields"),
    _f("perf_in_job_type_mean", "performance", "numeric",
       "mean appraisal in years spent in the target's job type"),
    # --- preferences (snapshot) -----------------------------------------------------------
    _f("open_to_move", "preference", "binary", "the employee's answer; NaN = not asked",
       snapshot=True),
    _f("preferred_unit", "preference", "binary",
       "the position's unit is in preferred_unit_ids; NaN when no preference was given",
       snapshot=True),
    _f("unwilling_move", "preference", "binary",
       "the employee said they are not open to a move and the position is in another unit; "
       "NaN = not asked, or no current unit", snapshot=True),
)

FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
CATEGORICAL_FEATURES: tuple[str, ...] = tuple(f.name for f in FEATURES if f.kind == "categorical")
SNAPSHOT_FEATURES: tuple[str, ...] = tuple(f.name for f in FEATURES if f.snapshot)
FEATURE_INDEX: dict[str, int] = {n: i for i, n in enumerate(FEATURE_NAMES)}

# Stable category codes.
JOB_TYPE_CODE: dict[str, int] = {t: i for i, t in enumerate(vocab.JOB_TYPES)}
UNIT_TYPES: tuple[str, ...] = ("sekretariat", "badan", "dinas", "inspektorat", "kecamatan",
                               "kelurahan", "rsud", "satpol", "other")
UNIT_TYPE_CODE: dict[str, int] = {t: i for i, t in enumerate(UNIT_TYPES)}
FIELD_CODE: dict[str, int] = dict(FIELD_INDEX)


def unit_type_code(value: object) -> int:
    if not isinstance(value, str) or not value.strip():
        return -1
    return UNIT_TYPE_CODE.get(value.strip().lower(), UNIT_TYPE_CODE["other"])


def _check() -> None:
    if len(set(FEATURE_NAMES)) != len(FEATURE_NAMES):
        raise ValueError("duplicate feature names")
    forbidden = ("nip", "employee_id", "name", "gender", "birth", "age_", "_age")
    bad = [n for n in FEATURE_NAMES if any(w in n for w in forbidden)]
    if bad:
        raise ValueError(f"feature names that suggest protected attributes: {bad}")


_check()
