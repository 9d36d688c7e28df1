"""The event loop's door to the SQLite writer (serving.state.commit, `decide_async`): writes
that queue while a commit is under way share ONE transaction and ONE COMMIT, each in its own
SAVEPOINT; nobody is answered before that COMMIT has returned; a failed COMMIT fails every
write of its batch and stores none of them; a waiter that gives up does not undo its write;
threads and the loop take turns on the same writer. SQLite only: on PostgreSQL the service
writes from threads (`Transactions.write_async` hands the whole write to one)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest
from sqlalchemy import event

from serving.state import StaleVersion, StateStore
from statekit import ACTOR, counts, new_round

DECISIONS = ((1, 1), (2, 2), (3, 1), (4, 3), (5, 4))   # (move, expected version): 3 is stale


async def _queue_behind_a_held_lock(store, rid, decisions, key=None):
    """Start one decide_async per (move, expected) while the writer lock is held (a thread's
    batch under way), in that order; return the tasks (not yet released)."""
    store.transactions.group.write_lock.acquire()
    tasks = []
    for i, expected in decisions:
        tasks.append(asyncio.create_task(store.decide_async(
            rid, f"m{i}", "approve", "", expected, ACTOR,
            idempotency_key=None if key is None else f"{key}-{i}")))
        await asyncio.sleep(0.01)          # arrival order = batch order
    return tasks


async def _outcomes(tasks) -> dict[int, str]:
    results = await asyncio.gather(*tasks, return_exceptions=True)
    out = {}
    for (i, _), r in zip(DECISIONS, results):
        if isinstance(r, StaleVersion):
            out[i] = "stale"
        elif isinstance(r, BaseException):
            out[i] = type(r).__name__
        else:
            out[i] = f"v{r['round_version']}"
    return out


def test_loop_writes_that_queue_together_commit_together(sqlite_url):
    with StateStore(sqlite_url) as store:
        rid = new_round(store, n_moves=5)["round_id"]
        commits = []
        event.listen(store.engine, "commit", lambda conn: commits.append(1))

        async def main():
            tasks = await _queue_behind_a_held_lock(store, rid, DECISIONS)
            assert not any(t.done() for t in tasks)   # nobody answered while it waits
            store.transactions.group.write_lock.release()
            return await _outcomes(tasks)

        assert asyncio.run(main()) == {1: "v2", 2: "v3", 3: "stale", 4: "v4", 5: "v5"}
        assert len(commits) == 1
        assert store.get_round(rid)["version"] == 5
        assert counts(store)["decisions"] == 4 and counts(store)["audit"] == 1 + 4


def test_no_answer_before_the_commit_and_a_failed_commit_stores_none(sqlite_url, monkeypatch):
    with StateStore(sqlite_url) as store:
        rid = new_round(store, n_moves=5)["round_id"]
        dialect = store.engine.dialect
        real_commit = dialect.do_commit
        seen = {}

        def failing_commit(dbapi_connection):   # the batch's COMMIT (and any read's after it)
            seen.setdefault("answered_at_commit", sum(t.done() for t in tasks))
            raise sqlite3.OperationalError("disk I/O error")

        async def main():
            nonlocal tasks
            tasks = await _queue_behind_a_held_lock(store, rid, DECISIONS[:3], key="k")
            monkeypatch.setattr(dialect, "do_commit", failing_commit)
            store.transactions.group.write_lock.release()
            return await _outcomes(tasks)

        tasks: list = []
        outcome = asyncio.run(main())
        monkeypatch.setattr(dialect, "do_commit", real_commit)   # the disk healthy again
        assert outcome == {i: "StateUnavailable" for i in (1, 2, 3)}
        assert seen == {"answered_at_commit": 0}
        assert store.get_round(rid)["version"] == 1
        assert counts(store) == {"rounds": 1, "decisions": 0, "preferences": 0, "audit": 1,
                                 "idempotency": 0}
        # the same requests again: written once each, as if for the first time

        async def retry():
            return [await store.decide_async(rid, f"m{i}", "approve", "", e, ACTOR,
                                             idempotency_key=f"k-{i}")
                    for i, e in ((1, 1), (2, 2))]

        assert [d["round_version"] for d in asyncio.run(retry())] == [2, 3]
        assert counts(store)["decisions"] == 2


def test_a_waiter_that_gives_up_does_not_undo_its_write(sqlite_url):
    """A client that disconnects while its batch commits: the write still commits with the
    batch (the COMMIT decides, not the waiter), and its retry with the same Idempotency-Key
    gets the first answer, never a second write."""
    with StateStore(sqlite_url) as store:
        rid = new_round(store, n_moves=5)["round_id"]

        async def main():
            tasks = await _queue_behind_a_held_lock(store, rid, DECISIONS[:2], key="gone")
            tasks[0].cancel()
            store.transactions.group.write_lock.release()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            assert isinstance(results[0], asyncio.CancelledError)
            assert results[1]["round_version"] == 3    # it came after the first, as queued
            return await store.decide_async(rid, "m1", "approve", "", 1, ACTOR,
                                            idempotency_key="gone-1")

        replay = asyncio.run(main())
        assert replay["round_version"] == 2
        assert store.get_round(rid)["version"] == 3
        assert counts(store)["decisions"] == 2 and counts(store)["audit"] == 1 + 2


def test_threads_and_the_loop_take_turns_on_one_writer(sqlite_url):
    with StateStore(sqlite_url) as store:
        by_thread = new_round(store, n_moves=4)["round_id"]
        by_loop = new_round(store, n_moves=4)["round_id"]
        n = 30
        errors = []

        def thread_writer():
            version = 1
            try:
                for i in range(n):
                    version = store.decide(by_thread, f"m{i % 4 + 1}", "approve", "", version,
                                           ACTOR)["round_version"]
            except Exception as exc:  # noqa: BLE001 - the assertion shows it
                errors.append(repr(exc))

        async def loop_writers():
            versions = {"v": 1}
            lock = asyncio.Lock()

            async def one(i):   # several in flight at once, each retried until it wins
                while True:
                    async with lock:
                        expected = versions["v"]
                    try:
                        d = await store.decide_async(by_loop, f"m{i % 4 + 1}", "reject", "",
                                                     expected, ACTOR)
                    except StaleVersion:
                        await asyncio.sleep(0)
                        continue
                    async with lock:
                        versions["v"] = max(versions["v"], d["round_version"])
                    return

            await asyncio.gather(*(one(i) for i in range(n)))

        t = threading.Thread(target=thread_writer)
        t.start()
        asyncio.run(loop_writers())
        t.join()
        assert errors == []
        for rid in (by_thread, by_loop):
            assert store.get_round(rid)["version"] == 1 + n
            decided = [a["after"]["round_version"] for a in store.audit(round_id=rid)
                       if a["action"] == "decision.create"]
            assert sorted(decided) == list(range(2, n + 2))


@pytest.mark.parametrize("what", ["decide", "preferences"])
def test_bad_input_on_the_loop_is_refused_before_any_transaction(sqlite_url, what):
    from serving.state import BadRequest

    with StateStore(sqlite_url) as store:
        rid = new_round(store, n_moves=2)["round_id"]

        async def main():
            if what == "decide":
                return await store.decide_async(rid, "m1", "maybe", "", 1, ACTOR)
            return await store.put_preferences_async("E1", ["U1", "U1"], True, None, ACTOR)

        with pytest.raises(BadRequest):
            asyncio.run(main())
        assert counts(store)["audit"] == 1
        assert store.transactions.group.loop_queue == []


def test_one_write_at_a_time_commits_on_the_loop_overlapping_writes_in_the_thread(sqlite_url):
    """Where each COMMIT runs (white box): writes that overlap commit in the committer thread,
    so the loop serves other requests during the fsync; writes that come one at a time (this
    batch and the last had one write each) commit on the loop — a hand-off would only add
    two thread wake-ups."""
    with StateStore(sqlite_url) as store:
        rid = new_round(store, n_moves=5)["round_id"]
        where = []
        event.listen(store.engine, "commit",
                     lambda conn: where.append(threading.current_thread().name))

        async def main():
            tasks = await _queue_behind_a_held_lock(store, rid, ((1, 1), (2, 2), (3, 3)))
            store.transactions.group.write_lock.release()
            await asyncio.gather(*tasks)
            for i, expected in ((4, 4), (5, 5), (1, 6)):
                await store.decide_async(rid, f"m{i}", "approve", "", expected, ACTOR)
            return threading.current_thread().name

        loop_thread = asyncio.run(main())
        # 3 together; then one after a batch of three (still the thread); then two alone
        assert [w.startswith("jobfit-commit") for w in where] == [True, True, False, False]
        assert where[2:] == [loop_thread, loop_thread]
        assert store.get_round(rid)["version"] == 7
