"""The schema: migrated from code, to exactly the tables the models describe, idempotently;
engine settings that durability depends on; backups that restore to the same database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from serving.state import (SchemaOutOfDate, StateStore, backup, current, default_sqlite_url,
                           head, make_engine, upgrade)
from serving.state.backup import BackupError
from serving.state.db import normalise_url
from serving.state.tables import TABLES, Base
from statekit import ACTOR, counts, new_round


def test_upgrade_on_empty_database_creates_exactly_the_tables(state_url):
    assert current(state_url) is None
    assert upgrade(state_url) == head() == "0002"
    assert current(state_url) == "0002"
    engine = make_engine(state_url)
    try:
        assert set(inspect(engine).get_table_names()) == set(TABLES) | {"alembic_version"}
        with engine.connect() as conn:  # the frozen migration and the models agree, column by col.
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                    Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op_and_keeps_data(state_url):
    upgrade(state_url)
    with StateStore(state_url) as store:
        rid = new_round(store)["round_id"]
        before = counts(store)
    assert upgrade(state_url) == "0002"
    with StateStore(state_url) as store:  # StateStore upgrades again on open
        assert counts(store) == before
        assert store.get_round(rid)["version"] == 1


def test_concurrent_upgrades_from_two_threads_both_succeed(state_url):
    results, errors = [], []

    def run():
        try:
            results.append(upgrade(state_url))
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            errors.append(repr(exc))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == ["0002"] * 3


def test_a_new_sqlite_file_opened_by_many_at_once_gets_wal_without_locked_errors(tmp_path):
    """Switching a new file to WAL needs it alone and SQLite says "database is locked" at
    once (no busy wait) to the others: opening retries (20 new files × 4 threads: before the
    retry, a few in a hundred such starts failed)."""
    for k in range(20):
        url = f"sqlite:///{tmp_path / f's{k}.db'}"
        errors: list[str] = []

        def run():
            try:
                upgrade(url)
            except Exception as exc:  # noqa: BLE001 - the assertion below reports it
                errors.append(repr(exc))

        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [], (k, errors)


def test_store_refuses_an_unmigrated_database_when_told_not_to_migrate(state_url):
    with pytest.raises(SchemaOutOfDate) as err:
        StateStore(state_url, migrate=False)
    assert err.value.status == 503 and "upgrade" in err.value.message
    upgrade(state_url)
    StateStore(state_url, migrate=False).close()


def test_sqlite_connections_are_wal_full_sync_with_foreign_keys_and_busy_timeout(sqlite_url):
    with StateStore(sqlite_url) as store, store.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 30_000


def test_urls():
    url = default_sqlite_url("relative/home")
    assert url == f"sqlite:///{Path('relative/home').resolve()}/jobfit.db"
    assert url.startswith("sqlite:////")
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(ValueError, match="in-memory"):
        normalise_url("sqlite://")
    with pytest.raises(ValueError, match="unsupported"):
        normalise_url("mysql://u@h/db")


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_sqlite_backup_restores_to_an_identical_database(sqlite_url, tmp_path):
    with StateStore(sqlite_url) as store:
        r = new_round(store)
        store.decide(r["round_id"], "m1", "approve", "cocok", 1, ACTOR)
        store.put_preferences("198001012000010001", ["DINKES"], True, "dekat rumah", ACTOR)
        original = store.get_round(r["round_id"])
        dest = backup(sqlite_url, tmp_path / "copies" / "state-backup.db")
        assert dest == (tmp_path / "copies" / "state-backup.db").resolve()
        assert _dump(Path(sqlite_url.removeprefix("sqlite:///"))) == _dump(dest)
        audit = store.audit()
    # "restore": put the copy where a database goes and open it
    restored = tmp_path / "restored.db"
    restored.write_bytes(dest.read_bytes())
    with StateStore(f"sqlite:///{restored}", migrate=False) as copy:
        assert copy.get_round(r["round_id"]) == original
        assert copy.audit() == audit


def test_sqlite_backup_is_consistent_while_a_writer_keeps_writing(sqlite_url, tmp_path):
    with StateStore(sqlite_url) as store:
        r = new_round(store, n_moves=2)
        stop = threading.Event()

        def writer():
            v = 1
            while not stop.is_set():
                v = store.decide(r["round_id"], "m1", "approve", "", v, ACTOR)["round_version"]

        t = threading.Thread(target=writer)
        t.start()
        try:
            copies = [backup(sqlite_url, tmp_path / f"b{i}.db") for i in range(3)]
        finally:
            stop.set()
            t.join()
    for path in copies:
        with StateStore(f"sqlite:///{path}", migrate=False) as copy:
            got = copy.get_round(r["round_id"])
            audits = copy.audit(round_id=r["round_id"])
            # every decision has its audit record, and the version counts them exactly
            assert got["version"] == len(audits) == 1 + sum(
                a["action"] == "decision.create" for a in audits)
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_of_a_missing_sqlite_database_is_a_clear_error(tmp_path):
    with pytest.raises(BackupError, match="no SQLite state database"):
        backup(f"sqlite:///{tmp_path / 'nothing.db'}", tmp_path / "b.db")


def test_postgresql_backup_is_a_pg_dump_that_pg_restore_restores(pg_server, tmp_path):
    url = pg_server.create_database()
    with StateStore(url) as store:
        r = new_round(store)
        store.decide(r["round_id"], "m2", "reject", "belum cukup", 1, ACTOR)
        original, audit = store.get_round(r["round_id"]), store.audit()
    dest = backup(url, tmp_path / "state.pgdump")
    assert dest.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    target = pg_server.create_database()
    proc = subprocess.run([str(pg_server.bindir / "pg_restore"), "--no-owner",
                           f"--dbname={target.replace('+psycopg', '')}", str(dest)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    with StateStore(target, migrate=False) as copy:
        assert copy.get_round(r["round_id"]) == original
        assert copy.audit() == audit


def test_postgresql_backup_without_pg_dump_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no pg_dump anywhere
    with pytest.raises(BackupError, match="pg_dump on PATH"):
        backup("postgresql+psycopg://u@127.0.0.1:1/db", tmp_path / "x.pgdump")
    assert not (tmp_path / "x.pgdump").exists()
    assert os.listdir(tmp_path) == []


def test_without_postgresql_binaries_the_server_helper_says_what_to_do(monkeypatch, tmp_path):
    from pgserver import PgUnavailable, find_bindir

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PgUnavailable, match="scripts/setup"):
        find_bindir(debian_root=tmp_path)
    (tmp_path / "16" / "bin").mkdir(parents=True)
    (tmp_path / "16" / "bin" / "initdb").touch()
    (tmp_path / "9" / "bin").mkdir(parents=True)
    (tmp_path / "9" / "bin" / "initdb").touch()
    assert find_bindir(debian_root=tmp_path) == tmp_path / "16" / "bin"  # newest, numerically
