"""What the store hands back besides Analysis: save counts, article summaries, search hits,
corroboration, and the desk's claim cards, name lists and stories (desk.py).

These are pydantic models so the API can return them as they are and the
CLI can print them as JSON with `model_dump(mode="json")`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, NamedTuple, Optional

from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy.orm import load_only
from sqlalchemy.sql.base import ExecutableOption

from ..model import RELIABILITY_LABELS, Claim, Mention, OutletReliability
from ..outlets import UNRATED

from .schema import DocumentRow


# How corroboration counts outlets by their rating: the labels, then outlets no one rated.
RATING_CLASSES = (*RELIABILITY_LABELS, UNRATED)


def stored_rating(label: Optional[str], origin: Optional[str], score: Optional[float],
                  domain: Optional[str]) -> Optional[OutletReliability]:
    """An outlet's rating from a document's columns (schema.DocumentRow.reliability and the
    rest); None when unrated."""
    if label is None:
        return None
    return OutletReliability.model_validate({"label": label, "origin": origin or "", "score": score,
                                             "domain": domain or ""})


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
    outlet_reliability: Optional[OutletReliability] = Field(None, description="the outlet's rating; null: unrated")
    published: Optional[dt.date] = None
    input: str
    ingested_at: dt.datetime
    entities: int = 0
    places: int = 0
    sources: int = 0
    claims: int = 0
    copy_of: Optional[str] = None  # the original this article copies (corpus/duplicates.py)
    story_id: Optional[str] = None  # the story it belongs to (corpus/stories.py)


def summary_only() -> ExecutableOption:
    """ORM option for a query of DocumentRow feeding article_summary: load only what it reads,
    not each row's 20 kB analysis, body and MinHash (a story of 240 copies read 40 MB)."""
    return load_only(DocumentRow.id, DocumentRow.title, DocumentRow.url, DocumentRow.outlet, DocumentRow.reliability,
                     DocumentRow.reliability_origin, DocumentRow.reliability_score, DocumentRow.outlet_domain,
                     DocumentRow.published, DocumentRow.input, DocumentRow.ingested_at, DocumentRow.n_entities,
                     DocumentRow.n_places, DocumentRow.n_sources, DocumentRow.n_claims, DocumentRow.copy_of,
                     DocumentRow.story_id)


def article_summary(row: DocumentRow) -> ArticleSummary:
    """The list view of one document row."""
    return ArticleSummary(
        id=row.id, title=row.title, url=row.url, outlet=row.outlet,
        outlet_reliability=stored_rating(row.reliability, row.reliability_origin, row.reliability_score,
                                         row.outlet_domain),
        published=row.published, input=row.input, ingested_at=_utc(row.ingested_at), entities=row.n_entities,
        places=row.n_places, sources=row.n_sources, claims=row.n_claims,
        copy_of=row.copy_of, story_id=row.story_id,
    )


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


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


def _names(analysis: dict[str, Any]) -> tuple[dict[Optional[str], str], dict[Optional[str], Optional[str]]]:
    """The names of an analysis's entities and places, and of its sources, by local id."""
    names = {r["id"]: r["name"] for r in analysis.get("entities", []) + analysis.get("places", [])}
    sources = {s["id"]: s.get("name") or s.get("description") for s in analysis.get("sources", [])}
    return names, sources


def _named(claim: dict[str, Any], names: dict[Optional[str], str],
           sources: dict[Optional[str], Optional[str]]) -> ClaimMatch:
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
    outlet_reliability: Optional[OutletReliability] = Field(None, description="the outlet's rating; null: unrated")
    published: Optional[dt.date] = None
    snippet: str = ""
    claims: list[ClaimMatch] = Field(default_factory=list)
    mentions: list[NameMention] = Field(
        default_factory=list, description="where the article names the actor or place filtered on; "
                                          "given when none of its claims matched")
    copy_of: Optional[str] = None
    story_id: Optional[str] = None
    corroboration: list["Corroboration"] = Field(
        default_factory=list, description="each matched claim's support and contradiction side by side, when "
                                          "asked for (`sitrep search`; /api/search?support=true)")


