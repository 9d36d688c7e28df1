"""Hyper-parameters chosen leave-one-generator-out on the world matrix (`jobfit tune`).

Why: a setting tuned on the worlds of one generator learns that generator — its history, its
truth's mechanisms — as much as it learns job fit. The project's rule (docs/model.md, "Judged on
a matrix of worlds") is that a choice enters only if it does not lose on the generator it was
not tuned on. This module applies that rule to the ranker's hyper-parameters, the label's
number of grades and the weight of the HR prior:

- for each generator G, an Optuna study (TPE, seeded: the same seed gives the same trials)
  searches on the worlds of the OTHER generators, maximising the ranker's mean truth NDCG@10
  (training.matrix.evaluate_world); the first trial of every study is the default design, so
  a study never ends below it where it was tuned;
- the study's best config and the default are then both evaluated on G's worlds, which the
  search never saw; the fold's difference is best minus default there;
- the verdict is "adopt" only if no fold loses on its held-out generator, else "keep the
  defaults".

Each trial is a nested MLflow run under its fold's run, under one run for the whole search
(training.tracking; experiment `jobfit-tuning`). No printing here: the caller gets a callback
per trial and a plain result.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from training.labels import LabelConfig
from training.matrix import World, evaluate_world
from training.pipeline import TrainConfig
from training.policy import RULE_PRIOR
from training.scorers import lgbm_params

ADOPT = "adopt"
KEEP = "keep the defaults"
TRAIN_SEED = 7          # the matrix's training seed (evaluate_world's default)

# The ranker's parameters searched, around the defaults of training.scorers.lgbm_params.
RANKER_KEYS = ("num_leaves", "n_estimators", "learning_rate", "min_child_samples",
               "subsample", "colsample_bytree", "reg_lambda")

# name → (kind, low, high, options): ranges around the documented design (docs/model.md).
SPACE: dict[str, tuple[str, float, float, dict[str, Any]]] = {
    "num_leaves": ("int", 4, 15, {}),
    "n_estimators": ("int", 100, 400, {"step": 50}),
    "learning_rate": ("float", 0.03, 0.2, {"log": True}),
    "min_child_samples": ("int", 20, 150, {"log": True}),
    "subsample": ("float", 0.6, 1.0, {}),
    "colsample_bytree": ("float", 0.6, 1.0, {}),
    "reg_lambda": ("float", 0.1, 10.0, {"log": True}),
    "n_grades": ("int", 3, 20, {}),
    "rule_prior": ("float", 0.0, 4.0, {}),
}

# Each trial's progress: (held-out generator, trial number from 1, objective, seconds).
OnTrial = Callable[[str, int, float, float], None]


# --- the search space ---------------------------------------------------------------------------

def default_params() -> dict[str, Any]:
    """The documented design as a point of the search space (read from the code that sets it,
    so the two cannot drift apart)."""
    ranker = lgbm_params(seed=TRAIN_SEED, n_jobs=1)
    return {**{k: ranker[k] for k in RANKER_KEYS}, "n_grades": LabelConfig().n_grades,
            "rule_prior": float(RULE_PRIOR)}


def suggest(trial) -> dict[str, Any]:
    """One point of SPACE drawn by an Optuna trial."""
    params = {}
    for name, (kind, low, high, options) in SPACE.items():
        if kind == "int":
            params[name] = trial.suggest_int(name, int(low), int(high), **options)
        else:
            params[name] = trial.suggest_float(name, low, high, **options)
    return params


def config_from_params(params: dict[str, Any], base: TrainConfig = TrainConfig()) -> TrainConfig:
    """`base` with a point of the search space: the ranker's parameters, the label grades and
    the HR prior's weight."""
    labels = replace(base.labels, n_grades=int(params["n_grades"]))
    ranker = {**base.ranker_params, **{k: params[k] for k in RANKER_KEYS}}
    return base.model_copy(update={"labels": labels, "ranker_params": ranker,
                                   "rule_prior": float(params["rule_prior"])})


# --- the objective ------------------------------------------------------------------------------

