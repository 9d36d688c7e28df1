"""The hyper-parameter search judged leave-one-generator-out (training/tuning.py, `jobfit tune`):
the search space and its default point, the verdict, reproducibility, the MLflow runs (a run,
a nested run per fold, a nested run per trial) and the command's errors.

Most tests stand in a planted `evaluate_world` for training (fast, and a fold can be made to
lose on purpose); one runs the command end to end on a tiny matrix of real worlds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import optuna
import pytest
from typer.testing import CliRunner

from exportkit import jobfit_settings
from jobfit.cli import app
from training import tuning
from training.matrix import World
from training.pipeline import TrainConfig
from training.scorers import lgbm_params
from training.tracking import TUNING_EXPERIMENT
from training.tuning import (ADOPT, KEEP, SPACE, FoldResult, config_from_params,
                             default_params, folds_of, search, suggest, verdict)


def runs_of(settings) -> list:
    """Every run of the tuning experiment in a settings' MLflow store."""
    import mlflow

    c = mlflow.MlflowClient(tracking_uri=settings.tracking_uri)
    exp = c.get_experiment_by_name(TUNING_EXPERIMENT)
    assert exp is not None
    return c.search_runs([exp.experiment_id], max_results=1000)


def children(runs, parent) -> list:
    return [r for r in runs if r.data.tags.get("mlflow.parentRunId") == parent.info.run_id]


# --- the search space ------------------------------------------------------------------------
def test_the_default_point_is_the_documented_design():
    """The first trial of every study is the default: it must train exactly as TrainConfig()."""
    base = TrainConfig()
    cfg = config_from_params(default_params(), base)
    assert cfg.labels == base.labels
    assert cfg.rule_prior == base.rule_prior
    assert lgbm_params(7, 2, **cfg.ranker_params) == lgbm_params(7, 2, **base.ranker_params)
    assert set(default_params()) == set(SPACE)


def test_a_trial_becomes_a_train_config_within_the_space():
    base = TrainConfig(truth_sample=50, n_jobs=1)
    params = {**default_params(), "num_leaves": 12, "n_grades": 4, "rule_prior": 0.5}
    cfg = config_from_params(suggest(optuna.trial.FixedTrial(params)), base)
    assert cfg.ranker_params["num_leaves"] == 12
    assert cfg.labels.n_grades == 4 and cfg.rule_prior == 0.5
    assert cfg.truth_sample == 50 and cfg.n_jobs == 1          # the rest of `base` is kept
    study = search(lambda p: 0.0, trials=15, seed=0)
    for t in study.trials:
        for name, (_, low, high, _) in SPACE.items():
            assert low <= t.params[name] <= high, (name, t.params[name])


def smooth(params) -> float:
    """A planted objective that depends on the point (so TPE's choices after its random start
    depend on the values)."""
    return -abs(params["rule_prior"] - 1.3) - abs(params["num_leaves"] - 10) / 10


def test_the_same_seed_gives_the_same_trials():
    first = [t.params for t in search(smooth, trials=13, seed=5).trials]
    again = [t.params for t in search(smooth, trials=13, seed=5).trials]
    other = [t.params for t in search(smooth, trials=13, seed=6).trials]
    assert first == again
    assert first != other
    started = search(smooth, trials=2, seed=5, start=default_params())
    assert started.trials[0].params == default_params()


# --- the verdict -------------------------------------------------------------------------------
def fold(held_out: str, best: dict[str, float], default: dict[str, float]) -> FoldResult:
    return FoldResult(held_out, ["other"], {"num_leaves": 9}, 0.7, 0.69, best, default)


def test_the_verdict_adopts_only_if_no_fold_loses_where_it_was_not_tuned():
    wins = fold("kota", {"k/1": 0.92, "k/2": 0.93}, {"k/1": 0.91, "k/2": 0.93})
    ties = fold("kabupaten", {"b/1": 0.60}, {"b/1": 0.60})
    loses = fold("provinsi", {"p/1": 0.70, "p/2": 0.70}, {"p/1": 0.69, "p/2": 0.72})
    assert verdict([wins, ties]) == ADOPT
    assert verdict([wins, ties, loses]) == KEEP
    assert verdict([loses]) == KEEP
    assert verdict([]) == KEEP
    assert loses.difference == pytest.approx(-0.005)
    assert loses.worlds_lost == 1 and wins.worlds_lost == 0
    assert loses.loses and not ties.loses and not wins.loses
    # a fold that gains on its generator's mean but loses one world: reported, still adopted
    mixed = fold("kota", {"k/1": 0.95, "k/2": 0.92}, {"k/1": 0.91, "k/2": 0.93})
    assert mixed.difference > 0 and mixed.worlds_lost == 1
    assert verdict([mixed, ties]) == ADOPT
    # no held-out score is no evidence: not adopted
    assert verdict([fold("kota", {"k/1": np.nan}, {"k/1": 0.9})]) == KEEP


