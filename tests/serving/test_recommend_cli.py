"""`jobfit recommend`: the same ranking offline, as a table or the API's JSON; clear errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jobfit.cli import app

pytestmark = pytest.mark.heavy

runner = CliRunner()


def _run(world, *args):
    env = {"MLFLOW_TRACKING_URI": world.settings.tracking_uri}
    return runner.invoke(app, ["recommend", "--data", str(world.export_dir), "--home",
                               str(world.home), *args], env=env, terminal_width=200)


def test_table_names_positions_scores_and_reasons(serving_world, recommender, ids):
    eid = ids["due"][2]
    result = _run(serving_world, "--employee", eid, "-k", "3", "--all-positions")
    assert result.exit_code == 0, result.output
    answer = recommender.positions_for(eid, k=3, vacant_only=False)
    for rec in answer["recommendations"]:
        assert rec["position_id"] in result.output
        assert f"{rec['score']:.3f}" in result.output
    assert "Left out by the eligibility rules" in result.output


def test_json_with_unit_filter(serving_world, recommender, ids):
    eid = ids["due"][3]
    unit = recommender.positions_for(eid, k=1, vacant_only=False)["recommendations"][0]["unit_id"]
    result = _run(serving_world, "--employee", eid, "--all-positions", "--unit", unit, "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["recommendations"]
    assert {r["unit_id"] for r in answer["recommendations"]} == {unit}


def test_fair_candidates_are_the_recommenders_fair_list(serving_world, recommender, ids):
    pid = ids["positions"][0]
    result = _run(serving_world, "--position", pid, "-k", "10", "--fair", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["fair"] is True
    assert answer == recommender.candidates_for(pid, k=10, fair=True)


@pytest.mark.parametrize("args,code,words", [
    (["--employee", "no-such-nip"], 1, "employee_id"),
    (["--position", "NO-SUCH-POST"], 1, "position_id"),
    ([], 2, "exactly one"),
    (["--employee", "x", "--position", "y"], 2, "exactly one"),
    (["--position", "y", "--all-positions"], 2, "--employee"),
    (["--employee", "x", "--fair"], 2, "--position"),
    (["--employee", "x", "--as-of", "2024-02-30"], 2, "--as-of"),
])
def test_bad_input_is_a_clear_error(serving_world, args, code, words):
    result = _run(serving_world, *args)
    assert result.exit_code == code, result.output
    assert words in result.output
