"""What the store hands back besides Analysis: save counts, article summaries, search hits.

These are pydantic models so the API can return them as they are and the
CLI can print them as JSON with `model_dump(mode="json")`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple, Optional

from pydantic import BaseModel, Field, TypeAdapter

from ..model import Claim, Mention


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


# A document's claims with their names as stored JSON (documents.named_claims): a search hit
# reads them with one validate_json (in pydantic's Rust core) instead of decoding the whole
# analysis and naming each claim in Python, which was half of a search's time.
CLAIM_MATCHES = TypeAdapter(list[ClaimMatch])


def claim_matches(analysis: dict[str, Any]) -> list[ClaimMatch]:
    """Every claim of a stored analysis (its JSON form) with its names filled in."""
    names, sources = _names(analysis)
    return [_named(claim, names, sources) for claim in analysis.get("claims", [])]


def claim_match(claim: dict[str, Any], analysis: dict[str, Any]) -> ClaimMatch:
    """One claim of a stored analysis with the names of its actor, targets, place and source."""
    return _named(claim, *_names(analysis))


def _names(analysis: dict[str, Any]) -> tuple[dict[str, str], dict[str, Optional[str]]]:
    """The names of an analysis's entities and places, and of its sources, by local id."""
    names = {r["id"]: r["name"] for r in analysis.get("entities", []) + analysis.get("places", [])}
    sources = {s["id"]: s.get("name") or s.get("description") for s in analysis.get("sources", [])}
    return names, sources


def _named(claim: dict[str, Any], names: dict[str, str], sources: dict[str, Optional[str]]) -> ClaimMatch:
    return ClaimMatch(
        **claim,
        actor_name=names.get(claim.get("actor")),
        target_names=[names[t] for t in claim.get("target", []) if t in names],
        place_name=names.get(claim.get("place")),
        source_name=sources.get(claim.get("source")),
    )


class NameMention(Mention):
    """Where an article names the actor or place a search filtered on: a mention of one of its
    entities or places, with that record's canonical name."""

    name: str


class SearchHit(BaseModel):
    """One matching article: where it is, a snippet, and what made it a hit: the claims that
    matched the filters, or, when it matched an actor or place filter by naming them in
    none of its claims, the mentions that did (store/search.py)."""

    id: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[dt.date] = None
    snippet: str = ""
    claims: list[ClaimMatch] = Field(default_factory=list)
    mentions: list[NameMention] = Field(
        default_factory=list, description="where the article names the actor or place filtered on; "
                                          "given when none of its claims matched")
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
