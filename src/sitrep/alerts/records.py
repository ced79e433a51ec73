"""What watchlists and alerts look like to a reader: the ALERT record of CONTRACT.md, and more.

An ALERT carries the contract's fields (`id`, `watchlist`, `story`, `articles`, `claims`,
`status`, `created`, `updated`) and adds what an analyst triaging it wants to see without
another look-up: the story's title, how many outlets carry it and how many independent
sources its matching claims rest on, the watchlist's search as a command (`why`: run it to
see the same articles) and, for each article, what of it matched (`matched`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from ..ledger.records import ClaimRef

STATUSES = ("new", "read", "important", "dismissed")
Status = Literal["new", "read", "important", "dismissed"]


class Watchlist(BaseModel):
    """A saved search that raises alerts."""

    name: str
    filters: dict[str, Any] = Field(description="the filters of `sitrep search` it was given (query, actor, place, "
                                                "action, modality, band, anonymous, target, since, until, "
                                                "reliable_only)")
    search: str = Field(description="the same search as a command line")
    webhook: Optional[str] = Field(None, description="where alerts are posted: scheme and host only (a webhook's "
                                                     "path often holds its secret)")
    email: Optional[str] = None
    created: dt.datetime
    alerts: int = Field(0, description="its alerts, whatever their status")


class MatchedArticle(BaseModel):
    """One article of an alert: the claims of it that matched, and why it matched."""

    article: str
    claims: list[str] = Field(description="ids of its claims that satisfy the watchlist's claim filters")
    why: str
    added: dt.datetime


class Alert(BaseModel):
    """ALERT (CONTRACT.md): a watchlist's match on one story, with its articles and matching claims."""

    id: str
    watchlist: str
    story: str
    articles: list[str] = Field(description="the story's articles that matched, in the order they came")
    claims: list[ClaimRef] = Field(description="their claims that matched the watchlist's claim filters")
    status: Status
    created: dt.datetime
    updated: dt.datetime = Field(description="when an article last joined the alert")
    title: Optional[str] = Field(None, description="the title of its first article")
    outlets: int = Field(description="outlets carrying the story's matching articles (copies included)")
    sources: int = Field(description="independent sources of the matching claims (a copy's repeat its original's)")
    why: str = Field(description="the watchlist's search, as `sitrep search` takes it")
    matched: list[MatchedArticle] = Field(default_factory=list)


def as_utc(value: dt.datetime) -> dt.datetime:
    """A stored time in UTC (SQLite keeps no zone; sitrep writes UTC)."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
