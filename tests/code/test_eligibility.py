"""The eight eligibility rules on the hand-made mini city (facts listed in tests/exportkit.py)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from exportkit import AS_OF, employee_id
from features import eligibility as el
from features.eligibility import EligibilityIndex
from features.loader import load_export


@pytest.fixture(scope="module")
def index(mini_export) -> EligibilityIndex:
    return EligibilityIndex(mini_export)


def positions(export, result) -> set[str]:
    return set(export.positions["position_id"].iloc[result.indices])


def people(export, result) -> set[str]:
    return set(export.employees["employee_id"].iloc[result.indices])


def test_eligible_employee_gets_every_other_position(mini_export, index):
    r = index.positions_for(employee_id(19), AS_OF, vacant_only=False)
    assert r.status == "ok" and r.reason is None
    assert positions(mini_export, r) == set(mini_export.positions["position_id"]) - {"BPKAD-03"}
    assert r.excluded == {el.CURRENT: 1}


def test_rule1_cpns_are_not_moved(mini_export, index):
    r = index.positions_for(employee_id(14), AS_OF, vacant_only=False)   # CPNS, no position
    assert r.status == "ok" and len(r) == 0
    assert r.excluded == {el.STATUS_CPNS: len(mini_export.positions)}


def test_rule1_pppk_only_to_fungsional_or_pelaksana(mini_export, index):
    r = index.positions_for(employee_id(15), AS_OF, vacant_only=False)
    job_types = mini_export.positions["job_type"]
    assert set(job_types.iloc[r.indices]) <= {"fungsional", "pelaksana"}
    assert r.excluded[el.PPPK_ONLY] == int((~job_types.isin(["fungsional", "pelaksana"])).sum())
    # a PPPK has no rank: the rank floor is not applied (rule 2 "when both are known")
    assert "BPKAD-03" in positions(mini_export, r)      # min_rank III/c, S1


def test_rule2_rank_floor(mini_export, index):
    r = index.positions_for(employee_id(20), AS_OF, vacant_only=False)   # III/c, D4
    below = {"SETDA-01", "BPKAD-01", "BPKAD-02", "KEC-01"}                # III/d and IV/b
    assert r.excluded == {el.RANK_BELOW: len(below)}
    assert not below & positions(mini_export, r)


def test_rule3_education_minimum_and_d4_counts_as_s1(mini_export, index):
    r = index.positions_for(employee_id(16), AS_OF, vacant_only=False)   # PPPK, D3
    assert r.excluded[el.EDUCATION_BELOW] == 2                            # BPKAD-03, DUK-02
    assert not {"BPKAD-03", "DUK-02"} & positions(mini_export, r)
    r = index.positions_for(employee_id(20), AS_OF, vacant_only=False)   # D4 = S1
    assert {"BPKAD-03", "DUK-02", "DUK-01"} <= positions(mini_export, r)


def test_rule3_unknown_education_excludes(mini_copy):
    mini_copy.write("education.csv", [r for r in mini_copy.rows("education.csv")
                                      if r["employee_id"] != employee_id(20)])
    export, _ = load_export(mini_copy.dir)
    r = EligibilityIndex(export).positions_for(employee_id(20), AS_OF, vacant_only=False)
    assert len(r) == 0 and r.excluded == {el.RANK_BELOW: 4, el.EDUCATION_UNKNOWN: 8}


def test_rule4_age_limit_in_full_years(mini_export, index):
    r = index.employees_for("BPKAD-01", AS_OF)          # JPT pratama, max_age 56
    assert people(mini_export, r) == {employee_id(19)}
    assert r.excluded[el.OVER_AGE] == 1                 # E01, 57
    e19 = employee_id(19)                               # born 1975-05-05
    for as_of, eligible in [(date(2031, 5, 5), True), (date(2032, 5, 4), True),
                            (date(2032, 5, 5), False)]:
        assert (e19 in people(mini_export, index.employees_for("BPKAD-01", as_of))) == eligible


def test_rule5_active_sanction(mini_export, index):
    e09 = employee_id(9)                                # sanction until 2026-01-01
    r = index.positions_for(e09, AS_OF, vacant_only=False)
    assert len(r) == 0 and el.SANCTION in r.excluded
    assert len(index.positions_for(e09, date(2025, 12, 31), vacant_only=False)) == 0
    assert len(index.positions_for(e09, date(2026, 1, 1), vacant_only=False)) > 0
    r10 = index.positions_for(employee_id(10), AS_OF, vacant_only=False)  # ended 2024-01-01
    assert el.SANCTION not in r10.excluded


def test_rule6_not_the_current_position(mini_export, index):
    r = index.positions_for(employee_id(3), AS_OF, vacant_only=False)
    assert "BPKAD-03" not in positions(mini_export, r) and r.excluded[el.CURRENT] == 1


def test_rule7_not_yet_due(mini_export, index):
    e04 = employee_id(4)                                # in BPKAD-04 since 2024-09-01
    r = index.positions_for(e04, AS_OF)
    assert r.status == "not_due" and len(r) == 0
    assert r.reason == "0.8 of 2 years in current position"
    assert sum(r.excluded.values()) == len(mini_export.positions)
    assert r.excluded[el.NOT_DUE] > 0
    assert index.positions_for(e04, date(2026, 9, 1)).status == "ok"      # the anniversary
    assert index.positions_for(e04, date(2026, 8, 31)).reason == \
        "1.9 of 2 years in current position"
    assert EligibilityIndex(mini_export, min_tenure_years=0.5).positions_for(
        e04, AS_OF).status == "ok"
    # candidates for a position: the not-due are excluded with that reason
    c = index.employees_for("DUK-02", AS_OF)
    assert e04 not in people(mini_export, c) and c.excluded[el.NOT_DUE] >= 1


def test_rule7_no_current_position_is_due(mini_export, index):
    r = index.positions_for(employee_id(20), AS_OF, vacant_only=False)
    assert r.status == "ok" and el.CURRENT not in r.excluded


def test_rule8_vacant_only(mini_export, index):
    r = index.positions_for(employee_id(19), AS_OF, vacant_only=True)
    vac = mini_export.positions.set_index("position_id")["vacancies"]
    got = positions(mini_export, r)
    assert got == {"BPKAD-01", "DUK-02", "SETDA-02", "KEL-02"}   # BPKAD-03 is his own
    assert all(vac[p] > 0 for p in got)
    assert r.excluded == {el.CURRENT: 1, el.NOT_VACANT: len(mini_export.positions) - 5}
    assert vac["BPKAD-02"] == -1 and "BPKAD-02" not in got          # overstaffed


def test_unit_filter(mini_export, index):
    r = index.positions_for(employee_id(19), AS_OF, vacant_only=False,
                            unit_ids=["BPKAD", "KEL-SATU"])
    assert positions(mini_export, r) == {"BPKAD-01", "BPKAD-02", "BPKAD-04", "KEL-01", "KEL-02"}
    n_outside = int((~mini_export.positions["unit_id"].isin(["BPKAD", "KEL-SATU"])).sum())
    assert r.excluded == {el.NOT_IN_UNITS: n_outside, el.CURRENT: 1}
    with pytest.raises(KeyError, match="DINAS-ENTAH"):
        index.positions_for(employee_id(19), AS_OF, unit_ids=["DINAS-ENTAH"])


def test_unknown_ids_raise_key_error(index):
    with pytest.raises(KeyError, match="unknown employee_id '123'"):
        index.positions_for("123", AS_OF)
    with pytest.raises(KeyError, match="unknown position_id 'NOPE'"):
        index.employees_for("NOPE", AS_OF)


@pytest.mark.parametrize("vacant_only", [False, True])
def test_counts_add_up_and_agree_with_the_matrix(mini_export, index, vacant_only):
    n_emp, n_pos = len(mini_export.employees), len(mini_export.positions)
    m = index.matrix(AS_OF, vacant_only=vacant_only)
    assert m.shape == (n_emp, n_pos) and m.dtype == bool
    for i, eid in enumerate(mini_export.employees["employee_id"]):
        r = index.positions_for(eid, AS_OF, vacant_only=vacant_only)
        assert len(r) + sum(r.excluded.values()) == n_pos
        assert set(r.excluded) <= set(el.REASONS)
        np.testing.assert_array_equal(np.flatnonzero(m[i]), r.indices)
    for j, pid in enumerate(mini_export.positions["position_id"]):
        c = index.employees_for(pid, AS_OF)
        assert len(c) + sum(c.excluded.values()) == n_emp
        if not vacant_only:
            np.testing.assert_array_equal(np.flatnonzero(m[:, j]), c.indices)
    total = index.excluded_counts(AS_OF, vacant_only=vacant_only)
    assert sum(total.values()) + int(m.sum()) == n_emp * n_pos


def test_first_failing_rule_wins(mini_export, index):
    # E13 is CPNS AND not yet due: counted once, under the earlier rule
    r = index.positions_for(employee_id(13), AS_OF, vacant_only=False)
    assert r.status == "not_due" and r.excluded == {el.STATUS_CPNS: len(mini_export.positions)}


def test_why_not_names_the_first_rule_with_its_facts(mini_export, index):
    """One pair's verdict in words (the 422 of an ineligible override), agreeing with the
    matrix on every pair."""
    e = mini_export.employee_rows
    p = mini_export.position_rows
    cases = {
        (20, "BPKAD-01"): "rank III/c below floor IV/b",
        (16, "BPKAD-03"): "education D3 below minimum S1",
        (1, "BPKAD-01"): "over age limit: 57 above 56",
        (14, "DUK-02"): el.STATUS_CPNS,
        (15, "SETDA-01"): el.PPPK_ONLY,
        (9, "DUK-02"): "active sanction",
        (3, "BPKAD-03"): el.CURRENT,
        (4, "DUK-02"): "not yet due: 0.8 of 2 years in current position",
        (19, "BPKAD-01"): None,
    }
    for (no, pos), want in cases.items():
        assert index.why_not(e[employee_id(no)], p[pos], AS_OF) == want, (no, pos)
    ok = index.matrix(AS_OF)
    for i in range(len(mini_export.employees)):
        for j in range(len(mini_export.positions)):
            assert (index.why_not(i, j, AS_OF) is None) == bool(ok[i, j]), (i, j)
