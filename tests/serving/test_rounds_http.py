"""The round's life over real HTTP — plan → decide → enact → audit — and stated preferences, on
the real `bentoml serve`, once with a SQLite state database and once with a real PostgreSQL
one (tests/pgserver.py). Each backend gets a server of its own (so what these tests write never
reaches the shared server's rankings), started as `jobfit serve` starts it, with
JOBFIT_DATABASE_URL pointing at the database; PostgreSQL is migrated first by `jobfit db
upgrade`, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import httpx
import pytest

from serverkit import server_env, start_server, stop_server

pytestmark = pytest.mark.heavy

ACTOR = {"X-Jobfit-Actor": "siti.bkpsdm"}


def _cli(args: list[str], home, database_url: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "JOBFIT_HOME": str(home), "JOBFIT_DATABASE_URL": database_url}
    env.pop("MLFLOW_TRACKING_URI", None)
    return subprocess.run([sys.executable, "-m", "jobfit.cli", *args], capture_output=True,
                          text=True, timeout=240, env=env, **kw)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request, serving_world, tmp_path_factory):
    """(backend name, database URL, server, client) — a server of its own per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('state') / 'jobfit.db'}"
    else:
        url = request.getfixturevalue("pg_server").create_database()
        # the service does not migrate a PostgreSQL database: it refuses one not at head...
        done = _cli(["db", "current"], serving_world.home, url)
        assert done.returncode == 1 and "jobfit db upgrade" in done.stdout, done
        done = _cli(["db", "upgrade"], serving_world.home, url)
        assert done.returncode == 0, done.stderr
    env = server_env(serving_world, tmp_path_factory, database_url=url)
    srv = start_server(env, tmp_path_factory.mktemp(f"log_{request.param}") / "serve.log")
    with httpx.Client(base_url=srv.url, headers=srv.auth, timeout=120) as client:
        yield request.param, url, srv, client
    stop_server(srv.proc)


def _ineligible_override(recommender, moves: list[dict], as_of: date
                         ) -> tuple[dict, str, str]:
    """A move and an employee who breaks the rank rule for its position (and no rule before
    it), with the rule's words, found through the eligibility index."""
    ex, index = recommender.export, recommender.eligibility
    for move in moves:
        p = ex.position_rows[move["to_position_id"]]
        for e, eid in enumerate(ex.employees["employee_id"].astype(str)):
            why = index.why_not(e, p, as_of)
            if why and why.startswith("rank ") and "below floor" in why:
                return move, eid, why
    raise AssertionError("no move's position has a rank floor anyone is below: the flow "
                         "cannot show the 422")


