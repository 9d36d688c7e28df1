"""Reads, and writes that are idempotent and atomic: one write is one transaction holding
the write, its audit record (the caller's `fn` appends it) and, when an Idempotency-Key came,
its stored answer — all three commit together or not at all. On SQLite, writes of this
process that arrive together share one transaction (serving.state.commit)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import NamedTuple

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from serving.state import idempotency
from serving.state.commit import GroupCommit, db_errors, serialise_on
from serving.state.errors import StateError

log = logging.getLogger("jobfit.state")


class Write(NamedTuple):
    """A checked write, ready to run: `fn` does it inside the transaction; `scope`, `request`
    and `key` are its idempotency record; `status` the HTTP status of its answer."""

    scope: str
    request: dict
    key: str | None
    status: int
    fn: Callable[[Session], dict]


class Transactions:
    """Sessions over one database: `read()`, `write(...)` and, on the event loop,
    `write_async(...)`."""

    def __init__(self, engine: Engine, writer: Engine) -> None:
        self.engine, self.writer = engine, writer
        self.group = GroupCommit(writer) if engine.dialect.name == "sqlite" else None

    def close(self) -> None:
        if self.group is not None:
            self.group.committer.shutdown(wait=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with db_errors(), Session(self.engine) as s, s.begin():
            yield s

    def write(self, scope: str, request: dict, key: str | None, status: int,
              fn: Callable[[Session], dict]) -> dict:
        """Run `fn` in one write transaction with, when `key` is given, the idempotency check
        before it and the stored answer committed with it. On SQLite, writers of this process
        that arrive together share the transaction (serving.state.commit)."""
        w = Write(scope, request, idempotency.check_key(key), status, fn)
        job = self._job(w)
        try:
            if self.group is not None:
                return self.group.run(job)
            with db_errors(), Session(self.writer, expire_on_commit=False) as s, s.begin():
                return job(s)
        except (StateError, IntegrityError) as exc:
            return self._refused(w, exc)

    async def write_async(self, w: Write) -> dict:
        """`write` for a caller on the event loop. On SQLite the write joins the loop's group
        commit (its SQL on the loop, the COMMIT's fsync in a thread: serving.state.commit);
        elsewhere (network round trips) the whole write runs in a worker thread."""
        if self.group is None:
            return await asyncio.to_thread(self.write, *w)
        w = w._replace(key=idempotency.check_key(w.key))
        try:
            return await self.group.run_async(self._job(w))
        except (StateError, IntegrityError) as exc:
            return self._refused(w, exc)

    def _job(self, w: Write) -> Callable[[Session], dict]:
        key, scope = w.key, w.scope
        digest = idempotency.request_hash(w.request) if key is not None else ""

        def job(s: Session) -> dict:
            if key is not None:
                serialise_on(s, "idempotency", f"{scope}\n{key}")
                found = idempotency.lookup(s, key, scope)
                if found is not None:
                    return idempotency.replay(found, digest)
            answer = w.fn(s)
            if key is not None:
                idempotency.remember(s, key=key, scope=scope, digest=digest,
                                     status_code=w.status, response=answer,
                                     at=datetime.now(timezone.utc))
            s.flush()
            return answer

        return job

    def _refused(self, w: Write, exc: StateError | IntegrityError) -> dict:
        """A write that failed: lost a race to a request with the same key? Then its answer
        is ours. Otherwise the error, with a constraint's refusal said in words."""
        if w.key is not None:
            stored = self.stored_answer(w.key, w.scope, w.request)
            if stored is not None:
                return stored
        if isinstance(exc, IntegrityError):
            log.error("state write refused by a constraint (%s)", type(exc.orig).__name__)
            raise StateError("state database refused a conflicting write; try again") from exc
        raise exc

    def stored_answer(self, key: str, scope: str, request: dict) -> dict | None:
        with self.read() as s:
            found = idempotency.lookup(s, key, scope)
            if found is None:
                return None
            return idempotency.replay(found, idempotency.request_hash(request))
