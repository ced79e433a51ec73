"""The tables of analysts' corrections (store/corrections.py, migration 0012): the audit log and
the corrections in force.

`corrections` is the log: one row per change an analyst made (merge, alias, retype, wrong,
note) and per undo, with who, when, what it touched and its state before and after; a
change that was undone points at its undo (`undone_by`), the undo at it (`undoes`). The
other tables hold what is in force, read when corrections are applied (to stored rows, and
to each article stored later) and when pages show them; undoing a change deletes its row
there, never its log row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from .schema import KEY_LENGTH, Base, ClaimRow

_ID_CHUNK = 500


class CorrectionRow(Base):
    """One change an analyst made, or the undo of one: the audit log (never deleted)."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    analyst: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))  # corrections.Action
    subject: Mapped[str] = mapped_column(Text)  # an entity identity, "<document id> <claim id>", a document id
    before: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    after: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    undoes: Mapped[Optional[int]] = mapped_column(Integer)
    undone_by: Mapped[Optional[int]] = mapped_column(Integer)


class EntityMergeRow(Base):
    """A merge in force: entities of `identity` are entities of `into`, shown as `name`."""

    __tablename__ = "entity_merges"

    correction_id: Mapped[int] = mapped_column(ForeignKey("corrections.id"), primary_key=True)
    identity: Mapped[str] = mapped_column(Text, unique=True)
    into: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)


class EntityAliasRow(Base):
    """An alias in force: entities of `identity` (and of what is merged with it) answer to it."""

    __tablename__ = "entity_aliases"

    correction_id: Mapped[int] = mapped_column(ForeignKey("corrections.id"), primary_key=True)
    identity: Mapped[str] = mapped_column(Text, index=True)
    alias: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text)


class EntityRetypeRow(Base):
    """A retype in force: entities of `identity` (and of what is merged with it) have `type`."""

    __tablename__ = "entity_retypes"

    correction_id: Mapped[int] = mapped_column(ForeignKey("corrections.id"), primary_key=True)
    identity: Mapped[str] = mapped_column(Text, index=True)
    type: Mapped[str] = mapped_column(String(16))


class WrongClaimRow(Base):
    """A claim marked wrong, in force: left out of briefs, counts and corroboration."""

    __tablename__ = "wrong_claims"

    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.pk", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(KEY_LENGTH), index=True)
    claim_ref: Mapped[str] = mapped_column(String(32))
    correction_id: Mapped[int] = mapped_column(ForeignKey("corrections.id"))


class NoteRow(Base):
    """An analyst's note on an article (claim_ref None) or on one of its claims, in force."""

    __tablename__ = "notes"

    correction_id: Mapped[int] = mapped_column(ForeignKey("corrections.id"), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    claim_ref: Mapped[Optional[str]] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)


Index("ix_entity_merges_into", EntityMergeRow.into)


def not_wrong() -> ColumnElement[bool]:
    """SQL condition on ClaimRow: no analyst marked the claim wrong. A look-up in a table as
    small as the analysts' corrections, so every claim query can carry it."""
    return ClaimRow.pk.not_in(select(WrongClaimRow.claim_pk))


def wrong_claims(session: Session, document_ids: list[str]) -> set[tuple[str, str]]:
    """(document id, claim id) of these documents' claims marked wrong."""
    found: set[tuple[str, str]] = set()
    for i in range(0, len(document_ids), _ID_CHUNK):
        stmt = (select(WrongClaimRow.document_id, WrongClaimRow.claim_ref)
                .where(WrongClaimRow.document_id.in_(document_ids[i:i + _ID_CHUNK])))
        found.update((document_id, claim) for document_id, claim in session.execute(stmt))
    return found
