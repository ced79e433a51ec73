"""Saving: idempotent, transactional, and read back exactly."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import sitrep.store.store as store_module
from sitrep.store import Store


def fts_rows(store: Store) -> int:
    """Rows in the full-text index: FTS5's own table on SQLite; on PostgreSQL the index is
    over the documents table itself, so its rows are the documents."""
    table = "documents_fts" if store.full_text == "fts5" else "documents"
    with store.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_saving_twice_stores_once(store, corpus):
    assert store.save(corpus) == (3, 0)
    assert store.save(corpus) == (0, 3)
    assert store.count() == 3
    assert fts_rows(store) == 3


def test_duplicates_within_one_batch_count_as_existing(store, corpus):
    counts = store.save([corpus[0], corpus[1], corpus[0]])
    assert (counts.new, counts.existing) == (2, 1)
    assert store.count() == 2


def test_a_failing_batch_writes_nothing(store, corpus, monkeypatch):
    real = store_module.prepare_document
    calls = []

    def fail_on_second(analysis, now):
        calls.append(analysis.id)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real(analysis, now)

    monkeypatch.setattr(store_module, "prepare_document", fail_on_second)
    with pytest.raises(RuntimeError):
        store.save(corpus)
    assert len(calls) == 2  # the first document had been prepared before the failure
    assert store.count() == 0
    assert fts_rows(store) == 0
    assert store.search("refugees") == []

    monkeypatch.setattr(store_module, "prepare_document", real)
    assert store.save(corpus) == (3, 0)


def test_get_returns_the_same_analysis(filled, corpus):
    for analysis in corpus:
        assert filled.get(analysis.id) == analysis
    assert filled.get("no-such-id") is None


def test_seed_round_trip(store, seed_analysis):
    assert store.save([seed_analysis]) == (1, 0)
    assert store.get(seed_analysis.id) == seed_analysis
    assert store.get(seed_analysis.id).model_dump(mode="json") == seed_analysis.model_dump(mode="json")


def test_data_survives_reopening_the_file(tmp_path, corpus):
    path = tmp_path / "sub" / "kept.db"
    with Store(path) as first:
        first.save(corpus[:1])
    assert path.exists()
    with Store(f"sqlite:///{path}") as second:
        assert second.get(corpus[0].id) == corpus[0]
        assert second.save(corpus) == (2, 1)


def test_two_stores_on_one_database_share_data(db_url, corpus):
    with Store(db_url) as a, Store(db_url) as b:
        a.save(corpus[:2])
        assert b.save(corpus) == (1, 2)
        assert a.count() == 3


def test_list_articles_newest_first_with_counts(filled, corpus):
    listed = filled.list_articles()
    assert [a.id for a in listed] == [c.id for c in reversed(corpus)]
    turkey = listed[0]
    assert (turkey.claims, turkey.sources, turkey.entities, turkey.places) == (2, 0, 2, 3)
    assert turkey.outlet == "Associated Press" and turkey.ingested_at.tzinfo is not None
    assert [a.id for a in filled.list_articles(limit=1, offset=1)] == [corpus[1].id]


def test_list_articles_pages_join_up_to_the_whole_list(filled, corpus):
    whole = [a.model_dump() for a in filled.list_articles(limit=100)]
    pages = [a.model_dump() for offset in range(len(corpus) + 1) for a in filled.list_articles(limit=1, offset=offset)]
    assert pages == whole and len(whole) == len(corpus)
    pairs = [a.model_dump() for offset in (0, 2) for a in filled.list_articles(limit=2, offset=offset)]
    assert pairs == whole


def test_iter_analyses_yields_everything(filled, corpus):
    assert sorted(a.id for a in filled.iter_analyses(batch_size=2)) == sorted(c.id for c in corpus)


def test_sqlite_statistics_are_gathered_as_the_store_doubles(tmp_path, corpus, monkeypatch):
    import sitrep.store.writer as writer

    ran = []
    real = writer.refresh_statistics
    monkeypatch.setattr(writer, "STATISTICS_FROM", 2)
    monkeypatch.setattr(writer, "refresh_statistics", lambda session: ran.append(real(session)) or ran[-1])
    with Store(tmp_path / "stats.db") as store:
        for analysis in corpus:
            store.save([analysis])
        with store.engine.connect() as conn:
            stats = conn.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'documents'")).scalar()
    assert ran == [False, True, False] and stats > 0


def test_control_characters_in_record_fields_do_not_cost_the_batch(store, nlp, tmp_path):
    """A JSONL record's title, URL and outlet are stored as text: a NUL there (which PostgreSQL
    text cannot hold) is dropped like one in the body, and its batch is saved whole."""
    import json

    from sitrep.ingest import read_paths
    from sitrep.pipeline import analyze_raw_documents
    from sitrep.settings import Settings

    records = [{"text": "Rebels shelled the town of Idlib on Monday, residents said.",
                "title": "Reb\x00els \x01advance", "outlet": "A\x00P", "url": "https://example.org/\x00idlib"},
               {"text": "NATO ministers met in Brussels on Tuesday to discuss troops.", "title": "NATO meets"}]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    analyses = list(analyze_raw_documents(read_paths([str(tmp_path / "dump.jsonl")], Settings())))
    assert store.save(analyses).new == 2
    shelled = store.get(analyses[0].id)
    assert (shelled.title, shelled.outlet, shelled.url) == ("Rebels advance", "AP", "https://example.org/idlib")
