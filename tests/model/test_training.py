"""Training: labels from history, the time split, the MLflow run and registry, the promotion
gate, the golden small model, any export in the contract, the notebook.

Real LightGBM, real MLflow (SQLite in tmp folders), a real synthetic city (tests/conftest.py
small_city, ~400 employees).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exportkit import SMALL_CITY_ACCEPT, jobfit_settings
from training import policy
from training.labels import (LabelConfig, RatingEffects, appraisal_years, build_labels,
                             placements)
from training.pipeline import MODEL_ORDER, TrainConfig, fit_and_evaluate, load_or_raise
from training.run import train

# --- labels on the hand-made mini export -----------------------------------------------------


def test_each_appraisal_belongs_to_the_placement_held_on_1_july(mini_export):
    from exportkit import employee_id

    pl = placements(mini_export)
    years = appraisal_years(mini_export, pl)
    e01 = years[years["employee_id"] == employee_id(1)].set_index("year")
    pos = pl.set_index("placement_id")["position_id"]
    # E01: KEC-01 from 2014, SETDA-01 from 2020-01-01
    assert pos[e01.loc[2019, "placement_id"]] == "KEC-01"
    assert pos[e01.loc[2020, "placement_id"]] == "SETDA-01"
    # E06 moved on 2020-06-01: on 1 July 2020 he was already in DUK-02
    e06 = years[years["employee_id"] == employee_id(6)].set_index("year")
    assert pos[e06.loc[2020, "placement_id"]] == "DUK-02"
    assert pos[e06.loc[2019, "placement_id"]] == "DUK-03"
    # every appraisal year maps to at most one placement
    assert not years.duplicated(["employee_id", "year"]).any()


def test_rating_effects_recover_person_and_unit_effects():
    rng = np.random.default_rng(0)
    n_people, n_units = 300, 12
    person = rng.normal(0, 0.6, n_people)
    unit = rng.normal(0, 0.4, n_units)
    rows = []
    for i in range(n_people):
        units = rng.choice(n_units, 3, replace=False)     # three postings each
        for k, y in enumerate(range(2015, 2024)):
            u = units[min(k // 3, 2)]
            rows.append((f"e{i}", f"u{u}", y, 3.5 + person[i] + unit[u] + rng.normal(0, 0.3)))
    df = pd.DataFrame(rows, columns=["employee_id", "unit_id", "year", "value"])
    eff = RatingEffects(person_prior=0.5, unit_prior=2, year_prior=2).fit(df)
    est_p = eff.person([f"e{i}" for i in range(n_people)])
    est_u = eff.unit_.reindex([f"u{u}" for u in range(n_units)]).to_numpy()
    assert np.corrcoef(est_p, person)[0, 1] > 0.95
    assert np.corrcoef(est_u, unit)[0, 1] > 0.95
    # a lenient unit's bonus is not credited to the people in it
    assert np.abs(est_u - (unit - unit.mean())).max() < 0.15


def test_residual_labels_do_not_reward_strong_people_or_lenient_units():
    """A world with NO fit at all: ratings = person level + unit leniency + noise. Raw labels
    then 'prefer' lenient units and strong people; residual labels must not."""
    rng = np.random.default_rng(1)
    n_people, n_units = 400, 10
    person = rng.normal(0, 0.7, n_people)
    unit = np.linspace(-0.6, 0.6, n_units)
    rows = []
    for i in range(n_people):
        for k, y in enumerate(range(2014, 2024)):
            u = (i + k // 3) % n_units
            rows.append((f"e{i}", f"u{u}", y, 3.5 + person[i] + unit[u] + rng.normal(0, 0.3)))
    df = pd.DataFrame(rows, columns=["employee_id", "unit_id", "year", "value"])
    eff = RatingEffects().fit(df)
    resid = df["value"] - eff.mu_ - eff.person(df["employee_id"]) - eff.leniency(
        df["unit_id"], df["year"])
    def slope(values, truth):        # how much of an effect is still in the labels
        return np.polyfit(truth, values, 1)[0]

    raw_unit = df.groupby("unit_id")["value"].mean().reindex([f"u{u}" for u in range(n_units)])
    by_unit = resid.groupby(df["unit_id"]).mean().reindex([f"u{u}" for u in range(n_units)])
    assert slope(raw_unit, unit) > 0.8                 # raw outcomes carry the leniency …
    assert abs(slope(by_unit, unit)) < 0.05            # … residual labels do not
    assert by_unit.abs().max() < 0.05
    people = [f"e{i}" for i in range(n_people)]
    raw_person = df.groupby("employee_id")["value"].mean().reindex(people)
    by_person = resid.groupby(df["employee_id"]).mean().reindex(people)
    assert slope(raw_person, person) > 0.9
    assert abs(slope(by_person, person)) < 0.15        # only the shrinkage (prior 1 of 10)


# --- the time split on the small city -----------------------------------------------------------


@pytest.fixture(scope="module")
def small_export(small_city):
    return load_or_raise(small_city / "export")


def test_the_default_rows_are_every_placement_with_an_outcome(small_export):
    every = build_labels(small_export, LabelConfig())
    multi = build_labels(small_export, LabelConfig(rows="multi"))
    assert LabelConfig().rows == "all"
    assert set(multi.train["placement_id"]) < set(every.train["placement_id"])
    assert every.train.groupby("employee_id").size().min() == 1
    assert (every.train["start_date"] < every.cutoff).all()


def test_time_split_keeps_validation_out_of_training(small_export):
    ls = build_labels(small_export, LabelConfig(rows="multi"))
    cut = ls.cutoff
    assert (ls.train["start_date"] < cut).all()
    assert (ls.valid["start_date"] >= cut).all()
    assert len(ls.valid) > 0 and len(ls.train) > 0
    # training outcomes only use appraisals of years before the cut-off
    years = appraisal_years(small_export, placements(small_export))
    used = years[years["placement_id"].isin(ls.train["placement_id"])]
    n_before = used[used["year"] < cut.year].groupby("placement_id").size()
    assert (ls.train.set_index("placement_id")["n_years"] == n_before.reindex(
        ls.train["placement_id"]).to_numpy()).all()
    # year queries; rows = people with two or more placements (their person effect is
    # identified); contiguous queries
    assert (ls.train["group"] == ls.train["start_date"].dt.year.astype(str)).all()
    assert ls.train.groupby("employee_id").size().min() >= 2
    change = (ls.train["group"] != ls.train["group"].shift()).sum()
    assert change == ls.train["group"].nunique()
    assert set(ls.train["grade"]) <= set(range(LabelConfig().n_grades))
    # residual labels are centred on each person
    assert ls.train.groupby("employee_id")["label"].mean().abs().median() < 0.15


def test_training_rows_do_not_change_when_the_future_is_cut_off(small_export):
    """No leakage through the split: an export truncated at the cut-off (later appraisals,
    trainings, assessments and placements removed) yields the same training labels and
    training features."""
    from training.dataset import FeatureBuilder

    full = build_labels(small_export, LabelConfig())
    cut = full.cutoff
    ex = small_export
    asg = ex.assignments[ex.assignments["start_date"] < cut].copy()
    ended_later = asg["end_date"].isna() | (asg["end_date"] >= cut)
    asg.loc[ended_later, "end_date"] = pd.NaT
    asg["is_current"] = asg["end_date"].isna()
    past = replace(
        ex, assignments=asg,
        performance=ex.performance[ex.performance["year"] < cut.year].copy(),
        trainings=ex.trainings[ex.trainings["end_date"] < cut].copy(),
        assessments=ex.assessments[ex.assessments["assessed_date"] < cut].copy())
    ls_past = build_labels(past, LabelConfig(), cutoff=cut)
    key = ["employee_id", "position_id", "start_date"]
    a, b = full.train, ls_past.train
    assert a[key].equals(b[key])
    np.testing.assert_allclose(a["label"], b["label"], atol=1e-9)
    np.testing.assert_array_equal(a["grade"], b["grade"])
    X_full = FeatureBuilder(ex).for_rows(a)
    X_past = FeatureBuilder(past).for_rows(b)
    np.testing.assert_array_equal(np.isnan(X_full), np.isnan(X_past))
    np.testing.assert_allclose(np.nan_to_num(X_full), np.nan_to_num(X_past), atol=1e-6)


def test_a_changed_peta_jabatan_is_warned_about(small_export):
    """Position attributes are taken as static: when the history contradicts today's floors
    (planted: every post now asks for S2), the check says so."""
    from training.static_check import education_mismatch, warning

    assert warning(small_export)[1] is None                 # the city's history fits
    pos = small_export.positions.assign(min_education_ordinal=9)
    share, words = warning(replace(small_export, positions=pos))
    assert share > 0.5 and "peta jabatan may have changed" in words
    assert education_mismatch(replace(small_export, positions=pos))[1] > 100


def test_policy_names_exist_in_the_feature_code():
    from features.pairs import PairFeatures

    names = set(PairFeatures.feature_names)
    used = (set(policy.MONOTONE) | set(policy.FILL_MISSING) | set(policy.NEUTRALISED)
            | set(policy.LEVEL_FEATURES) | {n for n, _, _ in policy.RULE_WEIGHTS}
            | {n for n, _, _ in policy.PRIOR_WEIGHTS}
            | set(policy.READINESS_PENALTY))
    assert used <= names, f"policy names unknown to features.pairs: {sorted(used - names)}"
    proxies = set(policy.PROXY_FEATURES).union(*policy.PROXY_OPTIONS.values())
    assert proxies <= names, f"proxy names unknown to features.pairs: {sorted(proxies - names)}"


def test_each_proxy_option_learns_only_its_own_seniority_and_rank_columns():
    from training.pipeline import TrainConfig

    for option, kept in policy.PROXY_OPTIONS.items():
        out = set(policy.left_out(option))
        assert set(policy.NEUTRALISED) <= out
        assert out.isdisjoint(kept)
        assert set(policy.PROXY_FEATURES) <= out | set(kept)
        pol = policy.FeaturePolicy.for_names(list(policy.PROXY_FEATURES) + ["jpm"], option)
        assert sorted(pol.feature_names[j] for j in pol.neutralised_idx) == \
            sorted(set(policy.PROXY_FEATURES) - set(kept))
        # the HR prior never brings a left-out rank column back into the margin
        assert pol.prior() == []      # neither JPM nor rank is in the HR prior
    # the default is the documented one, and the alternatives never learn by accident
    assert "service_years_capped" in policy.left_out()
    with pytest.raises(ValueError, match="proxies"):
        policy.left_out("bogus")
    with pytest.raises(ValueError, match="proxies"):
        TrainConfig(proxies="bogus")


# --- a full run: MLflow, registry, gate -------------------------------------------------------


def test_train_logs_one_run_and_registers_the_champion(small_trained):
    import mlflow

    from models.registry import load_champion

    settings, result = small_trained
    assert result.model_version == "1" and result.promoted
    assert result.champion_version == "1"
    c = mlflow.MlflowClient(settings.tracking_uri)
    run = c.get_run(result.run_id)
    m, p, t = run.data.metrics, run.data.params, run.data.tags
    for name in MODEL_ORDER:
        for k in ("val_ndcg_5", "val_ndcg_10", "val_map_10", "truth_ndcg_10"):
            assert f"{name}_{k}" in m, f"{name}_{k} not logged"
    assert {"val_ndcg_10", "truth_ndcg_10", "calib_ece", "calib_brier"} <= set(m)
    assert p["data_fingerprint"] and len(p["data_fingerprint"]) == 64
    assert p["label_strategy"] == LabelConfig().name
    assert t["promoted"] == "true" and t["promotion_reason"]
    assert t["gate_verdict"] == "promoted" and "rule baseline" in t["promotion_reason"]
    assert m["selection_challenger"] > m["selection_rule"]
    assert t["accept_fairness"] == SMALL_CITY_ACCEPT and t["accept_fairness_used"] == "true"
    mlflow.set_tracking_uri(settings.tracking_uri)
    card = mlflow.artifacts.load_text(f"runs:/{result.run_id}/model_card.md")
    for section in ("## Data and period", "## Intended use", "## Metrics on the export",
                    "## Fairness", "## Limits"):
        assert section in card
    assert SMALL_CITY_ACCEPT in card and "[" in card.split("## Fairness")[1]   # intervals
    arts = {a.path for a in c.list_artifacts(result.run_id, "plots")}
    assert {"plots/feature_importance.png", "plots/ndcg_per_job_type.png",
            "plots/calibration.png", "plots/score_distributions.png"} <= arts
    rm = c.get_registered_model(settings.model_name)
    assert {k: str(v) for k, v in rm.aliases.items()} == {"champion": "1", "challenger": "1"}
    model, version = load_champion(settings)
    assert version == "1"
    from features.pairs import PairFeatures

    assert model.feature_names == list(PairFeatures.feature_names)
    mv = c.get_model_version(settings.model_name, "1")
    assert mv.description.startswith("# Model card — ") and mv.tags["model_card"].endswith(
        "model_card.md")
    info = mlflow.models.get_model_info(mv.source)
    assert info.signature is not None
    assert [col.name for col in info.signature.inputs.inputs] == model.feature_names


def test_the_logged_pyfunc_scores_like_the_served_model(small_trained, small_export):
    import mlflow

    from features.pairs import PairFeatures
    from models.registry import load_champion

    settings, _ = small_trained
    model, _ = load_champion(settings)
    pf = PairFeatures(small_export, "2024-01-01")
    X = pf.for_employee(0)[:50]
    mlflow.set_tracking_uri(settings.tracking_uri)
    pyf = mlflow.pyfunc.load_model(f"models:/{settings.model_name}@champion")
    got = pyf.predict(pd.DataFrame(X, columns=model.feature_names))
    np.testing.assert_allclose(np.asarray(got), model.score(X), rtol=1e-6)


@pytest.mark.heavy
def test_the_gate_on_real_runs(small_city, tmp_path):
    """Real runs into one registry:
    1. a first model under the fairness bar (the small city's age gap) stays challenger,
       with the reason on the run, and no champion exists;
    2. the same model, its fairness accepted by name, beats the rule baseline → champion;
    3. a model trained on shuffled labels stays challenger (selection metric, same rows);
    4. the good model again: a tie does not promote."""
    import mlflow

    from models.registry import alias_version

    settings = jobfit_settings(tmp_path / "home")
    data, truth = small_city / "export", small_city / "truth"
    c = mlflow.MlflowClient(settings.tracking_uri)

    unfair = train(settings, data, None)
    assert not unfair.promoted and unfair.gate_code == "fairness_below_bar"
    assert alias_version(settings, "champion") is None
    assert alias_version(settings, "challenger") == unfair.model_version
    tags = c.get_run(unfair.run_id).data.tags
    assert tags["promoted"] == "false" and tags["gate_verdict"] == "fairness_below_bar"
    assert "age ratio" in tags["promotion_reason"] and "age ratio" in tags["fairness_below_bar"]

    good = train(settings, data, truth, accept_fairness=SMALL_CITY_ACCEPT)
    assert good.promoted and alias_version(settings, "champion") == good.model_version
    assert good.selection["challenger"] > good.selection["rule"]

    bad = train(settings, data, None, config=TrainConfig(shuffle_labels=True),
                accept_fairness=SMALL_CITY_ACCEPT)
    assert not bad.promoted and bad.gate_code == "not_better_than_champion"
    assert alias_version(settings, "champion") == good.model_version
    assert alias_version(settings, "challenger") == bad.model_version
    run = c.get_run(bad.run_id)
    assert run.data.tags["promoted"] == "false"
    assert "does not beat champion" in run.data.tags["promotion_reason"]
    champ = run.data.metrics["selection_champion"]
    # the champion re-scored on this run's rows the same way gives its own figure exactly
    assert champ == pytest.approx(good.selection["challenger"], abs=1e-12)
    assert run.data.metrics["selection_challenger"] < champ

    again = train(settings, data, None, accept_fairness=SMALL_CITY_ACCEPT)
    assert not again.promoted and again.gate_code == "not_better_than_champion"
    assert alias_version(settings, "champion") == good.model_version


def test_the_gate_decides_on_each_check():
    """training.gate.decide on hand-made figures: each failing check blocks and is named."""
    from training.gate import decide
    from training.movers import MIN_MOVERS
    from training.selection import Selection

    ok, rule = Selection(0.85, 500), Selection(0.80, 500)
    assert decide(ok, rule, None, None, []).promoted
    assert not decide(Selection(0.79, 500), rule, None, None, []).promoted
    assert decide(Selection(0.80, 500), rule, None, None, []).code == \
        "not_better_than_rule_baseline"                              # a tie is not better
    few = decide(Selection(0.95, MIN_MOVERS - 1), rule, None, None, [])
    assert not few.promoted and few.code == "too_little_validation_data"
    assert "movers" in few.reason
    assert decide(Selection(0.95, MIN_MOVERS), rule, None, None, []).promoted
    nan = decide(Selection(float("nan"), 500), rule, None, None, [])
    assert not nan.promoted and nan.code == "metric_undefined"       # NaN never promotes
    champ = Selection(0.86, 500)
    assert decide(ok, rule, champ, "3", []).code == "not_better_than_champion"
    assert decide(Selection(0.87, 500), rule, champ, "3", []).promoted
    unfair = decide(Selection(0.87, 500), rule, champ, "3", ["age ratio 0.5 [0.4, 0.6]"])
    assert not unfair.promoted and unfair.code == "fairness_below_bar"
    assert "age ratio" in unfair.reason
    accepted = decide(Selection(0.87, 500), rule, champ, "3", ["age"], "reason given")
    assert accepted.promoted and "reason given" in accepted.reason
    both = decide(Selection(0.5, 500), rule, champ, "3", ["age"])
    assert len(both.blocks) == 2                                      # every failing check
    # a first model against the rule with the paired interval: held back only when the rule
    # beats it beyond doubt, whatever the point figures say
    close = decide(Selection(0.79, 500), rule, None, None, [], versus_rule=(-0.05, 0.03))
    assert close.promoted and "not below it beyond doubt" in close.reason
    worse = decide(Selection(0.79, 500), rule, None, None, [], versus_rule=(-0.05, -0.01))
    assert not worse.promoted and worse.code == "not_better_than_rule_baseline"
    assert "beyond doubt" in worse.reason
    # the interval never lets a challenger past a champion: that stays strictly better
    assert decide(ok, rule, champ, "3", [], versus_rule=(0.1, 0.2)).code == \
        "not_better_than_champion"


def test_the_paired_interval_tells_a_real_lead_from_noise():
    """training.selection.difference_interval on movers made by hand: a model that follows the
    appraisal changes is ahead of one that does not beyond doubt, the reverse is behind, and
    the same model against itself is neither."""
    from training.selection import Selection, difference_interval

    rng = np.random.default_rng(3)
    outcome = rng.normal(size=600)
    good = outcome + rng.normal(scale=1.5, size=600)     # rho ≈ 0.55
    blind = rng.normal(size=600)                          # rho ≈ 0
    sel = {name: Selection(0.0, 600, delta_score=d, delta_outcome=outcome)
           for name, d in (("good", good), ("blind", blind))}
    low, high = difference_interval(sel["good"], sel["blind"])
    assert 0 < low < high
    low, high = difference_interval(sel["blind"], sel["good"])
    assert low < high < 0
    low, high = difference_interval(sel["good"], sel["good"])
    assert low == high == 0.0
    assert difference_interval(Selection(0.5, 600), sel["good"]) is None   # no per-mover figures


# --- golden small model ---------------------------------------------------------------------------

# Measured on small_city (seed 11, 400 employees) with seed 7. If the generator, the features
# or the trainer change on purpose, re-measure and update these (and say why in the commit).
# 2026-11-30: every placement with an outcome trains (rows="all") and five under-
# qualification monotone constraints: truth 0.8868 → 0.9142 (world matrix: docs/model.md).
# 2026-11-30, late: the HR prior (field match, then the majors a post names): → 0.9380.
GOLDEN = {"ranker": {"truth_ndcg_10": 0.9380, "val_ndcg_10": 0.9520, "val_map_10": 0.9420}}
GOLDEN_TOLERANCE = 0.02


def test_golden_small_model_is_reproducible(small_trained, small_export, small_city):
    """Same data, same seed: identical predictions and metrics on re-training."""
    from models.registry import load_champion
    from training.truth import read_truth

    settings, result = small_trained
    model, _ = load_champion(settings)
    ev = fit_and_evaluate(small_export, settings.seed, TrainConfig(),
                          read_truth(small_city / "truth"))
    np.testing.assert_array_equal(ev.model.score(ev.X_valid), model.score(ev.X_valid))
    # validation rows are masked exactly like training rows (snapshot features of old rows,
    # features left out of learning)
    from training.pipeline import snapshot_horizon

    pol = policy.FeaturePolicy.for_names(ev.feature_names)
    horizon = snapshot_horizon(small_export, TrainConfig().snapshot_years)
    for X, rows in ((ev.X_train, ev.labels.train), (ev.X_valid, ev.labels.valid)):
        old = pd.to_datetime(rows["as_of"]).to_numpy() < horizon
        assert old.any()
        assert np.isnan(X[np.ix_(old, pol.snapshot_idx)]).all()
        assert np.isnan(X[:, pol.neutralised_idx]).all()
    for name in MODEL_ORDER:
        for k, v in result.metrics[name].items():
            assert ev.metrics[name][k] == pytest.approx(v, abs=1e-12), (name, k)
    for name, vals in GOLDEN.items():
        for k, v in vals.items():
            assert abs(result.metrics[name][k] - v) <= GOLDEN_TOLERANCE, (
                name, k, result.metrics[name][k], "golden", v)


def test_small_model_is_near_its_golden_truth_figure(small_trained, small_export,
                                                     small_city):
    """The ranker's truth NDCG@10 is within the golden tolerance of 0.887 — and the same
    bound fails for a planted fault, a ranker trained on shuffled labels."""
    from training.truth import read_truth

    _, result = small_trained
    floor = GOLDEN["ranker"]["truth_ndcg_10"] - GOLDEN_TOLERANCE
    assert result.metrics["ranker"]["truth_ndcg_10"] >= floor
    planted = fit_and_evaluate(small_export, 7, TrainConfig(shuffle_labels=True),
                               read_truth(small_city / "truth"))
    assert planted.metrics["ranker"]["truth_ndcg_10"] < floor


# --- any export in the contract ---------------------------------------------------------------


def test_trains_without_optional_files_and_columns(small_city, tmp_path):
    """assessments.csv absent, optional columns (open_to_move, preferred_unit_ids,
    functional_level, fields_of_study, competency_standard, required_trainings, kind,
    hours …) empty: training still completes and scores are in [0, 1]."""
    src = small_city / "export"
    dst = tmp_path / "export"
    shutil.copytree(src, dst)
    (dst / "assessments.csv").unlink()
    optional = {
        "employees.csv": ["open_to_move", "preferred_unit_ids", "sanction_until", "rank_date"],
        "positions.csv": ["functional_level", "fields_of_study", "min_rank", "max_age",
                          "competency_standard", "required_trainings"],
        "education.csv": ["field_of_study", "institution", "graduation_year"],
        "trainings.csv": ["kind", "hours"],
        "assignments.csv": ["kind"],
        "units.csv": ["parent_unit_id"],
    }
    for name, cols in optional.items():
        df = pd.read_csv(dst / name, dtype=str, keep_default_na=False)
        for c in cols:
            if c in df:
                df[c] = ""
        df.to_csv(dst / name, index=False)
    export = load_or_raise(dst)
    ev = fit_and_evaluate(export, 7, TrainConfig())
    s = ev.model.score(ev.X_valid)
    assert len(s) and np.all((s >= 0) & (s <= 1))
    assert all(np.isfinite(ev.metrics[m]["val_ndcg_10"]) for m in MODEL_ORDER)


def test_bad_data_dir_is_named(tmp_path):
    settings = jobfit_settings(tmp_path / "home")
    with pytest.raises(FileNotFoundError, match="not a folder"):
        train(settings, tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    from features.report import ExportError

    with pytest.raises(ExportError, match="required file missing"):
        train(settings, tmp_path / "empty")


# --- the notebook --------------------------------------------------------------------------------


@pytest.mark.heavy
def test_the_evaluation_notebook_runs(small_city, small_trained, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    root = Path(__file__).resolve().parents[2]
    nb = nbformat.read(root / "notebooks" / "model_evaluation.ipynb", as_version=4)
    settings, _ = small_trained
    monkeypatch.setenv("JOBFIT_NB_DATA", str(small_city / "export"))
    monkeypatch.setenv("JOBFIT_NB_TRUTH", str(small_city / "truth"))
    monkeypatch.setenv("JOBFIT_NB_HOME", str(settings.home))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", settings.tracking_uri)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(root)}}).execute()
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "LGBM ranker" in text and "champion" in text


# --- acceptance on the default city ------------------------------------------------------------


@pytest.mark.heavy
def test_default_city_acceptance(tmp_path_factory):
    """The issue's bar on the default city (seed 42, 5,000 employees): the ranker's truth
    NDCG@10 at least 0.05 above the rule baseline and not below any other baseline; fairness
    ratios with intervals, and a model under the bar stays challenger with its card saying
    why. Figures: docs/model.md."""
    from synthetic.kota import generate_city

    city = tmp_path_factory.mktemp("default_city")
    generate_city(city, seed=42, n_employees=5000)
    settings = jobfit_settings(tmp_path_factory.mktemp("default_home"))
    result = train(settings, city / "export", city / "truth")
    m = {name: result.metrics[name]["truth_ndcg_10"] for name in MODEL_ORDER}
    print(f"default city: train took {result.seconds:.0f} s")   # measured, not asserted
    assert m["ranker"] >= m["rule"] + 0.05, m
    assert m["ranker"] >= max(m["logistic"], m["pointwise"]), m
    # Fairness: ratios come with intervals, and the model either reaches the bar or stays
    # challenger with its card saying why.
    import mlflow

    run = mlflow.MlflowClient(settings.tracking_uri).get_run(result.run_id)
    below = []
    for a in ("gender", "age"):
        key = f"fairness_{a}_candidates_selection_ratio"
        low, value, high = (run.data.metrics[key + s] for s in ("_low", "", "_high"))
        # min/max of the rates: at most 1; the interval is of the ratio of the two groups
        # that are lowest and highest on all units, kept fixed across resamples
        # (training/fairness_rates.py), so with groups near parity it may pass 1
        assert 0 < low <= value <= min(high, 1.0), (a, low, value, high)
        below += [a] if high < 0.8 else []
    mlflow.set_tracking_uri(settings.tracking_uri)
    card = mlflow.artifacts.load_text(f"runs:/{result.run_id}/model_card.md")
    if below or run.data.tags["fairness_below_bar"] != "none":
        assert not result.promoted and result.gate_code == "fairness_below_bar"
        assert "Not promoted for fairness" in card
    else:
        assert result.promoted
    # The opt-in fair re-ranking of candidate lists (fair=true, the version's lifts): its
    # ratios with intervals in the card, not gated; it lifts the age ratio the plain lists
    # fail on (docs/model.md: 0.42 -> 0.82 for places in the top 10).
    m = run.data.metrics
    assert m["fairness_fair_age_candidates_selection_ratio"] > \
        m["fairness_age_candidates_selection_ratio"]
    fair = card.split("## Fair re-ranking")[1].split("## ")[0]
    assert "Lifts of the score's log-odds" in fair and "not gated" in fair and "[" in fair


def test_a_run_without_validation_data_stays_challenger(mini_export_dir, tmp_path):
    """20 employees, 4 usable training placements, no validation query: the run completes and
    registers, says what is missing, and the gate does not promote it — not even as the first
    model, not even with fairness accepted."""
    import mlflow

    from models.registry import alias_version

    settings = jobfit_settings(tmp_path / "home")
    result = train(settings, mini_export_dir.dir, accept_fairness="tests: tiny export")
    assert result.model_version == "1" and not result.promoted
    assert result.gate_code == "too_little_validation_data"
    assert alias_version(settings, "champion") is None
    assert any("training placements" in w for w in result.warnings)
    assert any("no validation queries" in w for w in result.warnings)
    run = mlflow.MlflowClient(settings.tracking_uri).get_run(result.run_id)
    assert "no validation queries" in run.data.tags["warnings"]
    assert run.data.tags["gate_verdict"] == "too_little_validation_data"
    assert "too little validation data" in run.data.tags["promotion_reason"]
    assert "warning:" in str(result) and "NOT promoted" in str(result)


def test_jobfit_card_prints_the_champions_card(small_trained):
    from typer.testing import CliRunner

    from jobfit.cli import app

    settings, result = small_trained
    env = {"MLFLOW_TRACKING_URI": settings.tracking_uri}
    shown = CliRunner().invoke(app, ["card", "--home", str(settings.home)], env=env)
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(f"# Model card — {settings.model_name} v1")
    assert result.run_id in shown.output and "## Fairness" in shown.output
    same = CliRunner().invoke(app, ["card", "1", "--home", str(settings.home)], env=env)
    assert same.output == shown.output
    missing = CliRunner().invoke(app, ["card", "9", "--home", str(settings.home)], env=env)
    assert missing.exit_code == 2 and "no version 9" in missing.output


def test_the_calibrator_never_drops_the_fit():
    """A margin that runs against the outcomes would get a negative weight, which is dropped;
    the fit weight stays at a floor, so one person's posts keep the booster's order instead
    of all scoring alike (and being ordered by the tie key alone)."""
    from training.scorers import MIN_FIT_WEIGHT, fit_calibrator

    rng = np.random.default_rng(0)
    margin = rng.normal(size=400)
    level = rng.normal(3.5, 0.5, size=400)
    good = (rng.random(400) < 1 / (1 + np.exp(margin - (level - 3.5)))).astype(float)
    X = level[:, None]
    cal = fit_calibrator(margin, X, good, np.ones(400), level_index=0)
    assert cal.coef_fit == MIN_FIT_WEIGHT and cal.coef_level > 0
    one_person = np.column_stack([np.full(50, 3.9)])
    posts = np.linspace(-2, 2, 50)
    scores = cal(posts, one_person)
    assert np.all(np.diff(scores) > 0)             # distinct, in the margin's order


def test_a_post_above_any_level_held_pays_the_readiness_penalty(small_trained, tmp_path):
    """The served model subtracts the readiness penalty per managerial level beyond one above
    the highest held (on top of the booster, which may only lower the fit there: monotone −1);
    the reasons see it as that feature's contribution; it survives save and load."""
    from models.jobfit_model import JobfitModel
    from models.registry import load_champion

    settings, _ = small_trained
    model, _ = load_champion(settings)
    j = model.feature_names.index("level_above_held")
    w = model.penalties["level_above_held"]
    assert w > 0 and model.penalty_allowance["level_above_held"] == 1.0
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, len(model.feature_names))).astype(np.float32)
    at, one_up, above = X.copy(), X.copy(), X.copy()
    at[:, j], one_up[:, j], above[:, j] = 0.0, 1.0, 3.0
    # two levels beyond the free step: at least 2 w lower (the booster may lower it further)
    assert np.all(model.margin(above) <= model.margin(one_up) - 2 * w + 1e-9)
    drop = model.contributions(one_up)[:, j] - model.contributions(above)[:, j]
    assert np.all(drop >= 2 * w - 1e-9)
    # the step of one level is free of the penalty: only the booster's own (monotone) part
    booster_only = model.booster.predict(one_up) - model.booster.predict(at)   # X has no NaN
    np.testing.assert_allclose(model.margin(one_up) - model.margin(at), booster_only,
                               atol=1e-9)
    # the contributions still add up to the margin (bias aside): reasons read the same total
    bias = model.margin(above) - model.contributions(above).sum(axis=1)
    np.testing.assert_allclose(bias, bias[0], atol=1e-6)
    same = JobfitModel.load(model.save(tmp_path / "m"))
    assert same.penalties == model.penalties
    assert same.penalty_allowance == model.penalty_allowance
    np.testing.assert_array_equal(same.score(above), model.score(above))


