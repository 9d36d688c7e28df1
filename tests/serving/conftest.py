"""The service tests' world, built once per session: the shared small city with its champion
model (tests/conftest.py: small_city, small_trained), and the REAL
`bentoml serve jobfit.service:Jobfit` on a free loopback port, shared by every test (started
by tests/serving/serverkit.py, which tests that need a server of their own use too).
"""

from __future__ import annotations

import pytest

from serverkit import Server, World, server_env, start_server, stop_server


@pytest.fixture(scope="session")
def serving_world(small_city, small_trained) -> World:
    """The shared small city and the champion trained on it (tests/conftest.py)."""
    settings, _ = small_trained
    return World(export_dir=small_city / "export", settings=settings)


@pytest.fixture(scope="session")
def recommender(serving_world):
    """The in-process Recommender over the same export and champion as the server."""
    from serving.ranking import Recommender

    return Recommender.from_settings(serving_world.settings, serving_world.export_dir)


@pytest.fixture(scope="session")
def server(serving_world, tmp_path_factory) -> Server:
    """`bentoml serve` on 127.0.0.1:<free port>, started as `jobfit serve` starts it."""
    env = server_env(serving_world, tmp_path_factory)
    log = tmp_path_factory.mktemp("serve_log") / "serve.log"
    srv = start_server(env, log)
    yield srv
    stop_server(srv.proc)


@pytest.fixture(scope="session")
def client(server):
    import httpx

    with httpx.Client(base_url=server.url, headers=server.auth, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def ids(recommender):
    """Employee and position ids with known properties, found through the eligibility index."""
    from datetime import date

    today = date.today()
    emp_ids = [str(e) for e in recommender.export.employees["employee_id"]]
    due, not_due = [], []
    for eid in emp_ids:
        status = recommender.eligibility.positions_for(eid, today, vacant_only=False).status
        (due if status == "ok" else not_due).append(eid)
        if len(due) >= 20 and not_due:
            break
    positions = [str(p) for p in recommender.export.positions["position_id"]]
    with_candidates = [p for p in positions
                       if len(recommender.eligibility.employees_for(p, today).indices)][:20]
    return {"due": due, "not_due": not_due, "positions": with_candidates}


@pytest.fixture(scope="session")
def console_server(serving_world, tmp_path_factory) -> Server:
    """A server of the console tests' own (its own SQLite state database), so the rounds and
    decisions they make through the browser touch no other test's state."""
    db = tmp_path_factory.mktemp("console_state") / "state.db"
    env = server_env(serving_world, tmp_path_factory, database_url=f"sqlite:///{db}")
    log = tmp_path_factory.mktemp("console_log") / "serve.log"
    srv = start_server(env, log)
    yield srv
    stop_server(srv.proc)
