"""The ledger's tables (migration 0009): forecasts, what they are found by, and what met them.

Registered on the store's metadata (store/schema.py imports this module), so
the store's migrations and its models stay one schema.

- `forecasts`: one row per forecast, with what the FORECAST record shows and
  its horizon; `resolutions` counts the occurred claims kept as its evidence
  (at most resolve.RESOLUTIONS_KEPT), so a forecast's status is a comparison
  with "now", never a stored word that goes stale (open: none yet and the
  horizon not over; not seen: none and over).
- `forecast_keys`: a forecast's action, actor and each of its places, with its
  horizon, while it still takes evidence: the forecasts an occurred claim can
  meet come from one index range (action, key, actor, end of horizon), whatever
  the store's size, and a forecast leaves it once it has RESOLUTIONS_KEPT
  reports, so the range holds the open forecasts still to be met, not all.
- `forecast_claims`: every claim that makes the forecast (the first, and the
  same claim in copies and in other articles of its story).
- `occurrences`: each occurred claim under each of its keys with its event's
  days: the occurred claims a new forecast can be met by, by the same kind of
  index range.
- `forecast_resolutions`: forecast -> occurred claim, the evidence both ways
  (indexed on each side).
- `forecast_sources`: forecast -> who made it across the store (migration 0011).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..store.schema import KEY_LENGTH, Base

FORECAST_ID_LENGTH = 32


class ForecastRow(Base):
    """A forecast: the claim that first made it, what it says, its horizon, and how often it was met."""

    __tablename__ = "forecasts"

    id: Mapped[str] = mapped_column(String(FORECAST_ID_LENGTH), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    claim_ref: Mapped[str] = mapped_column(String(32))
    story_id: Mapped[Optional[str]] = mapped_column(String(KEY_LENGTH))
    signature: Mapped[str] = mapped_column(Text)
    original: Mapped[str] = mapped_column(String(KEY_LENGTH))
    published: Mapped[Optional[dt.date]] = mapped_column(Date)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[Optional[str]] = mapped_column(Text)
    source_key: Mapped[str] = mapped_column(Text, index=True)
    source_name: Mapped[Optional[str]] = mapped_column(Text, index=True)  # name_key of `source`
    outlet: Mapped[Optional[str]] = mapped_column(Text)
    outlet_key: Mapped[str] = mapped_column(Text, index=True)
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[Optional[str]] = mapped_column(Text)
    actor_identity: Mapped[Optional[str]] = mapped_column(Text)
    targets: Mapped[list[Any]] = mapped_column(JSON)
    modality: Mapped[str] = mapped_column(String(16))
    band: Mapped[str] = mapped_column(String(32), index=True)
    horizon_from: Mapped[dt.date] = mapped_column(Date)
    horizon_until: Mapped[dt.date] = mapped_column(Date, index=True)
    resolutions: Mapped[int] = mapped_column(Integer, server_default="0")


class ForecastSourceRow(Base):
    """Who made a forecast across the store (store/source_identity.py; migration 0011): the identity
    of the source its first claim rests on, else its outlet's own voice. Written after the forecast
    is recorded (store/sources.py identify_forecast_sources), in a table of its own so that the
    forecasts table stays the one migration 0009's rebuild writes; the per-source table groups by it."""

    __tablename__ = "forecast_sources"

    forecast_id: Mapped[str] = mapped_column(ForeignKey("forecasts.id", ondelete="CASCADE"), primary_key=True)
    identity: Mapped[str] = mapped_column(Text)


class ForecastKeyRow(Base):
    """One place (or event word) of a forecast, with its action, actor and horizon copied in."""

    __tablename__ = "forecast_keys"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    forecast_id: Mapped[str] = mapped_column(ForeignKey("forecasts.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(Text)
    actor: Mapped[Optional[str]] = mapped_column(Text)
    horizon_from: Mapped[dt.date] = mapped_column(Date)
    horizon_until: Mapped[dt.date] = mapped_column(Date)


class ForecastClaimRow(Base):
    """A claim that makes a forecast (its first claim included)."""

    __tablename__ = "forecast_claims"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    forecast_id: Mapped[str] = mapped_column(ForeignKey("forecasts.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    claim_ref: Mapped[str] = mapped_column(String(32))


class OccurrenceRow(Base):
    """An occurred claim under one of its keys, with the days its event may have happened on."""

    __tablename__ = "occurrences"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    claim_ref: Mapped[str] = mapped_column(String(32))
    original: Mapped[str] = mapped_column(String(KEY_LENGTH))
    action: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(Text)
    actor: Mapped[Optional[str]] = mapped_column(Text)
    day_from: Mapped[dt.date] = mapped_column(Date)
    day_until: Mapped[dt.date] = mapped_column(Date)
    published: Mapped[Optional[dt.date]] = mapped_column(Date)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ForecastResolutionRow(Base):
    """An occurred claim that met a forecast."""

    __tablename__ = "forecast_resolutions"
    __table_args__ = (UniqueConstraint("forecast_id", "document_id", "claim_ref",
                                       name="uq_forecast_resolutions_claim"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    forecast_id: Mapped[str] = mapped_column(ForeignKey("forecasts.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    claim_ref: Mapped[str] = mapped_column(String(32))
    day_from: Mapped[dt.date] = mapped_column(Date)
    day_until: Mapped[dt.date] = mapped_column(Date)


Index("ix_forecasts_story_signature", ForecastRow.story_id, ForecastRow.signature)
Index("ix_forecast_sources_identity", ForecastSourceRow.identity, ForecastSourceRow.forecast_id)
Index("ix_forecast_keys_match", ForecastKeyRow.action, ForecastKeyRow.key, ForecastKeyRow.actor,
      ForecastKeyRow.horizon_until)
Index("ix_occurrences_match", OccurrenceRow.action, OccurrenceRow.key, OccurrenceRow.actor, OccurrenceRow.day_until)
Index("ix_occurrences_any_actor", OccurrenceRow.action, OccurrenceRow.key, OccurrenceRow.day_until)
