"""One typed settings object for every job, read from the environment (JOBFIT_*, plus
MLFLOW_TRACKING_URI, JOBFIT_API_TOKEN and JOBFIT_DATABASE_URL) and overridden by the command
line. It is built once at the entry point (CLI or service) and passed down: no other module
reads os.environ.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBFIT_", extra="ignore")

    home: Path = Field(default=Path.cwd() / ".jobfit",
                       description="Where local state lives (MLflow database and artefacts).")
    mlflow_tracking_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "JOBFIT_MLFLOW_TRACKING_URI"),
        description="MLflow tracking URI; default: a SQLite file under `home`.")
    model_name: str = Field(default="jobfit-ranker", description="Registered model name.")
    min_tenure_years: float = Field(default=2.0, ge=0,
                                    description="Years in a position before a regular transfer.")
    api_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("JOBFIT_API_TOKEN"),
        description="Bearer token the HTTP service requires.")
    seed: int = Field(default=7, description="Random seed for training.")
    data_dir: Path | None = Field(
        default=None,
        description="HR export folder the service ranks over (set by `jobfit serve`).")
    database_url: str | None = Field(
        default=None,
        description="The state database (rounds, decisions, preferences, audit): "
                    "sqlite:////abs/path.db or postgresql+psycopg://user@host/db; default: "
                    "SQLite file `jobfit.db` under `home`.")
    actor: str | None = Field(
        default=None,
        description="Who the command line records in the audit for its writes (--actor "
                    "overrides; default: the login name, as `cli:<name>`).")

    @property
    def tracking_uri(self) -> str:
        if self.mlflow_tracking_uri:
            return self.mlflow_tracking_uri
        return f"sqlite:///{(self.home / 'mlflow.db').resolve()}"

    @property
    def state_url(self) -> str:
        """The state database's URL: JOBFIT_DATABASE_URL, else `$JOBFIT_HOME/jobfit.db`."""
        if self.database_url:
            return self.database_url
        from serving.state.db import default_sqlite_url  # sqlalchemy only when needed

        return default_sqlite_url(self.home)

    @property
    def artifact_root(self) -> str:
        return str((self.home / "mlartifacts").resolve())
