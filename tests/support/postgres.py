"""A throwaway PostgreSQL server for the test suite, started with the installed pg_ctl.

The server listens only on a Unix socket in its own data folder (no TCP port),
trusts local connections, and is stopped at the end of the session. When the
machine has no PostgreSQL binaries, `find_binaries()` returns None and the
suite runs on SQLite alone (CI installs PostgreSQL, so there it always runs).
PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` user the Debian package creates.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

PORT = 5433
_names = itertools.count(1)


def find_binaries() -> Optional[Path]:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


class PostgresServer:
    """initdb + pg_ctl start in a temporary folder; `url(db)` for SQLAlchemy."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
        self.data = self.folder / "data"
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self._template_ready = False

    def start(self) -> "PostgresServer":
        if os.geteuid() == 0:
            os.chmod(self.folder, 0o755)
            shutil.chown(self.folder, user="postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-k {self.folder} -c listen_addresses='' -p {PORT} -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l", str(self.folder / "log"), "start")
        return self

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.folder}&port={PORT}"

    def new_database(self) -> str:
        """A fresh database with sitrep's schema and no rows (one per test keeps tests
        independent); copied from a template migrated once, which is much faster than
        migrating each."""
        if not self._template_ready:
            self._create("sitrep_template")
            from sitrep.store import Store

            Store(self.url("sitrep_template")).close()
            self._template_ready = True
        name = f"sitrep_test_{next(_names)}"
        self._create(name, template="sitrep_template")
        return self.url(name)

    def _create(self, name: str, template: str = "template1") -> None:
        import psycopg

        with psycopg.connect(host=str(self.folder), port=PORT, user=self.user, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        command = [str(self.binaries / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr or result.stdout}")
