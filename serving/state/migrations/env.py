"""Alembic's environment for the state database, run programmatically by serving.state.migrate.

No alembic.ini and no URL here: `migrate.py` opens the connection (and, on SQLite, the write
transaction; on PostgreSQL, an advisory lock) and hands it over in `config.attributes`, so every
migration of one `upgrade` runs in that one transaction — all or nothing.
"""

from __future__ import annotations

from alembic import context

from serving.state.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("state migrations run through serving.state.migrate.upgrade(url), "
                       "which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTERs go through a copy
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