def test_round_flow(backend, recommender, serving_world):
    name, url, srv, client = backend
    # create: the plan stored with every move's figures, 201
    r = client.post("/rounds", json={"name": "Penataan Juli 2026"}, headers=ACTOR)
    assert r.status_code == 201, r.text
    rnd = r.json()
    assert (rnd["status"], rnd["version"], rnd["name"]) == ("draft", 1, "Penataan Juli 2026")
    assert rnd["model_version"] == recommender.model_version
    assert rnd["data_snapshot"] == recommender.data_snapshot
    assert len(rnd["moves"]) >= 4, "the small city has vacancies someone fits"
    for i, m in enumerate(rnd["moves"], start=1):
        assert m["move_id"] == f"m{i}" and m["decision"] is None
        assert set(m) >= {"employee_id", "from_position_id", "to_position_id", "score",
                          "stay_score", "gain", "reasons", "gaps"}
        assert m["reasons"], "every move says why"
    t = rnd["totals"]["plan"]
    assert t["moves"] == len(rnd["moves"]) <= 1.5 * t["vacancies_filled"]   # the defaults
    assert rnd["params"]["max_moves_per_fill"] == 1.5 and rnd["params"]["as_of"]
    rid = rnd["round_id"]

    # list and show
    listed = {x["round_id"]: x for x in client.get("/rounds").json()["rounds"]}
    assert listed[rid]["counts"]["moves"] == len(rnd["moves"])
    assert client.get(f"/rounds/{rid}").json() == rnd

    def decide(body, version, **headers):
        return client.post(f"/rounds/{rid}/decisions",
                           json={**body, "expected_version": version},
                           headers={**ACTOR, **headers})

    # approve, reject, override
    a = decide({"move_id": "m1", "decision": "approve", "reason": "sesuai kebutuhan"}, 1)
    assert a.status_code == 201, a.text
    assert a.json()["round_version"] == 2
    b = decide({"move_id": "m2", "decision": "reject", "reason": "masih dibutuhkan"}, 2)
    assert b.status_code == 201 and b.json()["round_version"] == 3
    m3, m4 = rnd["moves"][2], rnd["moves"][3]
    # an eligible override: m4's employee goes to m3's position if the rules allow, else m3's
    # employee to m4's position; whichever the index says is eligible
    as_of = date.fromisoformat(rnd["params"]["as_of"])
    ex, index = recommender.export, recommender.eligibility
    options = [(m3, m4["employee_id"]), (m4, m3["employee_id"])]
    ok = [(m, e) for m, e in options
          if index.why_not(ex.employee_rows[e], ex.position_rows[m["to_position_id"]],
                           as_of) is None]
    if ok:
        move, who = ok[0]
        c = decide({"move_id": move["move_id"], "decision": "override",
                    "reason": "lebih cocok", "override_employee_id": who}, 3)
        assert c.status_code == 201, c.text
        version = 4
    else:  # no such pair in this city: override to the move's own position (always eligible)
        c = decide({"move_id": "m3", "decision": "override", "reason": "tetap",
                    "override_position_id": m3["to_position_id"]}, 3)
        assert c.status_code == 201, c.text
        version = 4
    # stale version: 409, nothing written
    stale = decide({"move_id": "m1", "decision": "reject", "reason": "ragu"}, 2)
    assert stale.status_code == 409 and "expected_version" in stale.json()["error"]
    # an ineligible override: 422 naming the rule
    target, who, rule = _ineligible_override(recommender, rnd["moves"][4:] + rnd["moves"],
                                             as_of)
    bad = decide({"move_id": target["move_id"], "decision": "override", "reason": "coba",
                  "override_employee_id": who}, version)
    assert bad.status_code == 422, bad.text
    assert rule in bad.json()["error"] and "override_employee_id" in bad.json()["error"]
    assert rule.startswith("rank ") and "below floor" in rule
    # the round shows the latest decisions
    shown = client.get(f"/rounds/{rid}").json()
    assert shown["version"] == version
    decided = {m["move_id"]: m["decision"] for m in shown["moves"] if m["decision"]}
    assert decided["m1"]["decision"] == "approve" and decided["m2"]["decision"] == "reject"
    assert any(d["decision"] == "override" for d in decided.values())
    assert all(d["actor"] == ACTOR["X-Jobfit-Actor"] for d in decided.values())
    # enact; then every write is 409
    e = client.post(f"/rounds/{rid}/enact", json={"expected_version": version}, headers=ACTOR)
    assert e.status_code == 200, e.text
    assert e.json()["status"] == "enacted" and e.json()["version"] == version + 1
    late = decide({"move_id": "m1", "decision": "reject", "reason": "terlambat"}, version + 1)
    assert late.status_code == 409 and "enacted" in late.json()["error"]
    again = client.post(f"/rounds/{rid}/enact", json={"expected_version": version + 1},
                        headers=ACTOR)
    assert again.status_code == 409
    # the audit lists every write, with its actor
    audit = client.get("/audit", params={"round_id": rid}).json()["records"]
    assert [x["action"] for x in audit] == ["round.create"] + ["decision.create"] * 3 + \
        ["round.enact"]
    assert {x["actor"] for x in audit} == {ACTOR["X-Jobfit-Actor"]}
    assert audit[1]["after"]["decision"]["decision_id"] == a.json()["decision_id"]
    since = client.get("/audit", params={"since": audit[-1]["at"]}).json()["records"]
    assert [x["audit_id"] for x in since] == [audit[-1]["audit_id"]]
    listed = {x["round_id"]: x for x in client.get("/rounds").json()["rounds"]}
    assert listed[rid]["status"] == "enacted" and listed[rid]["counts"]["decided"] == 3

    # the CLI sees the same database through the same code
    shown_cli = _cli(["round", "show", rid, "--json"], serving_world.home, url)
    assert shown_cli.returncode == 0, shown_cli.stderr
    import json

    assert json.loads(shown_cli.stdout) == client.get(f"/rounds/{rid}").json()


def test_idempotency_key_replays_over_http(backend):
    _, _, _, client = backend
    key = {"Idempotency-Key": "plan-2026-07-A", **ACTOR}
    body = {"name": "Replay", "positions": None, "chains": True}
    first = client.post("/rounds", json=body, headers=key)
    assert first.status_code == 201, first.text
    again = client.post("/rounds", json=body, headers=key)
    assert again.status_code == 201 and again.json() == first.json()
    rid = first.json()["round_id"]
    other = client.post("/rounds", json={**body, "name": "Another"}, headers=key)
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["error"]

    d = {"move_id": "m1", "decision": "approve", "reason": "", "expected_version": 1}
    k = {"Idempotency-Key": "dec-1", **ACTOR}
    one = client.post(f"/rounds/{rid}/decisions", json=d, headers=k)
    two = client.post(f"/rounds/{rid}/decisions", json=d, headers=k)
    assert one.status_code == two.status_code == 201 and one.json() == two.json()
    assert client.get(f"/rounds/{rid}").json()["version"] == 2
    audit = client.get("/audit", params={"round_id": rid}).json()["records"]
    assert [x["action"] for x in audit] == ["round.create", "decision.create"]


@pytest.mark.parametrize("method, path, body, field", [
    ("get", "/rounds/rnd-nope", None, "round_id"),
    ("post", "/rounds/rnd-nope/decisions",
     {"move_id": "m1", "decision": "approve", "expected_version": 1}, "round_id"),
    ("post", "/rounds/rnd-nope/enact", {"expected_version": 1}, "round_id"),
    ("put", "/employees/000000000000000000/preferences", {}, "employee_id"),
    ("get", "/employees/000000000000000000/preferences", None, "employee_id"),
])
def test_unknown_ids_are_404_naming_the_field(backend, method, path, body, field):
    _, _, _, client = backend
    r = client.request(method, path, json=body, headers=ACTOR)
    assert r.status_code == 404, r.text
    assert r.json()["error"].startswith(field)


