"""The tables: one row per document plus normalised rows for what search filters on.

The full Analysis JSON is kept on the document row so `get()` returns exactly
what was analysed; claims, entities (with their aliases) and places are copied
into their own indexed tables so that "claims by X about country Y" is an
indexed join, not a scan through JSON. Names are matched through a `key`
column (whitespace-collapsed, casefolded in Python) so case-insensitive
matching is the same on every database and can use a plain index.

Everything here is portable SQLAlchemy: the same models create the same
tables on SQLite and PostgreSQL. The one SQLite-only object, the FTS5 table,
lives in `fts.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, Optional

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        String, Table, Text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base for sitrep's store; `Base.metadata` holds every table."""

    if TYPE_CHECKING:
        # Every model here maps a Table (DeclarativeBase types it as any FromClause), so Core
        # inserts and updates can take `Model.__table__`.
        __table__: ClassVar[Table]


def name_key(name: str) -> str:
    """The form names are compared in: one space between words, casefolded.

    Computed in Python on both sides (stored rows and user queries) so
    matching never depends on a database's idea of lower().
    """
    return " ".join(name.split()).casefold()


# Width of a document or story id: a record's own id (ingest/records.py, at most 200
# characters) or a 64-character content hash, and "story-" before either.
KEY_LENGTH = 255


class DocumentRow(Base):
    """One analysed document, keyed by the Analysis id (same body -> same id)."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    input: Mapped[str] = mapped_column(Text)
    url: Mapped[Optional[str]] = mapped_column(Text)
    outlet: Mapped[Optional[str]] = mapped_column(Text, index=True)
    title: Mapped[Optional[str]] = mapped_column(Text)
    published: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    body: Mapped[str] = mapped_column(Text)
    n_entities: Mapped[int] = mapped_column(Integer, default=0)
    n_places: Mapped[int] = mapped_column(Integer, default=0)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    n_claims: Mapped[int] = mapped_column(Integer, default=0)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The claims with their actor, target, place and source names (results.ClaimMatch) as JSON
    # text: what a search hit shows, read without decoding the analysis (store/search.py).
    named_claims: Mapped[str] = mapped_column(Text, server_default="[]")
    # Near-duplicates (corpus/duplicates.py): the MinHash signature of the body, and for a
    # copy (wire copy, syndicated version, re-scrape) the original it repeats.
    minhash: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    shingles: Mapped[Optional[int]] = mapped_column(Integer)
    copy_of: Mapped[Optional[str]] = mapped_column(ForeignKey("documents.id"), index=True)
    copy_similarity: Mapped[Optional[float]] = mapped_column(Float)
    # The story (corpus/stories.py): articles about the same event share one. An original's
    # story features are rows of story_features; n_features counts them (None for a copy,
    # which joins its original's story and is never compared).
    story_id: Mapped[Optional[str]] = mapped_column(ForeignKey("stories.id"), index=True)
    n_features: Mapped[Optional[int]] = mapped_column(Integer)
    # The outlet's registered domain and its reliability rating (sitrep/outlets.py): the label
    # ("reliable", "mixed", "unreliable"; None: unrated or unknown outlet), where the rating
    # comes from, and its score. Corroboration counts outlets by it; --reliable-only filters on it.
    outlet_domain: Mapped[Optional[str]] = mapped_column(Text)
    reliability: Mapped[Optional[str]] = mapped_column(String(16), index=True)
    reliability_origin: Mapped[Optional[str]] = mapped_column(Text)
    reliability_score: Mapped[Optional[float]] = mapped_column(Float)

    entities: Mapped[list["EntityRow"]] = relationship(back_populates="document", cascade="all, delete-orphan")
    places: Mapped[list["PlaceRow"]] = relationship(back_populates="document", cascade="all, delete-orphan")
    claims: Mapped[list["ClaimRow"]] = relationship(back_populates="document", cascade="all, delete-orphan")
    bands: Mapped[list["BandRow"]] = relationship(back_populates="document", cascade="all, delete-orphan")
    features: Mapped[list["StoryFeatureRow"]] = relationship(back_populates="document", cascade="all, delete-orphan")


class BandRow(Base):
    """One LSH band of a document's MinHash: documents sharing a (band, key) are
    candidate near-duplicates, found by an indexed look-up instead of a scan."""

    __tablename__ = "document_bands"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    band: Mapped[int] = mapped_column(Integer)
    key: Mapped[int] = mapped_column(BigInteger)

    document: Mapped[DocumentRow] = relationship(back_populates="bands")


class StoryFeatureRow(Base):
    """One story feature of an original document (corpus/stories.py features()), with the
    document's published date copied in: a new article's story candidates are the
    originals sharing its features within the date window, counted by one indexed
    GROUP BY over (key, published) instead of reading their analyses back."""

    __tablename__ = "story_features"

    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    published: Mapped[Optional[dt.date]] = mapped_column(Date)

    document: Mapped[DocumentRow] = relationship(back_populates="features")


class StoryRow(Base):
    """A cluster of articles about one event; the id is stable (made from its first article)."""

    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    title: Mapped[Optional[str]] = mapped_column(Text)
    first_published: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    last_published: Mapped[Optional[dt.date]] = mapped_column(Date)
    documents: Mapped[int] = mapped_column(Integer, default=0)


class EntityRow(Base):
    """An entity of one document (its local id is the Analysis's "e1", "e2", ...)."""

    __tablename__ = "entities"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16), index=True)
    kb: Mapped[Optional[str]] = mapped_column(Text)
    # Who the entity is across documents (store/linking.py identity_key): "kb:<id>", else
    # "name:<normalised full name>"; the store's entity list groups by it.
    identity: Mapped[str] = mapped_column(Text, server_default="")
    # What linking found before an analyst's correction changed it (store/corrections.py: a
    # merge moves the identity, a retype the type); None while no correction applies.
    found_identity: Mapped[Optional[str]] = mapped_column(Text, index=True)
    found_type: Mapped[Optional[str]] = mapped_column(String(16))
    # Whether its article is an original (not a copy), copied in when written (migration 0019): the
    # entity list reads originals' entities of an identity from one partial index, not every copy's.
    original: Mapped[Optional[bool]] = mapped_column(Boolean)

    document: Mapped[DocumentRow] = relationship(back_populates="entities")
    names: Mapped[list["EntityNameRow"]] = relationship(back_populates="entity", cascade="all, delete-orphan")


