"""serving.state.db sends SQLite's SAVEPOINT, RELEASE and ROLLBACK TO straight to the driver:
a nested transaction must still keep what it released and undo what it rolled back (inside
the outer transaction, which decides in the end), its failures must be SQLAlchemy's
exceptions, and with the statement log on the statements must be logged."""

from __future__ import annotations

import logging
import warnings

import pytest
from sqlalchemy import literal, select, text
from sqlalchemy.exc import OperationalError, SAWarning
from sqlalchemy.orm import Session

from serving.state.db import SQLiteDialect, make_engine, write_engine


@pytest.fixture
def engine(sqlite_url):
    e = make_engine(sqlite_url, pool_size=1)
    with write_engine(e).begin() as c:
        c.exec_driver_sql("CREATE TABLE t (a INTEGER)")
    yield e
    e.dispose()


def _rows(e) -> list[int]:
    with e.connect() as c:
        return [r[0] for r in c.exec_driver_sql("SELECT a FROM t ORDER BY a")]


def test_the_sqlite_engine_uses_the_driver_savepoints(engine):
    assert isinstance(engine.dialect, SQLiteDialect) and engine.dialect.name == "sqlite"
    with warnings.catch_warnings():     # a dialect without statement caching warns here
        warnings.simplefilter("error", SAWarning)
        with engine.connect() as c:
            assert c.execute(select(literal(1))).scalar() == 1


def test_released_savepoints_keep_rolled_back_ones_undo(engine):
    with Session(write_engine(engine)) as s, s.begin():
        with s.begin_nested():
            s.execute(text("INSERT INTO t VALUES (1)"))
        with pytest.raises(RuntimeError):
            with s.begin_nested():
                s.execute(text("INSERT INTO t VALUES (2)"))
                raise RuntimeError("refused")
        with s.begin_nested():
            s.execute(text("INSERT INTO t VALUES (3)"))
        assert [r[0] for r in s.execute(text("SELECT a FROM t ORDER BY a"))] == [1, 3]
    assert _rows(engine) == [1, 3]


def test_an_outer_rollback_undoes_released_savepoints(engine):
    with Session(write_engine(engine)) as s:
        s.begin()
        with s.begin_nested():
            s.execute(text("INSERT INTO t VALUES (1)"))
        s.rollback()
    assert _rows(engine) == []


def test_a_failing_savepoint_statement_is_sqlalchemys_error(engine):
    with engine.connect() as c:
        c.begin()
        with pytest.raises(OperationalError, match="no such savepoint"):
            engine.dialect.do_release_savepoint(c, "sa_savepoint_404")
        c.rollback()


def test_with_the_statement_log_on_savepoints_are_logged(engine, caplog):
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    with Session(write_engine(engine)) as s, s.begin():
        with s.begin_nested():
            s.execute(text("INSERT INTO t VALUES (1)"))
    said = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("SAVEPOINT") for m in said)
    assert any(m.startswith("RELEASE SAVEPOINT") for m in said)
