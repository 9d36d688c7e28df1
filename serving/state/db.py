"""The state database's engine: one place that knows how to open SQLite and PostgreSQL safely.

What people decide (rounds, decisions, preferences) must survive a killed process, and two
writers must never both win an optimistic check. That depends on connection settings more
than on queries, so they live here and nowhere else:

- SQLite: WAL journal (readers never block the writer), `synchronous=FULL` (a commit is on
  disk before it is acknowledged: a kill -9 or power cut loses no acknowledged write),
  `foreign_keys=ON`, a `busy_timeout` (a second writer waits instead of failing at once).
  Python 3.11's sqlite3 driver only half-manages transactions (it never emits BEGIN before a
  SELECT), so we switch its own transaction handling off and emit BEGIN ourselves: plain
  `BEGIN` for reads, `BEGIN IMMEDIATE` for writes (`write_engine`). Taking the write lock at
  the start makes a read-check-write transaction serialisable and avoids the WAL
  "snapshot is stale" failure that a deferred BEGIN gets when it upgrades to a writer.
- PostgreSQL: `postgresql+psycopg://` (psycopg 3). READ COMMITTED is enough: the store's
  optimistic check is a single compare-and-set UPDATE, which PostgreSQL re-evaluates after
  waiting on the row lock.
- `hide_parameters=True` everywhere: SQLAlchemy's error messages and logs then never carry
  bound values (employee ids are NIPs; names never reach this layer).
- SQLite's SAVEPOINTs (one per write of a group commit, serving.state.commit) go straight to
  the driver: SQLAlchemy compiles and executes each through its whole statement machinery
  (~120 µs of CPU for a SAVEPOINT and its RELEASE, ~2 µs in sqlite3), on the event loop.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

SQLITE_BUSY_TIMEOUT_MS = 30_000
WAL_AUTOCHECKPOINT_PAGES = 100   # SQLite default 1000: 10× shorter checkpoint pauses
_WRITE_OPTION = "jobfit_state_write"


class SQLiteDialect(SQLiteDialect_pysqlite):
    """SQLAlchemy's pysqlite dialect whose SAVEPOINT, RELEASE and ROLLBACK TO statements run
    on the DBAPI connection itself. SQLAlchemy's nested transactions (and the Session's) are
    unchanged: only how the statement is sent. While SQLAlchemy's statement log is on they
    go through SQLAlchemy, logged like every other statement."""

    supports_statement_cache = True   # (each subclass must say so, or nothing is cached)

    def _savepoint_sql(self, connection, sql: str) -> None:  # noqa: ANN001 - a Connection
        dbapi = connection.connection.driver_connection
        try:
            dbapi.execute(sql)
        except self.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(sql, None, exc, self.loaded_dbapi.Error,
                                      hide_parameters=True, dialect=self) from exc

    def do_savepoint(self, connection, name):  # noqa: ANN001
        if _SQL_LOG.isEnabledFor(logging.INFO):
            return super().do_savepoint(connection, name)
        self._savepoint_sql(connection, f"SAVEPOINT {self._name(name)}")

    def do_release_savepoint(self, connection, name):  # noqa: ANN001
        if _SQL_LOG.isEnabledFor(logging.INFO):
            return super().do_release_savepoint(connection, name)
        self._savepoint_sql(connection, f"RELEASE SAVEPOINT {self._name(name)}")

    def do_rollback_to_savepoint(self, connection, name):  # noqa: ANN001
        if _SQL_LOG.isEnabledFor(logging.INFO):
            return super().do_rollback_to_savepoint(connection, name)
        self._savepoint_sql(connection, f"ROLLBACK TO SAVEPOINT {self._name(name)}")

    def _name(self, name: str) -> str:
        return self.identifier_preparer.format_savepoint(None, name)


# `sqlite+jobfit://`: what make_engine opens a `sqlite://` (pysqlite) URL with.
registry.register("sqlite.jobfit", __name__, "SQLiteDialect")
_SQL_LOG = logging.getLogger("sqlalchemy.engine.Engine")


def default_sqlite_url(home: str | Path) -> str:
    """`sqlite:////abs/path/HOME/jobfit.db` for a Jobfit home folder (made absolute)."""
    path = (Path(home).expanduser().resolve() / "jobfit.db")
    return f"sqlite:///{path}"


def normalise_url(url: str | URL) -> URL:
    """The URL the engine will use: `postgresql://` and `postgres://` mean psycopg 3."""
    u = make_url(str(url)) if not isinstance(url, URL) else url
    backend = u.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if u.drivername in ("postgresql", "postgres"):
            u = u.set(drivername="postgresql+psycopg")
    elif backend == "sqlite":
        if u.database in (None, "", ":memory:") or (u.database or "").startswith("file::memory:"):
            raise ValueError("state database: an in-memory SQLite database is not durable; "
                             "give a file path (sqlite:////abs/path/jobfit.db)")
    else:
        raise ValueError(f"state database: unsupported backend {backend!r} "
                         "(use sqlite:/// or postgresql+psycopg://)")
    return u


def is_sqlite(engine_or_url: Engine | str | URL) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(str(engine_or_url))
    return url.get_backend_name() == "sqlite"


def make_engine(url: str | URL, *, pool_size: int = 8) -> Engine:
    """An engine for the state database at `url` (SQLite file or PostgreSQL)."""
    u = normalise_url(url)
    if u.get_backend_name() == "sqlite":
        Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        if u.get_driver_name() == "pysqlite":
            u = u.set(drivername="sqlite+jobfit")
        engine = create_engine(
            u, hide_parameters=True, pool_size=pool_size, max_overflow=8,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        _install_sqlite_hooks(engine)
        return engine
    return create_engine(u, hide_parameters=True, pool_pre_ping=True, pool_size=pool_size,
                         max_overflow=8, connect_args={"connect_timeout": 10})


def write_engine(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions are write transactions: on SQLite they
    start with BEGIN IMMEDIATE; on PostgreSQL nothing changes."""
    return engine.execution_options(**{_WRITE_OPTION: True})


def _journal_mode_wal(cur) -> str:  # noqa: ANN001 - a DBAPI cursor
    """PRAGMA journal_mode = WAL, retried while another connection holds the file: switching
    a new file to WAL needs it alone, and SQLite answers "database is locked" at once there
    (the busy handler is not asked), e.g. when several workers open a new database together.
    Once one of them has switched, the mode is in the file and the others see it."""
    import sqlite3
    import time

    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            return cur.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) \
                    or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001 - DBAPI objects
        # Our own BEGIN (below) replaces the driver's partial, DML-only transaction handling.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            mode = _journal_mode_wal(cur)
            if str(mode).lower() != "wal":
                raise RuntimeError(f"state database: SQLite refused WAL mode ({mode})")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
            cur.execute("PRAGMA foreign_keys = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        write = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
