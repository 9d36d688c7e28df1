"""Writes of one process committed together on SQLite (group commit), and the database's
failures as StateErrors.

SQLite has one writer at a time, and a durable COMMIT waits for an fsync (0.3–15 ms on this
kind of disk, more under load) — far more than the write itself (~0.5 ms of CPU). So writes
of one process that arrive while a commit is under way wait for it and then commit
together: one transaction, one fsync per batch, each write in a SAVEPOINT of its own (a
refused write rolls back alone), and no write is answered before its batch's COMMIT is on
disk. Two doors to the same writer:

- `GroupCommit.run` for threads (plans, enactments, the CLI): writers queue on a lock instead
  of polling SQLite's busy handler (whose sleeps grow to 100 ms and starve unlucky threads);
  whoever holds the lock commits every job queued so far.
- `GroupCommit.run_async` for the event loop (the service's decisions and preferences): the
  jobs' SQL runs on the loop (a few tenths of a millisecond each; handing it to threads made
  them fight over the GIL), the COMMIT in a thread of its own, so that the loop answers and
  reads other requests during the fsync instead of sitting in it; the requests that arrive
  meanwhile form the next batch. While writes come one at a time, the COMMIT stays on the
  loop (there is nothing to overlap, and the hand-off would only add wake-ups).

Both take the same write lock, so a batch of either kind has the file to itself. Other
processes still wait through busy_timeout.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from serving.state.errors import StateError, StateUnavailable

log = logging.getLogger("jobfit.state")


class Job:
    """One write waiting for a group commit, and how it went (`future`: its waiter on the
    event loop, for `run_async`)."""

    __slots__ = ("job", "done", "result", "error", "future")

    def __init__(self, job: Callable[[Session], dict],
                 future: asyncio.Future | None = None) -> None:
        self.job = job
        self.done = False
        self.result: dict | None = None
        self.error: BaseException | None = None
        self.future = future

    def outcome(self) -> dict:
        if self.error is not None:
            raise self.error
        return self.result

    def settle(self) -> None:
        """Hand the outcome to the waiter on the loop (unless it gave up: client gone)."""
        self.done = True
        if self.future is not None and not self.future.done():
            if self.error is not None:
                self.future.set_exception(self.error)
            else:
                self.future.set_result(self.result)


@contextmanager
def db_errors() -> Iterator[None]:
    """Database failures as StateErrors whose messages carry no SQL (the cause stays chained
    for the service's own logs)."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        log.warning("state database unavailable (%s)", type(exc.orig).__name__)
        raise StateUnavailable("state database unavailable; try again") from exc
    except IntegrityError:
        raise  # the store's callers handle these (idempotency races)
    except DBAPIError as exc:
        log.error("state database error (%s)", type(exc.orig).__name__)
        raise StateError("state database error") from exc


def serialise_on(s: Session, namespace: str, key: str) -> None:
    """Serialise writers on one logical key. SQLite writers already are (BEGIN IMMEDIATE);
    PostgreSQL gets a transaction-scoped advisory lock on the key's hash."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(
            func.hashtextextended(f"{namespace}\n{key}", 0))))


def _run_jobs(s: Session, batch: list[Job]) -> None:
    """Each job of the batch in a SAVEPOINT of its own, in arrival order: a later job sees
    the earlier ones' writes (versions, keys), a refused one (409, 404) is rolled back alone."""
    for j in batch:
        try:
            with db_errors(), s.begin_nested():
                j.result = j.job(s)
        except Exception as exc:  # noqa: BLE001 - handed to the job's caller
            j.error = exc


def _fail(batch: list[Job], exc: BaseException, first: Job | None) -> None:
    """The BEGIN or the COMMIT failed: nobody's write is stored. `first` gets the error
    itself, every other writer an error of its own (one exception raised in several
    threads or tasks would share a traceback)."""
    for j in batch:
        j.result = None
        if j is first:
            j.error = exc
        else:
            j.error = StateUnavailable("state database unavailable; try again")
            j.error.__cause__ = exc


class GroupCommit:
    """The queue of one process's SQLite writes and the lock its writers take turns on."""

    def __init__(self, writer: Engine) -> None:
        self.writer = writer
        self.write_lock = threading.Lock()
        self.queue_lock = threading.Lock()
        self.queue: list[Job] = []
        # the event loop's side: its waiting jobs, the task committing them, and the one
        # thread its COMMITs (and its waits for the write lock) run in
        self.loop_queue: list[Job] = []
        self.loop_drain: asyncio.Task | None = None
        self.loop_last_batch = 0
        self.committer = ThreadPoolExecutor(1, thread_name_prefix="jobfit-commit")

    def run(self, job: Callable[[Session], dict]) -> dict:
        """Run `job` on SQLite, committed together with whatever other writes of this process
        are waiting: one transaction and ONE fsync for the batch, each job in a SAVEPOINT of
        its own. A job's answer is returned only after the batch's COMMIT is on disk; if the
        COMMIT fails, every job of the batch fails and nothing of it is written.

        Writers of one process take turns on `write_lock`: whoever holds it commits every
        job queued so far, so a writer often finds its job done when its turn comes."""
        mine = Job(job)
        with self.queue_lock:
            self.queue.append(mine)
        with self.write_lock:
            if mine.done:
                return mine.outcome()
            with self.queue_lock:
                batch, self.queue = self.queue, []
            try:
                with db_errors(), Session(self.writer, expire_on_commit=False) as s, \
                        s.begin():
                    _run_jobs(s, batch)
            except BaseException as exc:
                _fail(batch, exc, mine)
                if not isinstance(exc, Exception):
                    for j in batch:
                        j.done = True
                    raise
            for j in batch:
                j.done = True
        return mine.outcome()

    async def run_async(self, job: Callable[[Session], dict]) -> dict:
        """`run` for a caller on the event loop: the same transaction, savepoints and answer
        rule (nothing answered before its batch's COMMIT is on disk), without blocking the
        loop for the fsync. Jobs that arrive while a batch commits wait and form the next
        batch; the first job of an idle writer starts at once."""
        mine = Job(job, asyncio.get_running_loop().create_future())
        self.loop_queue.append(mine)
        if self.loop_drain is None:
            self.loop_drain = asyncio.get_running_loop().create_task(self._drain())
        return await mine.future

    async def _drain(self) -> None:
        try:
            while self.loop_queue:
                # the lock first, then the batch: jobs that arrive while a thread's batch
                # holds the file join this one
                await self._take_write_lock()
                batch, self.loop_queue = self.loop_queue, []
                await self._commit_on_loop(batch)
        finally:
            self.loop_drain = None   # (no await since the queue was last seen empty)

    async def _commit_on_loop(self, batch: list[Job]) -> None:
        """One batch on the write lock the caller holds (and this releases): BEGIN, the jobs
        and their SAVEPOINTs on the loop, the COMMIT in the committer thread (or on the loop,
        below); every job's waiter answered only once the COMMIT has returned."""
        # Writes coming one at a time (this batch and the last had one write each): the
        # COMMIT runs right here — nothing else would use the loop meanwhile, and under load
        # a thread's two wake-ups cost milliseconds (docs/benchmarks.md). As soon as writes
        # overlap, it goes to the committer thread.
        alone = len(batch) == 1 == self.loop_last_batch
        self.loop_last_batch = len(batch)
        committed = False
        s = Session(self.writer, expire_on_commit=False)
        try:
            with db_errors():
                s.begin()                   # BEGIN IMMEDIATE
                _run_jobs(s, batch)
                if alone:
                    s.commit()
                else:
                    committing = self.committer.submit(s.commit)
                    try:
                        await asyncio.wrap_future(committing)
                    except asyncio.CancelledError:
                        # the loop is shutting down; the COMMIT under way still decides
                        # whether the batch is written, and the session is its thread's
                        # until it ends
                        committing.result()
                        committed = True
                        raise
                committed = True
        except BaseException as exc:
            if not committed:               # nobody's write is stored
                _fail(batch, exc, batch[0] if isinstance(exc, Exception) else None)
            if not isinstance(exc, Exception):
                raise
        finally:
            try:
                s.close()
            finally:
                self.write_lock.release()
                for j in batch:
                    j.settle()

    async def _take_write_lock(self) -> None:
        """The write lock, without blocking the loop while a thread's batch holds it."""
        if self.write_lock.acquire(blocking=False):
            return
        taking = self.committer.submit(self.write_lock.acquire)
        try:
            await asyncio.wrap_future(taking)
        except asyncio.CancelledError:
            taking.result()              # it will be ours: give it back
            self.write_lock.release()
            raise
