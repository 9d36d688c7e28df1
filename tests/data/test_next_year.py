"""The city a year on (synthetic.kota.nextyear): a valid export in the contract, the moves
carried out at the documented rate, appraisals shaped by the truth, the same bytes per seed,
and bad input refused with the file / entry / parameter named."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from features.export import export_date
from features.loader import load_export
from synthetic.kota.nextyear import simulate_next_year


@pytest.fixture(scope="module")
def planned(small_city):
    """60 plausible moves: employees in post to positions of the same job type elsewhere."""
    a = pd.read_csv(small_city / "export" / "assignments.csv", dtype=str, keep_default_na=False)
    pos = pd.read_csv(small_city / "export" / "positions.csv", dtype=str)
    cur = a[a["end_date"] == ""].merge(pos[["position_id", "job_type"]], on="position_id")
    moves = []
    for i, row in enumerate(cur.head(60).itertuples()):
        same = pos[(pos["job_type"] == row.job_type) & (pos["position_id"] != row.position_id)]
        moves.append({"employee_id": row.employee_id,
                      "to_position_id": same["position_id"].iloc[i % len(same)]})
    return moves


@pytest.fixture(scope="module")
def next_year(small_city, planned, tmp_path_factory):
    out = tmp_path_factory.mktemp("next_year")
    summary = simulate_next_year(small_city, planned, out, follow_through=0.8)
    return out, summary


def test_the_next_year_is_a_clean_export_a_year_on(small_city, next_year, planned):
    out, summary = next_year
    new, report = load_export(out / "export")
    assert report.clean, report.to_text()
    old, _ = load_export(small_city / "export")
    assert export_date(new) == summary.as_of and summary.as_of.year == 2028
    assert not any((out / "export").glob("*truth*"))
    # the moves carried out are the new current posts; the others stay where they were
    truth = pd.read_csv(out / "truth" / "next_year_moves.csv", dtype=str)
    cur_new = new.assignments[new.assignments["is_current"]].set_index("employee_id")
    cur_old = old.assignments[old.assignments["is_current"]].set_index("employee_id")
    for row in truth.itertuples():
        want = row.to_position_id if row.carried_out == "True" else row.from_position_id
        assert cur_new.loc[row.employee_id, "position_id"] == want
    unmoved = set(cur_old.index) - set(truth["employee_id"])
    assert (cur_new.loc[sorted(unmoved), "position_id"]
            == cur_old.loc[sorted(unmoved), "position_id"]).all()
    # the follow-through rate is near the one asked for (60 draws at 0.8)
    assert summary.carried_out == (truth["carried_out"] == "True").sum()
    assert 0.6 <= summary.carried_out / summary.moves <= 0.95
    # appraisals of 2026 and 2027 for everyone in post; older years untouched
    years = new.performance.groupby("year").size()
    assert years.get(2027, 0) == len(cur_new) and years.get(2026, 0) == len(cur_new)
    assert new.performance[new.performance["year"] < 2026].shape[0] == len(old.performance)


def test_appraisals_follow_the_truth(next_year):
    out, _ = next_year
    new, _ = load_export(out / "export")
    truth = pd.read_csv(out / "truth" / "appraisal_truth.csv", dtype={"employee_id": str})
    perf = new.performance[new.performance["year"] == 2027][["employee_id", "value"]]
    both = perf.merge(truth[truth["year"] == 2027], on="employee_id")
    assert len(both) == len(perf)
    assert np.corrcoef(both["value"], both["true_outcome"])[0, 1] > 0.3


def test_same_seed_same_bytes_and_another_seed_differs(small_city, planned, next_year,
                                                       tmp_path):
    out, _ = next_year
    simulate_next_year(small_city, planned, tmp_path / "a", follow_through=0.8)
    simulate_next_year(small_city, planned, tmp_path / "b", follow_through=0.8, seed=5)
    for name in ("assignments.csv", "performance.csv"):
        assert (tmp_path / "a" / "export" / name).read_bytes() == \
            (out / "export" / name).read_bytes()
    assert (tmp_path / "b" / "export" / "performance.csv").read_bytes() != \
        (out / "export" / "performance.csv").read_bytes()


@pytest.mark.parametrize("moves, message", [
    ([{"employee_id": "nobody", "to_position_id": "x"}], "moves[0].employee_id"),
    ("not a list", "moves: must be a list"),
    ([{"employee_id": None}], "moves[0].employee_id: missing"),
])
def test_bad_moves_are_named(small_city, tmp_path, moves, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        simulate_next_year(small_city, moves, tmp_path / "out")


def test_a_move_to_an_unknown_position_and_a_double_move_are_named(small_city, planned,
                                                                   tmp_path):
    bad = [dict(planned[0]), {**planned[1], "to_position_id": "NOPE-1"}]
    with pytest.raises(ValueError, match=r"moves\[1\]\.to_position_id: 'NOPE-1'"):
        simulate_next_year(small_city, bad, tmp_path / "out")
    with pytest.raises(ValueError, match=r"moves\[1\]\.employee_id: the employee moves twice"):
        simulate_next_year(small_city, [planned[0], planned[0]], tmp_path / "out")
    with pytest.raises(ValueError, match="follow_through"):
        simulate_next_year(small_city, planned, tmp_path / "out", follow_through=1.5)


def test_an_edited_or_foreign_city_is_refused(small_city, planned, tmp_path):
    with pytest.raises(ValueError, match="meta.json: not found"):
        simulate_next_year(tmp_path, planned, tmp_path / "out")
    city = tmp_path / "city"
    shutil.copytree(small_city, city)
    a = pd.read_csv(city / "export" / "assignments.csv", dtype=str, keep_default_na=False)
    cur = a.index[a["end_date"] == ""][0]
    a.loc[cur, "position_id"] = a.loc[a.index[a["end_date"] == ""][5], "position_id"] \
        if a.loc[cur, "position_id"] != a.loc[a.index[a["end_date"] == ""][5], "position_id"] \
        else a.loc[a.index[a["end_date"] == ""][6], "position_id"]
    a.to_csv(city / "export" / "assignments.csv", index=False)
    with pytest.raises(ValueError, match="current posts differ"):
        simulate_next_year(city, planned, tmp_path / "out")