def test_the_penalty_formula():
    from models.jobfit_model import penalty

    x = np.array([-1.0, 0.0, 1.0, 2.0, 3.5, np.nan])
    np.testing.assert_allclose(penalty(x, 0.5, 1.0), [0, 0, 0, 0.5, 1.25, 0])
    np.testing.assert_allclose(penalty(x, 2.0), [0, 0, 2.0, 4.0, 7.0, 0])


def test_the_hr_prior_adds_the_rule_to_the_margin(small_trained, tmp_path):
    """The served model adds the prior's terms (policy.PRIOR_WEIGHTS: field match and the
    employee's wishes) to the booster's margin, scaled by policy.RULE_PRIOR: a field match is
    worth at least its prior weight (the booster may only add to it: monotone +1); a wish
    exactly its own; the reasons see a term as that feature's contribution, an unknown match
    contributes nothing, JPM and rank get nothing from it, and the prior survives save and
    load."""
    import dataclasses

    from models.jobfit_model import JobfitModel
    from models.registry import load_champion
    from training.policy import PRIOR_WEIGHTS, RULE_PRIOR

    assert RULE_PRIOR > 0
    settings, _ = small_trained
    model, _ = load_champion(settings)
    assert set(model.prior) == {n for n, _, _ in PRIOR_WEIGHTS}
    weights = {n: w for n, (w, _) in model.prior.items()}
    # one scale for all terms: the prior's own proportions are kept
    scale = {n: weights[n] / w for n, w, _ in PRIOR_WEIGHTS}
    assert min(scale.values()) > 0
    np.testing.assert_allclose(list(scale.values()), scale["field_match_any"], rtol=1e-9)
    j = model.feature_names.index("field_match_any")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, len(model.feature_names))).astype(np.float32)
    no, yes = X.copy(), X.copy()
    no[:, j], yes[:, j] = 0.0, 1.0
    w = weights["field_match_any"]
    assert np.all(model.margin(yes) >= model.margin(no) + w - 1e-9)
    gain = model.contributions(yes)[:, j] - model.contributions(no)[:, j]
    assert np.all(gain >= w - 1e-9)
    booster_only = model.booster.predict(yes) - model.booster.predict(no)
    np.testing.assert_allclose(model.margin(yes) - model.margin(no), booster_only + w, atol=1e-9)
    # the employee's wishes are in the prior only: the booster never moves with them, a
    # wanted unit adds its weight and a move against a "no" takes it away
    for name, sign in (("preferred_unit", 1.0), ("unwilling_move", -1.0)):
        k = model.feature_names.index(name)
        before, after = X.copy(), X.copy()
        before[:, k], after[:, k] = 0.0, 1.0
        assert np.sign(weights[name]) == sign
        np.testing.assert_allclose(model.margin(after) - model.margin(before), weights[name],
                                   atol=1e-9)
    # an unknown field match counts as the rule's fill value (none): no prior contribution
    unknown = X.copy()
    unknown[:, j] = np.nan
    without = dataclasses.replace(model, prior={})
    prior_part = model.contributions(unknown)[:, j] - without.contributions(unknown)[:, j]
    np.testing.assert_allclose(prior_part, 0.0, atol=1e-9)
    # JPM and rank are not in the prior: their contributions are the booster's alone
    for name in ("jpm", "rank_minus_floor"):
        k = model.feature_names.index(name)
        np.testing.assert_allclose(model.contributions(yes)[:, k],
                                   without.contributions(yes)[:, k], atol=1e-9)
    bias = model.margin(yes) - model.contributions(yes).sum(axis=1)
    np.testing.assert_allclose(bias, bias[0], atol=1e-6)
    same = JobfitModel.load(model.save(tmp_path / "m"))
    assert same.prior == model.prior
    np.testing.assert_array_equal(same.score(yes), model.score(yes))


