"""Opening databases: paths and URLs, SQLite settings, SQL that PostgreSQL can run too."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from sitrep.store import Store, database_url


def test_plain_path_becomes_sqlite_file(tmp_path):
    url = database_url(tmp_path / "a.db")
    assert url.get_backend_name() == "sqlite" and url.database == str(tmp_path / "a.db")
    assert database_url("postgres://u@h/db").drivername == "postgresql+psycopg"


def test_bad_url_is_a_value_error():
    with pytest.raises(ValueError, match="give a file path or a URL"):
        database_url("not a url://x")


def test_sqlite_file_uses_wal_and_busy_timeout(tmp_path):
    with Store(tmp_path / "wal.db") as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_in_memory_database_works(corpus):
    with Store("sqlite://") as memory:
        assert memory.save(corpus) == (3, 0)
        assert len(memory.search("refugees")) == 1
