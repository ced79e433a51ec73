"""Schema migrations with Alembic: every Store brings its database to the latest schema.

The migration scripts live in store/migrations/versions; `upgrade(engine)`
runs the missing ones in one transaction. A new schema change is a new
revision: `python -m sitrep.store.migrate revision "what changed"` writes
it by comparing the models with a database at head.
"""

from __future__ import annotations

import sys
from pathlib import Path

from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect

from .engine import notice

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision of the migration scripts."""
    revision = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    if revision is None:
        raise RuntimeError(f"no migration scripts in {MIGRATIONS}")
    return revision


class SchemaError(RuntimeError):
    """The database holds tables sitrep cannot migrate (not made by this sitrep)."""


def upgrade(engine: Engine) -> None:
    """Run the migrations this database has not had yet (a database at head costs
    one query, so opening a Store stays cheap)."""
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head():
            return
        if current is None and inspect(connection).has_table("documents"):
            raise SchemaError(
                f"{engine.url.render_as_string(hide_password=True)} has a documents table but no sitrep "
                "schema history (made by an older sitrep or another program): ingest into a new database")
        if current is not None:
            notice(f"upgrading the store at {engine.url.render_as_string(hide_password=True)} from schema "
                   f"{current} to {head()} (once; about 85 s for a store of 100k articles)")
        command.upgrade(_config(connection), "head")


def new_revision(message: str) -> None:
    """Autogenerate a revision against a scratch SQLite database at head."""
    engine = create_engine("sqlite://")
    upgrade(engine)
    with engine.begin() as connection:
        command.revision(_config(connection), message=message, autogenerate=True)


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "revision":
    new_revision(sys.argv[2])
