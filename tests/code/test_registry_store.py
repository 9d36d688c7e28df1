"""A new SQLite MLflow store is created in WAL mode (models.registry.new_sqlite_store_in_wal):
its schema migrations and later runs then commit with one fsync each. An existing store keeps
its journal mode, other backends are not touched, and MLflow opens the new store as usual."""

from __future__ import annotations

import sqlite3

from models.registry import new_sqlite_store_in_wal


def _mode(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()


def test_a_new_store_starts_in_wal_and_an_existing_one_is_left_alone(tmp_path):
    new = tmp_path / "home" / "mlflow.db"
    new_sqlite_store_in_wal(f"sqlite:///{new}")
    assert _mode(new) == "wal"

    old = tmp_path / "old.db"
    con = sqlite3.connect(old)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    new_sqlite_store_in_wal(f"sqlite:///{old}")
    assert _mode(old) == "delete"


def test_other_backends_and_memory_are_not_touched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for uri in ("postgresql://u@localhost/mlflow", "sqlite://", "sqlite:///:memory:",
                "http://127.0.0.1:5000", "file:///tmp/mlruns", "databricks"):
        new_sqlite_store_in_wal(uri)
    assert list(tmp_path.iterdir()) == []


def test_mlflow_builds_its_schema_in_the_new_store(tmp_path):
    from types import SimpleNamespace

    from models.registry import client

    db = tmp_path / "mlflow.db"
    settings = SimpleNamespace(home=tmp_path, mlflow_tracking_uri=f"sqlite:///{db}",
                               model_name="m", tracking_uri=f"sqlite:///{db}")
    c = client(settings)
    assert [e.name for e in c.search_experiments()] == ["Default"]
    assert _mode(db) == "wal"