class Support(BaseModel):
    """One claim that asserts the same thing, in one original article."""

    document_id: str
    claim: str
    outlet: Optional[str] = None
    outlet_reliability: Optional[OutletReliability] = Field(None, description="the outlet's rating; null: unrated")
    published: Optional[dt.date] = None
    title: Optional[str] = None
    source: Optional[str] = None
    source_key: str
    modality: str


class Contradicting(Support):
    """One claim that contradicts: a negation of the same event, or the accused's denial (or,
    seen from a denial, the accusation it denies; corpus/contradiction.py)."""

    kind: Literal["negation", "denial"] = Field(description="negation: the same event with the opposite negation; "
                                                            "denial: the accused rejecting the accusation")
    actor: Optional[str] = Field(None, description="who acts in the contradicting claim (the denier of a denial)")
    action: str
    negated: bool = False
    text: str = ""


class Contradiction(BaseModel):
    """Who says a claim did not happen, or is denied by the accused, counted as support is: each
    independent outlet once (by its rating), each source once; copies never count."""

    claims: list[Contradicting] = Field(default_factory=list, description="the contradicting claims, oldest first")
    outlets: int = Field(0, description="independent outlets contradicting")
    outlets_by_rating: dict[str, int] = Field(
        default_factory=dict, description="those outlets by their rating: reliable, mixed, unreliable, unrated")
    sources: int = Field(0, description="independent sources contradicting")


class Corroboration(BaseModel):
    """How independently a claim is supported across the stored articles, and contradicted."""

    document_id: str
    claim: str
    supports: list[Support]
    outlets: int
    outlets_by_rating: dict[str, int] = Field(
        default_factory=dict, description="the independent outlets by their rating: reliable, mixed, unreliable, "
                                          "unrated (a rating is of the outlet, by its origin, not of the claim)")
    sources: int
    first_report: Support
    single_source: bool
    contradiction: Contradiction = Field(
        default_factory=Contradiction, description="beside the support: the claims that contradict this one "
                                                   "(negations of the same event, the accused's denials)")


class ClaimCard(BaseModel):
    """One claim as the desk shows it: what, how surely, on whose word, how corroborated."""

    document_id: str
    claim: str = Field(description="the claim's id within its article (c1, c2, ...)")
    title: Optional[str] = None
    outlet: Optional[str] = None
    outlet_reliability: Optional[OutletReliability] = Field(None, description="the outlet's rating; null: unrated")
    published: Optional[dt.date] = None
    text: str
    actor: Optional[str] = None
    action: str
    negated: bool = False
    targets: list[str] = Field(default_factory=list)
    place: Optional[str] = None
    countries: list[str] = Field(default_factory=list, description="ISO alpha-2 of its targets, else of its place")
    modality: str
    band: str
    cue: Optional[str] = None
    source: Optional[str] = Field(None, description="who says it; null: the outlet's own voice")
    source_named: Optional[bool] = None
    source_key: Optional[str] = None
    outlets: int = Field(1, description="independent outlets asserting the same")
    outlets_by_rating: dict[str, int] = Field(default_factory=dict, description="those outlets by their rating")
    sources: int = Field(1, description="independent sources asserting the same")
    single_source: bool = True
    contradiction: Contradiction = Field(
        default_factory=Contradiction, description="beside the support: the claims that contradict this one, "
                                                   "counted by independent outlet (with ratings) and source")


class Named(BaseModel):
    """A name with how many articles and claims it appears in (entity, source or place list)."""

    key: str
    name: str
    kind: Optional[str] = None
    identity: Optional[str] = None  # an entity's identity across the store (corrections name it so)
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    articles: int = 0
    claims: int = 0


class Story(BaseModel):
    """A cluster of articles about one event."""

    id: str
    title: Optional[str] = None
    first_published: Optional[dt.date] = None
    last_published: Optional[dt.date] = None
    documents: int = 0


SearchHit.model_rebuild()  # its `corroboration` names a model defined after it
