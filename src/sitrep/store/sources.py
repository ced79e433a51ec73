"""The sources across the store, one per identity (store/source_identity.py): the list, one source
with its articles, and the SQL that finds what rests on one.

Each document's sources are rows of the `sources` table (schema.SourceRow), with
the claims and quotes resting on each counted when it was stored, so the list is
one GROUP BY over that table (originals only: a copy's sources are its
original's), plus one statement for the names of the page's sources. A named
source is shown by the name most of its mentions give (its own names before a
lone surname joined to it), an unnamed one by its description and outlet
("officials (Reuters)"), an outlet's own voice as "Reuters (own voice)".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Literal, Optional, get_args

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, and_, exists, func, insert, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from .linking import identity_key
from .listing import contains_key, name_order, sort_order
from .results import ArticleSummary, ClaimCard, article_summary, summary_only
from .schema import ClaimRow, DocumentRow, SourceRow, name_key
from .source_identity import ANONYMOUS, kind_of, without_initials

OUTLET_UNKNOWN = "outlet unknown"
_NAMES_SHOWN = 5


class SourceSummary(BaseModel):
    """One source across the store: who it is, and how many articles, outlets, claims and quotes."""

    key: str = Field(description="the source's identity (the same as `identity`; the desk's /sources/{key})")
    identity: str = Field(description='who the source is across the store: "kb:<id>" or "name:<full name>" for a '
                                      'named source, "anon:<outlet>|<role>|<affiliation>" for an unnamed one, '
                                      '"own:<outlet>" for an outlet\'s own voice')
    kind: str = Field(description="named, unnamed, or outlet (the outlet's own voice)")
    name: str = Field(description="how it reads: its name, an unnamed source's description with its outlet")
    names: list[str] = Field(default_factory=list, description="the names or descriptions articles give it, "
                                                               "most frequent first")
    role: Optional[str] = Field(None, description="an unnamed source's role, as its identity writes it")
    affiliation: Optional[str] = Field(None, description="an unnamed source's affiliation, as its identity writes it")
    outlet: Optional[str] = Field(None, description="the outlet of an unnamed source or of an outlet's own voice")
    articles: int = Field(0, description="original articles quoting it")
    outlets: int = Field(0, description="outlets of those articles (known ones)")
    claims: int = Field(0, description="claims resting on it")
    quotes: int = Field(0, description="quotes given to it")


class TrackRecord(BaseModel):
    """The forecasts a source made (sitrep/ledger), as of today."""

    made: int = 0
    happened: int = 0
    not_seen: int = 0
    open: int = 0


class SourceDetail(BaseModel):
    """One source with its articles, the claims resting on it, and its forecasts' record."""

    source: SourceSummary
    articles: list[ArticleSummary]
    claims: list[ClaimCard]
    forecasts: TrackRecord


# How the sources list can be ordered (the first is the default): by the claims resting on a
# source (then its quotes and articles), by the articles quoting it, or by its name.
SourceSort = Literal["claims", "articles", "name"]
SOURCE_SORTS: tuple[SourceSort, ...] = get_args(SourceSort)


def list_sources(session: Session, *, name: Optional[str] = None, sort: SourceSort = "claims",
                 limit: Optional[int] = 200, offset: int = 0) -> list[SourceSummary]:
    """Sources of original articles, one per identity, most claims first (then quotes, articles),
    or as `sort` (one of SOURCE_SORTS) says; `name` keeps those an article names or describes
    with words containing it (any case)."""
    claims, quotes = func.sum(SourceRow.claims), func.sum(SourceRow.quotes)
    articles = func.count(func.distinct(SourceRow.document_id))
    keyed = func.coalesce(func.nullif(func.min(SourceRow.key), ""), SourceRow.identity)  # "own:unknown": no outlet
    alphabetical = name_order(session, keyed, SourceRow.identity)
    orders: dict[str, list[ColumnElement[Any]]] = {
        "claims": [claims.desc(), quotes.desc(), articles.desc()], "articles": [articles.desc(), claims.desc()],
        "name": [alphabetical]}
    stmt = (_counts().where(*_sources_named(name)).order_by(*sort_order(orders, sort), SourceRow.identity)
            .limit(limit).offset(offset))
    return _summaries(session, session.execute(stmt).all())


