"""The migration scripts and the models describe the same schema, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sitrep.store import Store
from sitrep.store.schema import Base

# The full-text objects live outside the models and the migrations (store/fts.py).
FULL_TEXT = ("documents_fts", "documents_tsv")


def _name(difference) -> str:
    thing = difference[1] if isinstance(difference, tuple) else difference[0][1]
    return str(getattr(thing, "name", ""))


def test_a_migrated_database_matches_the_models(db_url):
    with Store(db_url) as store, store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if not _name(d).startswith(FULL_TEXT)] == []
