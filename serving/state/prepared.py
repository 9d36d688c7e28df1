"""The statements of the decision path, compiled ONCE and run straight on the SQLite driver.

A decision is six statements (the idempotency look-up, the move with its latest decision, the
compare-and-set on the round's version, the decision, its audit record, the stored answer).
Through SQLAlchemy each costs ~40 µs of Python (execution context, compiled-cache look-up,
events, result metadata) against ~3 µs in sqlite3 itself — about a third of what the service
spends on a decision, all of it on the event loop, where it caps the writes per second
(docs/benchmarks.md). So on SQLite a `Prepared` statement is compiled by SQLAlchemy once and
then executed on the write's own DBAPI connection, inside the same transaction, with
SQLAlchemy's own conversions (its types' bind and result processors: UTC datetimes, JSON) and
its own exception classes (`DBAPIError.instance`: a constraint is still an IntegrityError, a
locked file still an OperationalError, and no bound value in the message). The statement
stays one SQLAlchemy expression for both backends; on any other dialect (on PostgreSQL a
network round trip per statement dwarfs the difference), and while SQLAlchemy's statement
log is on, it simply runs through SQLAlchemy. One compiled form serves every SQLite engine:
they are all made by serving.state.db, with the same settings.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable


# SQLAlchemy's statement log (INFO: statements, parameters hidden by the engine): while an
# operator has it on, these statements go through SQLAlchemy and are logged like the others.
_SQL_LOG = logging.getLogger("sqlalchemy.engine.Engine")


class _Compiled:
    """One statement for one SQLite dialect: its SQL, its parameters in order (a processor
    for each that needs one, the constants SQLAlchemy bound itself) and its result columns'
    processors."""

    def __init__(self, stmt: Executable, dialect, keys: list[str] | None) -> None:
        compiled = stmt.compile(dialect=dialect, column_keys=keys)
        self.sql = str(compiled)
        names = list(compiled.positiontup or ())
        binds = compiled.binds
        given = {n for n in names if binds[n].required}
        constants = compiled.construct_params({n: None for n in given})
        # the processors SQLAlchemy itself applies: the type's implementation for this dialect
        self.order = [(n, n in given, constants[n],
                       binds[n].type.dialect_impl(dialect).bind_processor(dialect))
                      for n in names]
        columns = getattr(stmt, "selected_columns", None)
        self.columns = [] if columns is None or isinstance(stmt, Insert) else [
            (c.key, c.type.dialect_impl(dialect).result_processor(dialect, None))
            for c in columns]

    def parameters(self, params: Mapping[str, Any]) -> tuple:
        out = []
        for name, given, constant, process in self.order:
            value = params[name] if given else constant
            out.append(process(value) if process is not None else value)
        return tuple(out)


class Prepared:
    """A Core statement (SELECT, INSERT or UPDATE with named bind parameters) for the hot
    path. INSERTs name their columns: every column but an autoincrement key is given."""

    def __init__(self, stmt: Executable, insert_columns: list[str] | None = None) -> None:
        self.stmt = stmt
        self.keys = insert_columns
        if isinstance(stmt, Insert):
            table = stmt.table
            missing = [c.key for c in table.c if c.key not in (insert_columns or ())
                       and not (c.primary_key and c.autoincrement in (True, "auto"))]
            if missing:
                raise ValueError(f"Prepared INSERT into {table.name}: columns {missing} "
                                 "would skip SQLAlchemy's defaults; name every column")
        self._sqlite: _Compiled | None = None

    def _run(self, s: Session | Connection, params: Mapping[str, Any]):
        """(DBAPI cursor, compiled) on SQLite; (SQLAlchemy result, None) elsewhere."""
        conn = s.connection() if isinstance(s, Session) else s
        if isinstance(s, Session):
            s.flush()       # what Session.execute would do first (autoflush)
        if conn.dialect.name != "sqlite" or _SQL_LOG.isEnabledFor(logging.INFO):
            return conn.execute(self.stmt, params), None
        if self._sqlite is None:
            self._sqlite = _Compiled(self.stmt, conn.dialect, self.keys)
        c = self._sqlite
        dbapi = conn.connection.driver_connection
        try:
            return dbapi.execute(c.sql, c.parameters(params)), c
        except dbapi_error(conn) as exc:
            raise DBAPIError.instance(c.sql, None, exc, dbapi_error(conn),
                                      hide_parameters=True, dialect=conn.dialect) from exc

    def first(self, s: Session | Connection, params: Mapping[str, Any]) -> dict | None:
        """The first row as a dict (column key → value, converted), or None."""
        result, c = self._run(s, params)
        if c is None:
            row = result.mappings().first()
            return None if row is None else dict(row)
        row = result.fetchone()
        result.close()
        if row is None:
            return None
        return {key: (process(v) if process is not None else v)
                for (key, process), v in zip(c.columns, row)}

    def run(self, s: Session | Connection, params: Mapping[str, Any]) -> int:
        """Execute; the number of rows an UPDATE matched (INSERT: 1)."""
        result, _ = self._run(s, params)
        return result.rowcount


def dbapi_error(conn: Connection) -> type[Exception]:
    """The driver's base exception class (sqlite3.Error)."""
    return conn.dialect.loaded_dbapi.Error
