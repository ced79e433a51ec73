"""Is a store whole? The checks the crash tests run after a killed writer, on SQLite and PostgreSQL.

`problems(url)` lists everything found wrong, in words (an empty list is a
consistent store): the database's own integrity checks, the full-text index
against the documents, rows pointing at rows that do not exist (every foreign
key of the schema), documents outside any story, and counts kept on a row that
disagree with the rows they count.
"""

from __future__ import annotations

from sqlalchemy import create_engine, exists, func, select, text

from sitrep.store import database_url
from sitrep.store.schema import Base

# Each query counts the rows that break one rule (rows pointing at missing rows are found
# for every foreign key of the schema, by `orphans`).
RULES = {
    "documents without LSH bands":
        "SELECT count(*) FROM documents x WHERE NOT EXISTS (SELECT 1 FROM document_bands b WHERE b.document_id = x.id)",
    "documents in no story":
        "SELECT count(*) FROM documents x WHERE x.story_id IS NULL",
    "stories without documents":
        "SELECT count(*) FROM stories x WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.story_id = x.id)",
}
MISCOUNTS = {
    "stories whose document count is wrong":
        "SELECT count(*) FROM stories x WHERE x.documents <> "
        "(SELECT count(*) FROM documents d WHERE d.story_id = x.id)",
    "documents whose claim count disagrees with their claim rows":
        "SELECT count(*) FROM documents x WHERE x.n_claims <> "
        "(SELECT count(*) FROM claims c WHERE c.document_id = x.id)",
    "documents whose entity count disagrees with their entity rows":
        "SELECT count(*) FROM documents x WHERE x.n_entities <> "
        "(SELECT count(*) FROM entities e WHERE e.document_id = x.id)",
    "documents whose place count disagrees with their place rows":
        "SELECT count(*) FROM documents x WHERE x.n_places <> "
        "(SELECT count(*) FROM places p WHERE p.document_id = x.id)",
}


def problems(url: str) -> list[str]:
    """Everything wrong with the store at `url` (a file path or SQLAlchemy URL), in words."""
    engine = create_engine(database_url(url))
    try:
        with engine.connect() as conn:
            found = [f"{count} {rule}" for rule, query in {**RULES, **MISCOUNTS}.items()
                     if (count := conn.execute(text(query)).scalar())]
            check = _sqlite_checks if engine.dialect.name == "sqlite" else _postgresql_checks
            return found + orphans(conn) + check(conn)
    finally:
        engine.dispose()


def orphans(conn) -> list[str]:
    """Rows whose foreign key points at a row that does not exist, for every foreign key
    the schema declares (so a table added later is checked too)."""
    found = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            parent = key.column.table.alias()
            missing = ~exists().where(parent.c[key.column.name] == key.parent)
            count = conn.execute(select(func.count()).select_from(table)
                                 .where(key.parent.is_not(None), missing)).scalar()
            if count:
                found.append(f"{count} {table.name} rows whose {key.parent.name} "
                             f"points at no {key.column.table.name} row")
    return found


def _sqlite_checks(conn) -> list[str]:
    """SQLite's own integrity and foreign-key checks, and FTS5's: its index matches its
    content, and it holds exactly one row per document."""
    found = []
    integrity = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
    if integrity != ["ok"]:
        found.append(f"integrity_check: {integrity}")
    if broken := conn.execute(text("PRAGMA foreign_key_check")).all():
        found.append(f"foreign_key_check: {broken[:5]}")
    conn.execute(text("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')"))
    documents = conn.execute(text("SELECT count(*) FROM documents")).scalar()
    indexed = conn.execute(text("SELECT count(*) FROM documents_fts")).scalar()
    if indexed != documents:
        found.append(f"full-text index holds {indexed} rows for {documents} documents")
    unindexed = conn.execute(text(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM documents_fts f WHERE f.doc_id = d.id)"
    )).scalar()
    if unindexed:
        found.append(f"{unindexed} documents missing from the full-text index")
    return found


def _postgresql_checks(conn) -> list[str]:
    """Every index of the schema valid and ready (the full-text GIN index included), and
    each B-tree index's structure verified against its table by amcheck."""
    invalid = conn.execute(text(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND NOT (i.indisvalid AND i.indisready)"
    )).scalars().all()
    found = [f"invalid index {name}" for name in invalid]
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
    btrees = conn.execute(text(
        "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
        "WHERE n.nspname = 'public' AND a.amname = 'btree'"
    )).scalars().all()
    for oid in btrees:
        conn.execute(text("SELECT bt_index_check(CAST(:oid AS regclass), true)"), {"oid": oid})
    if not btrees:
        found.append("no B-tree index found to check")
    return found
