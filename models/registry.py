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
    """A SQLite MLflow store that does not exist yet is created in WAL mode (the mode is kept
    in the file). MLflow then runs its ~70 schema migrations, and later commits each run's
    records, with one fsync per commit instead of the rollback journal's three: a new store
    was ready in 3.6 s instead of 7.3 s on this machine (docs/benchmarks.md), and the MLflow
    UI can read while a run writes. Durability is unchanged (SQLite's default
    synchronous=FULL). An existing store, and any other backend, are left as they are."""
    if not uri.startswith("sqlite:"):     # "databricks", "http://…", "postgresql://…"
        return
    import sqlite3

    from sqlalchemy.engine import make_url

    url = make_url(uri)
    if url.database in (None, "", ":memory:"):
        return
    path = Path(url.database)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:
        pass        # another process is creating it at this moment: MLflow goes on as usual
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
