"""A new SQLite MLflow store is built aside (in memory) by MLflow itself and moved into place
in WAL mode (models.registry.new_sqlite_store_in_wal): it must be exactly the store MLflow
would have built in place, nothing else may be left next to it, an existing store keeps its
journal mode, other backends are not touched, and MLflow opens the new store as usual."""

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


def _schema(path) -> dict:
    """Tables with their columns, indexes, the schema version and the experiments. (Not the
    CREATE statements' text: MLflow's own builds order CHECK constraints differently.)"""
    con = sqlite3.connect(path)
    try:
        objects = sorted(con.execute("SELECT type, name, tbl_name FROM sqlite_master "
                                     "WHERE name NOT LIKE 'sqlite_%'"))
        return {"objects": objects,
                "columns": {n: con.execute(f'PRAGMA table_info("{n}")').fetchall()
                            for t, n, _ in objects if t == "table"},
                "alembic": con.execute("SELECT version_num FROM alembic_version").fetchall(),
                "experiments": con.execute(
                    "SELECT experiment_id, name, artifact_location, lifecycle_stage "
                    "FROM experiments").fetchall()}
    finally:
        con.close()


def test_the_store_built_aside_is_the_one_mlflow_builds_in_place(tmp_path, monkeypatch):
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    monkeypatch.chdir(tmp_path)          # the default experiment's ./mlruns, for both
    ours = tmp_path / "home" / "mlflow.db"
    new_sqlite_store_in_wal(f"sqlite:///{ours}")
    theirs = tmp_path / "theirs.db"
    SqlAlchemyStore(f"sqlite:///{theirs}", "./mlruns").engine.dispose()
    mine = _schema(ours)
    assert mine == _schema(theirs) and mine["experiments"] and mine["alembic"]
    assert [p.name for p in (tmp_path / "home").iterdir()] == ["mlflow.db"]