class EntityNameRow(Base):
    """Every name an entity answers to (canonical name and aliases), by key, with the entity's
    document copied in: the documents naming an actor come from one index (key, document)
    instead of a look-up of each entity (32k for "Bernie Sanders" at 100k articles: 60 ms)."""

    __tablename__ = "entity_names"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_pk: Mapped[int] = mapped_column(ForeignKey("entities.pk", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(Text)
    document_id: Mapped[str] = mapped_column(String(KEY_LENGTH), server_default="")
    # True for a name an analyst's correction gave the entity (an alias, a merged entity's
    # names: store/corrections.py), rewritten whenever corrections are applied; None for its own.
    corrected: Mapped[Optional[bool]] = mapped_column(Boolean)

    entity: Mapped[EntityRow] = relationship(back_populates="names")


class EntityIdentityNameRow(Base):
    """Each name key the entities of one identity answer to, once (entity_names holds it once per
    entity: 3 million rows at 100k articles, copies included): the entity list's name filter reads
    these few instead (store/identity_names.py keeps them as articles are saved and corrected,
    migration 0018)."""

    __tablename__ = "entity_identity_names"

    identity: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)


class PlaceRow(Base):
    """A place of one document, with its ISO-3166 alpha-2 country when known."""

    __tablename__ = "places"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    country: Mapped[Optional[str]] = mapped_column(String(8))
    lat: Mapped[Optional[float]] = mapped_column(Float)
    lon: Mapped[Optional[float]] = mapped_column(Float)
    geonameid: Mapped[Optional[int]] = mapped_column(Integer)

    document: Mapped[DocumentRow] = relationship(back_populates="places")


class ClaimRow(Base):
    """A claim of one document with its actor, place and source resolved to names.

    `actor_entity_pk` links to the actor's entity row so a search for an
    alias finds claims whose actor is that entity.
    """

    __tablename__ = "claims"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(32))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    modality: Mapped[str] = mapped_column(String(16))
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    band: Mapped[str] = mapped_column(String(32))
    actor_ref: Mapped[Optional[str]] = mapped_column(String(32))
    actor_name: Mapped[Optional[str]] = mapped_column(Text)
    actor_key: Mapped[Optional[str]] = mapped_column(Text)
    actor_entity_pk: Mapped[Optional[int]] = mapped_column(ForeignKey("entities.pk"), index=True)
    place_ref: Mapped[Optional[str]] = mapped_column(String(32))
    place_key: Mapped[Optional[str]] = mapped_column(Text)
    place_country: Mapped[Optional[str]] = mapped_column(String(8))
    source_ref: Mapped[Optional[str]] = mapped_column(String(32))
    # The event word's lemma and the claim's time: a claim with neither target nor place is
    # the same claim only with the same event word; two ISO dates that differ are two events.
    trigger_key: Mapped[Optional[str]] = mapped_column(Text)
    time: Mapped[Optional[str]] = mapped_column(Text)
    source_name: Mapped[Optional[str]] = mapped_column(Text)
    source_named: Mapped[Optional[bool]] = mapped_column(Boolean)
    # Who vouches for the claim, as a key comparable across articles (corpus/corroboration.py).
    source_key: Mapped[Optional[str]] = mapped_column(Text, index=True)
    # Who acts, as the store knows them (corpus/contradiction.py): the actor entity's identity
    # (store/linking.py identity_key), a place acting by its country ("cc:RU": Moscow is Russia),
    # else by its name ("place:europe"); None when the actor is unknown. Contradiction finds a
    # claim's negations and the accused's denials by it (migration 0010).
    actor_identity: Mapped[Optional[str]] = mapped_column(Text)
    # Its article's published date and whether the article is an original (not a copy), copied
    # in when the claim is written (an article keeps both: store/edits.py keeps them too), so the
    # same event's claims in other originals within the window come from one index range
    # (ix_claims_same_event, ix_claims_identity_event) instead of every original in the window
    # (migration 0017).
    published: Mapped[Optional[dt.date]] = mapped_column(Date)
    original: Mapped[Optional[bool]] = mapped_column(Boolean)

    document: Mapped[DocumentRow] = relationship(back_populates="claims")
    actor_entity: Mapped[Optional[EntityRow]] = relationship(foreign_keys=[actor_entity_pk])
    targets: Mapped[list["ClaimTargetRow"]] = relationship(back_populates="claim", cascade="all, delete-orphan")


