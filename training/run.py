"""`jobfit train`, one MLflow run: load the export → fit and evaluate (training.pipeline) →
the fair re-ranking's lifts (training.fair_lifts, stored with the model) → MLflow run with
metrics and plots (training.tracking) → registered version → fairness audit (ties broken
with that version's key, as serving will; plain lists gated, `fair=true` lists shown) →
promotion gate (training.gate) → model card.

``train(settings, data_dir, truth_dir=None, steps=None, config=None, accept_fairness=None)
-> TrainResult``; pass a ``training.steps.Steps`` (the command line passes a progress display)
to follow the steps. ``accept_fairness``: a person's reason to promote a model under the
fairness bar, recorded on the run and in the card.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from features.export import Export
from training.dataset import FeatureBuilder, export_date
from training.pipeline import (MODEL_LABELS, MODEL_ORDER, Evaluation, TrainConfig,
                               fit_and_evaluate, load_or_raise)
from training.steps import Steps


@dataclass
class TrainResult:
    run_id: str
    experiment_id: str
    model_name: str
    model_version: str
    promoted: bool
    reason: str
    champion_version: str | None            # the champion after this run
    metrics: dict[str, dict[str, float]]
    cutoff: str
    data_snapshot: str
    n_train: int
    n_valid: int
    seconds: float
    label_strategy: str
    warnings: list[str] = field(default_factory=list)
    fairness: str | None = None             # training.fairness summary
    gate_code: str = ""                     # training.gate verdict code
    fairness_accepted: str | None = None    # --accept-fairness, when it was needed
    selection: dict[str, float] = field(default_factory=dict)   # challenger, champion, rule

    # the gate's metric first; held-out NDCG also rewards knowing "who is good"
    COLUMNS = (("sel_movers", "movers' ρ (gate)"), ("val_ndcg_10", "held-out NDCG@10"),
               ("val_map_10", "MAP@10"), ("truth_ndcg_10", "truth NDCG@10"))

    def rows(self) -> list[list[str]]:
        out = []
        for m in MODEL_ORDER:
            vals = self.metrics.get(m, {})
            out.append([MODEL_LABELS[m]] + [
                "—" if not np.isfinite(vals.get(k, np.nan)) else f"{vals[k]:.3f}"
                for k, _ in self.COLUMNS])
        return out

    def verdict(self) -> str:
        state = "promoted to champion" if self.promoted else "NOT promoted"
        return f"{self.model_name} v{self.model_version}: {state} — {self.reason}"

    def __str__(self) -> str:
        head = ["model"] + [label for _, label in self.COLUMNS]
        lines = ["  ".join(f"{h:>14}" for h in head)]
        lines += ["  ".join(f"{c:>14}" for c in r) for r in self.rows()]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [self.fairness] if self.fairness else []
        return "\n".join(lines + [self.verdict(), f"MLflow run {self.run_id}"])

    def to_dict(self) -> dict:
        return asdict(self)




def train(settings, data_dir: Path, truth_dir: Path | None = None, steps: Steps | None = None,
          config: TrainConfig | None = None, accept_fairness: str | None = None) -> TrainResult:
    """One MLflow run: train, evaluate, log, register, audit, gate. See the module doc."""
    from training import tracking
    from training.card import model_card
    from training.truth import read_truth

    config = config or TrainConfig()
    accept_fairness = (accept_fairness or "").strip() or None
    t0 = time.perf_counter()
    with steps or Steps() as steps:
        with steps.step("loading and validating the export"):
            export = load_or_raise(data_dir)
            truth = read_truth(Path(truth_dir)) if truth_dir is not None else None
        fb = FeatureBuilder(export)
        ev = fit_and_evaluate(export, settings.seed, config, truth, settings.min_tenure_years,
                              features=fb, steps=steps)
        with steps.step("fair re-ranking: lifts per gender and age band"):
            lifts = _fit_lifts(ev, export, fb, settings.min_tenure_years)
            ev.model.fair_lifts = lifts.lifts.to_dict()
        with tracking.training_run(settings, f"train {export.snapshot}") as (exp_id, run_id):
            with steps.step("MLflow: run, metrics, plots"):
                tracking.log_evaluation(ev, export, settings, config, data_dir, truth_dir)
            with steps.step("MLflow: logging and registering the model"):
                info = tracking.log_model(ev.model, ev.X_valid[:50] if len(ev.X_valid)
                                          else ev.X_train[:50])
                version = tracking.register(settings, info, run_id)
            with steps.step("fairness audit (both directions, 90 % intervals)"):
                fairness = _fairness_audit(ev, export, fb, settings.min_tenure_years, version)
                fairness.notes += lifts.notes
                tracking.log_fairness(fairness)
            with steps.step("promotion gate and model card"):
                gate = tracking.promote(settings, version,
                                        _judge(ev, fairness, accept_fairness))
                result = TrainResult(
                    run_id=run_id, experiment_id=exp_id, model_name=settings.model_name,
                    model_version=version, promoted=gate.promoted, reason=gate.reason,
                    champion_version=version if gate.promoted else gate.champion_before,
                    metrics=ev.metrics, cutoff=str(ev.labels.cutoff.date()),
                    data_snapshot=export.snapshot, n_train=len(ev.labels.train),
                    n_valid=len(ev.labels.valid), seconds=0.0,
                    label_strategy=config.labels.name, warnings=list(ev.warnings),
                    fairness=fairness.summary(), gate_code=gate.code,
                    fairness_accepted=gate.fairness_accepted,
                    selection={"challenger": gate.challenger_metric,
                               "champion": gate.champion_metric, "rule": gate.rule_metric})
                tracking.log_card(settings, version, model_card(
                    model_name=settings.model_name, version=version, result=result, ev=ev,
                    fairness=fairness, export_info=_export_info(export)))
            result.seconds = time.perf_counter() - t0
            tracking.log_outcome(gate, ev.warnings, result.seconds, steps.timings,
                                 accept_fairness)
    return result


def _export_info(export: Export) -> dict:
    return {"as_of": str(export_date(export)), "employees": len(export.employees),
            "positions": len(export.positions), "fingerprint": export.fingerprint}


def _judge(ev: Evaluation, fairness, accept_fairness: str | None):
    """The gate's judge for tracking.promote: selection metric of challenger, champion and
    rule baseline on the same movers, the same way; then training.gate.decide."""
    from training.gate import decide
    from training.selection import (baseline_scorer, difference_interval, model_scorer,
                                    selection_metric)

    def judge(champion, champion_version):
        scores = {"challenger": selection_metric(ev, ev.model.margin),
                  "rule": selection_metric(ev, baseline_scorer(ev, "rule")), "champion": None}
        if champion is not None:
            scorer = model_scorer(ev, champion)
            if scorer is not None:
                scores["champion"] = selection_metric(ev, scorer)
        verdict = decide(scores["challenger"], scores["rule"], scores["champion"],
                         champion_version, fairness.gate_failures(), accept_fairness,
                         versus_rule=difference_interval(scores["challenger"],
                                                         scores["rule"]))
        return verdict, scores

    return judge


def steps_of_a_run(truth_given: bool) -> int:
    """How many steps `train` reports (for a progress display's total)."""
    return 11 + (1 if truth_given else 0)


def _fit_lifts(ev: Evaluation, export: Export, fb: FeatureBuilder, min_tenure_years: float):
    from features.eligibility import EligibilityIndex
    from training.fair_lifts import fit_fair_lifts

    as_of = export_date(export)
    return fit_fair_lifts(export, ev.model, fb.at(as_of),
                          EligibilityIndex(export, min_tenure_years), as_of)


def _fairness_audit(ev: Evaluation, export: Export, fb: FeatureBuilder,
                    min_tenure_years: float, version: str):
    """The audit of the plain lists (the gate's) and of the same candidate lists as
    `fair=true` ranks them with this model's lifts (shown, not gated)."""
    from features.eligibility import EligibilityIndex
    from models.fair_ranking import Lifts, fair_ranker
    from training.fairness import run_audit

    as_of = export_date(export)
    fair = {"fair": fair_ranker(Lifts.from_dict(ev.model.fair_lifts))}
    return run_audit(export, ev.model, fb.at(as_of),
                     EligibilityIndex(export, min_tenure_years), as_of, model_version=version,
                     fair=fair)
