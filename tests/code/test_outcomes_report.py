"""The outcome report's arithmetic and the drift measure, on inputs whose answers are known by
construction: PSI of a sample against itself and against a shifted copy, calibration of a
perfectly and an inversely ordered set of moves, the followed-through rate and the override
comparison, the language choice."""

from __future__ import annotations

import numpy as np
import pytest

from serving.outcomes.drift import level, psi
from serving.outcomes.match import effective_moves
from serving.outcomes.report import build_report
from serving.outcomes.texts import TEXTS, check_lang
from serving.state.errors import BadRequest


def test_psi_is_zero_on_the_same_sample_and_large_on_a_shifted_one():
    rng = np.random.default_rng(0)
    x = rng.normal(0, 1, 5000)
    assert psi(x, x)[0] == 0.0
    same_law = psi(x, rng.normal(0, 1, 5000))[0]
    shifted = psi(x, rng.normal(1, 1, 5000))[0]
    assert same_law < 0.05 and level(same_law) == "stable"
    assert shifted > 0.25 and level(shifted) == "major"
    # unknown values are a bin of their own: more of them is drift
    with_nan = x.copy()
    with_nan[:1500] = np.nan
    value, bins = psi(x, with_nan)
    assert value > 0.1 and bins[-1] == {"bin": "unknown", "old": 0.0, "new": 0.3}
    # categorical: per value
    assert psi(np.array([0, 0, 1, 1.0]), np.array([0, 0, 1, 1.0]), "categorical")[0] == 0.0
    assert psi(np.array([0, 0, 1, 1.0]), np.array([1, 1, 1, 1.0]), "categorical")[0] > 1
    with pytest.raises(ValueError, match="psi"):
        psi(np.array([]), x)


def _round(n: int, sign: int):
    moves = [{"move_id": f"m{i + 1}", "employee_id": f"E{i}", "from_position_id": f"A{i}",
              "to_position_id": f"B{i}", "score": 0.1 + 0.08 * i, "gain": 0.05,
              "decision": {"decision": "override" if i == 0 else
                           "reject" if i == 1 else "approve",
                           "override_employee_id": "E99" if i == 0 else None,
                           "override_position_id": None}}
             for i in range(n)]
    eff = effective_moves({"moves": moves})
    for i, m in enumerate(eff):
        m.update(status="carried_out" if i % 5 else "not_carried_out",
                 actual_position_id=None, appraisal_before=3.0,
                 appraisal_after=3.0 + sign * 0.1 * i, appraisal_years=1)
    return eff


@pytest.mark.parametrize("sign", [1, -1])
def test_calibration_and_rates_from_known_moves(sign):
    moves = _round(11, sign)
    header = {"round_id": "rnd-1", "name": "t", "status": "enacted", "model_version": "3",
              "data_snapshot": "old@1"}
    found = {"ingest": {"ingest_id": "ing-1", "data_snapshot": "new@2",
                        "export_date": "2028-01-01", "ingested_at": "2028-01-02T00:00:00",
                        "summary": {"round_date": "2026-11-30", "appraisal_year_before": 2025,
                                    "appraisal_year_after": 2027}},
             "moves": moves, "units": []}
    rep = build_report(header, found, "en")
    # m1 override (another employee: no predicted score), m2 rejected, m3..m11 approved
    assert moves[0]["employee_id"] == "E99" and moves[0]["predicted_score"] is None
    assert rep["moves"]["enacted"] == 10 and rep["moves"]["by_decision"] == \
        {"override": 1, "reject": 1, "approve": 9}
    carried = sum(1 for i in range(11) if i % 5 and i != 1)     # enacted and carried out
    assert rep["moves"]["carried_out"] == carried
    assert rep["moves"]["followed_through_rate"] == pytest.approx(carried / 10, abs=1e-4)
    cal = rep["calibration"]
    assert cal["pairs"] == carried          # every carried-out move here has its score
    assert cal["pearson"] == pytest.approx(sign * 1.0, abs=1e-4)
    assert cal["spearman"] == pytest.approx(sign * 1.0, abs=1e-4)
    means = [b["appraisal_after_mean"] for b in cal["bins"]]
    assert means == sorted(means, reverse=sign < 0)
    assert rep["overrides"]["overridden"]["moves"] == 1
    assert rep["overrides"]["planned"]["moves"] == 9
    assert any("carried out" in s for s in rep["summary"])
    assert any("terlaksana" in s for s in build_report(header, found, "id")["summary"])


def test_language_choice_and_every_text_in_both_languages():
    assert check_lang(None) == "id" and check_lang(None, "en-US,en;q=0.9") == "en"
    assert check_lang(None, "fr") == "id" and check_lang("EN") == "en"
    with pytest.raises(BadRequest) as err:
        check_lang("fr")
    assert err.value.field == "lang"
    assert all(set(v) == {"id", "en"} for v in TEXTS.values())
