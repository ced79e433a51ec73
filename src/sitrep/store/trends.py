"""Claims over time, per actor, action, country or source: the counts behind the desk's trends
page, its timeline and the sparklines of its brief.

The store counts claims per publication *day* (a portable GROUP BY on a DATE column, the same
on SQLite and PostgreSQL).
A trend costs at most three statements whatever the store's size: the claims per day of the
whole view, the most-claimed actors or sources (with their display names, and how many there are
in all as a window count), and the per-day counts of those only. Actions and countries are few:
every one's days are read at once (one statement for actions, two for countries) and ranked here.
Filters mean what they mean on every other page (desk._conditions: the search filters, on
original articles only); claims of undated articles are left out, as a date axis has no place
for them. Days are binned in sitrep/timebins.py (not here: truncating dates in SQL is spelt
differently on every database).

A claim counts once under its actor (the name as said, casefolded: the brief groups by it too),
its action, its source (the corroboration key, as the sources pages take it) and under each
country it is about (a target's country, else its place's: the map's rule).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any, Iterable, Literal, Optional, Sequence, get_args

from pydantic import BaseModel
from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from .corroborate import of_an_original
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
    few claims they have, each named by its key (an actor's casefolded name)."""
    dated = [*_conditions(filters), *_dated_originals()]
    keys = [_key_of(by, name) for name in names] if names is not None else None
    if by in FEW_KEYS:
        return _every_key(session, filters, by, top, dated, keys)
    key = ClaimRow.actor_key if by == "actor" else ClaimRow.source_key
    if keys is not None:  # the brief's sparklines: the keys are known, their days are all it needs
        return _named_keys(session, filters, by, key, keys, dated)
    counted = select(key, func.count().over(), *_name_columns(by)).select_from(ClaimRow).join(DocumentRow)
    # count(*) OVER (): the number of keys (groups), counted before LIMIT keeps the top ones
    ranked = (counted.where(*dated, key.is_not(None))
              .group_by(key).order_by(func.count().desc(), key).limit(top))
    rows = session.execute(ranked).all()
    per_day: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    if rows:
        stmt = (select(key, ClaimRow.published, func.count()).select_from(ClaimRow).join(DocumentRow)
                .where(*dated, key.in_([row[0] for row in rows]))
                .group_by(key, ClaimRow.published).order_by(key, ClaimRow.published))
        per_day = _by_key(session.execute(stmt))
    series = [TrendSeries(key=row[0], name=_name(by, row), total=row[-1], days=per_day[row[0]]) for row in rows]
    return Trends(by=by, days=claims_per_day(session, filters), series=series, keys=rows[0][1] if rows else 0)


def _dated_originals() -> list[ColumnElement[bool]]:
    """SQL conditions on ClaimRow: of a dated original article, as the claim carries them
    (migration 0017). Said so (as well as desk._conditions says it of the document), a statement
    of a few actors' claims per day reads their original claims from one index
    (ix_claims_same_event) instead of every copy's claims of them (a brief's sparklines at 100k
    articles: 192 -> 4 ms)."""
    return [of_an_original(), ClaimRow.published.is_not(None)]


def _named_keys(session: Session, filters: Filters, by: Dimension, key: Any, keys: list[str],
                dated: list[ColumnElement[bool]]) -> Trends:
    """The trend of these actor (or source) keys, each named by its key: no ranking statement."""
    stmt = (select(key, ClaimRow.published, func.count()).select_from(ClaimRow).join(DocumentRow)
            .where(*dated, key.in_(keys)).group_by(key, ClaimRow.published).order_by(key, ClaimRow.published))
    per_day = _by_key(session.execute(stmt))
    series = [TrendSeries(key=value, name=value, total=sum(n for _, n in days), days=days)
              for value, days in sorted(per_day.items(), key=lambda item: (-sum(n for _, n in item[1]), item[0]))]
    return Trends(by=by, days=claims_per_day(session, filters), series=series, keys=len(series))


