"""The migration scripts and the models describe the same schema, on every backend."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sitrep.model import Analysis
from sitrep.pipeline import document_id
from sitrep.store import Store
from sitrep.store.migrate import _config
from sitrep.store.schema import (Base, ClaimRow, DocumentRow, EntityIdentityNameRow, EntityNameRow, EntityRow,
                                 SourceRow)

# The full-text objects live outside the models and the migrations (store/fts.py): SQLite's FTS5
# tables, PostgreSQL's stored search vector and its index.
FULL_TEXT = ("documents_fts", "documents_search_vector", "search_vector")


def _name(difference) -> str:
    if isinstance(difference, tuple) and difference[0] == "remove_column":
        return str(difference[3].name)  # ("remove_column", schema, table, column)
    thing = difference[1] if isinstance(difference, tuple) else difference[0][1]
    return str(getattr(thing, "name", ""))


def _varchar_width_only(difference, dialect: str) -> bool:
    """A VARCHAR whose declared width differs: SQLite stores any length, so migration 0003
    widens ids on PostgreSQL alone."""
    if dialect != "sqlite" or not isinstance(difference, list) or difference[0][0] != "modify_type":
        return False
    old, new = difference[0][-2:]
    return isinstance(old, sa.String) and isinstance(new, sa.String)


def test_a_migrated_database_matches_the_models(db_url):
    with Store(db_url) as store, store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        dialect = connection.dialect.name
    assert [d for d in differences
            if not _name(d).startswith(FULL_TEXT) and not _varchar_width_only(d, dialect)] == []


def test_a_record_id_of_200_characters_is_stored_with_its_story(db_url, seed_analysis: Analysis):
    long_id = "gdelt-20161104-" + "a" * 185
    analysis = seed_analysis.model_copy(update={"id": long_id})
    with Store(db_url) as store:
        assert store.save([analysis]).new == 1
        with Session(store.engine) as session:
            row = session.get(DocumentRow, long_id)
            assert row is not None and row.story_id == f"story-{long_id}"
        assert store.get(long_id).id == long_id


def test_a_0003_store_is_upgraded_with_named_claims_and_the_documents_of_entity_names(db_url, seed_analysis: Analysis,
                                                                                     capsys):
    with Store(db_url) as store:
        store.save([seed_analysis])
        before = store.search("Russia")
        by_actor = store.search(actor="ISIS")
        with store.engine.begin() as connection:
            command.downgrade(_config(connection), "0003")
    assert before and any(c.actor_name for c in before[0].claims) and by_actor
    capsys.readouterr()
    with Store(db_url) as upgraded:
        assert "upgrading the store" in capsys.readouterr().err
        assert upgraded.search("Russia") == before
        assert upgraded.search(actor="ISIS") == by_actor


def test_a_full_text_index_numbered_in_insertion_order_is_rebuilt_by_day(tmp_path, seed_analysis: Analysis, capsys):
    """A store whose FTS rowids follow insertion order (before 2026-12-01) cannot narrow text
    by dates as rowid ranges: opening it rebuilds the index once, saying so."""
    import datetime as dt

    path = str(tmp_path / "old.db")
    earlier = seed_analysis.model_copy(update={"id": "earlier", "published": dt.date(2016, 3, 25)})
    later = seed_analysis.model_copy(update={"id": "later", "published": dt.date(2019, 5, 1)})
    with Store(path) as store:
        store.save([earlier, later])
        with store.engine.begin() as connection:  # the insert trigger of the older layout
            connection.execute(sa.text("DROP TRIGGER documents_fts_ai"))
            connection.execute(sa.text(
                "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
                "INSERT INTO documents_fts_keys(doc_id) VALUES (new.id); INSERT INTO documents_fts(rowid, doc_id, "
                "title, body) VALUES (last_insert_rowid(), new.id, coalesce(new.title, ''), new.body); END"))
            connection.execute(sa.text("UPDATE documents_fts_keys SET rowid = rowid - 1000"))
    capsys.readouterr()
    with Store(path) as reopened:
        assert "rebuilding the full-text index" in capsys.readouterr().err
        assert [h.id for h in reopened.search("Russia", since="2019-01-01")] == ["later"]
        assert [h.id for h in reopened.search("Russia", until="2018-12-31")] == ["earlier"]
    with Store(path):
        assert capsys.readouterr().err == ""  # once


def test_a_0016_store_is_upgraded_with_claims_by_event_and_each_identitys_names(db_url, corpus, capsys):
    """Migrations 0017 to 0019 fill what they add from the rows already stored: the claims' dates
    and the claims', entities' and sources' originality from their documents (a copy's rows are
    not an original's), the names of each identity from its entities; what the desk shows is
    what it showed."""
    first = corpus[0]
    body = first.body + " Photo: Reuters staff in Brussels."
    copy = first.model_copy(update={"id": document_id(body), "body": body, "outlet": "Daily Wire"})
    with Store(db_url) as store:
        store.save([*corpus, copy])
        assert store.copy_of(copy.id) == first.id
        cards = store.claim_cards(limit=None)
        support = store.corroborations([(copy.id, "c1"), (first.id, "c1")])
        named = store.list_entities(name="state"), store.count_entities(name="state")
        listed = store.list_entities(limit=None), store.list_sources(limit=None)
        with store.engine.begin() as connection:
            command.downgrade(_config(connection), "0016")
            assert "published" not in {c["name"] for c in sa.inspect(connection).get_columns("claims")}
    capsys.readouterr()
    with Store(db_url) as upgraded:
        assert "upgrading the store" in capsys.readouterr().err
        with Session(upgraded.engine) as session:
            carried = {(document, published, original) for document, published, original in session.execute(
                sa.select(ClaimRow.document_id, ClaimRow.published, ClaimRow.original))}
            pairs = {(i, k) for i, k in session.execute(sa.select(EntityIdentityNameRow.identity,
                                                                   EntityIdentityNameRow.key))}
            from_rows = {(i, k) for i, k in session.execute(
                sa.select(EntityRow.identity, EntityNameRow.key).join(EntityNameRow))}
            originality = {(table.__tablename__, document, original) for table in (EntityRow, SourceRow)
                           for document, original in session.execute(sa.select(table.document_id, table.original))}
        assert carried == {(a.id, a.published, a is not copy) for a in [*corpus, copy] if a.claims}
        assert {(document, original) for table, document, original in originality if table == "entities"} == {
            (a.id, a is not copy) for a in [*corpus, copy] if a.entities}
        assert {original for table, _, original in originality if table == "sources"} == {True, False}
        assert (upgraded.list_entities(limit=None), upgraded.list_sources(limit=None)) == listed
        assert pairs == from_rows and pairs
        assert upgraded.claim_cards(limit=None) == cards
        assert upgraded.corroborations([(copy.id, "c1"), (first.id, "c1")]) == support
        assert (upgraded.list_entities(name="state"), upgraded.count_entities(name="state")) == named
        assert named[1] >= 1