def test_folds_leave_each_generator_out_for_any_number_of_generators():
    worlds = [World(g, "base", s, Path(f"/nowhere/{g}{s}")) for g in ("a", "b", "c")
              for s in (1, 2)]
    folds = folds_of(worlds)
    assert [g for g, _, _ in folds] == ["a", "b", "c"]
    for g, tune_on, judge_on in folds:
        assert {w.generator for w in judge_on} == {g} and len(judge_on) == 2
        assert g not in {w.generator for w in tune_on} and len(tune_on) == 4
    with pytest.raises(ValueError, match="at least two generators"):
        folds_of([w for w in worlds if w.generator == "a"])


# --- the whole search with a planted evaluation: runs, cache, a losing fold -------------------
def planted_evaluation(calls: list):
    """evaluate_world for three planted generators: a and b reward leaving the default HR
    prior weight, c punishes it — so tuning on a and b loses on c."""
    def evaluate_world(world, config, seed=7):
        calls.append((world.name, config.rule_prior, json.dumps(config.ranker_params,
                                                                  sort_keys=True)))
        moved = abs(config.rule_prior - 2.0)
        sign = -3 if world.generator == "c" else 1
        return {"ranker": 0.5 + 0.01 * sign * moved + 0.001 * world.seed}
    return evaluate_world


def test_a_search_logs_nested_runs_and_keeps_the_defaults_when_a_fold_loses(tmp_path,
                                                                              monkeypatch):
    calls: list = []
    monkeypatch.setattr(tuning, "evaluate_world", planted_evaluation(calls))
    worlds = [World(g, "base", s, tmp_path / f"{g}{s}") for g in ("a", "b", "c") for s in (1, 2)]
    settings = jobfit_settings(tmp_path / "home")
    seen = []
    result = tuning.tune(settings, worlds, trials=3, seed=2,
                         on_trial=lambda *a: seen.append(a))
    assert [(g, n) for g, n, _, _ in seen] == [(g, n) for g in "abc" for n in (1, 2, 3)]

    by_fold = {f.held_out: f for f in result.folds}
    assert by_fold["c"].difference < 0 and by_fold["c"].worlds_lost == 2
    assert by_fold["a"].difference == 0 and by_fold["a"].best_params == default_params()
    assert result.verdict == KEEP
    # the default is trained once per world, whichever folds meet it
    default_calls = [c for c in calls if c[1] == 2.0 and json.loads(c[2]) == {
        k: default_params()[k] for k in tuning.RANKER_KEYS}]
    assert sorted(c[0] for c in default_calls) == sorted(w.name for w in worlds)
    assert len(calls) == len(set(calls))

    runs = runs_of(settings)
    parents = [r for r in runs if "mlflow.parentRunId" not in r.data.tags]
    assert len(parents) == 1 and parents[0].info.run_id == result.run_id
    parent = parents[0]
    assert parent.data.tags["verdict"] == KEEP
    assert parent.data.params["generators"] == "a,b,c"
    assert parent.data.metrics["folds_lost"] == 1
    folds = children(runs, parent)
    assert sorted(r.data.params["held_out"] for r in folds) == ["a", "b", "c"]
    for f in folds:
        assert f.info.status == "FINISHED"
        held = f.data.params["held_out"]
        assert f.data.metrics["difference"] == pytest.approx(by_fold[held].difference)
        assert f.data.params["best_rule_prior"] == str(by_fold[held].best_params["rule_prior"])
        trials = children(runs, f)
        assert len(trials) == 3
        for t in trials:
            assert set(SPACE) <= set(t.data.params)
            assert "objective" in t.data.metrics
            tuned = [k.split("/")[1] for k in t.data.metrics if k.startswith("truth_ndcg_10/")]
            assert len(tuned) == 4 and held not in tuned     # four worlds, none held out


