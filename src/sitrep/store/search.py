"""Search as SQL: filters become indexed sub-queries over the normalised tables.

Two levels of matching, so a filter means what a reader would expect:

- `actor` alone finds articles that mention the entity (canonical name or
  alias) or have a claim whose actor is it; `place` alone finds articles
  with a place of that country/name or a claim aimed at or set in it.
- `reliable_only` keeps articles whose outlet is rated reliable (documents.reliability),
  and so only their claims.
- `modality`, `action`, `band`, `anonymous` and `target` are properties of claims
  only, so when any of them is given every claim filter (actor, place and these)
  must hold for the same claim. `target` is who or what a claim is aimed at: a
  name or alias of an entity or place, or a country's ISO code (its places).

A hit shows what made it one (hit_claim_conditions, page_hits): its claims that
satisfy every claim filter given (all of them when there are none), where an
actor given alone is matched by a claim's actor or by one of its targets (the
article matched by naming it anywhere, so a claim aimed at it is one the reader
asked for); and when none of its claims do, the mentions of the actor or place
that matched, with the snippet taken around the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Optional, Sequence, Union

from sqlalchemy import (ColumnClause, ColumnElement, CompoundSelect, Row, Select, column, exists, false, func, literal,
                        literal_column, or_, select, table, text, union_all)
from sqlalchemy.orm import Session, aliased

from ..dates import parse_date
from ..model import BANDS, MODALITIES, PLOVER_TYPES
from . import fts
from .results import CLAIM_MATCHES, ClaimMatch, NameMention, SearchHit, stored_rating
from .correction_tables import not_wrong, wrong_claims
from .schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityNameRow, EntityRow, PlaceRow, name_key

_COUNTRY = re.compile(r"[A-Za-z]{2}")
SNIPPET_CHARS = 200
# What a page of hits reads of each document: never the analysis JSON (19 kB on average at
# 100k articles), whose decoding was half of a search; the claims come named from their own
# column (schema.DocumentRow.named_claims).
HIT_COLUMNS = (DocumentRow.id, DocumentRow.title, DocumentRow.url, DocumentRow.outlet, DocumentRow.published,
               DocumentRow.copy_of, DocumentRow.story_id, DocumentRow.body, DocumentRow.named_claims,
               DocumentRow.reliability, DocumentRow.reliability_origin, DocumentRow.reliability_score,
               DocumentRow.outlet_domain)
# The rating `reliable_only` keeps: articles whose outlet is rated reliable (sitrep/outlets.py).
RELIABLE = "reliable"
# Newest documents a filtered search without words probes one by one before it falls back to
# collecting every match (see walk_query).
WALK = 3000


@dataclass(frozen=True)
class Filters:
    """The validated filters of one search."""

    query: Optional[str] = None
    actor: Optional[str] = None
    place: Optional[str] = None
    since: Optional[dt.date] = None
    until: Optional[dt.date] = None
    modality: Optional[str] = None
    action: Optional[str] = None
    band: Optional[str] = None
    anonymous: bool = False
    reliable_only: bool = False
    target: Optional[str] = None

    @classmethod
    def build(cls, query=None, actor=None, place=None, since=None, until=None, modality=None,
              action=None, band=None, anonymous=False, reliable_only=False, target=None) -> "Filters":
        """Check and normalise raw filter values; ValueError names the bad one."""
        _check("modality", modality, MODALITIES)
        action = action.upper() if isinstance(action, str) else action
        _check("action", action, PLOVER_TYPES)
        _check("band", band, BANDS)
        since, until = _date(since, "since"), _date(until, "until")
        if since and until and since > until:
            raise ValueError(f"since ({since}) is after until ({until})")
        return cls(_blank(query), _blank(actor), _blank(place), since, until, modality, action, band, bool(anonymous),
                   bool(reliable_only), _blank(target))

    @property
    def claim_only(self) -> bool:
        """Whether a filter that only claims have is given."""
        return bool(self.modality or self.action or self.band or self.anonymous or self.target)

    @property
    def claim_filtered(self) -> bool:
        """Whether any filter applies to single claims."""
        return bool(self.actor or self.place or self.claim_only)


def _check(name: str, value: Optional[str], allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"unknown {name} {value!r}: use one of {', '.join(allowed)}")


FTS5, TSVECTOR, LIKE = "fts5", "tsvector", "like"


def documents_query(filters: Filters, full_text: str, *, limit: Optional[int] = None, offset: int = 0) -> Select:
    """SELECT (HIT_COLUMNS, snippet) of one page of hits for the filters, best match first.

    full_text says how the query words are matched: FTS5 (SQLite), TSVECTOR
    (PostgreSQL) or LIKE (any other database, and SQLite builds without FTS5).
    The page is picked on sort keys alone (document id, rank or dates), and
    only its `limit` rows are then read whole, with their snippets: sorting
    every match together with its body, analysis JSON and snippet made a broad
    query on a 100k-article store read and sort hundreds of megabytes.
    """
    if filters.query and full_text == FTS5:
        return _fts_query(filters, filters.query, limit, offset)
    conditions = date_conditions(filters) + document_conditions(filters)
    if filters.query and full_text == TSVECTOR:
        return _tsvector_query(fts.to_tsquery_text(filters.query), conditions, limit, offset)
    if filters.query:
        conditions += [_like_word(w) for w in fts.words(filters.query)] or [false()]
    page = (select(DocumentRow.id, DocumentRow.published, DocumentRow.ingested_at).where(*conditions)
            .order_by(*recent_first()).limit(limit).offset(offset).subquery("page"))
    return _newest_rows(page)


def walk_query(filters: Filters, limit: int, offset: int = 0) -> Select:
    """SELECT (HIT_COLUMNS, snippet) of one page of a search without words, found by walking
    the documents newest first and probing each with indexed look-ups, no further back than
    the WALK newest (within the dates).

    The walk follows the page's own order and covers a prefix of it (everything published on
    or after the WALK-th newest date), so when it yields a full page (`limit` rows) that is the
    page; when it yields fewer, the caller runs documents_query instead. A broad filter (an
    actor in half the articles) fills its page within a few hundred documents and stops there,
    where collecting its tens of thousands of matches first took hundreds of milliseconds at
    100k articles; a rare filter costs one bounded walk more.
    """
    dates = date_conditions(filters)
    horizon = (select(DocumentRow.published).where(*dates).order_by(*recent_first())
               .offset(WALK - 1).limit(1).scalar_subquery())
    page = (select(DocumentRow.id, DocumentRow.published, DocumentRow.ingested_at)
            .where(*dates, DocumentRow.published >= horizon, *document_conditions(filters, probe=True))
            .order_by(*recent_first()).limit(limit).offset(offset).subquery("page"))
    return _newest_rows(page)


def _newest_rows(page) -> Select:
    """The documents of a page of ids with their sort keys, newest first, without snippets."""
    return (select(*HIT_COLUMNS, literal_column("''").label("snippet")).join(page, page.c.id == DocumentRow.id)
            .order_by(page.c.published.desc().nulls_last(), page.c.ingested_at.desc(), page.c.id))


def count_query(filters: Filters, full_text: str) -> Select:
    """SELECT count(*) of the documents matching the filters (what a page is taken from)."""
    if filters.query and full_text == FTS5:
        fts_table, keys, conditions = _fts_matches(filters, filters.query)
        return (select(func.count()).select_from(fts_table.join(keys, keys.c.rowid == fts_table.c.rowid))
                .where(*conditions))
    conditions = date_conditions(filters) + document_conditions(filters)
    if filters.query and full_text == TSVECTOR:
        query = func.to_tsquery("english", literal(fts.to_tsquery_text(filters.query)))
        conditions.append(literal_column(fts.PG_COLUMN).op("@@")(query))
    elif filters.query:
        conditions += [_like_word(w) for w in fts.words(filters.query)] or [false()]
    return select(func.count()).select_from(DocumentRow).where(*conditions)


def recent_first() -> list:
    """Newest published first (undated last), then newest ingested."""
    return [DocumentRow.published.desc().nulls_last(), DocumentRow.ingested_at.desc(), DocumentRow.id]


def date_conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """WHERE conditions on documents for the date range."""
    conditions: list[ColumnElement[bool]] = []
    if filters.since:
        conditions.append(DocumentRow.published >= filters.since)
    if filters.until:
        conditions.append(DocumentRow.published <= filters.until)
    return conditions


def document_conditions(filters: Filters, probe: bool = False, document_id=DocumentRow.id) -> list[ColumnElement[bool]]:
    """WHERE conditions on a document id (documents.id, or another column holding one) for the
    outlet rating and the entity/place/claim filters. Each is a set the id must be in: collected
    once (`IN`), or with `probe` looked up for each document (`EXISTS`)."""
    conditions: list[ColumnElement[bool]] = []
    has = partial(_among, document_id, probe=probe)
    if filters.reliable_only:
        reliable = DocumentRow.reliability == RELIABLE
        # on documents itself a plain condition; a subquery of documents there would be correlated away
        conditions.append(reliable if document_id is DocumentRow.id else has(select(DocumentRow.id).where(reliable)))
    if filters.claim_only:
        conditions.append(has(select(ClaimRow.document_id).where(*claim_conditions(filters, probe))))
        return conditions
    if filters.actor:
        conditions.append(or_(*map(has, _mentions_actor(name_key(filters.actor)))))
    if filters.place:
        conditions.append(or_(*map(has, _mentions_place(filters.place))))
    return conditions


def _among(value, ids: Select, probe: bool) -> ColumnElement[bool]:
    """`value` is among what the query selects (its only column): `value IN (query)`, or with
    `probe` `EXISTS (query AND column = value)`, looked up for each row."""
    if probe:
        return exists(ids.where(ids.selected_columns[0] == value))
    return value.in_(ids)


def claim_conditions(filters: Filters, probe: bool = False) -> list[ColumnElement[bool]]:
    """WHERE conditions on single claims for actor, place, modality, action, band, target and
    anonymous sourcing (a claim resting on an unnamed source). The actor's aliases and the
    place's targets are sets collected once (`IN`), or with `probe` looked up for each claim
    (`EXISTS`: cheaper when few claims are checked, as for one page of hits)."""
    conditions: list[ColumnElement[bool]] = [not_wrong()]  # a claim an analyst marked wrong matches nothing
    if filters.actor:
        conditions.append(_acts(name_key(filters.actor), probe))
    if filters.place:
        code, key = _place_terms(filters.place)
        targets = select(ClaimTargetRow.claim_pk).where(_country_or_key(ClaimTargetRow, code, key))
        own = [ClaimRow.place_key == key] + ([ClaimRow.place_country == code] if code else [])
        conditions.append(or_(*own, _among(ClaimRow.pk, targets, probe)))
    if filters.modality:
        conditions.append(ClaimRow.modality == filters.modality)
    if filters.action:
        conditions.append(ClaimRow.action == filters.action)
    if filters.band:
        conditions.append(ClaimRow.band == filters.band)
    if filters.anonymous:
        conditions.append(ClaimRow.source_named.is_(False))
    if filters.target:
        conditions.append(or_(*(_among(ClaimRow.pk, aimed, probe) for aimed in _targeted(filters.target))))
    return conditions


def hit_claim_conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """WHERE conditions on the claims a hit lists, looked up for each claim of one page.

    A claim-only filter matched the article through these very claims (claim_conditions:
    the actor acts). An actor given without one matched it by naming the actor anywhere,
    so the claims listed are those the actor takes part in, as actor or as target
    ("... plan to defeat the Islamic State" for `--actor ISIS`); a place filter given
    too must hold for the same claim."""
    if filters.claim_only or not filters.actor:
        return claim_conditions(filters, probe=True)
    key = name_key(filters.actor)
    return [or_(_acts(key, probe=True), _aimed_at(key)), *claim_conditions(replace(filters, actor=None), probe=True)]


def page_hits(session: Session, rows: Sequence[Row], filters: Filters) -> list[SearchHit]:
    """The hits of one page of rows (HIT_COLUMNS and snippet): each with the claims that
    matched, and where none did, the mentions of the actor or place that made it a hit.
    Mentions are read from the analysis JSON of those articles alone: a page whose claims
    all matched reads no JSON at all."""
    ids = [row.id for row in rows]
    matched = _matching_claims(session, ids, filters)
    wrong = wrong_claims(session, ids)  # marked wrong by an analyst (store/corrections.py): never listed
    claims = {row.id: [c for c in CLAIM_MATCHES.validate_json(row.named_claims)
                       if (matched is None or (row.id, c.id) in matched) and (row.id, c.id) not in wrong]
              for row in rows}
    mentions = _name_mentions(session, [i for i in ids if not claims[i]], filters)
    return [_hit(row, claims[row.id], mentions.get(row.id, []), filters.query) for row in rows]


def body_snippet(body: str, query: Optional[str], at: Optional[int] = None) -> str:
    """A short excerpt of the body: around the first query word found, else around offset
    `at` (a mention that made the article a hit), else its opening."""
    start = 0 if at is None else max(0, at - SNIPPET_CHARS // 4)
    for word in fts.words(query or ""):
        found = re.search(re.escape(word), body, re.IGNORECASE)  # no casefolded copy of the body
        if found:
            start = max(0, found.start() - SNIPPET_CHARS // 4)
            break
    excerpt = " ".join(body[start:start + SNIPPET_CHARS].split())
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(body) else ""
    return prefix + excerpt + suffix


def _fts_query(filters: Filters, query: str, limit: Optional[int], offset: int) -> Select:
    """SQLite full text: the page ranked by bm25 (title weighs more) over FTS rowids mapped to
    document ids through the key table (fts.py), then the page's rows. The snippet is left to
    body_snippet: FTS5's snippet() re-tokenises each hit's body, which took as long as finding
    the page for a broad query (`debat*` at 100k articles: 61 ms with it, 32 ms without)."""
    fts_table, keys, conditions = _fts_matches(filters, query)
    score = func.bm25(literal_column(fts.FTS_TABLE), 0.0, 5.0, 1.0).label("score")
    page = (select(keys.c.doc_id.label("id"), score)
            .select_from(fts_table.join(keys, keys.c.rowid == fts_table.c.rowid)).where(*conditions)
            .order_by(score, keys.c.doc_id).limit(limit).offset(offset).subquery("page"))
    return (select(*HIT_COLUMNS, literal_column("''").label("snippet")).select_from(page)
            .join(DocumentRow, DocumentRow.id == page.c.id).order_by(page.c.score, page.c.id))


def _fts_matches(filters: Filters, query: str):
    """The FTS5 table (by rowid), its key table (rowid -> document id) and the conditions of a
    match: the words, the dates as a range of rowids (fts.rowid_range: exactly the documents
    published in it, as rowids are numbered by day), and the other filters on the key table's
    document ids. Documents are not read until the page is known."""
    fts_table = table(fts.FTS_TABLE, column("rowid"))
    keys = table(fts.FTS_KEYS, column("rowid"), column("doc_id"))
    match = text(f"{fts.FTS_TABLE} MATCH :fts_query").bindparams(fts_query=fts.to_fts_query(query))
    low, high = fts.rowid_range(filters.since, filters.until)
    dates = [fts_table.c.rowid >= low] if low is not None else []
    dates += [fts_table.c.rowid <= high] if high is not None else []
    return fts_table, keys, [match, *dates, *document_conditions(filters, document_id=keys.c.doc_id)]


def _tsvector_query(tsquery: str, conditions: list, limit: Optional[int], offset: int) -> Select:
    """PostgreSQL full text: the page ranked against the indexed document vector, then its
    rows with a headline from the body as the snippet."""
    query = func.to_tsquery("english", literal(tsquery))
    vector: ColumnClause[Any] = literal_column(fts.PG_COLUMN)
    score = func.ts_rank(vector, query).label("score")
    page = (select(DocumentRow.id, score).where(vector.op("@@")(query), *conditions)
            .order_by(score.desc(), DocumentRow.id).limit(limit).offset(offset).subquery("page"))
    snippet = func.ts_headline("english", DocumentRow.body, query,
                               'StartSel="",StopSel="",MaxWords=35,MinWords=15,MaxFragments=1')
    return (select(*HIT_COLUMNS, snippet.label("snippet")).join(page, page.c.id == DocumentRow.id)
            .order_by(page.c.score.desc(), page.c.id))


def _acts(key: str, probe: bool) -> ColumnElement[bool]:
    """The claim's actor answers to the name key: by its name, or as an entity one of whose
    names (aliases, KB aliases) it is."""
    aliases = select(EntityNameRow.entity_pk).where(EntityNameRow.key == key)
    return or_(ClaimRow.actor_key == key, _among(ClaimRow.actor_entity_pk, aliases, probe))


def _targeted(target: str) -> list[Select]:
    """The pks of claims with a target answering to `target`: by the target's own name or, for
    a two-letter value, its country (as `place` reads it: "RU" is Russia's places), or as an
    entity of the claim's article one of whose names (aliases, KB aliases) it is."""
    code, key = _place_terms(target)
    by_name = select(ClaimTargetRow.claim_pk).where(_country_or_key(ClaimTargetRow, code, key))
    aimed = aliased(ClaimRow)  # the claim of the target row, apart from the claim being filtered
    by_entity = (select(ClaimTargetRow.claim_pk).join(aimed, aimed.pk == ClaimTargetRow.claim_pk)
                 .join(EntityRow, (EntityRow.document_id == aimed.document_id) & (EntityRow.ref == ClaimTargetRow.ref))
                 .join(EntityNameRow, EntityNameRow.entity_pk == EntityRow.pk).where(EntityNameRow.key == key))
    return [by_name, by_entity]


def _aimed_at(key: str) -> ColumnElement[bool]:
    """One of the claim's targets answers to the name key: by its name, or as an entity of
    the claim's article one of whose names it is (looked up for each claim)."""
    named = (select(EntityRow.ref).join(EntityNameRow, EntityNameRow.entity_pk == EntityRow.pk)
             .where(EntityNameRow.key == key, EntityNameRow.document_id == ClaimRow.document_id)
             .correlate(ClaimRow))  # nested twice: not correlated by itself, it would read every article's refs
    return exists(select(ClaimTargetRow.pk).where(
        ClaimTargetRow.claim_pk == ClaimRow.pk, or_(ClaimTargetRow.key == key, ClaimTargetRow.ref.in_(named))))


def _matching_claims(session: Session, ids: list[str], filters: Filters) -> Optional[set[tuple[str, str]]]:
    """(document id, claim id) pairs of these documents that a hit lists; None means all."""
    if not filters.claim_filtered or not ids:
        return None
    stmt = select(ClaimRow.document_id, ClaimRow.ref).where(ClaimRow.document_id.in_(ids),
                                                             *hit_claim_conditions(filters))
    return {(doc, ref) for doc, ref in session.execute(stmt)}


def _name_mentions(session: Session, ids: list[str], filters: Filters) -> dict[str, list[NameMention]]:
    """The mentions, by document, of the entities answering to the actor filter and of the
    places matching the place filter, in these documents (title first, then body order)."""
    if not ids or not (filters.actor or filters.place):
        return {}
    named = session.execute(_named_refs(filters, ids)).all()
    found: dict[str, list[NameMention]] = defaultdict(list)
    for records in {records for _, records, _ in named}:
        pairs = {(document_id, ref) for document_id, of, ref in named if of == records}
        for document_id, name, mentions in _records_mentions(session, records, pairs):
            found[document_id] += [NameMention(name=name, **m) for m in mentions or []]
    return {document_id: sorted(mentions, key=lambda m: (m.field is None, m.start))
            for document_id, mentions in found.items()}


def _named_refs(filters: Filters, ids: list[str]) -> Union[Select, CompoundSelect]:
    """(document id, "entities" or "places", local id) of the entities and places of these
    documents that the actor and place filters name."""
    parts = []
    if filters.actor:
        parts.append(select(EntityRow.document_id, literal("entities"), EntityRow.ref)
                     .join(EntityNameRow, EntityNameRow.entity_pk == EntityRow.pk)
                     .where(EntityNameRow.key == name_key(filters.actor), EntityNameRow.document_id.in_(ids)))
    if filters.place:
        code, key = _place_terms(filters.place)
        parts.append(select(PlaceRow.document_id, literal("places"), PlaceRow.ref)
                     .where(_country_or_key(PlaceRow, code, key), PlaceRow.document_id.in_(ids)))
    return parts[0] if len(parts) == 1 else union_all(*parts)


def _records_mentions(session: Session, records: str, pairs: set[tuple[str, str]]) -> list[tuple[str, str, Any]]:
    """(document id, name, mentions) of the records (an analysis's "entities" or "places")
    with these (document id, local id) pairs: only that list of each analysis is read. (The
    databases' own JSON table functions, json_each and json_array_elements, were no faster.)"""
    stmt = select(DocumentRow.id, DocumentRow.analysis[records]).where(
        DocumentRow.id.in_({document_id for document_id, _ in pairs}))
    return [(document_id, record["name"], record.get("mentions")) for document_id, found in session.execute(stmt)
            for record in found or [] if (document_id, record.get("id")) in pairs]


def _hit(row, claims: list[ClaimMatch], mentions: list[NameMention], query: Optional[str]) -> SearchHit:
    """A search hit from a page row, its listed claims and mentions. The snippet is
    PostgreSQL's headline when its full text made one, else taken from the body around the
    query words or the first body mention."""
    if row.snippet:
        snippet = " ".join(row.snippet.split())
    else:
        snippet = body_snippet(row.body, query, next((m.start for m in mentions if m.field is None), None))
    rated = stored_rating(row.reliability, row.reliability_origin, row.reliability_score, row.outlet_domain)
    return SearchHit(id=row.id, title=row.title, url=row.url, outlet=row.outlet, outlet_reliability=rated,
                     published=row.published, snippet=snippet, claims=claims, mentions=mentions, copy_of=row.copy_of,
                     story_id=row.story_id)


def _mentions_actor(key: str) -> list[Select]:
    """Documents naming the actor as an entity (name or alias), and as a claim's actor."""
    entities = select(EntityNameRow.document_id).where(EntityNameRow.key == key)
    actors = select(ClaimRow.document_id).where(ClaimRow.actor_key == key)
    return [entities, actors]


def _mentions_place(place: str) -> list[Select]:
    """Documents with the place (by country or name) among their places, their claims'
    places, and their claims' targets."""
    code, key = _place_terms(place)
    places = select(PlaceRow.document_id).where(_country_or_key(PlaceRow, code, key))
    own = [ClaimRow.place_key == key] + ([ClaimRow.place_country == code] if code else [])
    claims = select(ClaimRow.document_id).where(or_(*own))
    targets = select(ClaimRow.document_id).join(ClaimTargetRow).where(_country_or_key(ClaimTargetRow, code, key))
    return [places, claims, targets]


def _country_or_key(row, code: Optional[str], key: str) -> ColumnElement[bool]:
    """row.country == code (when the filter looks like one) or row.key == the name key."""
    return or_(row.key == key, row.country == code) if code else row.key == key


def _place_terms(place: str) -> tuple[Optional[str], str]:
    """(country code if the value is two letters, name key) for a place filter."""
    value = place.strip()
    code = value.upper() if _COUNTRY.fullmatch(value) else None
    return code, name_key(value)


def _like_word(word: str) -> ColumnElement[bool]:
    """Portable case-insensitive containment of one word in title or body."""
    return or_(DocumentRow.title.icontains(word, autoescape=True), DocumentRow.body.icontains(word, autoescape=True))


def _date(value: Union[str, dt.date, None], name: str) -> Optional[dt.date]:
    """A date from a date or an ISO YYYY-MM-DD string; ValueError otherwise."""
    try:
        return parse_date(value, iso_only=True)
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _blank(value: Optional[str]) -> Optional[str]:
    """None for missing or whitespace-only strings, so empty form fields mean 'no filter'."""
    return value if value is not None and value.strip() else None


def among_query(filters: Filters, full_text: str, ids: Sequence[str]) -> Select:
    """SELECT (HIT_COLUMNS, snippet) of the documents among `ids` that a search with these filters
    finds: how a watchlist matches newly stored articles (sitrep/alerts). The conditions are those
    of documents_query, each looked up for these documents alone (as walk_query probes them), and
    the words are matched within them (FTS5: by the FTS rowids of these documents), so the cost
    follows the number of ids, not the size of the store. Unranked: every match is wanted."""
    conditions = [DocumentRow.id.in_(ids), *date_conditions(filters), *document_conditions(filters, probe=True)]
    if filters.query and full_text == FTS5:
        fts_table = table(fts.FTS_TABLE, column("rowid"))
        keys = table(fts.FTS_KEYS, column("rowid"), column("doc_id"))
        match = text(f"{fts.FTS_TABLE} MATCH :fts_query").bindparams(fts_query=fts.to_fts_query(filters.query))
        rowids = select(keys.c.rowid).where(keys.c.doc_id.in_(ids))
        conditions.append(DocumentRow.id.in_(
            select(keys.c.doc_id).select_from(fts_table.join(keys, keys.c.rowid == fts_table.c.rowid))
            .where(match, fts_table.c.rowid.in_(rowids))))
    elif filters.query and full_text == TSVECTOR:
        query = func.to_tsquery("english", literal(fts.to_tsquery_text(filters.query)))
        conditions.append(literal_column(fts.PG_COLUMN).op("@@")(query))
    elif filters.query:
        conditions += [_like_word(w) for w in fts.words(filters.query)] or [false()]
    return select(*HIT_COLUMNS, literal_column("''").label("snippet")).where(*conditions)