def test_the_rule_baseline_and_the_prior_share_one_formula():
    from models.jobfit_model import prior_term
    from training.scorers import RuleBaseline

    x = np.array([[1.0, np.nan], [0.0, 0.8], [40.0, -50.0]])
    np.testing.assert_allclose(prior_term(x[:, 0], 2.0, 0.0), [2.0, 0.0, 40.0])
    np.testing.assert_allclose(prior_term(x[:, 1], 0.5, 0.5), [0.25, 0.4, -10.0])
    rule = RuleBaseline([(0, 2.0, 0.0), (1, 0.5, 0.5)])
    np.testing.assert_allclose(rule.predict(x), [2.25, 0.4, 30.0])


def test_a_prior_only_column_reaches_the_margin_through_the_prior_alone():
    """policy.PRIOR_ONLY: the ranker's trees never split on such a column, even when it
    predicts the labels perfectly, while the prior still adds it to the margin."""
    from training.scorers import RankerLGBM

    rng = np.random.default_rng(0)
    n, groups = 600, 20
    X = rng.normal(size=(n, 3)).astype(np.float32)
    X[:, 2] = rng.integers(0, 2, n)                        # the prior-only match
    grades = (X[:, 2] * 3 + (X[:, 0] > 0)).astype(int)      # mostly the match
    train = pd.DataFrame({"grade": grades})
    sizes = np.full(groups, n // groups)
    kwargs = dict(seed=1, n_jobs=1, params={"n_estimators": 20, "min_child_samples": 5},
                  prior_terms=[(2, 1.0, 0.0)], rule_prior=2.0)
    learned = RankerLGBM(**kwargs).fit(X, train, sizes)
    prior_only = RankerLGBM(**kwargs, prior_only=[2]).fit(X, train, sizes)
    assert learned.model_.booster_.feature_importance("split")[2] > 0
    assert prior_only.model_.booster_.feature_importance("split")[2] == 0
    assert prior_only.model_.booster_.feature_importance("split")[0] > 0
    yes, no = X.copy(), X.copy()
    yes[:, 2], no[:, 2] = 1.0, 0.0
    w = prior_only.prior_[2][0]
    assert w > 0
    np.testing.assert_allclose(prior_only.predict(yes) - prior_only.predict(no), w, rtol=1e-6)
    assert policy.FeaturePolicy.for_names(["field_match_required"]).prior_only_idx == [0]