class ClaimTargetRow(Base):
    """One target of a claim (an entity or a place), with the place's country."""

    __tablename__ = "claim_targets"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.pk", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(32))
    key: Mapped[Optional[str]] = mapped_column(Text)
    country: Mapped[Optional[str]] = mapped_column(String(8))

    claim: Mapped[ClaimRow] = relationship(back_populates="targets")


class SourceRow(Base):
    """A source of one document (its local id is the Analysis's "s1", ...) with who it is across
    the store (store/source_identity.py: "kb:<id>" or "name:<full name>" for a named source,
    "anon:<outlet>|<role>|<affiliation>" for an unnamed one), and how many of the document's
    claims and quotes rest on it. The outlet's own voice is a row too (ref None, kind "outlet",
    identity "own:<outlet>") when claims rest on it. The sources list and the ledger's
    per-source table group by identity (migration 0011)."""

    __tablename__ = "sources"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ref: Mapped[Optional[str]] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # "named", "unnamed" or "outlet" (its own voice)
    name: Mapped[Optional[str]] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    role: Mapped[Optional[str]] = mapped_column(Text)
    affiliation: Mapped[Optional[str]] = mapped_column(Text)
    entity_ref: Mapped[Optional[str]] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(Text)  # name_key of its name, else of its description
    identity: Mapped[str] = mapped_column(Text)
    claims: Mapped[int] = mapped_column(Integer, server_default="0")
    quotes: Mapped[int] = mapped_column(Integer, server_default="0")
    # Whether its article is an original, as EntityRow.original (migration 0019).
    original: Mapped[Optional[bool]] = mapped_column(Boolean)


Index("ix_documents_published_ingested", DocumentRow.published, DocumentRow.ingested_at)
# Originals only (migration 0015): corroboration and the desk's claim cards start from the original
# articles in a date window instead of reading copies' claim rows and dropping them.
Index("ix_documents_originals_published", DocumentRow.published, DocumentRow.ingested_at,
      sqlite_where=DocumentRow.copy_of.is_(None), postgresql_where=DocumentRow.copy_of.is_(None))
Index("ix_document_bands_band_key", BandRow.band, BandRow.key)
Index("ix_story_features_key_published", StoryFeatureRow.key, StoryFeatureRow.published)

