"""POST /plan on the real `bentoml serve`: the round plan over HTTP equals the in-process one,
keeps the rules, and answers bad input with a 4xx naming the field."""

from __future__ import annotations

from collections import Counter
from datetime import date

import httpx
import pytest

from planning.answer import PlanAnswer

pytestmark = pytest.mark.heavy


@pytest.fixture(scope="module")
def default_plan(client):
    r = client.post("/plan", json={}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def bare_plan(client):
    """The plan at the settings before the HR-adoptable defaults: maximum total expected fit,
    every positive gain taken (exact, proven optimal)."""
    r = client.post("/plan", json={"move_cost": 0.0, "vacancy_value": 0.0,
                                   "max_moves_per_fill": None}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_default_plan_keeps_the_move_budget(default_plan):
    ans = PlanAnswer.model_validate(default_plan)
    assert ans.round["max_moves_per_fill"] == 1.5
    for name in ("plan", "greedy"):
        t = ans.totals[name]
        assert t.moves <= 1.5 * t.vacancies_filled
    assert ans.solver["upper_bound"] >= ans.totals["plan"].objective - 1e-6
    assert ans.totals["plan"].objective >= ans.totals["greedy"].objective - 1e-6


def test_plan_answer_follows_the_schema_and_the_rules(bare_plan, recommender):
    ans = PlanAnswer.model_validate(bare_plan)
    assert ans.status == "ok" and ans.model_version == recommender.model_version
    assert ans.data_snapshot == recommender.data_snapshot
    assert ans.moves, "a generated city has vacancies someone fits"
    ok = recommender.eligibility.matrix(date.fromisoformat(ans.as_of))
    emp = {e: i for i, e in enumerate(recommender.export.employees["employee_id"].astype(str))}
    pos = {p: i for i, p in enumerate(recommender.export.positions["position_id"].astype(str))}
    assert len({m.employee_id for m in ans.moves}) == len(ans.moves)
    for m in ans.moves:
        assert ok[emp[m.employee_id], pos[m.to_position_id]]
        assert m.reasons, "every move says why"
    t = ans.totals
    assert t["plan"].fit >= t["keep"].fit
    assert ans.solver["optimal"] and t["plan"].objective >= t["greedy"].objective - 1e-6


def test_http_plan_equals_the_in_process_plan(default_plan, recommender):
    from planning.plan import plan_round
    from serving.round_parts import round_parts

    here = plan_round(round_parts(recommender), as_of=date.fromisoformat(default_plan["as_of"]))
    assert [(m["employee_id"], m["to_position_id"]) for m in here["moves"]] == \
        [(m["employee_id"], m["to_position_id"]) for m in default_plan["moves"]]
    assert here["totals"] == default_plan["totals"]


def test_unit_cap_over_http(client, recommender):
    r = client.post("/plan", json={"max_loss_per_unit": 1}, timeout=60)
    assert r.status_code == 200, r.text
    lost = Counter(m["from_unit_id"] for m in r.json()["moves"]
                   if m["from_unit_id"] and m["from_unit_id"] != m["to_unit_id"])
    assert max(lost.values(), default=0) <= 1


@pytest.mark.parametrize("body,status,field", [
    ({"positions": ["NOPE"]}, 404, "positions"),
    ({"candidates": ["000"]}, 404, "candidates"),
    ({"preference_weight": 2}, 400, "preference_weight"),
    ({"max_loss_per_unit": -1}, 400, "max_loss_per_unit"),
    ({"positions": "A"}, 400, "positions"),
])
def test_bad_plan_requests_name_the_field(client, body, status, field):
    r = client.post("/plan", json=body)
    assert r.status_code == status, r.text
    assert field in r.json()["error"]


def test_plan_needs_the_token(server):
    r = httpx.post(f"{server.url}/plan", json={}, timeout=30)
    assert r.status_code == 401
    assert "moves" not in r.text


def test_cli_plan_equals_the_http_plan(default_plan, serving_world):
    """`jobfit plan --json` (a real subprocess) answers exactly what POST /plan does; the text
    form prints the totals and the moves."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "JOBFIT_HOME": str(serving_world.home)}
    env.pop("MLFLOW_TRACKING_URI", None)
    base = [sys.executable, "-m", "jobfit.cli", "plan", "--data", str(serving_world.export_dir),
            "--as-of", default_plan["as_of"]]
    done = subprocess.run(base + ["--json"], capture_output=True, text=True, timeout=180,
                          env=env)
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    assert cli["moves"] == default_plan["moves"]
    assert cli["totals"] == default_plan["totals"]
    text = subprocess.run(base + ["--limit", "2"], capture_output=True, text=True, timeout=180,
                          env={**env, "COLUMNS": "160"})
    assert text.returncode == 0, text.stderr
    assert "greedy" in text.stdout and "Moves" in text.stdout
    bad = subprocess.run(base + ["--positions", "NOPE"], capture_output=True, text=True,
                         timeout=180, env=env)
    assert bad.returncode == 1 and "NOPE" in bad.stderr