def count_sources(session: Session, *, name: Optional[str] = None) -> int:
    """How many sources list_sources() lists in all, over every page: one statement."""
    stmt = (select(func.count(func.distinct(SourceRow.identity)))
            .join(DocumentRow, DocumentRow.id == SourceRow.document_id)
            .where(DocumentRow.copy_of.is_(None), *_sources_named(name)))
    return session.scalar(stmt) or 0


def _sources_named(name: Optional[str]) -> list[ColumnElement[bool]]:
    """SQL conditions on SourceRow: its identity has a row whose name (else description; an
    outlet's own voice: the outlet) contains `name` as a key (schema.name_key); none without."""
    if not name or not name_key(name):
        return []
    named = aliased(SourceRow)
    return [SourceRow.identity.in_(select(named.identity).where(contains_key(named.key, name)))]


def source(session: Session, identity: str) -> Optional[SourceSummary]:
    """One source by its identity, or None when no original article quotes it."""
    found = _summaries(session, session.execute(_counts().where(SourceRow.identity == identity)).all())
    return found[0] if found else None


def source_articles(session: Session, identity: str, *, limit: Optional[int] = 100) -> list[ArticleSummary]:
    """The original articles quoting a source, newest first."""
    stmt = (select(DocumentRow).options(summary_only()).where(DocumentRow.copy_of.is_(None), DocumentRow.id.in_(
        select(SourceRow.document_id).where(SourceRow.identity == identity)))
        .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.ingested_at.desc(), DocumentRow.id)
        .limit(limit))
    return [article_summary(row) for row in session.scalars(stmt)]


def names(session: Session, identities: list[str]) -> dict[str, str]:
    """Identity -> the name or description most of its mentions give (no outlet added): what the
    ledger's per-source table shows."""
    return {identity: _name(identity, votes) for identity, votes in _votes(session, identities).items()}


def claims_resting_on(identity: str) -> ColumnElement[bool]:
    """SQL condition on ClaimRow: the claim rests on a source with this identity; for an outlet's
    own voice, it rests on no source of its article (or one the article does not hold)."""
    ours = select(SourceRow.document_id, SourceRow.ref).where(SourceRow.identity == identity)
    if kind_of(identity) != "outlet":
        return tuple_(ClaimRow.document_id, ClaimRow.source_ref).in_(ours)
    held = aliased(SourceRow)
    dangling = ~exists().where(held.document_id == ClaimRow.document_id, held.ref == ClaimRow.source_ref)
    return and_(ClaimRow.document_id.in_(ours.with_only_columns(SourceRow.document_id)),
                or_(ClaimRow.source_ref.is_(None), dangling))


def forecast_source() -> ColumnElement[str]:
    """SQL, correlated with the forecasts table: the identity of the source a forecast's first
    claim rests on, else its outlet's own voice (else, for a claim stored without its sources,
    its corroboration key)."""
    from ..ledger.tables import ForecastRow

    named = (select(SourceRow.identity)
             .join(ClaimRow, and_(ClaimRow.document_id == SourceRow.document_id, ClaimRow.source_ref == SourceRow.ref))
             .where(ClaimRow.document_id == ForecastRow.document_id, ClaimRow.ref == ForecastRow.claim_ref)
             .limit(1).scalar_subquery())
    own = (select(SourceRow.identity).where(SourceRow.document_id == ForecastRow.document_id, SourceRow.ref.is_(None))
           .limit(1).scalar_subquery())
    return func.coalesce(named, own, ForecastRow.source_key)


def identify_forecast_sources(session: Session, document_ids: Optional[list[str]] = None) -> None:
    """Write who made each forecast these documents made (every forecast, without ids) that has no
    identity yet (ledger/tables.py ForecastSourceRow): run after the ledger records a saved batch
    or is rebuilt."""
    from ..ledger.tables import ForecastRow, ForecastSourceRow

    known = select(ForecastSourceRow.forecast_id).where(ForecastSourceRow.forecast_id == ForecastRow.id)
    chosen = select(ForecastRow.id, forecast_source()).where(~known.exists())
    target = insert(ForecastSourceRow.__table__)
    if document_ids is None:
        session.execute(target.from_select(["forecast_id", "identity"], chosen))
        return
    for i in range(0, len(document_ids), 500):
        session.execute(target.from_select(["forecast_id", "identity"],
                                           chosen.where(ForecastRow.document_id.in_(document_ids[i:i + 500]))))


