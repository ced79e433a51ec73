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
    store.corroborations([(doc_id, "c1"), ...])  # -> {(doc_id, claim_id): Corroboration}, a few statements
    store.stored_ids(ids)                      # -> the ids of these that are stored already
    store.claim_cards(Filters(place="RU"), story=None, source=None,
                      limit=100, offset=0)     # -> list[ClaimCard], corroboration batched per page
    store.claims_per_day(filters)              # -> [(date, claims)]
    store.claims_per_country(filters)          # -> Counter {"RU": claims}
    store.trends(filters, by="actor", top=8)   # -> Trends: claims per day, and of the top actors
    store.list_entities() / list_places(country="RU") / list_stories()
                                               # -> list[Named] (list[Story]), with counts
    store.list_sources()                       # -> list[SourceSummary], one per source identity
    store.list_entities(100, 200, name="trump", sort="name")  # a page of a filtered, sorted list
    store.count_entities(name="trump") / count_places() / count_sources() / count_stories()
                                               # -> int: the true total behind the pages
    store.source("name:donald trump")          # -> SourceDetail | None: articles, claims, forecasts
    store.story(id), store.story_articles(id)  # -> Story | None, list[ArticleSummary]
    store.corrections.merge("Caliphate Army", "Islamic State", analyst="ana")  # -> Correction (logged);
                                               # also add_alias, retype, mark_wrong, add_note, undo, log
    named_claims(analysis)                     # claims with actor/target/source names
    store.close()                              # or: with Store(url) as store: ...

- `save` is idempotent (ids are content hashes; a stored id is skipped) and
  transactional (one batch = one transaction).
- `search` raises ValueError with a readable message for a bad modality,
  date or full-text query; print it as the user's error line.
- Full text is SQLite FTS5 (porter-stemmed, title weighted above body); on
  other databases a portable LIKE stands in until the tsvector issue.

Modules: schema (tables), rows (Analysis -> rows), linking (copies and
stories of a batch), source_identity (who a source is across the store),
sources (the sources list and one source), writer (a batch's multi-row INSERTs), engine (URL/path ->
Engine, SQLite pragmas), fts (FTS5 table and safe queries), search (filters
-> SQL), corroborate, desk (the analyst's desk: claim cards and name lists), trends
(claims per day by actor, action, country or source),
listing (the lists' name filter and sort choices), identity_names (each entity identity's names
once, for the entity list's name filter), corrections (analysts' merges, aliases,
types, claims marked wrong and notes, with their audit log and undo), results (SaveCounts,
ArticleSummary, SearchHit, ClaimMatch, ClaimCard, Named, Story), store.
"""

from .desk import ENTITY_SORTS, STORY_SORTS, EntitySort, StorySort, source_title
from .engine import StoreNotFound, database_url
from .results import (ArticleSummary, ClaimCard, ClaimMatch, Corroboration, Named, SaveCounts, SearchHit, Story,
                      Support)
from .search import Filters
from .sources import SOURCE_SORTS, SourceDetail, SourceSort, SourceSummary, TrackRecord
from .store import Store, named_claims
from .trends import DIMENSIONS, Dimension, Trends, TrendSeries

__all__ = ["DIMENSIONS", "ENTITY_SORTS", "SOURCE_SORTS", "STORY_SORTS", "ArticleSummary", "ClaimCard", "ClaimMatch",
           "Corroboration", "Dimension", "EntitySort", "Filters", "Named", "SaveCounts", "SearchHit", "SourceDetail",
           "SourceSort", "SourceSummary", "Store", "StoreNotFound", "Story", "StorySort", "Support", "TrackRecord",
           "TrendSeries", "Trends", "database_url", "named_claims", "source_title"]
