"""Analysts' corrections: merge two entities, give one an alias or a type, mark a claim wrong,
note an article or a claim; every change logged with who and when, and each one undoable.

Usage (what the desk's forms and /api/corrections call; `store.corrections` is a Corrections)::

    fix = store.corrections
    done = fix.merge("name:caliphate army", "kb:Q2429253", analyst="ana")  # -> Correction (the log row)
    fix.add_alias("kb:Q2429253", "the caliphate", analyst="ana")
    fix.retype("Caliphate Army", "GROUP", analyst="ana")   # an identity or any name it answers to
    fix.mark_wrong(document_id, "c3", analyst="ana", reason="misread quote")
    fix.add_note(document_id, "see the AP version", analyst="ana", claim="c3")  # claim=None: the article
    fix.undo(done.id, analyst="ana")        # itself a log row; an undo is not undone, the change is made again
    fix.log(limit=50) / fix.count()         # the audit log, newest first
    fix.entity("Caliphate Army")            # -> EntityCorrections: its identity, aliases, what is merged into it
    fix.article(document_id)                # -> ArticleCorrections: its claims marked wrong, its notes

The design, chosen so that every reader of the store sees a correction without knowing about it:

- **Corrections are applied to the rows search reads**, not looked up at read time. A merge sets
  the merged entities' `entities.identity` to the entity they were merged into, so the entity
  list (grouped by identity) shows one entity; gives every entity of the merged group the names
  of the others (`entity_names` rows marked `corrected`), so `sitrep search --actor`, the entity
  page and a brief's actor filter find all of them by any of their names; sets the group's claims'
  `actor_identity` (contradiction) and `actor_key` (corroboration counts the same actor by it) to
  the group's; and claim cards name the group's actor as the entity merged into, so the brief
  groups them under one actor. An alias adds a name row to each entity of the group; a retype
  sets `entities.type`. What linking found is kept (`found_identity`, `found_type`; own name rows
  are never touched), so applying is a pure function of what was found and the corrections in
  force (`entity_merges`, `entity_aliases`, `entity_retypes`): every change and every undo
  re-applies them to the entities of the groups it touches (`_reapply`), and an undo is exact.
- **Articles stored later get the corrections in force** (`apply_to_new`, called by Store.save in
  the save transaction): their entities are resolved, retyped and named like the stored ones.
  A name that first appears in a later article is known to that article's entities at once,
  and to the group's older entities at the group's next correction.
- **A claim marked wrong** stays stored (with who, when and why) and is left out by
  `correction_tables.not_wrong()`, which search's claim conditions carry (so search filters,
  claim cards, briefs, the timeline and map counts, trends and entity claim counts leave it out)
  and corroboration's and contradiction's queries of the same event too; an unfiltered search
  hit does not list it. The article page still shows it, struck out, with its undo.
- **Notes** are shown with their article or claim; they change nothing else.
- The analysis JSON (`Store.get`) is never changed: it is what was analysed.

Left alone: the sources list (a named source keeps the identity it was stored with), the
forecast ledger (a wrong claim's forecast stays) and claim targets (corroboration compares an
entity target by its name).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Optional, get_args

from pydantic import BaseModel
from sqlalchemy import (Boolean, ColumnElement, Engine, String, Text, and_, bindparam, case, delete, exists, func,
                        insert, literal, or_, select, true, union_all, update)
from sqlalchemy.orm import Session

from ..model import EntityType
from .correction_tables import (CorrectionRow, EntityAliasRow, EntityMergeRow, EntityRetypeRow, NoteRow,
                                WrongClaimRow)
from .identity_names import renew_names_of
from .linking import identity_key
from .schema import ClaimRow, DocumentRow, EntityNameRow, EntityRow, name_key

Action = Literal["merge", "alias", "retype", "wrong", "note", "undo"]
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)  # the contract's entity type vocabulary
MAX_ANALYST_CHARS = 100
MAX_ALIAS_CHARS = 200
MAX_NOTE_CHARS = 5000
_CHUNK = 500
# Entities read to tell an identity's name and type, or the identity a name stands for: the
# majority of a sample, so a page showing them costs the same for an entity of 30k articles.
SAMPLE = 1000
# Keys per statement when names are given to a group's entities: a compound SELECT of literals,
# inside SQLite's limit on its terms (500).
_KEYS = 400


class CorrectionError(ValueError):
    """A correction that cannot be made as asked; the message says why and what to do."""


class NotFound(CorrectionError):
    """The entity, claim, article or correction named is not stored."""


class Correction(BaseModel):
    """One row of the audit log: a change an analyst made, or the undo of one."""

    id: int
    at: dt.datetime
    analyst: str
    action: Action
    subject: str
    before: Optional[dict[str, Any]] = None
    after: Optional[dict[str, Any]] = None
    undoes: Optional[int] = None
    undone_by: Optional[int] = None

    @property
    def summary(self) -> str:
        """What the change did, in words (names are the analyst's and the store's: escape them)."""
        before, after = self.before or {}, self.after or {}
        if self.action == "undo":
            return f"undid #{self.undoes}"
        if self.action == "merge":
            return f"merged {before.get('name')} into {after.get('name')}"
        if self.action == "alias":
            return f"{after.get('name')} also answers to {after.get('alias')}"
        if self.action == "retype":
            return f"{after.get('name')} is {after.get('type')} (was {before.get('type')})"
        if self.action == "wrong":
            why = f": {after['reason']}" if after.get("reason") else ""
            return f"claim {after.get('claim')} of {after.get('title') or self.subject} marked wrong{why}"
        where = f"claim {after['claim']} of " if after.get("claim") else ""
        return f"note on {where}{after.get('title') or self.subject}: {after.get('text')}"


class Merged(BaseModel):
    """An entity merged into another, with the log row that merged it (undo it by that id)."""

    correction: int
    identity: str
    name: str


class Alias(BaseModel):
    """An alias an analyst gave, with its log row."""

    correction: int
    alias: str


class EntityCorrections(BaseModel):
    """What analysts corrected of one entity (as the entity list shows it: its group's root)."""

    identity: str
    name: str
    type: Optional[str] = None
    aliases: list[Alias] = []
    merged: list[Merged] = []
    retyped: Optional[int] = None  # the retype in force, to undo


class Note(BaseModel):
    """An analyst's note on an article or one of its claims."""

    correction: int
    claim: Optional[str] = None
    text: str
    analyst: str
    at: dt.datetime


class ArticleCorrections(BaseModel):
    """An article's claims marked wrong (by claim id: the log row that did it) and its notes."""

    wrong: dict[str, Correction] = {}
    notes: list[Note] = []


class Corrections:
    """The analysts' corrections of one store (Store.corrections); each change is one transaction."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # --- changes --------------------------------------------------------------------------------

    def merge(self, identity: str, into: str, *, analyst: str) -> Correction:
        """Make entity `identity` (an identity or a name) part of entity `into`: one entity in
        lists, search, briefs and corroboration, named as `into`. Each is taken as the entity
        list shows it (what it is merged into already, if anything)."""
        with Session(self.engine) as session, session.begin():
            state = _InForce.load(session)
            source, target = (state.root(find_identity(session, text)) for text in (identity, into))
            if source == target:
                raise CorrectionError(f"{identity!r} and {into!r} are one entity already")
            names = display_name(session, source, state), display_name(session, target, state)
            done = _log(session, analyst, "merge", source, {"identity": source, "name": names[0]},
                        {"into": target, "name": names[1]})
            touched = state.group(source) | state.group(target)
            session.execute(insert(EntityMergeRow.__table__).values(
                correction_id=done.id, identity=source, into=target, name=names[1]))
            _reapply(session, touched)
            return done

    def add_alias(self, identity: str, alias: str, *, analyst: str) -> Correction:
        """Let entity `identity` (an identity or a name) answer to `alias` too, in search and on its page."""
        alias = _text(alias, "alias", MAX_ALIAS_CHARS)
        with Session(self.engine) as session, session.begin():
            state = _InForce.load(session)
            root = state.root(find_identity(session, identity))
            if name_key(alias) in _group_keys(session, root):
                raise CorrectionError(f"{display_name(session, root, state)} answers to {alias!r} already")
            done = _log(session, analyst, "alias", root, {"aliases": sorted(state.alias_names(root))},
                        {"alias": alias, "name": display_name(session, root, state)})
            session.execute(insert(EntityAliasRow.__table__).values(
                correction_id=done.id, identity=root, alias=alias, key=name_key(alias)))
            _reapply(session, state.group(root))
            return done

    def retype(self, identity: str, type: str, *, analyst: str) -> Correction:
        """Give entity `identity` (an identity or a name) one of the contract's entity types."""
        if type not in ENTITY_TYPES:
            raise CorrectionError(f"unknown entity type {type!r}: use one of {', '.join(ENTITY_TYPES)}")
        with Session(self.engine) as session, session.begin():
            state = _InForce.load(session)
            root = state.root(find_identity(session, identity))
            current = _current_type(session, root)
            if current == type:
                raise CorrectionError(f"{display_name(session, root, state)} is {type} already")
            done = _log(session, analyst, "retype", root, {"type": current},
                        {"type": type, "name": display_name(session, root, state)})
            session.execute(insert(EntityRetypeRow.__table__).values(correction_id=done.id, identity=root, type=type))
            _reapply(session, state.group(root))
            return done

    def mark_wrong(self, document_id: str, claim: str, *, analyst: str, reason: str = "") -> Correction:
        """Leave claim `claim` of a stored article out of briefs, counts and corroboration; it stays
        stored, shown struck out on its article with who marked it and why."""
        reason = reason.strip()[:MAX_NOTE_CHARS]
        with Session(self.engine) as session, session.begin():
            pks = _claim_pks(session, document_id, claim)
            if session.scalar(select(func.count()).select_from(WrongClaimRow).where(WrongClaimRow.claim_pk.in_(pks))):
                raise CorrectionError(f"claim {claim!r} of {document_id!r} is marked wrong already")
            done = _log(session, analyst, "wrong", f"{document_id} {claim}", {"wrong": False},
                        {"wrong": True, "claim": claim, "reason": reason, "title": _title(session, document_id)})
            session.execute(insert(WrongClaimRow.__table__), [
                {"claim_pk": pk, "document_id": document_id, "claim_ref": claim, "correction_id": done.id}
                for pk in pks])
            return done

    def add_note(self, document_id: str, text: str, *, analyst: str, claim: Optional[str] = None) -> Correction:
        """Note an article (or, with `claim`, one of its claims); shown with it."""
        text = _text(text, "note", MAX_NOTE_CHARS)
        with Session(self.engine) as session, session.begin():
            title = _title(session, document_id)
            if claim is not None:
                _claim_pks(session, document_id, claim)
            done = _log(session, analyst, "note", document_id if claim is None else f"{document_id} {claim}",
                        None, {"text": text, "claim": claim, "title": title})
            session.execute(insert(NoteRow.__table__).values(correction_id=done.id, document_id=document_id,
                                                             claim_ref=claim, text=text))
            return done

    def undo(self, correction_id: int, *, analyst: str) -> Correction:
        """Take back change `correction_id`: the store is as if it had not been made (later changes
        kept). The undo is logged; it cannot itself be undone (make the change again)."""
        with Session(self.engine) as session, session.begin():
            row = session.get(CorrectionRow, correction_id)
            if row is None:
                raise NotFound(f"no correction #{correction_id}")
            if row.action == "undo":
                raise CorrectionError(f"#{correction_id} is an undo: make the change again instead")
            if row.undone_by is not None:
                raise CorrectionError(f"#{correction_id} was undone already (#{row.undone_by})")
            _take_back(session, row)
            done = _log(session, analyst, "undo", row.subject, row.after, row.before, undoes=row.id)
            row.undone_by = done.id
            return done

    # --- reading --------------------------------------------------------------------------------

    def log(self, limit: int = 50, offset: int = 0) -> list[Correction]:
        """The audit log, newest first."""
        with Session(self.engine) as session:
            rows = session.scalars(select(CorrectionRow).order_by(CorrectionRow.id.desc()).limit(limit).offset(offset))
            return [_correction(row) for row in rows]

    def count(self) -> int:
        """How many rows the audit log holds."""
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(CorrectionRow)) or 0

    def get(self, correction_id: int) -> Optional[Correction]:
        """One row of the audit log, or None."""
        with Session(self.engine) as session:
            row = session.get(CorrectionRow, correction_id)
            return _correction(row) if row is not None else None

    def entity(self, name: str) -> Optional[EntityCorrections]:
        """The entity a name (or identity) stands for, as the entity list shows it, with the
        aliases, merges and retype analysts gave it; None when no entity answers to it."""
        with Session(self.engine) as session:
            try:
                identity = find_identity(session, name)
            except NotFound:
                return None
            state = _InForce.load(session)
            root = state.root(identity)
            group = state.group(root)
            aliases = session.execute(select(EntityAliasRow.correction_id, EntityAliasRow.alias)
                                      .where(EntityAliasRow.identity.in_(group)).order_by(EntityAliasRow.correction_id))
            merged = session.execute(select(EntityMergeRow.correction_id, EntityMergeRow.identity)
                                     .where(EntityMergeRow.into == root).order_by(EntityMergeRow.correction_id))
            retyped = session.scalar(select(func.max(EntityRetypeRow.correction_id))
                                     .where(EntityRetypeRow.identity.in_(group)))
            return EntityCorrections(
                identity=root, name=display_name(session, root, state), type=_current_type(session, root),
                aliases=[Alias(correction=c, alias=a) for c, a in aliases],
                merged=[Merged(correction=c, identity=i, name=display_name(session, i, state, found=True))
                        for c, i in merged],
                retyped=retyped)

    def article(self, document_id: str) -> ArticleCorrections:
        """An article's claims marked wrong (by claim id) and its notes, oldest first."""
        with Session(self.engine) as session:
            wrong = {ref: _correction(row) for ref, row in session.execute(
                select(WrongClaimRow.claim_ref, CorrectionRow)
                .join(CorrectionRow, CorrectionRow.id == WrongClaimRow.correction_id)
                .where(WrongClaimRow.document_id == document_id))}
            notes = [Note(correction=row.id, claim=claim, text=text, analyst=row.analyst, at=row.at)
                     for claim, text, row in session.execute(
                         select(NoteRow.claim_ref, NoteRow.text, CorrectionRow)
                         .join(CorrectionRow, CorrectionRow.id == NoteRow.correction_id)
                         .where(NoteRow.document_id == document_id).order_by(NoteRow.correction_id))]
            return ArticleCorrections(wrong=wrong, notes=notes)


