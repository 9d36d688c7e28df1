"""A real, throwaway PostgreSQL server for tests: initdb into a temp folder, start on
127.0.0.1 on a free port, hand out fresh databases, stop and delete everything at the end.

    server = PgServer.start()            # raises PgUnavailable with a reason if it cannot
    url = server.create_database()       # postgresql+psycopg://jobfit@127.0.0.1:PORT/t1
    server.stop()

initdb and postgres refuse to run as root. As root (CI, and the sessions here) they run as the
`postgres` system user that Debian's package creates (or `nobody` if there is none), through
subprocess's `user=`/`group=` (no sudo or runuser needed), in a `mkdtemp` folder under the
system temp dir chowned to that user. As any other user they run as that user. Clients use
TCP on 127.0.0.1 with trust authentication; the server is tuned for tests (fsync off), never
for data anyone keeps.

Binaries: the newest /usr/lib/postgresql/*/bin (Debian), else `pg_config --bindir`, else
`initdb` on PATH. `scripts/setup` installs Debian's postgresql as root when none is there.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jobfit.launch import free_port

SUPERUSER = "jobfit"


class PgUnavailable(RuntimeError):
    """PostgreSQL cannot be started here; the message says why and what to do."""


def find_bindir(debian_root: Path = Path("/usr/lib/postgresql")) -> Path:
    def version(p: Path) -> tuple:
        return tuple(int(x) for x in re.findall(r"\d+", p.parent.name)) or (0,)

    debian = sorted((p.parent for p in debian_root.glob("*/bin/initdb")),
                    key=version, reverse=True)
    if debian:
        return debian[0]
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        cand = Path(out.stdout.strip())
        if out.returncode == 0 and (cand / "initdb").is_file():
            return cand
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent
    raise PgUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: run "
        "`bash scripts/setup` as root (it installs Debian's postgresql) or install "
        "PostgreSQL >= 13; the state-database tests run against SQLite AND PostgreSQL")




def _temp_parent(run_as: tuple[int, int] | None) -> Path:
    """The system temp dir, unless the server's user could not reach into it (a TMPDIR under
    root's private folders): then /tmp."""
    tmp = Path(tempfile.gettempdir()).resolve()
    if run_as is None:
        return tmp
    reachable = all(p.stat().st_mode & 0o001 for p in (tmp, *tmp.parents))
    return tmp if reachable else Path("/tmp")


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    run_as: tuple[int, int] | None  # (uid, gid) when started by root
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    # --- life cycle --------------------------------------------------------------------------
    @classmethod
    def start(cls, *, attempts: int = 3, durable: bool = False) -> PgServer:
        """initdb + start; `durable=True` keeps PostgreSQL's fsync defaults (benchmarks)."""
        bindir = find_bindir()
        run_as = None
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                pw = pwd.getpwnam("nobody")
            run_as = (pw.pw_uid, pw.pw_gid)
        root = Path(tempfile.mkdtemp(prefix="jobfit-pg-", dir=_temp_parent(run_as)))
        if run_as:
            os.chown(root, *run_as)
        server = cls(bindir=bindir, root=root, port=0, run_as=run_as)
        try:
            server._run(["initdb", "-D", str(server.data), "-U", SUPERUSER, "--auth=trust",
                         "--encoding=UTF8", "--locale=C", "--no-sync"], timeout=120)
            last = ""
            for _ in range(attempts):
                server.port = free_port()
                opts = (f"-c listen_addresses=127.0.0.1 -c port={server.port} "
                        f"-c unix_socket_directories={root} "
                        "-c max_connections=200 -c shared_buffers=32MB")
                if not durable:
                    opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                proc = server._run(["pg_ctl", "-D", str(server.data), "-l",
                                    str(root / "server.log"), "-w", "-t", "60", "-o", opts,
                                    "start"], timeout=90, check=False)
                if proc.returncode == 0:
                    return server
                last = server.log_tail()
            raise PgUnavailable(f"PostgreSQL did not start (port clashes?): {last}")
        except BaseException:
            server.stop()
            raise

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(["pg_ctl", "-D", str(self.data), "stop", "-m", "fast", "-w", "-t", "60"],
                      timeout=90, check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    # --- use ---------------------------------------------------------------------------------
    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg  # the test environment has it (serving.state needs it)

        name = name or f"t{next(self._names)}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join((self.root / "server.log").read_text().splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # --- helpers -----------------------------------------------------------------------------
    def _run(self, argv: list[str], *, timeout: float, check: bool = True):
        exe = self.bindir / argv[0]
        kwargs = {}
        if self.run_as:
            kwargs = {"user": self.run_as[0], "group": self.run_as[1], "extra_groups": []}
        env = {"PATH": f"{self.bindir}:/usr/bin:/bin", "LC_ALL": "C", "HOME": str(self.root)}
        try:
            proc = subprocess.run([str(exe), *argv[1:]], capture_output=True, text=True,
                                  timeout=timeout, env=env, cwd=self.root,
                                  stdin=subprocess.DEVNULL, **kwargs)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PgUnavailable(f"{argv[0]} failed to run: {exc}") from None
        if check and proc.returncode != 0:
            raise PgUnavailable(f"{argv[0]} failed (exit {proc.returncode}): "
                                f"{(proc.stderr or proc.stdout).strip()[-800:]}")
        return proc
