"""The state database: what people decide (rounds, decisions, enactments, preferences), each
written once, durably, with its audit record — SQLite for one machine, PostgreSQL for more.

    from serving.state import StateStore, upgrade, current, backup, default_sqlite_url

Modules: `db` (engines and their safety settings), `tables` (the models), `migrate` and
`migrations/` (the schema, migrated from code), `backup` (online copies), `store` (the
repository the service and the CLI call), `inputs` (checking what callers send), `audit` and
`idempotency` (the two records every write may leave), `errors` (failures with HTTP statuses).
"""

from serving.state.backup import backup
from serving.state.db import default_sqlite_url, make_engine
from serving.state.errors import (BadRequest, IdempotencyConflict, Ineligible, NotFound,
                                  RoundFrozen, SchemaOutOfDate, StaleVersion, StateError,
                                  StateUnavailable)
from serving.state.migrate import current, head, upgrade
from serving.state.store import StateStore

__all__ = ["StateStore", "upgrade", "current", "head", "backup", "default_sqlite_url",
           "make_engine", "StateError", "BadRequest", "NotFound", "StaleVersion", "RoundFrozen",
           "Ineligible", "IdempotencyConflict", "StateUnavailable", "SchemaOutOfDate"]
