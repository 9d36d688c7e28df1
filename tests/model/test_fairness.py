"""The fairness audit (training.fairness): the four-fifths arithmetic on hand-built examples,
unknown groups, and the audit logged on a real training run."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest

from training.fairness import (FOUR_FIFTHS, UNKNOWN, age_groups, audit_groups, figure,
                               gender_groups, run_audit)


def test_ratio_and_alarm_from_known_rates():
    # L: 100 pairs, 30 in a top 10 (rate 0.30); P: 50 pairs, 10 selected (rate 0.20)
    groups = np.array(["L"] * 100 + ["P"] * 50, dtype=object)
    rank = np.array([1] * 30 + [50] * 70 + [2] * 10 + [50] * 40)
    a = audit_groups("gender", groups, rank, k=10, order=("L", "P"))
    assert a.table.loc["L", "selection_rate"] == pytest.approx(0.30)
    assert a.table.loc["P", "selection_rate"] == pytest.approx(0.20)
    assert a.ratio == pytest.approx(0.20 / 0.30)
    assert a.alarm                                     # 0.667 < 0.8
    # exposure: 1/log2(rank+1) per pair, 0 outside the top 10
    assert a.table.loc["L", "exposure"] == pytest.approx(30 * 1.0 / 100)
    assert a.table.loc["P", "exposure"] == pytest.approx(10 / np.log2(3) / 50)

    b = audit_groups("gender", groups, np.array([1] * 30 + [50] * 70 + [3] * 13 + [50] * 37),
                     k=10, order=("L", "P"))
    assert b.ratio == pytest.approx(0.26 / 0.30) and b.ratio >= FOUR_FIFTHS and not b.alarm


def test_unknown_group_is_counted_but_not_compared():
    groups = np.array(["L"] * 40 + ["P"] * 40 + [UNKNOWN] * 30, dtype=object)
    rank = np.array([1] * 20 + [99] * 20 + [1] * 18 + [99] * 22 + [99] * 30)
    a = audit_groups("gender", groups, rank, order=("L", "P"))
    assert list(a.table.index) == ["L", "P", UNKNOWN]
    assert a.table.loc[UNKNOWN, "pairs"] == 30 and a.table.loc[UNKNOWN, "selection_rate"] == 0
    assert a.compared == ["L", "P"]
    assert a.ratio == pytest.approx(0.45 / 0.5)    # the unknown group's 0 is not the minimum
    # a group too small to give a rate, or a single group: no ratio, no alarm
    one = audit_groups("gender", groups[:45], rank[:45], order=("L", "P"))
    assert one.compared == ["L"] and np.isnan(one.ratio) and not one.alarm
    empty = audit_groups("age", np.array([], dtype=object), np.array([]))
    assert empty.table.empty and np.isnan(empty.ratio) and not empty.alarm


def test_groups_from_gender_and_birth_date_with_blanks():
    emp = pd.DataFrame({"gender": pd.array(["L", "P", None, "x", " p"], dtype="string"),
                        "birth_date": pd.to_datetime(["1995-06-02", "1981-06-01", None,
                                                      "1971-06-01", "1960-01-01"])})
    assert list(gender_groups(emp)) == ["L", "P", UNKNOWN, UNKNOWN, "P"]
    # at 2026-06-01: 30 (birthday tomorrow), 45, unknown, 55, 66
    assert list(age_groups(emp, date(2026, 6, 1))) == ["<35", "45-54", UNKNOWN, "55+", "55+"]


@pytest.fixture(scope="module")
def audited(small_city, small_trained):
    from features.eligibility import EligibilityIndex
    from features.loader import load_export
    from features.pairs import PairFeatures
    from models.registry import load_champion
    from training.dataset import export_date

    settings, _ = small_trained
    export, _ = load_export(small_city / "export")
    model, _ = load_champion(settings)
    as_of = export_date(export)
    return export, model, PairFeatures(export, as_of), EligibilityIndex(export), as_of


def test_audit_on_a_trained_model_is_deterministic(audited):
    export, model, pf, elig, as_of = audited
    a = run_audit(export, model, pf, elig, as_of)
    b = run_audit(export, model, pf, elig, as_of)
    assert a.n_positions > 0 and a.n_pairs > a.n_positions * 10
    assert a.metrics() == b.metrics()
    for g in (a.gender, a.age):
        assert g.table["pairs"].sum() == a.n_pairs
        assert g.table["selected"].sum() == a.n_positions * 10   # every position has > 10
        assert ((g.table["selection_rate"] >= 0) & (g.table["selection_rate"] <= 1)).all()
    assert "fairness: gender selection ratio" in a.summary()
    figure(a)


def test_audit_with_blank_gender_and_birth_date(audited):
    export, model, pf, elig, as_of = audited
    emp = export.employees.copy()
    blank = np.arange(len(emp)) % 3 == 0
    emp["gender"] = emp["gender"].astype("string").mask(blank)
    emp["birth_date"] = emp["birth_date"].mask(blank)
    partial = dataclasses.replace(export, employees=emp)
    a = run_audit(partial, model, pf, elig, as_of)
    full = run_audit(export, model, pf, elig, as_of)
    for g in (a.gender, a.age):
        assert UNKNOWN in g.table.index and UNKNOWN not in g.compared
        assert g.table.loc[UNKNOWN, "pairs"] > 0
    assert a.n_pairs == full.n_pairs               # same ranking, only the groups differ
    assert "fairness_gender_unknown_selection_rate" in a.metrics()


def test_fairness_is_logged_on_a_real_run(small_trained):
    import mlflow

    settings, result = small_trained
    c = mlflow.MlflowClient(settings.tracking_uri)
    run = c.get_run(result.run_id)
    m, t = run.data.metrics, run.data.tags
    assert "fairness_gender_selection_ratio" in m and "fairness_age_selection_ratio" in m
    assert 0 < m["fairness_gender_selection_ratio"] <= 1
    assert {"fairness_gender_l_selection_rate", "fairness_gender_p_selection_rate",
            "fairness_gender_l_exposure"} <= set(m)
    alarm = t["fairness_alarm"]
    assert alarm == "none" or "selection ratio" in alarm
    assert (alarm != "none") == (m["fairness_gender_selection_ratio"] < FOUR_FIFTHS
                                 or m.get("fairness_age_selection_ratio", 1) < FOUR_FIFTHS)
    assert "plots/fairness.png" in {a.path for a in c.list_artifacts(result.run_id, "plots")}
    assert result.fairness and result.fairness in str(result)