def _every_key(session: Session, filters: Filters, by: Dimension, top: int, dated: list[ColumnElement[bool]],
               keys: Optional[list[str]]) -> Trends:
    """A trend along a dimension of few keys, from every key's claims per day read at once: no
    ranking statement, and no `key IN (top keys)` for the planner to drive the join from the
    key's index through most of the claims (SQLite did, 0.3 s at 20k articles); with `keys`,
    only those."""
    per_day = _country_days(session, dated) if by == "country" else _action_days(session, dated)
    wanted = {value: sorted(days) for value, days in per_day.items() if keys is None or value in keys}
    totals = sorted(((sum(n for _, n in days), value) for value, days in wanted.items()),
                    key=lambda pair: (-pair[0], pair[1]))
    series = [TrendSeries(key=value, name=value, total=total, days=wanted[value])
              for total, value in (totals[:top] if keys is None else totals)]
    return Trends(by=by, days=claims_per_day(session, filters), series=series, keys=len(totals))


def _action_days(session: Session, dated: list[ColumnElement[bool]]) -> dict[str, list[tuple[dt.date, int]]]:
    """Each action's claims per day."""
    stmt = (select(ClaimRow.action, ClaimRow.published, func.count()).select_from(ClaimRow).join(DocumentRow)
            .where(*dated).group_by(ClaimRow.action, ClaimRow.published))
    return _by_key(session.execute(stmt))


def _country_days(session: Session, dated: list[ColumnElement[bool]]) -> dict[str, list[tuple[dt.date, int]]]:
    """Each country's claims per day, a claim counted once under each country it is about: its
    targets' countries (count DISTINCT: two targets in one country are one claim about it), else
    its place's. Two grouped statements, summed here: one UNION of the two (claim, country) sets
    joined back to the claims made SQLite build it whole first (0.17 s against 1 ms at 20k)."""
    has_target_country = exists().where(ClaimTargetRow.claim_pk == ClaimRow.pk, ClaimTargetRow.country.is_not(None))
    targeted = (select(ClaimTargetRow.country, ClaimRow.published, func.count(func.distinct(ClaimRow.pk)))
                .select_from(ClaimTargetRow).join(ClaimRow, ClaimTargetRow.claim_pk == ClaimRow.pk).join(DocumentRow)
                .where(*dated, ClaimTargetRow.country.is_not(None))
                .group_by(ClaimTargetRow.country, ClaimRow.published))
    placed = (select(ClaimRow.place_country, ClaimRow.published, func.count()).select_from(ClaimRow)
              .join(DocumentRow).where(*dated, ClaimRow.place_country.is_not(None), ~has_target_country)
              .group_by(ClaimRow.place_country, ClaimRow.published))
    counts: Counter[tuple[Any, Any]] = Counter()
    for stmt in (targeted, placed):
        counts.update({(country, day): n for country, day, n in session.execute(stmt)})
    return _by_key((country, day, n) for (country, day), n in counts.items())


def _by_key(rows: Iterable[Any]) -> dict[str, list[tuple[dt.date, int]]]:
    """(key, day, count) rows as each key's (day, count) list (the statements' WHERE leaves
    neither key nor day None)."""
    per_day: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for value, day, count in rows:
        per_day[value].append((day, count))
    return per_day


def _key_of(by: Dimension, name: str) -> str:
    """The key a name is counted under: an actor's name as stored (schema.name_key)."""
    return name_key(name) if by == "actor" else name


def _name_columns(by: Dimension) -> list[ColumnElement]:
    """What names a key on the page besides the key itself: the actor's name as said (one of its
    spellings), a source's name and outlet (desk.source_title words them); a count last."""
    if by == "actor":
        return [func.min(ClaimRow.actor_name), func.count()]
    return [func.min(ClaimRow.source_name), func.min(DocumentRow.outlet), func.count()]


def _name(by: Dimension, row: Sequence) -> str:
    """A key's name from its ranked row (key, keys, the _name_columns)."""
    return (row[2] or row[0]) if by == "actor" else source_title(row[0], row[2], row[3])
