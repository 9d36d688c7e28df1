"""Writes of one process committed together on SQLite (group commit), and the database's
failures as StateErrors.

SQLite has one writer at a time. Writers of this process queue on a lock instead of polling
SQLite's busy handler (whose sleeps grow to 100 ms and starve unlucky threads), and those
queued together commit together: one transaction, one fsync per batch, each write in a
SAVEPOINT of its own. Other processes still wait through busy_timeout.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from serving.state.errors import StateError, StateUnavailable

log = logging.getLogger("jobfit.state")


class Job:
    """One write waiting for a group commit, and how it went."""

    __slots__ = ("job", "done", "result", "error")

    def __init__(self, job: Callable[[Session], dict]) -> None:
        self.job = job
        self.done = False
        self.result: dict | None = None
        self.error: BaseException | None = None

    def outcome(self) -> dict:
        if self.error is not None:
            raise self.error
        return self.result



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


class GroupCommit:
    """The queue of one process's SQLite writes and the lock its writers take turns on."""

    def __init__(self, writer: Engine) -> None:
        self.writer = writer
        self.write_lock = threading.Lock()
        self.queue_lock = threading.Lock()
        self.queue: list[Job] = []

    def run(self, job: Callable[[Session], dict]) -> dict:
        """Run `job` on SQLite, committed together with whatever other writes of this process
        are waiting: one transaction and ONE fsync for the batch, each job in a SAVEPOINT of
        its own (a refused job — 409, 404 — is rolled back alone; the others commit). The
        batch runs its jobs one after the other, in arrival order, exactly as if each had its
        own transaction: a later job sees the earlier ones' writes (versions, keys). A job's
        answer is returned only after the batch's COMMIT is on disk; if the COMMIT fails,
        every job of the batch fails and nothing of it is written.

        Writers of one process take turns on `_write_lock`: whoever holds it commits every
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
                    for j in batch:
                        try:
                            with db_errors(), s.begin_nested():
                                j.result = j.job(s)
                        except Exception as exc:  # noqa: BLE001 - handed to the job's caller
                            j.error = exc
            except BaseException as exc:  # the BEGIN or the COMMIT failed: nobody's write
                for j in batch:
                    j.result = None
                    if j is mine:
                        j.error = exc
                    else:  # each waiting writer gets an error of its own
                        j.error = StateUnavailable("state database unavailable; try again")
                        j.error.__cause__ = exc
                if not isinstance(exc, Exception):
                    for j in batch:
                        j.done = True
                    raise
            for j in batch:
                j.done = True
        return mine.outcome()
