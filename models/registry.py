"""The MLflow model registry as Jobfit uses it: one registered model (settings.model_name),
versions promoted with aliases — ``challenger`` for the newest, ``champion`` for the one
serving — never stages.

``load_champion(settings)`` is what serving calls: it reads the champion's files into a plain
JobfitModel (no pyfunc machinery, no pandas per call).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from models.jobfit_model import JobfitModel

if TYPE_CHECKING:
    from mlflow import MlflowClient

CHAMPION = "champion"
CHALLENGER = "challenger"
EXPERIMENT = "jobfit"
MODEL_ARTIFACT_DIR = "artifacts"     # where pyfunc keeps a logged model's artifacts


class RegistrySettings(Protocol):
    """What the registry reads of the application's settings (jobfit.settings.Settings):
    where MLflow lives and the registered model's name."""

    home: Path
    mlflow_tracking_uri: str | None
    model_name: str

    @property
    def tracking_uri(self) -> str: ...


class NoChampion(LookupError):
    """The registry has no champion for the model name (train first)."""


def client(settings: RegistrySettings) -> "MlflowClient":
    """An MlflowClient on the settings' tracking URI (the SQLite folder is created, and a new
    SQLite store starts in WAL mode)."""
    import mlflow

    if settings.mlflow_tracking_uri is None:
        Path(settings.home).mkdir(parents=True, exist_ok=True)
    new_sqlite_store_in_wal(settings.tracking_uri)
    mlflow.set_tracking_uri(settings.tracking_uri)
    mlflow.set_registry_uri(settings.tracking_uri)
    return mlflow.MlflowClient(tracking_uri=settings.tracking_uri,
                               registry_uri=settings.tracking_uri)


def new_sqlite_store_in_wal(uri: str) -> None:
    """A SQLite MLflow store that does not exist yet is built aside and moved into place, in
    WAL mode (kept in the file: later runs commit with one fsync each, and the MLflow UI can
    read while a run writes; SQLite's default synchronous=FULL, durability unchanged).

    MLflow builds a new store with ~70 schema migrations, each committed with an fsync: ~2 s
    on this machine's disk (7.3 s before WAL), ~0.9 s of it CPU (docs/benchmarks.md). So the
    schema is built by MLflow itself (its SqlAlchemyStore, as its client would) in a scratch
    folder in memory (/dev/shm, else the temporary folder), copied next to the store with
    SQLite's backup API, fsynced, and linked into place: the store path only ever holds a
    complete schema, and a store another process made meanwhile is never replaced. An
    existing store, and any other backend, are left as they are."""
    path = _new_sqlite_path(uri)
    if path is None:
        return
    import os
    import sqlite3
    import tempfile

    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    path.parent.mkdir(parents=True, exist_ok=True)
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="jobfit-mlflow-", dir=shm) as scratch:
        built = Path(scratch) / "mlflow.db"
        _in_wal(built)
        # "./mlruns": the default experiment's artefact root MLflow's client would give it.
        # (MLflow keeps the scratch engine in a class-level map: disposed, it holds nothing.)
        SqlAlchemyStore(f"sqlite:///{built}", "./mlruns").engine.dispose()
        part = path.with_name(f".{path.name}.{os.getpid()}.part")
        src, dst = sqlite3.connect(built), sqlite3.connect(part)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        try:
            _in_wal(part)
            fd = os.open(part, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(part, path)       # fails if the store appeared meanwhile: theirs
            except FileExistsError:
                pass
        finally:
            part.unlink(missing_ok=True)
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)                  # the new name itself on disk
        finally:
            os.close(fd)


def _new_sqlite_path(uri: str) -> Path | None:
    """The file of a SQLite store URI that does not exist yet (None: not SQLite, in memory,
    or there already)."""
    if not uri.startswith("sqlite:"):     # "databricks", "http://…", "postgresql://…"
        return None
    from sqlalchemy.engine import make_url

    database = make_url(uri).database
    if database in (None, "", ":memory:"):
        return None
    path = Path(database)
    return None if path.exists() else path


def _in_wal(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = WAL")
    finally:
        con.close()


def alias_version(settings: RegistrySettings, alias: str, mlflow_client=None) -> str | None:
    """The version number holding ``alias``, or None."""
    from mlflow.exceptions import MlflowException

    c = mlflow_client or client(settings)
    try:
        return str(c.get_model_version_by_alias(settings.model_name, alias).version)
    except MlflowException:
        return None


def load_version(settings: RegistrySettings, version: str, mlflow_client=None) -> JobfitModel:
    """One registered version's JobfitModel, read from its logged files."""
    import mlflow

    c = mlflow_client or client(settings)
    mv = c.get_model_version(settings.model_name, str(version))
    local = Path(mlflow.artifacts.download_artifacts(artifact_uri=mv.source,
                                                     tracking_uri=settings.tracking_uri))
    from models.pyfunc import ARTIFACT_KEY

    folder = local / MODEL_ARTIFACT_DIR / ARTIFACT_KEY
    if not folder.is_dir():
        hits = list(local.rglob("model.json"))
        if not hits:
            raise FileNotFoundError(f"model version {version} of {settings.model_name}: no "
                                    f"model.json among its artefacts at {mv.source}")
        folder = hits[0].parent
    model = JobfitModel.load(folder)
    model.metadata.setdefault("version", str(version))
    return model


def load_champion(settings: RegistrySettings) -> tuple[JobfitModel, str]:
    """The serving model: (JobfitModel, registered version) of ``@champion``."""
    c = client(settings)
    version = alias_version(settings, CHAMPION, c)
    if version is None:
        raise NoChampion(f"no '{CHAMPION}' version of '{settings.model_name}' in "
                         f"{settings.tracking_uri}; run `jobfit train --data EXPORT_DIR`")
    return load_version(settings, version, c), version
