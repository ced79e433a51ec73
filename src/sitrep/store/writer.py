"""Writing a linked batch of documents: one multi-row INSERT per table.

The rows come as plain dicts (store/rows.py), so a batch of 64 articles with
their thousands of entity, name, place, claim, target, band and feature rows
costs a handful of statements, not a unit-of-work flush per document. Parent
keys the children need (entities for their names and claims' actors, claims
for their targets) come back from the INSERTs in parameter order (RETURNING).
Runs inside the save transaction: the batch lands whole or not at all.

On SQLite the query planner's statistics are refreshed as the store grows
(an approximate ANALYZE each time the documents double, from 1000 on): without
them SQLite reads every listed document's row to sort a filtered search
instead of using the covering indexes, several times slower at 100k articles.
PostgreSQL's autovacuum keeps its own statistics.
"""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from ..corpus.contradiction import place_identity
from .rows import PreparedDocument
from .schema import (BandRow, ClaimRow, ClaimTargetRow, DocumentRow, EntityNameRow, EntityRow, PlaceRow, SourceRow,
                     StoryFeatureRow)


def write_documents(session: Session, batch: list[PreparedDocument]) -> None:
    """Insert the documents of a linked batch with all their rows (stories come first:
    store/linking.py writes them)."""
    if not batch:
        return
    _insert(session, DocumentRow.__table__, [d.document for d in batch])
    # (entities, sources and claims carry whether their article is an original: migrations 0017, 0019)
    entities = [dict(row, document_id=d.id, original=d.document["copy_of"] is None)
                for d in batch for row in d.entities]
    entity_pks = _insert(session, EntityRow.__table__, entities, returning=True)
    _insert(session, EntityNameRow.__table__, [
        {"entity_pk": pk, "key": key, "document_id": entity["document_id"]}
        for pk, entity, keys in zip(entity_pks, entities, (keys for d in batch for keys in d.entity_names))
        for key in keys])
    _insert(session, PlaceRow.__table__, [dict(row, document_id=d.id) for d in batch for row in d.places])
    _insert(session, SourceRow.__table__, [dict(row, document_id=d.id, original=d.document["copy_of"] is None)
                                           for d in batch for row in d.sources])
    claims, offset = [], 0
    for d in batch:
        places = {place["ref"]: place for place in d.places}
        for row, actor in zip(d.claims, d.actor_entity):
            claims.append(dict(row, document_id=d.id,
                               actor_entity_pk=entity_pks[offset + actor] if actor is not None else None,
                               actor_identity=_actor_identity(row, actor, d, places),
                               published=d.published, original=d.document["copy_of"] is None))
        offset += len(d.entities)
    claim_pks = _insert(session, ClaimRow.__table__, claims, returning=True)
    _insert(session, ClaimTargetRow.__table__, [
        dict(target, claim_pk=pk)
        for pk, targets in zip(claim_pks, (t for d in batch for t in d.claim_targets)) for target in targets])
    _insert(session, BandRow.__table__, [
        {"document_id": d.id, "band": band, "key": key} for d in batch for band, key in d.bands])
    _insert(session, StoryFeatureRow.__table__, [
        {"document_id": d.id, "key": key, "published": d.published}
        for d in batch if d.document["copy_of"] is None for key in sorted(d.features)])
    if session.get_bind().dialect.name == "sqlite":
        refresh_statistics(session)


def _actor_identity(claim: dict[str, Any], actor: Optional[int], document: PreparedDocument,
                    places: dict[str, dict[str, Any]]) -> Optional[str]:
    """Who acts in a claim, as the store knows them (schema.ClaimRow.actor_identity): the actor
    entity's identity (linking set it), else the acting place's (corpus/contradiction.py)."""
    if actor is not None:
        return document.entities[actor].get("identity") or None
    place = places.get(claim["actor_ref"]) if claim.get("actor_ref") else None
    return place_identity(place["country"], place["key"]) if place is not None else None


# Statistics are first gathered at this many documents, then whenever the count doubles.
STATISTICS_FROM = 1000
# Rows ANALYZE samples per index (SQLite's analysis_limit): approximate, and fast at any size.
STATISTICS_SAMPLE = 1000


def refresh_statistics(session: Session) -> bool:
    """Run an approximate ANALYZE when the documents have doubled since the last one (SQLite);
    whether it ran."""
    conn = session.connection()
    documents = conn.execute(text("SELECT max(rowid) FROM documents")).scalar() or 0
    if documents < STATISTICS_FROM:
        return False
    analysed = 0
    if conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
        analysed = conn.execute(text(
            "SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 "
            "WHERE tbl = 'documents' AND idx LIKE 'sqlite_autoindex_documents%'")).scalar() or 0
    if documents < 2 * analysed:
        return False
    conn.exec_driver_sql(f"PRAGMA analysis_limit = {STATISTICS_SAMPLE:d}")
    conn.exec_driver_sql("ANALYZE")
    return True


def _insert(session: Session, table: Table, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
    """One executemany INSERT; with `returning`, the new primary keys in row order."""
    if not rows:
        return []
    if not returning:
        session.connection().execute(insert(table), rows)
        return []
    stmt = insert(table).returning(table.c.pk, sort_by_parameter_order=True)
    return list(session.connection().execute(stmt, rows).scalars())