def params_key(params: dict[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, default=float)


def ranker_scores(worlds: Sequence[World], params: dict[str, Any], base: TrainConfig,
                  seed: int = TRAIN_SEED, cache: dict | None = None) -> dict[str, float]:
    """The ranker's truth NDCG@10 per world name for one point of the space. With `cache`, a
    (point, world) pair is trained once (the default is met in every fold)."""
    cache = {} if cache is None else cache
    config = config_from_params(params, base)
    scores = {}
    for w in worlds:
        key = (params_key(params), str(w.folder))
        if key not in cache:
            cache[key] = float(evaluate_world(w, config, seed)["ranker"])
        scores[w.name] = cache[key]
    return scores


def objective(scores: dict[str, float]) -> float:
    """What the search maximises: the mean truth NDCG@10 of the ranker over the worlds (a
    world without a score is left out; none: not a number)."""
    finite = [v for v in scores.values() if np.isfinite(v)]
    return float(np.mean(finite)) if finite else float("nan")


def new_study(seed: int):
    """A maximising study with a seeded TPE sampler (reproducible trials)."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna.create_study(direction="maximize",
                               sampler=optuna.samplers.TPESampler(seed=seed))


def search(evaluate: Callable[[dict[str, Any]], float], trials: int, seed: int,
           start: dict[str, Any] | None = None):
    """Run `trials` trials of a new study maximising `evaluate(params)`; `start` (the default
    design) is the first trial when given. Returns the study."""
    study = new_study(seed)
    if start is not None:
        study.enqueue_trial(start)
    study.optimize(lambda trial: evaluate(suggest(trial)), n_trials=trials)
    return study


# --- results and the verdict -------------------------------------------------------------------

@dataclass
class FoldResult:
    """One leave-one-generator-out fold: tuned on the other generators, judged on this one."""

    held_out: str
    tuned_on: list[str]
    best_params: dict[str, Any]
    tuned_score: float                 # the best trial's objective where it was tuned
    default_tuned_score: float         # the default's objective there
    held_out_best: dict[str, float]    # world → ranker truth NDCG@10 of the best config
    held_out_default: dict[str, float]  # world → the default's
    trials: int = 0
    run_id: str | None = None

    @property
    def best_mean(self) -> float:
        return objective(self.held_out_best)

    @property
    def default_mean(self) -> float:
        return objective(self.held_out_default)

    @property
    def difference(self) -> float:
        """Best minus default on the held-out generator's worlds (mean)."""
        return self.best_mean - self.default_mean

    def world_differences(self) -> dict[str, float]:
        return {w: self.held_out_best[w] - self.held_out_default[w] for w in self.held_out_best}

    @property
    def loses(self) -> bool:
        """Below the default on the held-out mean, or no figure to tell (no evidence)."""
        return not (np.isfinite(self.difference) and self.difference >= 0)

    @property
    def worlds_lost(self) -> int:
        return sum(d < 0 for d in self.world_differences().values())


def verdict(folds: Sequence[FoldResult]) -> str:
    """ADOPT only if no fold's best config loses, on the mean of its held-out generator's
    worlds, to the default; otherwise KEEP. A fold whose difference is not a number (no
    held-out score) counts as a loss."""
    if not folds:
        return KEEP
    return KEEP if any(f.loses for f in folds) else ADOPT


@dataclass
class TuningResult:
    folds: list[FoldResult]
    verdict: str
    trials: int
    seed: int
    worlds: list[str] = field(default_factory=list)
    run_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        folds = []
        for f in self.folds:
            d = asdict(f)
            d.update(best_mean=f.best_mean, default_mean=f.default_mean,
                     difference=f.difference, worlds_lost=f.worlds_lost,
                     world_differences=f.world_differences())
            folds.append(d)
        return {"verdict": self.verdict, "trials_per_fold": self.trials, "seed": self.seed,
                "worlds": self.worlds, "default_params": default_params(), "folds": folds,
                "run_id": self.run_id}

    def to_markdown(self) -> str:
        head = ("| held out | tuned on | tuned: best | tuned: default | held out: best | "
                "held out: default | difference | worlds lost |\n|---|---|---:|---:|---:|---:|"
                "---:|---:|\n")
        rows = [f"| {f.held_out} | {', '.join(f.tuned_on)} | {f.tuned_score:.3f} | "
                f"{f.default_tuned_score:.3f} | {f.best_mean:.3f} | {f.default_mean:.3f} | "
                f"{f.difference:+.3f} | {f.worlds_lost} of {len(f.held_out_best)} |"
                for f in self.folds]
        params = "\n".join(f"- held out {f.held_out}: " + ", ".join(
            f"{k} {_fmt(v)}" for k, v in f.best_params.items()) for f in self.folds)
        worlds = "\n".join(f"- {w}: best {f.held_out_best[w]:.3f}, default "
                           f"{f.held_out_default[w]:.3f} ({d:+.3f})"
                           for f in self.folds for w, d in f.world_differences().items())
        defaults = ", ".join(f"{k} {_fmt(v)}" for k, v in default_params().items())
        return (head + "\n".join(rows) + f"\n\n**Verdict: {self.verdict}** ({self.trials} "
                f"trials a fold, seed {self.seed}).\n\nBest parameters per fold:\n{params}\n"
                f"\nDefaults: {defaults}\n\nPer held-out world:\n{worlds}\n")


def _fmt(v: Any) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)


