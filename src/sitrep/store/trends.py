"""Claims over time, per actor, action, country or source: the counts behind the desk's trends
page, its timeline and the sparklines of its brief.

The store counts claims per publication *day* (a portable GROUP BY on a DATE column, the same
on SQLite and PostgreSQL); binning days into weeks or months is the web layer's business
(api/timecharts.py), because truncating dates in SQL is spelt differently on every database.
A trend costs at most three statements whatever the store's size: the claims per day of the
whole view, the most-claimed keys of the dimension (with their display names, and how many keys
there are in all as a window count), and the per-day counts of those keys only; along a
dimension of few keys (actions, countries) the last two are one statement over every key. Filters mean what they mean on
every other page (desk._conditions: the search filters, on original articles only); claims of
undated articles are left out, as a date axis has no place for them.

A claim counts once under its actor (the name as said, casefolded: the brief groups by it too),
its action, its source (the corroboration key, as the sources pages take it) and under each
country it is about (a target's country, else its place's: the map's rule).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache
from typing import Literal, Optional, Sequence, get_args

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, Subquery, exists, func, select, union
from sqlalchemy.orm import QueryableAttribute, Session

from .desk import _conditions, claims_per_day, source_title
from .schema import ClaimRow, ClaimTargetRow, DocumentRow, name_key
from .search import Filters

Dimension = Literal["actor", "action", "country", "source"]
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)
# Dimensions with few keys (the PLOVER types; countries): every key's days are read at once.
FEW_KEYS: tuple[Dimension, ...] = ("action", "country")


class TrendSeries(BaseModel):
    """One key's claims per publication day (days without claims left out), oldest first."""

    key: str
    name: str
    total: int
    days: list[tuple[dt.date, int]]


class Trends(BaseModel):
    """The claims per day of the whole view, and of its most-claimed keys along one dimension;
    `keys` says how many keys the view has in all (more than the series when some are left out)."""

    by: Dimension
    days: list[tuple[dt.date, int]]
    series: list[TrendSeries]
    keys: int


def trends(session: Session, filters: Filters, by: Dimension, *, top: int = 8,
           names: Optional[Sequence[str]] = None) -> Trends:
    """The view's claims per day and the `top` keys of `by` with the most claims, each per day;
    with `names`, the keys of those names instead (actor names as the brief shows them), however
    few claims they have."""
    key = _key_column(by)
    dated = [*_conditions(filters), DocumentRow.published.is_not(None)]
    if by in FEW_KEYS and names is None:
        return _every_key(session, filters, by, top, dated)
    wanted = [key.in_([_key_of(by, name) for name in names])] if names is not None else []
    # count(*) OVER (): the number of keys (groups), counted before LIMIT keeps the top ones
    ranked = (_counted(select(key, func.count().over(), *_name_columns(by)), by).where(*dated, *wanted)
              .group_by(key).order_by(func.count().desc(), key).limit(top if names is None else None))
    rows = session.execute(ranked).all()
    keys = rows[0][1] if rows else 0
    per_day: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    if rows:
        stmt = (_counted(select(key, DocumentRow.published, func.count()), by)
                .where(*dated, key.in_([row[0] for row in rows]))
                .group_by(key, DocumentRow.published).order_by(key, DocumentRow.published))
        for value, day, count in session.execute(stmt):
            per_day[value].append((day, count))
    series = [TrendSeries(key=row[0], name=_name(by, row), total=row[-1], days=per_day[row[0]]) for row in rows]
    return Trends(by=by, days=claims_per_day(session, filters), series=series, keys=keys)


def _every_key(session: Session, filters: Filters, by: Dimension, top: int,
               dated: list[ColumnElement[bool]]) -> Trends:
    """A trend along a dimension of few keys, from every key's claims per day read in one
    statement: no ranking statement, and no `key IN (top keys)` for the planner to drive the
    join from the key's index through most of the claims (SQLite did, 0.3 s at 20k articles)."""
    key = _key_column(by)
    stmt = _counted(select(key, DocumentRow.published, func.count()), by).where(*dated).group_by(key,
                                                                                          DocumentRow.published)
    per_day: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for value, day, count in session.execute(stmt):
        per_day[value].append((day, count))
    totals = sorted(((sum(n for _, n in days), value) for value, days in per_day.items()),
                    key=lambda pair: (-pair[0], pair[1]))
    series = [TrendSeries(key=value, name=value, total=total, days=sorted(per_day[value]))
              for total, value in totals[:top]]
    return Trends(by=by, days=claims_per_day(session, filters), series=series, keys=len(totals))


def _key_column(by: Dimension) -> QueryableAttribute[Optional[str]] | ColumnElement[Optional[str]]:
    """What a claim is counted under along `by` (country: the about-subquery's column)."""
    if by == "actor":
        return ClaimRow.actor_key
    if by == "action":
        return ClaimRow.action
    if by == "source":
        return ClaimRow.source_key
    return _countries().c.country


def _key_of(by: Dimension, name: str) -> str:
    """The key a name is counted under: an actor's name as stored (schema.name_key)."""
    return name_key(name) if by == "actor" else name


def _name_columns(by: Dimension) -> list[ColumnElement]:
    """What names a key on the page besides the key itself: the actor's name as said (one of its
    spellings), a source's name and outlet (desk.source_title words them); a count last."""
    if by == "actor":
        return [func.min(ClaimRow.actor_name), func.count()]
    if by == "source":
        return [func.min(ClaimRow.source_name), func.min(DocumentRow.outlet), func.count()]
    return [func.count()]


def _name(by: Dimension, row: Sequence) -> str:
    """A key's name from its ranked row (key, keys, the _name_columns)."""
    if by == "actor":
        return row[2] or row[0]
    if by == "source":
        return source_title(row[0], row[2], row[3])
    return row[0]


def _counted(stmt: Select, by: Dimension) -> Select:
    """`stmt` over claims joined to their articles, and for countries to what each is about;
    claims with no key along `by` (no actor, no country, ...) are left out."""
    stmt = stmt.select_from(ClaimRow).join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
    if by == "country":
        about = _countries()
        return stmt.join(about, about.c.claim_pk == ClaimRow.pk)
    return stmt.where(_key_column(by).is_not(None))


@cache
def _countries() -> Subquery:
    """(claim_pk, country) for each country a claim is about, once each: its targets' countries,
    else its place's. Made once, so every statement built on it names the same column."""
    targeted = (select(ClaimTargetRow.claim_pk.label("claim_pk"), ClaimTargetRow.country.label("country"))
                .where(ClaimTargetRow.country.is_not(None)))
    has_target_country = exists().where(ClaimTargetRow.claim_pk == ClaimRow.pk, ClaimTargetRow.country.is_not(None))
    placed = select(ClaimRow.pk, ClaimRow.place_country).where(ClaimRow.place_country.is_not(None),
                                                               ~has_target_country)
    return union(targeted, placed).subquery("about")
