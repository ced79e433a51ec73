"""Opening a database: a URL or a plain file path in, a configured Engine out.

SQLite gets what a small shared file needs: WAL so readers (the web UI)
never block the writer (an ingest), a busy timeout so two writers wait for
each other instead of failing, foreign keys on, and explicit transactions
(pysqlite's own implicit BEGIN would otherwise leave the first SELECT of a
save outside the transaction). Writers ask for BEGIN IMMEDIATE so they take
the write lock up front and the busy timeout applies.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Union

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

BUSY_TIMEOUT_MS = 10_000
# SQLite's page cache per connection, in KiB (SQLite's default is 2 MiB). Searching a large store
# touches many index pages; with the default each one missing from the cache is another read
# from the OS (a system call), which was most of a filtered search's time at 100k articles. The
# cache fills only as pages are used, so a small store costs no more.
PAGE_CACHE_KIB = 64 * 1024
IMMEDIATE = "sitrep_sqlite_immediate"


class StoreNotFound(LookupError):
    """A store opened only to read (create=False) is not there: no such SQLite file, a
    database that cannot be reached, or one that holds no sitrep store. One line says which."""


def database_url(db: Union[str, os.PathLike]) -> URL:
    """A SQLAlchemy URL for a URL string or a plain file path (made sqlite:///path).

    Raises ValueError with the accepted forms when the string is neither.
    """
    text = os.fspath(db)
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser()))
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://"):]
    if text.startswith("postgresql://"):
        # psycopg 3 is the driver sitrep installs; SQLAlchemy's bare default is psycopg2.
        text = "postgresql+psycopg://" + text[len("postgresql://"):]
    try:
        return make_url(text)
    except ArgumentError as err:
        raise ValueError(
            f"cannot use database {text!r}: give a file path or a URL such as "
            "sqlite:///sitrep.db or postgresql://user@host/sitrep"
        ) from err


def notice(message: str) -> None:
    """One line on stderr before a long one-time step (a schema upgrade, an index rebuild), so
    a command that opens an old store does not seem to hang."""
    print(f"sitrep: {message}", file=sys.stderr, flush=True)


def open_engine(url: URL, create: bool = True) -> Engine:
    """An Engine for the URL, with SQLite's pragmas and transaction handling set up.

    With `create` false, an SQLite file that does not exist raises StoreNotFound instead of
    being made (connecting creates it, and its folder is made here)."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = url.database or ""
    memory = database in ("", ":memory:")
    if not memory and not create and not Path(database).is_file():
        raise StoreNotFound(f"no store at {database} (no such file)")
    if not memory:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    options = {"poolclass": StaticPool} if memory else {}
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}, **options
    )
    # WAL is a lasting property of the file: set when a store is made, it needs no setting when
    # one is only read, and setting it would write to a file that may hold no store.
    _configure_sqlite(engine, wal=create and not memory)
    return engine


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    """Pragmas on every new connection and an explicit BEGIN for every transaction."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB:d}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
