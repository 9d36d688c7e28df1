"""The round's whole life, end to end, on SQLite and on a real PostgreSQL: plan → round →
decisions (one override, one rejection) → enact → the city a year on (simulate-year) →
ingest (twice: the second writes nothing) → report, from the command line (as real
subprocesses), over HTTP on the real server, and as an MLflow run in a store of its own.

Every number the report gives is checked against what the simulated year says happened
(truth/next_year_moves.csv) and against the exports themselves — a year in which only the
round changed the city, so each unit's headcount moves by exactly its realised moves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import httpx
import pandas as pd
import pytest

from serverkit import server_env, start_server, stop_server

pytestmark = pytest.mark.heavy


@pytest.fixture(params=["sqlite", "postgresql"])
def loop_env(request, serving_world, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'jobfit.db'}"
    else:
        url = request.getfixturevalue("pg_server").create_database()
    env = {**os.environ, "JOBFIT_HOME": str(serving_world.home), "JOBFIT_DATABASE_URL": url,
           "JOBFIT_ACTOR": "andi.bkpsdm", "COLUMNS": "200"}
    env.pop("MLFLOW_TRACKING_URI", None)
    return request.param, url, env


def _run(env, *args: str, home=None) -> subprocess.CompletedProcess:
    e = dict(env) if home is None else {**env, "JOBFIT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "jobfit.cli", *args], capture_output=True,
                          text=True, timeout=300, env=e)


def _eligible_other(recommender, move: dict, taken: set[str], as_of: date) -> str:
    """Another employee the eligibility rules allow in the move's position (an override HR
    might make), found through the same index the service checks overrides with."""
    ex, index = recommender.export, recommender.eligibility
    p = ex.position_rows[move["to_position_id"]]
    for e, eid in enumerate(ex.employees["employee_id"].astype(str)):
        if eid not in taken and index.why_not(e, p, as_of) is None:
            return eid
    pytest.fail("no eligible employee to override with")


def test_the_round_loop_end_to_end(loop_env, serving_world, small_city, recommender,
                                   tmp_path, tmp_path_factory):
    backend, url, env = loop_env
    if backend == "postgresql":
        assert _run(env, "db", "upgrade").returncode == 0
    data = str(serving_world.export_dir)
    made = _run(env, "round", "create", "--data", data, "--name", "Penataan 2026", "--json")
    assert made.returncode == 0, made.stderr
    rnd = json.loads(made.stdout)
    rid, moves = rnd["round_id"], rnd["moves"]
    assert len(moves) >= 4, "the small city's plan has too few moves for this test"
    as_of = date.fromisoformat(rnd["params"]["as_of"])

    # decisions: m1 overridden (another eligible employee), m2 rejected, the rest approved
    taken = {m["employee_id"] for m in moves}
    other = _eligible_other(recommender, moves[0], taken, as_of)
    over = _run(env, "round", "decide", rid, "--move", "m1", "--decision", "override",
                "--employee", other, "--reason", "pengalaman di unit", "--data", data)
    assert over.returncode == 0, over.stderr
    rej = _run(env, "round", "decide", rid, "--move", "m2", "--decision", "reject",
               "--reason", "masih dibutuhkan")
    assert rej.returncode == 0, rej.stderr
    ok = _run(env, "round", "decide", rid, "--move", "m3", "--decision", "approve")
    assert ok.returncode == 0, ok.stderr
    from serving.state import StateStore     # the rest through the same store, in-process

    with StateStore(url, migrate=False) as store:
        version = store.round_header(rid)["version"]
        for m in moves[3:]:
            version = store.decide(rid, m["move_id"], "approve", "", version,
                                   "andi.bkpsdm")["round_version"]
    early = _run(env, "ingest", "--data", data, "--round", rid)
    assert early.returncode == 1 and "draft" in early.stderr       # not enacted yet
    assert _run(env, "round", "enact", rid).returncode == 0

    # the city a year on, from the enacted round in the state database
    nxt = tmp_path / "next"
    sim = _run(env, "simulate-year", "--from", str(small_city), "--round", rid, "--out",
               str(nxt), "--follow-through", "0.75")
    assert sim.returncode == 0, sim.stderr
    truth = pd.read_csv(nxt / "truth" / "next_year_moves.csv", dtype={"employee_id": str})
    enacted = len(moves) - 1
    assert len(truth) == enacted and other in set(truth["employee_id"])
    assert moves[1]["employee_id"] not in set(truth["employee_id"])     # the rejected move
    carried = int(truth["carried_out"].sum())
    assert 0 < carried <= enacted

    # ingest twice: one ingest, one audit record
    first = _run(env, "ingest", "--data", str(nxt / "export"), "--json")
    assert first.returncode == 0, first.stderr
    got = json.loads(first.stdout)["ingested"]
    assert [(g["round_id"], g["created"]) for g in got] == [(rid, True)]
    again = json.loads(_run(env, "ingest", "--data", str(nxt / "export"), "--json").stdout)
    assert [(g["ingest_id"], g["created"]) for g in again["ingested"]] == \
        [(got[0]["ingest_id"], False)]
    audit = json.loads(_run(env, "round", "audit", "--round", rid, "--json").stdout)
    assert [r["action"] for r in audit["records"]].count("outcome.ingest") == 1

    # the report, in English, with its MLflow run in a store of its own
    reports_home = tmp_path / "reports_home"
    shown = _run(env, "report", "round", rid, "--lang", "en", "--json", "--out",
                 str(tmp_path / "rep"), home=reports_home)
    assert shown.returncode == 0, shown.stderr
    report = json.loads(shown.stdout)
    assert report["moves"]["enacted"] == enacted
    assert report["moves"]["carried_out"] == carried
    assert report["moves"]["followed_through_rate"] == pytest.approx(carried / enacted, abs=1e-4)
    status = {m["employee_id"]: m["status"] for m in report["move_outcomes"] if m["enacted"]}
    for row in truth.itertuples():
        assert (status[row.employee_id] == "carried_out") == bool(row.carried_out)
    assert report["overrides"]["overridden"]["moves"] == 1
    assert report["overrides"]["planned"]["moves"] == enacted - 1
    cal = report["calibration"]
    with_app = [m for m in report["move_outcomes"] if m["status"] == "carried_out"
                and m["enacted"] and m["predicted_score"] is not None
                and m["appraisal_after"] is not None]
    assert cal["pairs"] == len(with_app) and sum(b["moves"] for b in cal["bins"]) == \
        (len(with_app) if len(with_app) >= 5 else 0)
    # a year in which only the round moved people: headcounts move by the realised moves
    units = report["units"]
    assert sum(u["moves_in_realised"] for u in units) == \
        sum(u["moves_out_realised"] for u in units) > 0
    for u in units:
        assert u["after"]["headcount"] - u["before"]["headcount"] == \
            u["moves_in_realised"] - u["moves_out_realised"], u
    assert any("carried out" in line for line in report["summary"])
    assert (tmp_path / "rep" / "round_report.json").is_file()
    assert (tmp_path / "rep" / "calibration.png").stat().st_size > 0

    import mlflow

    client = mlflow.MlflowClient(tracking_uri=f"sqlite:///{reports_home / 'mlflow.db'}")
    run = client.get_run(report["mlflow_run_id"])
    assert run.data.metrics["followed_through_rate"] == \
        pytest.approx(report["moves"]["followed_through_rate"])
    assert run.data.tags["round_id"] == rid
    names = {a.path for a in client.list_artifacts(run.info.run_id)}
    assert "round_report.json" in names and "plots" in names
    plots = {a.path: a.file_size for a in client.list_artifacts(run.info.run_id, "plots")}
    assert set(plots) == {"plots/calibration.png", "plots/units.png"}
    # the files written for --out are the ones logged (each figure rendered once)
    assert plots["plots/units.png"] == (tmp_path / "rep" / "units.png").stat().st_size

    # Bahasa Indonesia by default, from the command line
    plain = _run(env, "report", "round", rid, "--no-mlflow")
    assert plain.returncode == 0 and "terlaksana" in plain.stdout, plain.stderr

    # the same report over HTTP, on the real server over the same database
    srv = start_server(server_env(serving_world, tmp_path_factory, database_url=url),
                       tmp_path_factory.mktemp(f"outcomes_{backend}") / "serve.log")
    try:
        with httpx.Client(base_url=srv.url, headers=srv.auth, timeout=60) as c:
            r = c.get(f"/rounds/{rid}/report", headers={"Accept-Language": "en"})
            assert r.status_code == 200, r.text
            body = r.json()
            assert {k: v for k, v in body.items() if k != "outcome"} == \
                {k: v for k, v in report.items() if k not in ("outcome", "mlflow_run_id")}
            r = c.get(f"/rounds/{rid}/report")
            assert r.status_code == 200 and any("terlaksana" in s for s in r.json()["summary"])
            r = c.get(f"/rounds/{rid}/report", params={"lang": "fr"})
            assert r.status_code == 400 and "lang" in r.json()["error"]
            assert c.get("/rounds/rnd-nope/report").status_code == 404
            draft = c.post("/rounds", json={"name": "Belum"},
                           headers={"X-Jobfit-Actor": "siti"})
            assert draft.status_code == 201, draft.text
            r = c.get(f"/rounds/{draft.json()['round_id']}/report")
            assert r.status_code == 409 and "jobfit ingest" in r.json()["error"]
            assert c.get(f"/rounds/{rid}/report", headers={"Authorization": ""}
                         ).status_code == 401
    finally:
        stop_server(srv.proc)
    log = srv.log.read_text()
    assert other not in log and moves[2]["employee_id"] not in log
