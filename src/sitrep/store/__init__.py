"""The store: analyses saved once, read back exactly, searched by text and structure.

Usage (what `sitrep ingest` / `sitrep search` call)::

    from sitrep.store import Store

    store = Store("sitrep.db")                 # a file path, or any SQLAlchemy URL:
    store = Store("sqlite:///data/sitrep.db")  # "postgresql://user@host/sitrep" later
    store = Store("sitrep.db", create=False)   # only an existing store, else StoreNotFound
    counts = store.save(analyses)              # -> SaveCounts(new=..., existing=...)
    analysis = store.get(id)                   # -> Analysis | None
    store.list_articles(limit=50, offset=0)    # -> list[ArticleSummary], newest first
    store.count()                              # -> int
    store.search("attacks", actor="Islamic State", place="RU",
                 since="2016-01-01", until=None, modality="predicted",
                 limit=50, offset=0)           # -> list[SearchHit]
    store.iter_analyses()                      # every Analysis, for corpus work
    store.corroboration(doc_id, "c1")          # -> Corroboration | None (independent support)
    store.corroborations([(doc_id, "c1"), ...])  # -> {(doc_id, claim_id): Corroboration}, one session
    store.stored_ids(ids)                      # -> the ids of these that are stored already
    named_claims(analysis)                     # claims with actor/target/source names
    store.close()                              # or: with Store(url) as store: ...

- `save` is idempotent (ids are content hashes; a stored id is skipped) and
  transactional (one batch = one transaction).
- `search` raises ValueError with a readable message for a bad modality,
  date or full-text query; print it as the user's error line.
- Full text is SQLite FTS5 (porter-stemmed, title weighted above body); on
  other databases a portable LIKE stands in until the tsvector issue.

Modules: schema (tables), rows (Analysis -> rows), linking (copies and
stories of a batch), writer (a batch's multi-row INSERTs), engine (URL/path ->
Engine, SQLite pragmas), fts (FTS5 table and safe queries), search (filters
-> SQL), corroborate, results (SaveCounts, ArticleSummary, SearchHit,
ClaimMatch), store.
"""

from .engine import StoreNotFound, database_url
from .results import ArticleSummary, ClaimMatch, Corroboration, SaveCounts, SearchHit, Support
from .store import Store, named_claims

__all__ = ["ArticleSummary", "ClaimMatch", "Corroboration", "SaveCounts", "SearchHit", "Store", "StoreNotFound",
           "Support", "database_url", "named_claims"]