# --- leave-one-generator-out ------------------------------------------------------------------

def folds_of(worlds: Sequence[World]) -> list[tuple[str, list[World], list[World]]]:
    """(held-out generator, worlds to tune on, held-out worlds), one per generator in the
    order they first appear. ValueError if fewer than two generators."""
    names = list(dict.fromkeys(w.generator for w in worlds))
    if len(names) < 2:
        raise ValueError(f"leave-one-generator-out needs worlds of at least two generators, "
                         f"got {', '.join(names) or 'none'}")
    return [(g, [w for w in worlds if w.generator != g], [w for w in worlds if w.generator == g])
            for g in names]


def tune(settings, worlds: Sequence[World], trials: int = 20, seed: int = 1,
         base: TrainConfig = TrainConfig(), on_trial: OnTrial | None = None,
         train_seed: int = TRAIN_SEED) -> TuningResult:
    """Leave-one-generator-out search over SPACE on `worlds`, every trial a nested MLflow run
    (settings: where MLflow tracks). Returns the per-fold results and the verdict."""
    from training import tracking

    if trials < 1:
        raise ValueError(f"trials: give at least 1, got {trials}")
    folds = folds_of(worlds)
    cache: dict = {}
    start = default_params()
    params = {"generators": ",".join(g for g, _, _ in folds), "trials_per_fold": trials,
              "seed": seed, "train_seed": train_seed, "truth_sample": base.truth_sample,
              "worlds": len(worlds)}
    results = []
    with tracking.training_run(settings, f"tune {params['generators']}",
                               experiment=tracking.TUNING_EXPERIMENT) as (_, run_id):
        tracking.log_values(params=params, tags={"worlds": ", ".join(w.name for w in worlds)})
        tracking.log_json({"space": SPACE, "default": start}, "search_space.json")
        for held_out, tune_on, judge_on in folds:
            results.append(_fold(held_out, tune_on, judge_on, trials, seed, base, start,
                                 cache, on_trial, train_seed))
        outcome = TuningResult(results, verdict(results), trials, seed,
                               [w.name for w in worlds], run_id)
        tracking.log_values(metrics={f"difference/{f.held_out}": f.difference
                                     for f in results} |
                            {"folds_lost": sum(f.loses for f in results)},
                            tags={"verdict": outcome.verdict})
        tracking.log_json(outcome.to_dict(), "tuning.json")
    return outcome


def _fold(held_out: str, tune_on: list[World], judge_on: list[World], trials: int, seed: int,
          base: TrainConfig, start: dict[str, Any], cache: dict, on_trial: OnTrial | None,
          train_seed: int) -> FoldResult:
    from training import tracking

    tuned_on = list(dict.fromkeys(w.generator for w in tune_on))
    done = 0

    def evaluate(params: dict[str, Any]) -> float:
        nonlocal done
        t0 = time.perf_counter()
        done += 1
        number = done
        with tracking.nested_run(f"{held_out} held out: trial {number}"):
            scores = ranker_scores(tune_on, params, base, train_seed, cache)
            value = objective(scores)
            seconds = time.perf_counter() - t0
            tracking.log_values(
                params={**params, "trial": number},
                metrics={"objective": value, "seconds": seconds,
                         **{f"truth_ndcg_10/{w}": v for w, v in scores.items()}},
                tags={"default": str(params_key(params) == params_key(start)).lower()})
        if on_trial is not None:
            on_trial(held_out, number, value, seconds)
        return value

    with tracking.nested_run(f"held out {held_out}") as run_id:
        tracking.log_values(params={"held_out": held_out, "tuned_on": ",".join(tuned_on),
                                    "trials": trials, "seed": seed})
        study = search(evaluate, trials, seed, start)
        best = dict(study.best_params)
        first = study.trials[0].value          # the default (None if it failed)
        fold = FoldResult(held_out, tuned_on, best, float(study.best_value),
                          float("nan") if first is None else float(first),
                          ranker_scores(judge_on, best, base, train_seed, cache),
                          ranker_scores(judge_on, start, base, train_seed, cache),
                          trials, run_id)
        tracking.log_values(
            params={f"best_{k}": v for k, v in best.items()},
            metrics={"tuned_best": fold.tuned_score, "tuned_default": fold.default_tuned_score,
                     "held_out_best": fold.best_mean, "held_out_default": fold.default_mean,
                     "difference": fold.difference, "worlds_lost": fold.worlds_lost,
                     **{f"held_out_best/{w}": v for w, v in fold.held_out_best.items()},
                     **{f"held_out_default/{w}": v for w, v in fold.held_out_default.items()}},
            tags={"loses": str(fold.loses).lower()})
    return fold
