"""Opening databases: paths and URLs, SQLite settings, SQL that PostgreSQL can run too."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from support.postgres import find_binaries
from sitrep.store import Store, StoreNotFound, database_url


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


def test_a_store_opened_only_to_read_is_never_made(tmp_path):
    """`search`, `brief`, `export` and `serve` open with create=False: a mistyped path must not
    become an empty store (nor its folder be made)."""
    missing = tmp_path / "typo" / "sitrep.db"
    with pytest.raises(StoreNotFound, match="no store at .*sitrep.db"):
        Store(missing, create=False)
    assert not missing.parent.exists()


def test_a_file_that_holds_no_store_is_left_as_it_is(tmp_path):
    empty = tmp_path / "notes.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreNotFound, match="no sitrep store in"):
        Store(empty, create=False)
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_an_existing_store_opens_to_read_and_says_what_it_holds(db_url, corpus):
    with Store(db_url) as store:
        store.save(corpus)
    with Store(db_url, create=False) as store:
        assert store.count() == 3
        assert store.stored_ids([corpus[0].id, "not-stored", corpus[2].id]) == {corpus[0].id, corpus[2].id}


@pytest.mark.skipif(find_binaries() is None, reason="PostgreSQL binaries not installed")
def test_a_postgres_database_missing_or_without_sitrep_tables_is_refused(postgres):
    with pytest.raises(StoreNotFound, match="cannot open the store at .*no_such_db"):
        Store(postgres.url("no_such_db"), create=False)
    plain = postgres.url("postgres")  # exists, holds no sitrep tables
    with pytest.raises(StoreNotFound, match="no sitrep store in"):
        Store(plain, create=False)
    engine = create_engine(plain)
    with engine.connect() as conn:
        assert not inspect(conn).has_table("documents")
    engine.dispose()
