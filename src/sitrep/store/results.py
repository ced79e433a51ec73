"""What the store hands back besides Analysis: save counts, article summaries, search hits.

These are pydantic models so the API can return them as they are and the
CLI can print them as JSON with `model_dump(mode="json")`.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple, Optional

from pydantic import BaseModel, Field

from ..model import Claim


class SaveCounts(NamedTuple):
    """How many analyses of a save() were new and how many were already stored."""

    new: int
    existing: int


class ArticleSummary(BaseModel):
    """One stored article as the list views show it (no body, no JSON)."""

    id: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[dt.date] = None
    input: str
    ingested_at: dt.datetime
    entities: int = 0
    places: int = 0
    sources: int = 0
    claims: int = 0
    copy_of: Optional[str] = None  # the original this article copies (corpus/duplicates.py)
    story_id: Optional[str] = None  # the story it belongs to (corpus/stories.py)


class ClaimMatch(Claim):
    """A contract Claim plus the names its local ids stand for, so it reads on its own."""

    actor_name: Optional[str] = None
    target_names: list[str] = Field(default_factory=list)
    place_name: Optional[str] = None
    source_name: Optional[str] = None


class SearchHit(BaseModel):
    """One matching article: where it is, a snippet, and the claims that matched the filters."""

    id: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[dt.date] = None
    snippet: str = ""
    claims: list[ClaimMatch] = Field(default_factory=list)
    copy_of: Optional[str] = None
    story_id: Optional[str] = None


class Support(BaseModel):
    """One claim that asserts the same thing, in one original article."""

    document_id: str
    claim: str
    outlet: Optional[str] = None
    published: Optional[dt.date] = None
    title: Optional[str] = None
    source: Optional[str] = None
    source_key: str
    modality: str


class Corroboration(BaseModel):
    """How independently a claim is supported across the stored articles."""

    document_id: str
    claim: str
    supports: list[Support]
    outlets: int
    sources: int
    first_report: Support
    single_source: bool
