"""Schema migrations of the state database, run from code (no alembic.ini on disk).

    upgrade(url)      # bring the database to the newest schema; a no-op when it is there
    current(url)      # the revision the database is at (None: never migrated)
    head()            # the newest revision this code knows
    new_revision(url, "add X", "0002")   # for developers: autogenerate the next revision from
                                         # the models against a database at head, then edit it

The Alembic environment and revisions ship inside the package (`migrations/`), so an installed
wheel can migrate its own database. One `upgrade` is one transaction: SQLite runs it under
BEGIN IMMEDIATE (a second process waits, then finds nothing to do) and PostgreSQL under a
transaction-scoped advisory lock (two service workers starting together cannot both create
the tables), and both have transactional DDL, so a failed migration leaves no half-schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from serving.state.db import make_engine, write_engine

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported inside the functions: it costs ~0.2 s, and only migrating needs it.

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_LOCK_ID = 0x6A6F6266  # "jobf": pg_advisory_xact_lock key of schema migrations


def alembic_config() -> Config:
    """An Alembic Config built in code, pointing at the packaged migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    return cfg


def head() -> str:
    """The newest revision of the packaged migrations."""
    from alembic.script import ScriptDirectory

    rev = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert rev is not None, "no migrations packaged"
    return rev


def upgrade(url: str | URL | Engine, revision: str = "head") -> str:
    """Migrate the database at `url` (or an engine) to `revision`; returns the revision it is
    at afterwards. Safe to call at every start and from several processes at once."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    engine, owned = _engine(url)
    try:
        with write_engine(engine).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_ID})
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        if owned:
            engine.dispose()


def current(url: str | URL | Engine) -> str | None:
    """The revision the database at `url` is at; None if it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    engine, owned = _engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        if owned:
            engine.dispose()


def new_revision(url: str | URL, message: str, rev_id: str) -> Path:
    """Write migrations/versions/<rev_id>_<slug>.py: the difference between the models
    (tables.py) and the database at `url` (which must be at head). Review it before committing:
    autogenerate misses renames and data moves."""
    from alembic import command

    engine, _ = _engine(url)
    try:
        with write_engine(engine).begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            script = command.revision(cfg, message, autogenerate=True, rev_id=rev_id)
    finally:
        engine.dispose()
    return Path(script.path)


def _engine(url: str | URL | Engine) -> tuple[Engine, bool]:
    if isinstance(url, Engine):
        return url, False
    return make_engine(url, pool_size=1), True