# --- what the rest of the store calls ------------------------------------------------------------

def apply_to_new(session: Session, document_ids: list[str]) -> None:
    """Apply the corrections in force to the entities of newly stored documents (Store.save,
    inside its transaction, after their rows are written). Costs one query when there are none,
    and statements only for the corrected identities these documents' entities have."""
    if not document_ids or not _any_in_force(session):
        return
    corrected = _InForce.load(session).corrected()
    present: set[str] = set()
    for i in range(0, len(document_ids), _CHUNK):
        present.update(session.scalars(select(EntityRow.identity).distinct().where(
            EntityRow.document_id.in_(document_ids[i:i + _CHUNK]))))
    if present & corrected:
        _reapply(session, present & corrected, document_ids)


def merged_names(session: Session, identities: Iterable[Optional[str]]) -> dict[str, str]:
    """The name each of these identities is shown by when entities were merged into it (the
    name of the entity merged into), for those that are; claim cards name their actor so."""
    wanted = {identity for identity in identities if identity}
    if not wanted:
        return {}
    return {into: name for into, name in session.execute(
        select(EntityMergeRow.into, EntityMergeRow.name).where(EntityMergeRow.into.in_(wanted)))}


def find_identity(session: Session, text: str) -> str:
    """The identity `text` names: itself when stored entities have it (as found or as corrected),
    else the identity most entities answering to it as a name or alias have (of the first SAMPLE);
    NotFound otherwise."""
    text = (text or "").strip()
    if not text:
        raise CorrectionError("name the entity (its name, an alias, or its identity as /api/entities gives it)")
    if "\x00" in text:
        raise NotFound("no stored entity answers to a name with a NUL character")
    stored = select(EntityRow.pk).where(or_(EntityRow.identity == text, EntityRow.found_identity == text)).limit(1)
    if session.scalar(stored) is not None:
        return text
    answering = (select(EntityNameRow.entity_pk).where(EntityNameRow.key == name_key(text)).limit(SAMPLE)
                 .scalar_subquery())
    found = Counter(session.scalars(select(func.coalesce(EntityRow.found_identity, EntityRow.identity))
                                    .where(EntityRow.pk.in_(answering))))
    if not found:
        raise NotFound(f"no stored entity answers to {text!r}")
    return min(found, key=lambda identity: (-found[identity], identity))


