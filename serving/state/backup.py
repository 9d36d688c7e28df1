"""Online backups of the state database, taken while the service keeps writing.

- SQLite: the SQLite online backup API (Python's `Connection.backup`) copies a consistent
  snapshot page by page into a temporary file beside `dest`, which is fsynced and renamed into
  place: `dest` is either the old file or a complete new copy, never half a database.
  Restoring is copying that file back (or pointing `sqlite:///` at it).
- PostgreSQL: `pg_dump --format=custom` (restore with `pg_restore`), if `pg_dump` is on PATH;
  otherwise a clear error, since a partial copy is worse than none.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL

from serving.state.db import normalise_url


class BackupError(RuntimeError):
    """The backup could not be taken; the message says why (no SQL, no credentials)."""


def backup(url: str | URL, dest: str | Path) -> Path:
    """Copy the state database at `url` to the file `dest`; returns `dest` as an absolute path."""
    u = normalise_url(url)
    dest = Path(dest).expanduser().resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    if u.get_backend_name() == "sqlite":
        _backup_sqlite(Path(u.database).expanduser().resolve(), dest)
    else:
        _backup_postgresql(u, dest)
    return dest


def _backup_sqlite(src: Path, dest: Path) -> None:
    if not src.is_file():
        raise BackupError(f"no SQLite state database at {src}")
    if src == dest:
        raise BackupError("backup destination is the database itself")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        source = sqlite3.connect(str(src), timeout=30)
        try:
            target = sqlite3.connect(str(tmp))
            try:
                source.backup(target)
                # A self-contained file: no WAL beside it to lose when it is copied around.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        finally:
            source.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


def _backup_postgresql(u: URL, dest: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("PostgreSQL backup needs pg_dump on PATH (Debian: apt-get install "
                          "postgresql-client); none found")
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    libpq = u.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    tmp = dest.with_name(f".{dest.name}.tmp")
    try:
        proc = subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={tmp}",
                               f"--dbname={libpq}"], env=env, capture_output=True, text=True,
                              timeout=3600)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            raise BackupError(f"pg_dump failed (exit {proc.returncode}): {last}")
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
