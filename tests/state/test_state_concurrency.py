"""Optimistic concurrency under real concurrency: of deciders holding the same
expected_version, exactly one wins and the rest get 409 — threads sharing one store, and
separate processes each with their own — on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from serving.state import StaleVersion, StateStore
from serving.state.tables import Decision
from statekit import ACTOR, counts, new_round

WORKER = Path(__file__).with_name("state_worker.py")


def _race_threads(store, rid: str, expected: int, n: int = 8) -> Counter:
    barrier = threading.Barrier(n)
    outcome: Counter = Counter()
    lock = threading.Lock()

    def decide(i: int):
        barrier.wait()
        try:
            store.decide(rid, f"m{i + 1}", "approve", f"thread {i}", expected, ACTOR)
            result = "won"
        except StaleVersion as exc:
            result = f"stale@{exc.current_version}"
        except Exception as exc:  # noqa: BLE001 - the assertion shows it
            result = repr(exc)
        with lock:
            outcome[result] += 1

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome


def test_eight_threads_with_the_same_expected_version_exactly_one_wins(store):
    rid = new_round(store, n_moves=8)["round_id"]
    for attempt in range(3):  # three races in a row, each from the version the last one left
        outcome = _race_threads(store, rid, expected=1 + attempt)
        assert outcome == {"won": 1, f"stale@{2 + attempt}": 7}, outcome
    assert store.get_round(rid)["version"] == 4
    c = counts(store)
    assert c["decisions"] == 3 and c["audit"] == 1 + 3


def test_threads_that_retry_on_409_serialise_into_a_gapless_version_history(store):
    rid = new_round(store, n_moves=4)["round_id"]
    per_thread = 6
    wins: Counter = Counter()
    errors = []

    def worker(i: int):
        version, done = 1, 0
        while done < per_thread:
            try:
                version = store.decide(rid, f"m{i % 4 + 1}", "approve", "", version,
                                       f"t{i}")["round_version"]
                done += 1
                wins[i] += 1
            except StaleVersion as exc:
                version = exc.current_version
            except Exception as exc:  # noqa: BLE001
                errors.append(repr(exc))
                return

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    total = 8 * per_thread
    assert sum(wins.values()) == total
    assert store.get_round(rid)["version"] == 1 + total
    with Session(store.engine) as s:
        versions = s.execute(select(Decision.round_version).where(Decision.round_id == rid)
                             .order_by(Decision.round_version)).scalars().all()
    assert versions == list(range(2, total + 2))
    assert len(store.audit(round_id=rid)) == 1 + total


def test_separate_processes_with_the_same_expected_version_exactly_one_wins(state_url):
    with StateStore(state_url) as store:
        rid = new_round(store, n_moves=4)["round_id"]
    procs = [subprocess.Popen([sys.executable, str(WORKER), "race", state_url, rid, f"m{i + 1}",
                               "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(4)]
    for p in procs:  # every child imported, opened and connected ...
        line = p.stdout.readline()
        assert line == "READY\n", (line, p.stderr.read()[-2000:] if p.poll() is not None else "")
    for p in procs:  # ... then all are told to go at once
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err[-2000:]
        outs.append(out.strip())
    kinds = Counter(o.split()[0] for o in outs)
    assert kinds == {"WON": 1, "STALE": 3}, outs
    assert all(o == "STALE 2" for o in outs if o.startswith("STALE"))
    with StateStore(state_url, migrate=False) as store:
        assert store.get_round(rid)["version"] == 2
        assert counts(store)["decisions"] == 1


def test_sqlite_writes_that_queue_together_commit_together(sqlite_url):
    """Group commit: five decisions that queue while the writer lock is held go out in ONE
    transaction (one COMMIT, one fsync), each in its own SAVEPOINT — the stale one is refused
    alone, the other four are stored, each with its audit record."""
    import time

    from sqlalchemy import event

    with StateStore(sqlite_url) as store:
        rid = new_round(store, n_moves=5)["round_id"]
        commits = []
        event.listen(store.engine, "commit", lambda conn: commits.append(1))
        results: dict[int, str] = {}

        def decide(i: int, expected: int):
            try:
                d = store.decide(rid, f"m{i}", "approve", "", expected, ACTOR)
                results[i] = f"v{d['round_version']}"
            except StaleVersion:
                results[i] = "stale"

        store._tx.group.write_lock.acquire()   # white box: a commit "under way" while they queue
        threads = [threading.Thread(target=decide, args=(i, e))
                   for i, e in ((1, 1), (2, 2), (3, 1), (4, 3), (5, 4))]
        for t in threads:
            t.start()
            time.sleep(0.05)           # arrival order = batch order
        store._tx.group.write_lock.release()
        for t in threads:
            t.join()
        assert results == {1: "v2", 2: "v3", 3: "stale", 4: "v4", 5: "v5"}
        assert len(commits) == 1
        assert store.get_round(rid)["version"] == 5
        assert counts(store)["decisions"] == 4 and counts(store)["audit"] == 1 + 4