def display_name(session: Session, identity: str, state: Optional["_InForce"] = None, *, found: bool = False) -> str:
    """The name an identity is shown by: the name of a merge into it when there is one, else
    (or with `found`, whatever it is merged into) the name most of its entities have (of the
    first SAMPLE: a page shows it, and a name read from 30k entities took 250 ms), its own names
    ("Donald Trump") before a name joined to it ("Trump")."""
    if state is not None and not found and identity in state.names:
        return state.names[identity]
    column = EntityRow.found_identity if found else EntityRow.identity
    names = Counter(session.scalars(select(EntityRow.name).where(column == identity).limit(SAMPLE)))
    if not names:
        return identity
    return min(names, key=lambda name: (identity_key(name) != identity, -names[name], name))


# --- applying the corrections in force -----------------------------------------------------------

@dataclass
class _InForce:
    """The entity corrections in force: merges (identity -> into), the names merged groups are
    shown by (into -> name), aliases' keys and retypes (identity -> (correction id, type))."""

    merges: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # identity -> {key: alias}
    retypes: dict[str, tuple[int, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> "_InForce":
        state = cls()
        for identity, into, name in session.execute(select(EntityMergeRow.identity, EntityMergeRow.into,
                                                           EntityMergeRow.name)):
            state.merges[identity] = into
            state.names[into] = name
        for identity, key, alias in session.execute(select(EntityAliasRow.identity, EntityAliasRow.key,
                                                           EntityAliasRow.alias)):
            state.aliases.setdefault(identity, {})[key] = alias
        for correction, identity, type_ in session.execute(
                select(EntityRetypeRow.correction_id, EntityRetypeRow.identity, EntityRetypeRow.type)
                .order_by(EntityRetypeRow.correction_id)):
            state.retypes[identity] = (correction, type_)
        return state

    def root(self, identity: str) -> str:
        """What the identity is merged into, through every merge (itself when none)."""
        seen = {identity}
        while identity in self.merges and self.merges[identity] not in seen:
            identity = self.merges[identity]
            seen.add(identity)
        return identity

    def group(self, root: str) -> set[str]:
        """The identities that are one entity with `root` (root included)."""
        return {root} | {identity for identity in self.merges if self.root(identity) == root}

    def corrected(self) -> set[str]:
        """Every identity a correction in force touches, with the groups they belong to."""
        touched = set(self.merges) | set(self.merges.values()) | set(self.aliases) | set(self.retypes)
        return set().union(*(self.group(self.root(identity)) for identity in touched)) if touched else set()

    def alias_names(self, root: str) -> set[str]:
        return {alias for identity in self.group(root) for alias in self.aliases.get(identity, {}).values()}

    def alias_keys(self, root: str) -> set[str]:
        return {key for identity in self.group(root) for key in self.aliases.get(identity, {})}

    def type_of(self, root: str) -> Optional[str]:
        """The latest retype in force of the group, or None."""
        retyped = [self.retypes[identity] for identity in self.group(root) if identity in self.retypes]
        return max(retyped)[1] if retyped else None


def _reapply(session: Session, identities: set[str], document_ids: Optional[list[str]] = None) -> None:
    """Apply the corrections in force to the entities found with these identities (of these
    documents only, when given): their identity, type, corrected names, and their claims' actor.
    Set-wise, a few statements per identity whatever its size (a group of 28.6k entities in about
    a second), since a merge into a much-named entity rewrites all of its entities."""
    if document_ids is None:
        roots = _reapply_where(session, identities, [])
        renew_names_of(session, identities | roots)  # the names each answers to (store/identity_names.py)
        return
    for i in range(0, len(document_ids), _CHUNK):
        _reapply_where(session, identities, [EntityRow.document_id.in_(document_ids[i:i + _CHUNK])])


def _reapply_where(session: Session, identities: set[str], where: list[ColumnElement[bool]]) -> set[str]:
    """_reapply for the entities that also meet `where` (conditions on EntityRow); returns the
    identities they now have (what each found identity is merged into)."""
    state = _InForce.load(session)
    roots = set()
    for found in sorted(identities):
        root = state.root(found)
        roots.add(root)
        _refind(session, found, root, state.type_of(root), where)
    for root in sorted(roots):
        _rename(session, root, state, where)
        _reactor(session, root, state, where)
    return roots


def _refind(session: Session, found: str, root: str, retype: Optional[str], where: list[ColumnElement[bool]]) -> None:
    """Entities found as `found` are `root` (what it is merged into) with the type `retype` (else
    the type they were found with); what they were found as is kept while it differs."""
    entities = EntityRow.__table__
    was = func.coalesce(entities.c.found_type, entities.c.type)
    found_as = or_(entities.c.found_identity == found,
                   and_(entities.c.found_identity.is_(None), entities.c.identity == found))
    session.execute(update(entities).where(found_as, *where).values(
        identity=root, found_identity=found if root != found else None,
        type=literal(retype, String) if retype else was,
        found_type=case((was != retype, was), else_=None) if retype else None))


def _rename(session: Session, root: str, state: _InForce, where: list[ColumnElement[bool]]) -> None:
    """Rewrite the corrected names of the entities of `root`: their group's own names (when
    merged) and its aliases, each where an entity lacks it of its own."""
    names = EntityNameRow.__table__
    members = select(EntityRow.pk).where(EntityRow.identity == root, *where)
    session.execute(delete(names).where(names.c.corrected.is_(True), names.c.entity_pk.in_(members)))
    keys = sorted((_group_keys(session, root, own=True) if root in state.names else set()) | state.alias_keys(root))
    for i in range(0, len(keys), _KEYS):
        parts = [select(literal(key, Text).label("key")) for key in keys[i:i + _KEYS]]
        wanted = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("wanted")
        has_it = select(names.c.pk).where(names.c.entity_pk == EntityRow.pk, names.c.key == wanted.c.key)
        session.execute(insert(names).from_select(
            ["entity_pk", "key", "document_id", "corrected"],
            select(EntityRow.pk, wanted.c.key, EntityRow.document_id, literal(True, Boolean))
            .join_from(EntityRow, wanted, true())  # every entity with every key
            .where(EntityRow.identity == root, *where, ~exists(has_it))))


def _reactor(session: Session, root: str, state: _InForce, where: list[ColumnElement[bool]]) -> None:
    """Set the actor of the claims the entities of `root` act in: the group's identity, and the key
    corroboration compares actors by (a merged group's name, else the actor's own name)."""
    claims = ClaimRow.__table__
    acting = claims.c.actor_entity_pk.in_(select(EntityRow.pk).where(EntityRow.identity == root, *where))
    if root in state.names:
        session.execute(update(claims).where(acting).values(actor_identity=root, actor_key=name_key(state.names[root])))
        return
    elsewhere = or_(claims.c.actor_identity != root, claims.c.actor_identity.is_(None))
    session.execute(update(claims).where(acting, elsewhere).values(actor_identity=root))
    own_keys = [{"b_pk": pk, "b_key": name_key(name) if name else None}
                for pk, name, key in session.execute(select(claims.c.pk, claims.c.actor_name, claims.c.actor_key)
                                                     .where(acting))
                if key != (name_key(name) if name else None)]  # a merge had given them its group's
    if own_keys:
        session.execute(update(claims).where(claims.c.pk == bindparam("b_pk")).values(actor_key=bindparam("b_key")),
                        own_keys)


def _take_back(session: Session, row: CorrectionRow) -> None:
    """Remove change `row` from the corrections in force and re-apply what remains."""
    if row.action in ("merge", "alias", "retype"):
        before = _InForce.load(session)
        table = {"merge": EntityMergeRow, "alias": EntityAliasRow, "retype": EntityRetypeRow}[row.action]
        identities = {row.subject} | ({row.after["into"]} if row.action == "merge" and row.after else set())
        touched = set().union(*(before.group(before.root(i)) for i in identities))
        session.execute(delete(table.__table__).where(table.__table__.c.correction_id == row.id))
        after = _InForce.load(session)
        _reapply(session, touched | set().union(*(after.group(after.root(i)) for i in touched)))
    elif row.action == "wrong":
        session.execute(delete(WrongClaimRow.__table__).where(WrongClaimRow.correction_id == row.id))
    elif row.action == "note":
        session.execute(delete(NoteRow.__table__).where(NoteRow.correction_id == row.id))


# --- small helpers -------------------------------------------------------------------------------

def _log(session: Session, analyst: str, action: Action, subject: str, before: Optional[dict[str, Any]],
         after: Optional[dict[str, Any]], undoes: Optional[int] = None) -> Correction:
    """Write one audit row (who, when, what, before and after) and return it."""
    row = CorrectionRow(at=dt.datetime.now(dt.timezone.utc), analyst=_text(analyst, "analyst", MAX_ANALYST_CHARS),
                        action=action, subject=subject, before=before, after=after, undoes=undoes)
    session.add(row)
    session.flush()
    return _correction(row)


def _correction(row: CorrectionRow) -> Correction:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.timezone.utc)  # SQLite keeps no zone
    return Correction(id=row.id, at=at, analyst=row.analyst, action=row.action, subject=row.subject,
                      before=row.before, after=row.after, undoes=row.undoes, undone_by=row.undone_by)


def _text(value: str, what: str, limit: int) -> str:
    """A required line of text, stripped; CorrectionError when blank or over `limit` characters."""
    value = (value or "").strip()
    if not value:
        raise CorrectionError(f"the {what} is empty: say who you are" if what == "analyst" else f"the {what} is empty")
    if len(value) > limit:
        raise CorrectionError(f"the {what} is over {limit} characters")
    if "\x00" in value:
        raise CorrectionError(f"the {what} holds a NUL character")
    return value


def _group_keys(session: Session, root: str, own: bool = False) -> set[str]:
    """The name keys the entities of a group answer to (with `own`, of their own: no alias and
    no name a merge gave them)."""
    stmt = (select(EntityNameRow.key).distinct().join(EntityRow, EntityRow.pk == EntityNameRow.entity_pk)
            .where(EntityRow.identity == root))
    return set(session.scalars(stmt.where(EntityNameRow.corrected.is_(None)) if own else stmt))


def _current_type(session: Session, root: str) -> Optional[str]:
    """The type most entities of the group have now (of the first SAMPLE)."""
    types = Counter(session.scalars(select(EntityRow.type).where(EntityRow.identity == root).limit(SAMPLE)))
    return min(types, key=lambda type_: (-types[type_], type_)) if types else None


def _claim_pks(session: Session, document_id: str, claim: str) -> list[int]:
    _title(session, document_id)
    if "\x00" in claim:
        raise NotFound("no claim id holds a NUL character")
    pks = list(session.scalars(select(ClaimRow.pk).where(ClaimRow.document_id == document_id, ClaimRow.ref == claim)))
    if not pks:
        raise NotFound(f"no claim {claim!r} in article {document_id!r}")
    return pks


def _title(session: Session, document_id: str) -> Optional[str]:
    """The article's title; NotFound when no article has this id."""
    if "\x00" in document_id:
        raise NotFound("no article id holds a NUL character")
    found = session.execute(select(DocumentRow.title).where(DocumentRow.id == document_id)).first()
    if found is None:
        raise NotFound(f"no article with id {document_id!r}")
    return found[0]


def _any_in_force(session: Session) -> bool:
    """Whether any entity correction is in force (one cheap query per save)."""
    return any(session.scalar(select(table.correction_id).limit(1)) is not None
               for table in (EntityMergeRow, EntityAliasRow, EntityRetypeRow))
