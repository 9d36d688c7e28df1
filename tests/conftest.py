"""Shared fixtures. Append yours; keep them small and session-scoped where possible.

This file also puts tests/ on sys.path (pytest's prepend import mode), so test modules can
`import exportkit`.
"""

from __future__ import annotations

import pytest

from exportkit import MiniExport, build_export


# --- the hand-made mini export (tests/exportkit.py) -------------------------------------------
@pytest.fixture(scope="session")
def mini_export_dir(tmp_path_factory) -> MiniExport:
    """A clean mini export, written once per session: do NOT damage it (use `mini_copy`)."""
    return build_export(tmp_path_factory.mktemp("mini") / "export")


@pytest.fixture(scope="session")
def mini_export(mini_export_dir):
    """The mini export, loaded (features.export.Export); treat as read-only."""
    from features.loader import load_export

    export, report = load_export(mini_export_dir.dir)
    assert report.clean, report.to_text()
    return export


@pytest.fixture
def mini_copy(tmp_path) -> MiniExport:
    """A fresh mini export of this test's own, to damage with its hooks."""
    return build_export(tmp_path / "export")