def identities_called(name: str) -> Select:
    """SQL: the identities of the sources any article calls `name` (any case): the forecasts of
    "Trump" are those of every source an article called Trump, whoever its article took him for."""
    return select(SourceRow.identity).where(SourceRow.key == name_key(name)).distinct()


def _counts() -> Select:
    """Per identity of original articles: articles, claims, quotes, known outlets."""
    articles = func.count(func.distinct(SourceRow.document_id))
    outlets = func.count(func.distinct(func.coalesce(DocumentRow.outlet_domain, DocumentRow.outlet)))
    return (select(SourceRow.identity, articles.label("articles"), func.sum(SourceRow.claims).label("claims"),
                   func.sum(SourceRow.quotes).label("quotes"), outlets.label("outlets"))
            .join(DocumentRow, DocumentRow.id == SourceRow.document_id).where(DocumentRow.copy_of.is_(None))
            .group_by(SourceRow.identity))


def _votes(session: Session, identities: list[str]) -> dict[str, Counter[tuple[str, str]]]:
    """Identity -> (name or description, outlet) -> mentions, over original articles (as the rows
    carry it: their partial index by identity holds no copy's, migration 0019)."""
    votes: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for i in range(0, len(identities), 500):
        stmt = (select(SourceRow.identity, SourceRow.name, SourceRow.description, DocumentRow.outlet, func.count())
                .join(DocumentRow, DocumentRow.id == SourceRow.document_id)
                .where(SourceRow.original.is_(True), SourceRow.identity.in_(identities[i:i + 500]))
                .group_by(SourceRow.identity, SourceRow.name, SourceRow.description, DocumentRow.outlet))
        for identity, name, description, outlet, n in session.execute(stmt):
            votes[identity][(name or description or "", outlet or "")] += n
    return votes


def _name(identity: str, votes: Counter[tuple[str, str]]) -> str:
    """The name most mentions give; a named source's own names (those whose identity it is)
    before one with a middle initial ("Donald J. Trump") and names joined to it ("Trump"), then
    the most frequent."""
    by_name: Counter[str] = Counter()
    for (name, _), n in votes.items():
        by_name[name] += n
    if kind_of(identity) == "outlet":
        return _most(_outlets(votes)) or OUTLET_UNKNOWN

    def rank(name: str) -> int:
        if kind_of(identity) != "named" or identity_key(name) == identity:
            return 0
        return 1 if without_initials(identity_key(name)) == identity else 2

    return min(by_name, key=lambda name: (rank(name), -by_name[name], name), default=identity)


def _outlets(votes: Counter[tuple[str, str]]) -> Counter[str]:
    outlets: Counter[str] = Counter()
    for (_, outlet), n in votes.items():
        if outlet:
            outlets[outlet] += n
    return outlets


def _most(counts: Counter[str]) -> Optional[str]:
    return min(counts, key=lambda value: (-counts[value], value), default=None)


def _summaries(session: Session, rows) -> list[SourceSummary]:
    votes = _votes(session, [row.identity for row in rows])
    found = []
    for row in rows:
        identity, kind = row.identity, kind_of(row.identity)
        name = _name(identity, votes[identity])
        outlet = _most(_outlets(votes[identity])) if kind != "named" else None
        role = affiliation = None
        if kind == "unnamed":
            _, role, affiliation = (identity[len(ANONYMOUS):].split("|") + ["", ""])[:3]
        title = (f"{outlet or OUTLET_UNKNOWN} (own voice)" if kind == "outlet"
                 else f"{name} ({outlet or OUTLET_UNKNOWN})" if kind == "unnamed" else name)
        by_name: Counter[str] = Counter()
        for (shown, _), n in votes[identity].items():
            by_name[shown] += n
        found.append(SourceSummary(
            key=identity, identity=identity, kind=kind, name=title,
            names=[shown for shown in sorted(by_name, key=lambda s: (-by_name[s], s)) if shown][:_NAMES_SHOWN],
            role=role or None, affiliation=affiliation or None, outlet=outlet, articles=row.articles,
            outlets=row.outlets, claims=row.claims or 0, quotes=row.quotes or 0))
    return found
