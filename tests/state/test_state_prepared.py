"""serving.state.prepared: the decision path's statements run on the SQLite driver directly
must read and write exactly what SQLAlchemy's own execution does — the same stored values
(UTC datetimes, JSON documents, NULLs), the same rows back (converted), the same rowcounts,
and SQLAlchemy's exception classes with no bound value in their message."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from serving.state import StateStore
from serving.state.prepared import Prepared
from serving.state.rounds import BUMP, BUMP_VERSION
from serving.state.tables import AuditRecord, IdempotencyRecord
from statekit import new_round

AUDIT = AuditRecord.__table__
KEYS = [c.key for c in AUDIT.c if c.key != "id"]
SELECT_AUDIT = select(AUDIT).where(AUDIT.c.target_id == bindparam("target"))


def _record(target: str) -> dict:
    return {"at": datetime(2026, 11, 30, 8, 15, 1, 123456, tzinfo=timezone.utc),
            "actor": "Siti", "action": "decision.create", "target_type": "move",
            "target_id": target, "round_id": None,
            "before": {"decision": None, "n": [1, 2.5, "é"]}, "after": None}


def test_prepared_writes_and_reads_what_sqlalchemy_does(sqlite_url):
    with StateStore(sqlite_url) as store, Session(store.engine) as s, s.begin():
        c = s.connection()
        Prepared(insert(AUDIT), KEYS).run(c, _record("fast"))
        c.execute(insert(AUDIT), _record("core"))
        raw = {t: c.exec_driver_sql(
            'SELECT at, actor, "before", "after", round_id FROM audit WHERE target_id = ?',
            (t,)).one() for t in ("fast", "core")}
        assert raw["fast"] == raw["core"]                  # byte for byte, as stored
        for t in ("fast", "core"):
            fast = Prepared(SELECT_AUDIT).first(c, {"target": t})
            core = dict(c.execute(SELECT_AUDIT, {"target": t}).mappings().one())
            assert {k: v for k, v in fast.items() if k != "id"} == \
                {k: v for k, v in core.items() if k != "id"}
            assert fast["at"] == _record(t)["at"] and fast["before"] == _record(t)["before"]
            assert fast["after"] is None
        assert Prepared(SELECT_AUDIT).first(c, {"target": "nobody"}) is None


def test_prepared_update_counts_rows_and_constants_are_bound(sqlite_url):
    with StateStore(sqlite_url) as store:
        rid = new_round(store)["round_id"]
        with Session(store.engine) as s, s.begin():
            assert BUMP.run(s, {"rid": rid, "expected": 2}) == 0       # stale: no row
            assert BUMP.run(s, {"rid": rid, "expected": 1}) == 1
            s.execute(text("UPDATE rounds SET status = 'enacted' WHERE id = :r"), {"r": rid})
            # the statement's own constant (status = 'draft') is bound: an enacted round is
            # not updated
            assert BUMP.run(s, {"rid": rid, "expected": 2}) == 0
            assert s.execute(BUMP_VERSION, {"rid": rid, "expected": 2}).rowcount == 0


def test_prepared_errors_are_sqlalchemys_and_carry_no_values(sqlite_url):
    t = IdempotencyRecord.__table__
    row = {"key": "k-secret-199001012020011001", "scope": "s", "request_hash": "h",
           "status_code": 201, "response": {"a": 1},
           "created_at": datetime(2026, 1, 1, tzinfo=timezone.utc)}
    remember = Prepared(insert(t), [c.key for c in t.c])
    with StateStore(sqlite_url) as store, Session(store.engine) as s, s.begin():
        remember.run(s, row)
        with pytest.raises(IntegrityError) as err:
            remember.run(s, row)
        assert "199001012020011001" not in str(err.value)


def test_an_insert_must_name_every_column():
    with pytest.raises(ValueError, match="name every column"):
        Prepared(insert(AUDIT), ["at", "actor"])


def test_with_the_statement_log_on_the_statements_go_through_sqlalchemy(sqlite_url, caplog):
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    with StateStore(sqlite_url) as store, Session(store.engine) as s, s.begin():
        Prepared(insert(AUDIT), KEYS).run(s, _record("logged"))
    assert any("INSERT INTO audit" in r.getMessage() for r in caplog.records)
