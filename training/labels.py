"""Labels from placement history: each past placement with the appraisals that followed in it.

A *placement* is one assignment row (employee, position, start, end). The position held in an
appraisal year is the assignment active on 1 July of that year, so a year belongs to exactly
one placement. A placement's *outcome years* are the years it holds; its outcome is the mean
normalised rating (1–5, vocab) over them.

Raw outcomes mix three things: the person's general level ("strong people are strong
everywhere"), the rating leniency of the unit and of the year (regimes changed in 2019 and
2022), and fit. `RatingEffects` estimates the first two as additive effects on the appraisals
of the estimation period (alternating means with shrinkage, a two-way fixed-effects model):

    rating[i, y] = mu + person[i] + unit[u(i, y)] + year[y] + rest

and the residual ``rest`` averaged over a placement's years is that placement's fit label.
Query groups then say who is compared with whom (see `LabelConfig`); docs/model.md explains
the choice and compares it with the alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from features import vocab
from features.export import Export

LabelKind = Literal["residual", "adjusted", "raw"]
GroupKind = Literal["year", "person", "slot"]
RowsKind = Literal["multi", "all"]
N_GRADES = 5  # relevance grades of the validation queries: appraisal 1..5 → 0..4


@dataclass(frozen=True)
class LabelConfig:
    """How placements become ranking examples (docs/model.md compares the choices).

    label: ``residual`` — mean appraisal minus the person, unit and year effects: how much
           better than their own level, net of leniency, the holder did there (the default);
           ``adjusted`` — the mean appraisal minus unit and year leniency, the person's own
           level kept;
           ``raw`` — the mean appraisal as rated.
    group: who is compared with whom in a query —
           ``year``   placements that started in the same year (the default: person-centred,
                      leniency-free outcomes compared across people and kinds of position);
           ``person`` one employee's own placements (tiny queries, the person held constant);
           ``slot``   people who started in the same unit in the same year.
    rows:  ``all`` — every placement with an outcome (the default: on the world matrix it beat
           ``multi`` on both generators); ``multi`` — only people with two or more placements
           with outcomes in the training period, the only ones whose person effect is
           separable from their placements' fit.
    n_grades: quantile grades of the training label (lambdarank labels 0..n_grades−1).
    """

    label: LabelKind = "residual"
    group: GroupKind = "year"
    rows: RowsKind = "all"
    n_grades: int = 10
    person_prior: float = 1.0      # shrinkage (in appraisal-years) of person effects
    unit_prior: float = 10.0       # shrinkage of unit effects
    year_prior: float = 10.0
    n_iter: int = 25

    def __post_init__(self) -> None:
        if self.label not in ("residual", "adjusted", "raw"):
            raise ValueError(f"label must be 'residual', 'adjusted' or 'raw', got "
                             f"{self.label!r}")
        if self.group not in ("year", "person", "slot"):
            raise ValueError(f"group must be 'year', 'person' or 'slot', got {self.group!r}")
        if self.rows not in ("multi", "all"):
            raise ValueError(f"rows must be 'multi' or 'all', got {self.rows!r}")
        if not 2 <= self.n_grades <= 31:
            raise ValueError(f"n_grades must be 2..31, got {self.n_grades}")

    @property
    def name(self) -> str:
        return f"{self.label}_{self.group}_{self.rows}"


# --- which placement each appraisal belongs to ----------------------------------------------

def placements(export: Export) -> pd.DataFrame:
    """One row per assignment: placement_id (its row in export.assignments), employee_id,
    position_id, unit_id, job_type, managerial_level, start_date, end_date, is_current."""
    asg = export.assignments
    pos = export.positions.set_index("position_id")
    out = pd.DataFrame({
        "placement_id": np.arange(len(asg)),
        "employee_id": asg["employee_id"].to_numpy(),
        "position_id": asg["position_id"].to_numpy(),
        "start_date": pd.to_datetime(asg["start_date"]).astype("datetime64[ns]").to_numpy(),
        "end_date": pd.to_datetime(asg["end_date"]).astype("datetime64[ns]").to_numpy(),
        "is_current": asg["is_current"].fillna(False).astype(bool).to_numpy()
        if "is_current" in asg else asg["end_date"].isna().to_numpy(),
    })
    known = out["position_id"].isin(pos.index)
    out = out[known & out["start_date"].notna()].reset_index(drop=True)
    out["unit_id"] = pos["unit_id"].reindex(out["position_id"]).to_numpy()
    out["job_type"] = pos["job_type"].reindex(out["position_id"]).to_numpy()
    out["managerial_level"] = (out["job_type"].map(vocab.MANAGERIAL_LEVEL).fillna(0)
                               .astype(int))
    return out


def appraisal_years(export: Export, placement_table: pd.DataFrame) -> pd.DataFrame:
    """Each appraisal (employee, year, value on 1–5) with the placement active on 1 July of
    that year; appraisals outside any placement are left out."""
    perf = export.performance
    perf = perf.loc[perf["value"].notna(), ["employee_id", "year", "value"]].copy()
    perf["year"] = perf["year"].astype(int)
    perf["value"] = perf["value"].astype(float)
    perf["mid"] = pd.to_datetime(perf["year"].astype(str) + "-07-01").astype("datetime64[ns]")
    perf = perf.sort_values("mid", kind="stable")
    pl = placement_table.sort_values("start_date", kind="stable")
    merged = pd.merge_asof(perf, pl[["placement_id", "employee_id", "start_date", "end_date",
                                     "unit_id"]],
                           left_on="mid", right_on="start_date", by="employee_id",
                           direction="backward")
    active = merged["placement_id"].notna() & (
        merged["end_date"].isna() | (merged["end_date"] >= merged["mid"]))
    out = merged.loc[active, ["employee_id", "year", "value", "placement_id", "unit_id"]]
    out["placement_id"] = out["placement_id"].astype(int)
    return out.sort_values(["employee_id", "year"], kind="stable").reset_index(drop=True)


# --- person, unit and year effects -------------------------------------------------------------

class RatingEffects:
    """Additive person, unit and year effects on appraisals, by alternating shrunken means.

    Fitted state: ``mu_`` (grand mean), ``person_``, ``unit_``, ``year_`` (pandas Series of
    centred effects; unknown keys count as 0)."""

    def __init__(self, person_prior: float = 1.0, unit_prior: float = 10.0,
                 year_prior: float = 10.0, n_iter: int = 25):
        self.person_prior = person_prior
        self.unit_prior = unit_prior
        self.year_prior = year_prior
        self.n_iter = n_iter

    def fit(self, rows: pd.DataFrame) -> "RatingEffects":
        """rows: employee_id, unit_id, year, value."""
        if len(rows) == 0:
            raise ValueError("no appraisals to estimate rating effects from")
        v = rows["value"].to_numpy(float)
        p_codes, p_keys = pd.factorize(rows["employee_id"])
        u_codes, u_keys = pd.factorize(rows["unit_id"])
        y_codes, y_keys = pd.factorize(rows["year"])
        self.mu_ = float(v.mean())
        a = np.zeros(len(p_keys))
        u = np.zeros(len(u_keys))
        t = np.zeros(len(y_keys))
        n_p = np.bincount(p_codes, minlength=len(p_keys))
        n_u = np.bincount(u_codes, minlength=len(u_keys))
        n_t = np.bincount(y_codes, minlength=len(y_keys))
        r = v - self.mu_
        for _ in range(self.n_iter):
            t = np.bincount(y_codes, r - a[p_codes] - u[u_codes], len(y_keys)) / (
                n_t + self.year_prior)
            u = np.bincount(u_codes, r - a[p_codes] - t[y_codes], len(u_keys)) / (
                n_u + self.unit_prior)
            a = np.bincount(p_codes, r - u[u_codes] - t[y_codes], len(p_keys)) / (
                n_p + self.person_prior)
        self.person_ = pd.Series(a, index=p_keys)
        self.unit_ = pd.Series(u, index=u_keys)
        self.year_ = pd.Series(t, index=y_keys)
        return self

    def leniency(self, unit_ids, years) -> np.ndarray:
        """Unit plus year effect (what the rating carries that is not the person's doing)."""
        u = self.unit_.reindex(np.asarray(unit_ids)).fillna(0.0).to_numpy()
        t = self.year_.reindex(np.asarray(years)).fillna(0.0).to_numpy()
        return u + t

    def person(self, employee_ids) -> np.ndarray:
        return self.person_.reindex(np.asarray(employee_ids)).fillna(0.0).to_numpy()


# --- placements with outcomes -----------------------------------------------------------------

def outcomes(years: pd.DataFrame, effects: RatingEffects) -> pd.DataFrame:
    """Per placement over the given appraisal years: n_years, n_good (years rated "Baik" or
    better), raw (mean rating), adjusted (mean rating minus leniency: on the rating scale),
    residual (adjusted minus the grand mean and the person effect)."""
    lenient = effects.leniency(years["unit_id"], years["year"])
    adj = years["value"].to_numpy(float) - lenient
    res = adj - effects.mu_ - effects.person(years["employee_id"])
    df = pd.DataFrame({
        "placement_id": years["placement_id"].to_numpy(),
        "raw": years["value"].to_numpy(float),
        "adjusted": adj,
        "residual": res,
        "good": (years["value"].to_numpy(float) >= vocab.GOOD_RATING_VALUE).astype(int),
    })
    agg = df.groupby("placement_id").agg(
        n_years=("raw", "size"), n_good=("good", "sum"), raw=("raw", "mean"),
        adjusted=("adjusted", "mean"), residual=("residual", "mean"))
    return agg.reset_index()


def grade_edges(values: np.ndarray, n_grades: int) -> np.ndarray:
    """Quantile edges that cut ``values`` into ``n_grades`` equally full grades."""
    qs = np.linspace(0, 1, n_grades + 1)[1:-1]
    return np.quantile(values, qs) if len(values) else np.zeros(n_grades - 1)


def to_grades(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.searchsorted(edges, values, side="right").astype(int)


def rating_grade(adjusted: np.ndarray) -> np.ndarray:
    """Relevance 0..4 on the rating scale: 5 Sangat Baik → 4, 4 Baik → 3, … 1 → 0."""
    return np.clip(np.rint(adjusted) - 1, 0, N_GRADES - 1).astype(int)


@dataclass
class LabelSet:
    """Training and validation examples, each sorted so a query's rows are contiguous.

    train: placement_id, employee_id, position_id, unit_id, job_type, as_of, label (float),
           grade (0..4), group (query key), n_years, n_good
    valid: the same columns, with label = adjusted outcome, grade = rating_grade(label) and
           group = (start year, unit): people who started in the same unit and year, compared
           by how they were then rated (leniency is constant inside such a group).
    """

    config: LabelConfig
    cutoff: pd.Timestamp
    train: pd.DataFrame
    valid: pd.DataFrame
    effects_train: RatingEffects
    effects_all: RatingEffects
    grade_edges: np.ndarray
    stats: dict[str, float] = field(default_factory=dict)


def choose_cutoff(placement_table: pd.DataFrame, years: pd.DataFrame,
                  valid_share: float = 0.25, min_valid: int = 20) -> pd.Timestamp:
    """1 January of the year that leaves about ``valid_share`` of the placements that have an
    outcome to validation (at least ``min_valid`` of them, and at least one year of history
    for training)."""
    with_outcome = placement_table[placement_table["placement_id"].isin(years["placement_id"])]
    start_years = with_outcome["start_date"].dt.year.to_numpy()
    if len(start_years) == 0:
        raise ValueError("no placement has an appraisal while held: the export's "
                         "performance.csv and assignments.csv do not overlap in time")
    years_sorted = np.unique(start_years)
    if len(years_sorted) < 2:
        raise ValueError(f"all placements with an outcome start in {years_sorted[0]}: "
                         "a time split needs at least two years of placement history")
    best, best_gap = None, np.inf
    for y in years_sorted[1:]:
        share = float((start_years >= y).mean())
        n_valid = int((start_years >= y).sum())
        gap = abs(share - valid_share)
        if n_valid >= min(min_valid, len(start_years) // 4 or 1) and gap < best_gap:
            best, best_gap = y, gap
    if best is None:
        best = years_sorted[-1]
    return pd.Timestamp(year=int(best), month=1, day=1)


def build_labels(export: Export, config: LabelConfig = LabelConfig(),
                 cutoff: pd.Timestamp | None = None, valid_share: float = 0.25) -> LabelSet:
    """Placements before ``cutoff`` (with their appraisals before it) become training
    queries; placements starting on or after it become validation queries."""
    table = placements(export)
    years = appraisal_years(export, table)
    if cutoff is None:
        cutoff = choose_cutoff(table, years, valid_share)
    cut_year = cutoff.year
    pl = table.set_index("placement_id")

    def fit_effects(rows: pd.DataFrame) -> RatingEffects:
        return RatingEffects(config.person_prior, config.unit_prior, config.year_prior,
                             config.n_iter).fit(rows)

    # Training: only appraisals before the cut-off, effects estimated on them alone.
    years_train = years[years["year"] < cut_year]
    if len(years_train) == 0:
        raise ValueError(f"no appraisal before the cut-off {cutoff.date()}")
    eff_train = fit_effects(years_train)
    out_train = outcomes(years_train, eff_train)
    out_train = out_train[pl.loc[out_train["placement_id"], "start_date"].to_numpy() < cutoff]
    train = _with_placement(out_train, pl)
    if config.rows == "multi":
        n_per_person = train.groupby("employee_id")["placement_id"].transform("size")
        train = train[n_per_person >= 2]
    train["label"] = train[config.label]
    if config.group == "person":
        train["group"] = train["employee_id"].astype(str)
    elif config.group == "slot":
        train["group"] = (train["start_date"].dt.year.astype(str) + "|"
                          + train["unit_id"].astype(str))
    else:
        train["group"] = train["start_date"].dt.year.astype(str)
    sizes = train.groupby("group")["placement_id"].transform("size")
    train = train[sizes >= 2].copy()
    edges = grade_edges(train["label"].to_numpy(), config.n_grades)
    train["grade"] = to_grades(train["label"].to_numpy(), edges)
    train = train.sort_values(["group", "start_date", "placement_id"],
                              kind="stable").reset_index(drop=True)

    # Validation: placements from the cut-off on; effects from all appraisals (these are
    # outcomes to judge by, never features), relevance on the rating scale.
    eff_all = fit_effects(years)
    out_valid = outcomes(years[years["year"] >= cut_year], eff_all)
    out_valid = out_valid[pl.loc[out_valid["placement_id"], "start_date"].to_numpy() >= cutoff]
    valid = _with_placement(out_valid, pl)
    valid["label"] = valid["adjusted"]
    valid["grade"] = rating_grade(valid["label"].to_numpy())
    valid["group"] = (valid["start_date"].dt.year.astype(str) + "|"
                      + valid["unit_id"].astype(str))
    valid = valid.sort_values(["group", "placement_id"], kind="stable").reset_index(drop=True)

    stats = {
        "n_placements": float(len(table)),
        "n_placements_with_outcome": float(years["placement_id"].nunique()),
        "n_train_rows": float(len(train)),
        "n_train_groups": float(train["group"].nunique()),
        "n_valid_rows": float(len(valid)),
        "n_valid_groups": float((valid.groupby("group").size() >= 2).sum()),
        "rating_sd": float(years["value"].std()) if len(years) > 1 else 0.0,
        "person_effect_sd": float(eff_train.person_.std()) if len(eff_train.person_) > 1
        else 0.0,
        "unit_effect_sd": float(eff_train.unit_.std()) if len(eff_train.unit_) > 1 else 0.0,
    }
    if len(train) == 0:
        raise ValueError(f"no training queries before the cut-off {cutoff.date()} with the "
                         f"{config.name} labels" + (
                             ": no employee has two placements with appraisals"
                             if config.rows == "multi" or config.group == "person" else ""))
    return LabelSet(config, cutoff, train, valid, eff_train, eff_all, edges, stats)


def _with_placement(out: pd.DataFrame, pl: pd.DataFrame) -> pd.DataFrame:
    df = out.copy()
    info = pl.loc[df["placement_id"], ["employee_id", "position_id", "unit_id", "job_type",
                                       "managerial_level", "start_date"]]
    for col in info.columns:
        df[col] = info[col].to_numpy()
    df["as_of"] = df["start_date"]
    return df
