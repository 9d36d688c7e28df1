"""Fixtures of the state-database tests: every store test runs against SQLite AND a real,
throwaway PostgreSQL server (tests/pgserver.py; the `pg_server` fixture of tests/conftest.py),
started once per session.

If PostgreSQL cannot be started, the PostgreSQL half FAILS with the reason (it does not skip):
CI must exercise both backends. `-k sqlite` runs only the SQLite half without starting it.
"""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request, tmp_path) -> str:
    """A fresh, empty (never migrated) state database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    return request.getfixturevalue("pg_server").create_database()


@pytest.fixture
def store(state_url):
    """A StateStore over a fresh, migrated database of each backend."""
    from serving.state import StateStore

    s = StateStore(state_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'state.db'}"