def test_tune_needs_two_generators_and_a_trial(tmp_path):
    worlds = [World("a", "base", 1, tmp_path / "a1")]
    with pytest.raises(ValueError, match="two generators"):
        tuning.tune(jobfit_settings(tmp_path / "home"), worlds, trials=1)
    with pytest.raises(ValueError, match="at least 1"):
        tuning.tune(jobfit_settings(tmp_path / "home"), worlds, trials=0)


# --- the command -------------------------------------------------------------------------------
@pytest.mark.parametrize("args, named", [
    (["--generators", "kota"], "--generators 'kota'"),
    (["--generators", "kota,nope"], "--generators 'nope'"),
    (["--trials", "0"], "--trials 0"),
    (["--jobs", "0"], "--jobs 0"),
    (["--variants", "base,nope"], "--variants 'nope'"),
])
def test_jobfit_tune_names_a_bad_option(tmp_path, args, named):
    res = CliRunner().invoke(app, ["tune", "--dir", str(tmp_path / "w"), "--home",
                                   str(tmp_path / "home"), *args])
    assert res.exit_code == 2, res.output
    assert named in res.output
    assert "error:" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "w").exists()           # nothing generated for a bad command


@pytest.mark.heavy
def test_jobfit_tune_on_a_tiny_matrix(tmp_path, monkeypatch):
    """The command end to end, real training: two generators × one seed, 300 employees, two
    trials a fold; the MLflow runs, the progress lines, the result file, and the trials are
    those the seed gives."""
    home = tmp_path / "home"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{home.resolve()}/mlflow.db")
    out = tmp_path / "tune.json"
    res = CliRunner().invoke(app, [
        "tune", "--dir", str(tmp_path / "worlds"), "--generators", "kota,kabupaten",
        "--variants", "base", "--seeds", "3", "--employees", "300", "--truth-sample", "60",
        "--trials", "2", "--seed", "1", "--jobs", "1", "--home", str(home),
        "--out", str(out)])
    assert res.exit_code == 0, res.output
    for g in ("kota", "kabupaten"):
        for n in (1, 2):
            assert f"[{g} held out] trial {n}/2: mean ranker truth NDCG@10 0." in res.output
    assert "**Verdict: " in res.output and "| kabupaten | kota |" in res.output

    result = json.loads(out.read_text())
    assert result["worlds"] == ["kota/base/s3", "kabupaten/base/s3"]
    assert [f["held_out"] for f in result["folds"]] == ["kota", "kabupaten"]
    for f in result["folds"]:
        assert 0.0 < f["held_out_best"][f"{f['held_out']}/base/s3"] <= 1.0
        assert f["difference"] == pytest.approx(f["best_mean"] - f["default_mean"])
        assert f["tuned_score"] >= f["default_tuned_score"]     # the default was a trial
    lost = any(f["difference"] < 0 for f in result["folds"])
    assert result["verdict"] == (KEEP if lost else ADOPT)

    settings = jobfit_settings(home)
    runs = runs_of(settings)
    parent = next(r for r in runs if r.info.run_id == result["run_id"])
    assert parent.data.tags["verdict"] == result["verdict"]
    folds = children(runs, parent)
    assert {r.data.params["held_out"] for r in folds} == {"kota", "kabupaten"}
    expected = [t.params for t in search(smooth, trials=2, seed=1,
                                         start=default_params()).trials]
    for f in folds:
        held = f.data.params["held_out"]
        other = "kabupaten" if held == "kota" else "kota"
        assert {"held_out_best", "held_out_default", "difference", "tuned_best"} <= set(
            f.data.metrics)
        trials = sorted(children(runs, f), key=lambda r: int(r.data.params["trial"]))
        assert len(trials) == 2
        for t, params in zip(trials, expected):
            assert {k: t.data.params[k] for k in SPACE} == {k: str(v) for k, v in
                                                           params.items()}
            assert set(t.data.metrics) >= {"objective", f"truth_ndcg_10/{other}/base/s3"}
            assert 0.0 < t.data.metrics["objective"] <= 1.0
