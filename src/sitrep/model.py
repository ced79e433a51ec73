"""The public data model: the JSON of CONTRACT.md, as pydantic models.

`Analysis.model_dump(mode="json")` is exactly the contract's JSON. Everything
else in sitrep (store, API, exports) reads and writes these types, so a field
added here shows up everywhere at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["GROUP", "GOV", "ORG", "OUTLET", "PERSON", "NORP", "EVENT"]
PlaceKind = Literal["country", "city", "region", "continent", "site", "other"]
RemovedKind = Literal["caption", "credit", "comments", "boilerplate", "byline", "related"]
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Modality = Literal["occurred", "planned", "threatened", "predicted", "alleged", "hypothetical"]
# Where a record's offsets point: absent (None) for `body`, "title" for the headline.
TextField = Literal["title"]
Band = Literal[
    "almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely",
    "very likely", "almost certain", "unstated",
]
# An outlet's rating (kb/outlet_reliability.tsv); an outlet no one rated has none.
ReliabilityLabel = Literal["reliable", "mixed", "unreliable"]

PLOVER_TYPES: tuple[str, ...] = PloverType.__args__  # type: ignore[attr-defined]
MODALITIES: tuple[str, ...] = Modality.__args__  # type: ignore[attr-defined]
BANDS: tuple[str, ...] = Band.__args__  # type: ignore[attr-defined]
RELIABILITY_LABELS: tuple[str, ...] = ReliabilityLabel.__args__  # type: ignore[attr-defined]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


def in_field() -> Any:
    """The `field` of a record with offsets: left out of the JSON when it is the body, so
    the body's records read as they always did (CONTRACT.md: "absent = body")."""
    return Field(default=None, exclude_if=lambda value: value is None,
                 description='"title" when the offsets index `title`; absent: they index `body`')


class Mention(_Record):
    start: int
    end: int
    text: str
    field: Optional[TextField] = in_field()


class Trigger(Mention):
    """The word(s) of an event, with the lemma of its event word ("bombings" -> bombing)."""

    lemma: str = ""


class Removed(_Record):
    kind: RemovedKind
    text: str


class Dateline(_Record):
    text: str
    place: Optional[str] = None


class Entity(_Record):
    id: str
    name: str
    type: EntityType
    kb: Optional[str] = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Place(_Record):
    id: str
    name: str
    kind: PlaceKind
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    mentions: list[Mention] = Field(default_factory=list)


class Source(_Record):
    id: str
    name: Optional[str] = None
    description: str
    named: bool
    role: Optional[str] = None
    affiliation: Optional[str] = None
    entity: Optional[str] = None
    mentions: list[Mention] = Field(default_factory=list)


class Quote(_Record):
    id: str
    text: str
    start: int
    end: int
    direct: bool
    cue: Optional[str] = None
    source: Optional[str] = None
    continues: Optional[str] = Field(
        default=None, exclude_if=lambda value: value is None,
        description="the id of the quote whose statement this piece continues (a quotation broken by its cue,"
                    " or run on over paragraphs); absent when the piece opens its statement")
    field: Optional[TextField] = in_field()


class Certainty(_Record):
    cue: Optional[str] = None
    band: Band = "unstated"
    p_low: float = 0.0
    p_high: float = 1.0


class Claim(_Record):
    id: str
    text: str
    start: int
    end: int
    source: Optional[str] = None
    actor: Optional[str] = None
    action: PloverType
    target: list[str] = Field(default_factory=list)
    place: Optional[str] = None
    time: Optional[str] = None
    modality: Modality
    negated: bool = False
    certainty: Certainty = Field(default_factory=Certainty)
    trigger: Optional[Trigger] = None            # the event word(s), offsets into body
    actor_text: Optional[str] = None             # the actor as the sentence names it
    target_text: list[str] = Field(default_factory=list)  # the target as the sentence names it
    field: Optional[TextField] = in_field()


class Sourcing(_Record):
    sources: int = 0
    named: int = 0
    anonymous: int = 0
    single_source: bool = False
    exclusive: bool = False


class OutletReliability(_Record):
    """A third party's rating of the article's outlet (kb/outlet_reliability.tsv), shown with its
    origin: a judgement of the outlet, never of the article."""

    label: ReliabilityLabel
    origin: str = Field(description='who rated the outlet, e.g. "Media Bias/Fact Check"')
    score: Optional[float] = Field(None, description="NewsGuard's 0-100 score where NewsGuard rated it")
    domain: str = Field(description="the rated domain the outlet resolved to")


class Analysis(_Record):
    id: str
    input: str
    url: Optional[str] = None
    outlet: Optional[str] = None
    outlet_reliability: Optional[OutletReliability] = None  # None: unrated or unknown outlet
    title: Optional[str] = None
    published: Optional[dt.date] = None
    language: Literal["en"] = "en"
    dateline: Optional[Dateline] = None
    body: str
    removed: list[Removed] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    sourcing: Sourcing = Field(default_factory=Sourcing)

    def text_of(self, record: Mention | Quote | Claim) -> str:
        """The text a record's offsets index: `title` for one found in the headline, else `body`."""
        return (self.title or "") if record.field == "title" else self.body