@pytest.mark.parametrize("body, headers, field", [
    ({"name": ""}, ACTOR, "name"),
    ({"name": "x", "move_cost": "0.1"}, ACTOR, "move_cost"),
    ({"name": "x", "max_moves_per_fill": -1}, ACTOR, "max_moves_per_fill"),
    ({"name": "x", "colour": "red"}, ACTOR, "colour"),
    ({"name": "x"}, {}, "X-Jobfit-Actor"),
    ({"name": "x", "positions": ["NOPE"]}, ACTOR, "positions"),
])
def test_bad_round_requests_name_the_field(backend, body, headers, field):
    _, _, _, client = backend
    r = client.post("/rounds", json=body, headers=headers)
    assert r.status_code in (400, 404), r.text
    assert field in r.json()["error"]


def test_preferences_are_stated_dated_and_used(backend, recommender, ids):
    _, _, _, client = backend
    ex = recommender.export
    employee = ids["due"][0]
    units = sorted(map(str, ex.units["unit_id"]))[:2]
    before = client.post("/recommend/positions", json={"employee_id": employee}).json()
    assert before["preference_source"] in ("export", "none")
    put = client.put(f"/employees/{employee}/preferences",
                     json={"preferred_unit_ids": units, "open_to_move": True,
                           "note": "ingin dekat rumah"}, headers=ACTOR)
    assert put.status_code == 200, put.text
    rec = put.json()
    assert rec["preferred_unit_ids"] == units and rec["open_to_move"] is True
    assert rec["stated_at"] and rec["actor"] == ACTOR["X-Jobfit-Actor"]
    second = client.put(f"/employees/{employee}/preferences",
                        json={"preferred_unit_ids": units[:1], "open_to_move": None},
                        headers=ACTOR).json()
    got = client.get(f"/employees/{employee}/preferences").json()
    assert got["latest"] == second and got["history"] == [rec, second]
    assert got["preference_source"] == "stated"
    after = client.post("/recommend/positions", json={"employee_id": employee}).json()
    assert after["preference_source"] == "stated"
    plan = client.post("/plan", json={"candidates": [employee]}, timeout=120).json()
    assert plan["round"]["preference_sources"]["stated"] == 1
    assert all(m["preference_source"] == "stated" for m in plan["moves"])
    # four units, an unknown unit, a wrong type: 4xx naming the field, nothing stored
    for body, status in (({"preferred_unit_ids": units + units[:2]}, 400),
                         ({"preferred_unit_ids": ["NOPE"]}, 404),
                         ({"open_to_move": "yes"}, 400)):
        r = client.put(f"/employees/{employee}/preferences", json=body, headers=ACTOR)
        assert r.status_code == status, r.text
        assert r.json()["error"].split(":")[0] in body
    assert len(client.get(f"/employees/{employee}/preferences").json()["history"]) == 2
    audit = client.get("/audit").json()["records"]
    assert sum(x["action"] == "preferences.put" and x["target"]["id"] == employee
               for x in audit) == 2


def test_state_routes_need_the_token(backend):
    _, _, srv, _ = backend
    for method, path in (("get", "/rounds"), ("post", "/rounds"), ("get", "/audit"),
                         ("put", "/employees/x/preferences")):
        r = httpx.request(method, srv.url + path, json={}, timeout=30)
        assert r.status_code == 401 and set(r.json()) == {"error"}


def test_openapi_describes_the_state_routes(backend):
    _, _, _, client = backend
    doc = client.get("/docs.json").json()
    for path in ("/rounds", "/rounds/{round_id}", "/rounds/{round_id}/decisions",
                 "/rounds/{round_id}/enact", "/employees/{employee_id}/preferences",
                 "/audit"):
        assert path in doc["paths"], path
    decide = doc["paths"]["/rounds/{round_id}/decisions"]["post"]
    assert {"201", "400", "404", "409", "422"} <= set(decide["responses"])
    headers = {p["name"] for p in decide["parameters"] if p["in"] == "header"}
    assert headers == {"X-Jobfit-Actor", "Idempotency-Key"}


def test_the_server_log_names_no_one(backend, recommender):
    """After the flows above (runs last in this module): the server log carries routes,
    statuses and field names, never an employee id (NIP), a name, an actor or a note."""
    _, _, srv, _ = backend
    text = srv.log.read_text()
    assert "StaleVersion (expected_version)" in text      # client errors are logged...
    for secret in (ACTOR["X-Jobfit-Actor"], "ingin dekat rumah", "sesuai kebutuhan"):
        assert secret not in text, secret
    ids = set(recommender.export.employees["employee_id"].astype(str))
    names = set(recommender.export.employees["name"].astype(str))
    leaked = [w for w in ids | names if w in text]
    assert leaked == [], leaked[:3]
