"""Durability over HTTP: 500 decisions from 4 concurrent clients; the server (BentoML and its
worker) is SIGKILLed in the middle and restarted on the same port. Clients retry every write
that got no answer with the same Idempotency-Key and body, as the contract tells them to.
Afterwards every acknowledged decision is in the database exactly once, nothing else is, and
the audit says the same — on SQLite (WAL, synchronous=FULL) and on PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections import Counter

import httpx
import pytest

from serverkit import kill_server, server_env, start_server, stop_server

pytestmark = pytest.mark.heavy

CLIENTS, PER_CLIENT = 4, 125
KILL_AFTER = 200            # acknowledged decisions before the SIGKILL


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_acknowledged_decisions_survive_a_sigkill(backend, request, serving_world,
                                                  tmp_path_factory):
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('durable') / 'jobfit.db'}"
    else:
        from serving.state import upgrade

        url = request.getfixturevalue("pg_server").create_database()
        upgrade(url)
    env = server_env(serving_world, tmp_path_factory, database_url=url)
    log = tmp_path_factory.mktemp(f"durable_{backend}") / "serve.log"
    srv = start_server(env, log)
    port = int(srv.url.rsplit(":", 1)[1])
    auth = {**srv.auth, "X-Jobfit-Actor": "durability"}
    with httpx.Client(base_url=srv.url, headers=auth, timeout=60) as c:
        rounds = []
        for k in range(CLIENTS):
            r = c.post("/rounds", json={"name": f"Durable {k}"})
            assert r.status_code == 201, r.text
            rounds.append((r.json()["round_id"], [m["move_id"] for m in r.json()["moves"]]))

    acked: list[dict[str, tuple[str, int]]] = [{} for _ in range(CLIENTS)]
    unanswered = Counter()
    lock = threading.Lock()
    total = [0]
    killed = threading.Event()
    failures: list[str] = []

    def client(k: int) -> None:
        rid, moves = rounds[k]
        version = 1
        with httpx.Client(base_url=srv.url, headers=auth, timeout=30) as c:
            for i in range(PER_CLIENT):
                key = f"{backend}-c{k}-d{i}"
                body = {"move_id": moves[i % len(moves)],
                        "decision": ("approve", "reject")[i % 2], "reason": f"#{i}",
                        "expected_version": version}
                deadline = time.monotonic() + 120
                while True:
                    try:
                        r = c.post(f"/rounds/{rid}/decisions", json=body,
                                   headers={"Idempotency-Key": key})
                    except httpx.HTTPError:
                        r = None
                    if r is not None and r.status_code == 201:
                        break
                    if r is not None and r.status_code < 500:
                        failures.append(f"{key}: {r.status_code} {r.text[:200]}")
                        return
                    with lock:
                        unanswered[k] += 1
                    if time.monotonic() > deadline:
                        failures.append(f"{key}: no answer for 120 s")
                        return
                    time.sleep(0.1)
                answer = r.json()
                version = answer["round_version"]
                acked[k][key] = (answer["decision_id"], version)
                with lock:
                    total[0] += 1

    def killer() -> None:
        while total[0] < KILL_AFTER and not failures:
            time.sleep(0.005)
        kill_server(srv.proc)          # BentoML and its worker, SIGKILL
        killed.set()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    kt = threading.Thread(target=killer)
    for t in threads + [kt]:
        t.start()
    kt.join(timeout=300)
    assert killed.is_set(), "the server was never killed"
    acked_at_kill = total[0]
    restarted = start_server(env, log, port=port)
    try:
        for t in threads:
            t.join(timeout=300)
        assert not failures, failures[:5]
        assert KILL_AFTER <= acked_at_kill < CLIENTS * PER_CLIENT, acked_at_kill
        assert sum(unanswered.values()) >= 1, "no write went unanswered: the kill missed"
        with httpx.Client(base_url=restarted.url, headers=auth, timeout=60) as c:
            for k, (rid, _) in enumerate(rounds):
                mine = acked[k]
                assert len(mine) == PER_CLIENT
                rnd = c.get(f"/rounds/{rid}").json()
                assert rnd["version"] == 1 + PER_CLIENT   # every decision once, none extra
                audit = c.get("/audit", params={"round_id": rid}).json()["records"]
                ids = Counter(a["after"]["decision"]["decision_id"] for a in audit
                              if a["action"] == "decision.create")
                assert ids == Counter(d for d, _ in mine.values())
                versions = sorted(v for _, v in mine.values())
                assert versions == list(range(2, PER_CLIENT + 2))
                assert all(a["actor"] == "durability" for a in audit)
        from serving.state import StateStore
        from serving.state.tables import Decision
        from sqlalchemy import func, select
        from sqlalchemy.orm import Session

        with StateStore(url, migrate=False) as store, Session(store.engine) as s:
            per_round = dict(s.execute(select(Decision.round_id, func.count())
                                       .group_by(Decision.round_id)).all())
            assert per_round == {rid: PER_CLIENT for rid, _ in rounds}
            stored = {d for (d,) in s.execute(select(Decision.decision_id))}
            assert stored == {d for mine in acked for d, _ in mine.values()}
    finally:
        stop_server(restarted.proc)
