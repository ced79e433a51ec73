"""Reading the ledger: FORECAST records, and the counts per ICD 203 band, source and outlet.

A status is worked out against `now` (a parameter, today by default) at read
time: happened when an occurred claim met the forecast, whatever the date;
else not seen once its horizon has ended (not "false": the store may simply
not hold the report), else open. So nothing stored goes stale as days pass.

The calibration table sets each ICD 203 band's stated range (kb/icd203.tsv)
next to the rate its forecasts were seen to happen, happened / (happened + not
seen), with a 95% Wilson interval so that a rate from three forecasts is not
read like one from three hundred. Open forecasts count in `made` only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from sqlalchemy import Integer, Select, case, func, or_, select
from sqlalchemy.orm import Session

from ..corpus.corroboration import outlet_key
from ..kb import read_table
from ..store.schema import DocumentRow
from ..store.source_identity import kind_of
from ..store.sources import identities_called, names
from .records import Calibration, ClaimRef, Forecast, Horizon, Ledger, Tally
from .tables import ForecastClaimRow, ForecastResolutionRow, ForecastRow, ForecastSourceRow

_ID_CHUNK = 500
Z95 = 1.959964


@dataclass(frozen=True)
class LedgerFilters:
    """Which forecasts: made by a source (its identity across the store, its key as a claim card
    gives it, or a name or description: then every source any article calls so), in an outlet
    (its name), in a status as of `now`; `article` (with `claim`) keeps those one article's claims
    make or meet."""

    source: Optional[str] = None
    outlet: Optional[str] = None
    status: Optional[str] = None
    article: Optional[str] = None
    claim: Optional[str] = None
    now: Optional[dt.date] = None

    @property
    def today(self) -> dt.date:
        return self.now or dt.date.today()


def status_of(now: dt.date):
    """The status of a forecast row as an SQL expression."""
    return case((ForecastRow.resolutions > 0, "happened"), (ForecastRow.horizon_until < now, "not-seen"),
                else_="open")


def _where(filters: LedgerFilters) -> list[Any]:
    conditions: list[Any] = []
    if filters.source:
        identity = ForecastSourceRow.identity
        made = select(ForecastSourceRow.forecast_id).where(
            or_(identity == filters.source, identity.in_(identities_called(filters.source))))
        conditions.append(or_(ForecastRow.id.in_(made), ForecastRow.source_key == filters.source))
    if filters.outlet:
        conditions.append(ForecastRow.outlet_key == outlet_key(filters.outlet, ""))
    if filters.status:
        conditions.append(status_of(filters.today) == filters.status)
    if filters.article:
        made = select(ForecastClaimRow.forecast_id).where(ForecastClaimRow.document_id == filters.article)
        met = select(ForecastResolutionRow.forecast_id).where(ForecastResolutionRow.document_id == filters.article)
        if filters.claim:
            made = made.where(ForecastClaimRow.claim_ref == filters.claim)
            met = met.where(ForecastResolutionRow.claim_ref == filters.claim)
        conditions.append(or_(ForecastRow.id.in_(made), ForecastRow.id.in_(met)))
    return conditions


def forecasts(session: Session, filters: LedgerFilters, limit: Optional[int] = 100, offset: int = 0,
              claims: Optional[int] = None) -> list[Forecast]:
    """Forecasts passing the filters, latest made first, each with the claims that make and met it
    (with `claims`, only the first that many of each, beside the totals: a forecast of a story
    copied 200 times is met by hundreds of claims, more than a page should list)."""
    status = status_of(filters.today).label("status")
    stmt: Select = (select(ForecastRow, status, DocumentRow.title, ForecastSourceRow.identity)
                    .join(DocumentRow, DocumentRow.id == ForecastRow.document_id)
                    .outerjoin(ForecastSourceRow, ForecastSourceRow.forecast_id == ForecastRow.id)
                    .where(*_where(filters))
                    .order_by(ForecastRow.horizon_from.desc(), ForecastRow.id).offset(offset))
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    ids = [row[0].id for row in rows]
    made_by, resolved_by = _claims(session, ForecastClaimRow, ids, claims), _claims(session, ForecastResolutionRow, ids,
                                                                                 claims)
    return [_forecast(row, status, title, made_by.get(row.id, _NONE), resolved_by.get(row.id, _NONE), identity)
            for row, status, title, identity in rows]


_NONE: tuple[list[ClaimRef], int] = ([], 0)


def _claims(session: Session, table: Any, ids: Sequence[str],
            first: Optional[int] = None) -> dict[str, tuple[list[ClaimRef], int]]:
    """Each forecast's claims in `table` (the first `first` of them, in the order stored, if given)
    and how many it has in all."""
    found: dict[str, tuple[list[ClaimRef], int]] = {}
    for i in range(0, len(ids), _ID_CHUNK):
        numbered = (select(table.forecast_id, table.document_id, table.claim_ref,
                           func.row_number().over(partition_by=table.forecast_id, order_by=table.pk).label("n"),
                           func.count().over(partition_by=table.forecast_id).label("total"))
                    .where(table.forecast_id.in_(ids[i:i + _ID_CHUNK])).subquery())
        stmt = select(numbered).order_by(numbered.c.forecast_id, numbered.c.n)
        if first is not None:
            stmt = stmt.where(numbered.c.n <= first)
        for forecast_id, document_id, ref, _, total in session.execute(stmt):
            found.setdefault(forecast_id, ([], total))[0].append(ClaimRef(article=document_id, claim=ref))
    return found


def _forecast(row: ForecastRow, status: str, title: Optional[str], made_by: tuple[list[ClaimRef], int],
              resolved_by: tuple[list[ClaimRef], int], identity: Optional[str]) -> Forecast:
    return Forecast(
        id=row.id, claim=ClaimRef(article=row.document_id, claim=row.claim_ref), source=row.source,
        outlet=row.outlet, action=row.action, actor=row.actor, target=list(row.targets or []),
        modality=row.modality, band=row.band,
        horizon=Horizon(start=row.horizon_from, until=row.horizon_until), status=status,
        resolved_by=resolved_by[0], text=row.text, published=row.published, title=title,
        source_key=row.source_key, source_identity=identity, made_by=made_by[0],
        made_total=made_by[1], resolved_total=resolved_by[1],
    )


def ledger(session: Session, filters: LedgerFilters, top: int = 50) -> Ledger:
    """The counts of the forecasts passing the filters (their status filter aside), as of `now`:
    per band with its stated range, and the `top` sources (by identity across the store: "Donald
    Trump" and a later "Trump" are one) and outlets by forecasts made."""
    now = filters.today
    status = status_of(now)
    counts = (func.count().label("made"),
              func.sum(case((status == "happened", 1), else_=0), type_=Integer).label("happened"),
              func.sum(case((status == "not-seen", 1), else_=0), type_=Integer).label("not_seen"))
    where = _where(LedgerFilters(source=filters.source, outlet=filters.outlet, article=filters.article,
                                 claim=filters.claim, now=now))
    by_band = {row.band: row for row in session.execute(
        select(ForecastRow.band, *counts).where(*where).group_by(ForecastRow.band))}
    bands = [_calibration(spec, by_band.get(spec["band"])) for spec in read_table("icd203.tsv")]

    def tallies(key: Any, name: Any) -> list[Tally]:
        rows = session.execute(select(key.label("key"), func.max(name).label("name"),
                                      func.max(ForecastRow.outlet).label("outlet"), *counts)
                               .outerjoin(ForecastSourceRow, ForecastSourceRow.forecast_id == ForecastRow.id)
                               .where(*where).group_by(key).order_by(func.count().desc(), key).limit(top)).all()
        return [_tally(row.key, row.name or f"{row.outlet or 'outlet unknown'} (its own voice)", row) for row in rows]

    total = session.execute(select(*counts).where(*where)).one()
    sources = tallies(func.coalesce(ForecastSourceRow.identity, ForecastRow.source_key), ForecastRow.source)
    shown = names(session, [t.key for t in sources if kind_of(t.key) != "outlet"])
    sources = [t.model_copy(update={"name": shown[t.key]}) if t.key in shown else t for t in sources]
    return Ledger(now=now, made=total.made or 0, happened=total.happened or 0, not_seen=total.not_seen or 0,
                  open=(total.made or 0) - (total.happened or 0) - (total.not_seen or 0), bands=bands,
                  sources=sources,
                  outlets=tallies(ForecastRow.outlet_key, func.coalesce(ForecastRow.outlet, "outlet unknown")))


def _tally(key: str, name: str, row: Any) -> Tally:
    made, happened, not_seen = row.made or 0, row.happened or 0, row.not_seen or 0
    return Tally(key=key, name=name, made=made, happened=happened, not_seen=not_seen,
                 open=made - happened - not_seen)


def _calibration(spec: dict[str, str], row: Any) -> Calibration:
    made, happened, not_seen = (row.made or 0, row.happened or 0, row.not_seen or 0) if row is not None else (0, 0, 0)
    decided = happened + not_seen
    low, high = wilson(happened, decided) if decided else (None, None)
    return Calibration(band=spec["band"], p_low=float(spec["p_low"]), p_high=float(spec["p_high"]),
                       made=made, happened=happened, not_seen=not_seen, open=made - decided,
                       observed=happened / decided if decided else None, low=low, high=high)


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default)."""
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)

