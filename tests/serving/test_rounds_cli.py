"""`jobfit db …` and `jobfit round …` as real subprocesses, on SQLite and on PostgreSQL: the
round's life from the command line, through the same code (serving.rounds.RoundDesk) and on
the same kind of database as the service."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

pytestmark = pytest.mark.heavy


@pytest.fixture(params=["sqlite", "postgresql"])
def cli(request, serving_world, tmp_path):
    """run(*args) → CompletedProcess of `python -m jobfit.cli …` on a fresh state database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'jobfit.db'}"
    else:
        url = request.getfixturevalue("pg_server").create_database()
    env = {**os.environ, "JOBFIT_HOME": str(serving_world.home), "JOBFIT_DATABASE_URL": url,
           "JOBFIT_ACTOR": "andi.bkpsdm", "COLUMNS": "200"}
    env.pop("MLFLOW_TRACKING_URI", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "jobfit.cli", *args], capture_output=True,
                              text=True, timeout=240, env=env)
    run.backend = request.param
    return run


def test_round_from_the_command_line(cli, serving_world, recommender, tmp_path):
    if cli.backend == "postgresql":   # PostgreSQL is migrated by the operator
        refused = cli("round", "list")
        assert refused.returncode == 2 and "jobfit db upgrade" in refused.stderr
        done = cli("db", "upgrade")
        assert done.returncode == 0 and "at schema" in done.stdout, done.stderr
    data = str(serving_world.export_dir)
    made = cli("round", "create", "--data", data, "--name", "Penataan dari CLI", "--json")
    assert made.returncode == 0, made.stderr
    rnd = json.loads(made.stdout)
    rid, moves = rnd["round_id"], rnd["moves"]
    assert rnd["status"] == "draft" and rnd["created_by"] == "andi.bkpsdm" and moves
    assert rnd["model_version"] == recommender.model_version

    done = cli("db", "current")       # SQLite: migrated by the first command that opened it
    assert done.returncode == 0 and "this version needs" in done.stdout, done.stderr
    listed = cli("round", "list")
    assert listed.returncode == 0 and rid in listed.stdout and "Penataan dari CLI" in listed.stdout

    ok = cli("round", "decide", rid, "--move", "m1", "--decision", "approve",
             "--expected-version", "1")
    assert ok.returncode == 0 and "version 2" in ok.stdout, ok.stderr
    stale = cli("round", "decide", rid, "--move", "m1", "--decision", "reject",
                "--reason", "ragu", "--expected-version", "1")
    assert stale.returncode == 1 and "expected_version" in stale.stderr
    # an override breaking the rank rule: refused, naming it
    ex, index = recommender.export, recommender.eligibility
    as_of = date.fromisoformat(rnd["params"]["as_of"])
    found = next(((m, eid, why) for m in moves
                  for e, eid in enumerate(ex.employees["employee_id"].astype(str))
                  if (why := index.why_not(e, ex.position_rows[m["to_position_id"]], as_of))
                  and why.startswith("rank ")), None)
    assert found is not None, "no rank-floor override to try in this city"
    move, who, rule = found
    no_data = cli("round", "decide", rid, "--move", move["move_id"], "--decision", "override",
                  "--employee", who, "--reason", "coba")
    assert no_data.returncode == 2 and "--data" in no_data.stderr
    bad = cli("round", "decide", rid, "--move", move["move_id"], "--decision", "override",
              "--employee", who, "--reason", "coba", "--data", data)
    assert bad.returncode == 1 and rule in bad.stderr, bad.stderr
    # enact at the version now (the default); then no more decisions
    enacted = cli("round", "enact", rid, "--json")
    assert enacted.returncode == 0, enacted.stderr
    assert json.loads(enacted.stdout)["status"] == "enacted"
    late = cli("round", "decide", rid, "--move", "m2", "--decision", "approve")
    assert late.returncode == 1 and "enacted" in late.stderr
    shown = cli("round", "show", rid, "--json")
    got = json.loads(shown.stdout)
    assert got["version"] == 3 and got["moves"][0]["decision"]["decision"] == "approve"
    audit = cli("round", "audit", "--round", rid, "--json")
    actions = [r["action"] for r in json.loads(audit.stdout)["records"]]
    assert actions == ["round.create", "decision.create", "round.enact"]
    assert cli("round", "show", "rnd-nope").returncode == 1
    # an online copy of the database, as the operator takes it
    dest = tmp_path / "backup" / "jobfit.copy"
    copied = cli("db", "backup", str(dest))
    assert copied.returncode == 0 and "backup written" in copied.stdout, copied.stderr
    assert dest.stat().st_size > 0
    if cli.backend == "sqlite":
        from serving.state import StateStore

        with StateStore(f"sqlite:///{dest}", migrate=False) as restored:
            assert restored.get_round(rid) == got