# Search filters (store/search.py) find documents through these: each index holds the filtered
# value and the id it leads to, so a filter's list of documents comes from the index alone, and
# ix_documents_id_sort gives each listed document's sort keys without reading its (large) row.
Index("ix_documents_id_sort", DocumentRow.id, DocumentRow.published, DocumentRow.ingested_at)
Index("ix_entity_names_key_document", EntityNameRow.key, EntityNameRow.document_id, EntityNameRow.entity_pk)
Index("ix_entities_identity_document", EntityRow.identity, EntityRow.document_id)
Index("ix_places_key_document", PlaceRow.key, PlaceRow.document_id)
Index("ix_places_country_document", PlaceRow.country, PlaceRow.document_id)
Index("ix_claims_action_document", ClaimRow.action, ClaimRow.document_id)
Index("ix_claims_modality_document", ClaimRow.modality, ClaimRow.document_id)
Index("ix_claims_band_document", ClaimRow.band, ClaimRow.document_id)
Index("ix_claims_source_named_document", ClaimRow.source_named, ClaimRow.document_id)
Index("ix_claims_actor_key_document", ClaimRow.actor_key, ClaimRow.document_id)
Index("ix_claims_place_key_document", ClaimRow.place_key, ClaimRow.document_id)
Index("ix_claims_place_country_document", ClaimRow.place_country, ClaimRow.document_id)
Index("ix_claims_actor_identity_action", ClaimRow.actor_identity, ClaimRow.action, ClaimRow.document_id)
# The same event's claims in original articles by date (migration 0017): corroboration's (actor
# key, action, negation) and contradiction's (actor identity, action), then a range of days.
Index("ix_claims_same_event", ClaimRow.actor_key, ClaimRow.action, ClaimRow.negated, ClaimRow.published,
      sqlite_where=ClaimRow.original.is_(True), postgresql_where=ClaimRow.original.is_(True))
Index("ix_claims_identity_event", ClaimRow.actor_identity, ClaimRow.action, ClaimRow.published,
      sqlite_where=ClaimRow.original.is_(True), postgresql_where=ClaimRow.original.is_(True))
# ... and by action alone (migration 0019): the accusations a denial may answer, whoever made them.
Index("ix_claims_action_event", ClaimRow.action, ClaimRow.published,
      sqlite_where=ClaimRow.original.is_(True), postgresql_where=ClaimRow.original.is_(True))
# Originals' claims by their actor's entity (migration 0020): an actor filter's claims by its aliases.
Index("ix_claims_actor_original", ClaimRow.actor_entity_pk,
      sqlite_where=ClaimRow.original.is_(True), postgresql_where=ClaimRow.original.is_(True))
# Originals' entities and sources by identity (migration 0019): the lists' names and counts of a page.
Index("ix_entities_original_identity", EntityRow.identity, EntityRow.document_id,
      sqlite_where=EntityRow.original.is_(True), postgresql_where=EntityRow.original.is_(True))
Index("ix_sources_original_identity", SourceRow.identity, SourceRow.document_id,
      sqlite_where=SourceRow.original.is_(True), postgresql_where=SourceRow.original.is_(True))
Index("ix_claim_targets_key_claim", ClaimTargetRow.key, ClaimTargetRow.claim_pk)
Index("ix_claim_targets_country_claim", ClaimTargetRow.country, ClaimTargetRow.claim_pk)
Index("ix_sources_identity_document", SourceRow.identity, SourceRow.document_id)
Index("ix_sources_document_ref", SourceRow.document_id, SourceRow.ref)
Index("ix_sources_key_identity", SourceRow.key, SourceRow.identity)

# The forecast ledger's tables (sitrep/ledger/tables.py, migration 0009) live with the ledger but
# belong to this metadata: imported last, once Base is complete.
from ..ledger import tables as _ledger_tables  # noqa: E402,F401
from . import correction_tables as _correction_tables  # noqa: E402,F401  (analysts' corrections)
# The watch's tables (sitrep/watch/tables.py, migration 0012): sources polled, items seen, arrivals.
from ..watch import tables as _watch_tables  # noqa: E402,F401
# Watchlists and their alerts (sitrep/alerts/tables.py, migration 0014).
from ..alerts import tables as _alert_tables  # noqa: E402,F401
