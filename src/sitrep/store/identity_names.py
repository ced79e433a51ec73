"""The names each entity identity answers to, once each (schema.EntityIdentityNameRow): what the
entity list's name filter reads ("entities named like trump") instead of every entity's name rows
(3 million at 100k articles, copies included: 2.9 s a filtered page).

A pair (identity, key) is stored exactly when some stored entity has that identity and a name
row (entity_names, its own or an analyst's) with that key. Entities get their rows when an article
is saved, and change identity or names only by corrections and edits, so three callers keep the
pairs exact: Store.save adds the pairs of the articles it stored, once the corrections in force are
applied to them; a correction (store/corrections.py) rewrites the pairs of the identities it
touched; an edit (store/edits.py) adds the new version's pairs and rewrites those of the
identities the old version had.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from .schema import EntityIdentityNameRow, EntityNameRow, EntityRow

_CHUNK = 500


def add_names_of(session: Session, document_ids: list[str]) -> None:
    """Store the pairs of these documents' entities (as they are now) that are not stored yet."""
    pairs: set[tuple[str, str]] = set()
    for i in range(0, len(document_ids), _CHUNK):
        pairs.update((identity, key) for identity, key in session.execute(
            select(EntityRow.identity, EntityNameRow.key).join(EntityNameRow, EntityNameRow.entity_pk == EntityRow.pk)
            .where(EntityRow.document_id.in_(document_ids[i:i + _CHUNK]))))
    identities = sorted({identity for identity, _ in pairs})
    for i in range(0, len(identities), _CHUNK):
        pairs.difference_update((identity, key) for identity, key in session.execute(
            select(EntityIdentityNameRow.identity, EntityIdentityNameRow.key)
            .where(EntityIdentityNameRow.identity.in_(identities[i:i + _CHUNK]))))
    if pairs:
        session.execute(insert(EntityIdentityNameRow), [{"identity": i, "key": k} for i, k in sorted(pairs)])


def renew_names_of(session: Session, identities: Iterable[str]) -> None:
    """Rewrite the pairs of these identities from their entities' name rows as they are now."""
    table = EntityIdentityNameRow.__table__
    for identity in sorted(set(identities)):
        session.execute(delete(table).where(table.c.identity == identity))
        session.execute(insert(table).from_select(
            ["identity", "key"],
            select(EntityRow.identity, EntityNameRow.key).distinct()
            .join(EntityNameRow, EntityNameRow.entity_pk == EntityRow.pk).where(EntityRow.identity == identity)))
