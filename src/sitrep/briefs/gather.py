"""What a brief says, read from the store: the desk's claim cards passing the filters, grouped by
the country they are about and by actor (key judgements), numbered once each for the evidence
appendix, with a link to each article and the outlets and sources cited."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Optional

import pycountry

from ..documents import web_url
from ..kb import read_table
from ..outlets import outlet_text
from ..store import ClaimCard, Filters, Store
from ..store.schema import name_key
from ..timebins import Unit, binned, coarse_unit, date_range

Group = tuple[str, str, list[tuple[str, list[ClaimCard]]]]
TREND_CHARACTERS = 24  # an actor's trend line is at most this long
BLOCKS = "▁▂▃▄▅▆▇█"  # none, then up to the most claims any one period of the actor has


@dataclass(frozen=True)
class Article:
    """An article cited: its outlet (with the outlet's rating), title, day and link (an http(s)
    URL when one is stored, else None: the article id stands in)."""

    id: str
    outlet: str
    title: str
    published: Optional[dt.date]
    url: Optional[str]


@dataclass(frozen=True)
class Speaker:
    """Who says claims of the brief: a source's words, whether it is named, and how many claims rest on it."""

    name: str
    named: Optional[bool]
    claims: int


@dataclass(frozen=True)
class Trends:
    """Each named actor's dated claims over the brief's range as a line of BLOCKS, one a period."""

    unit: Unit
    first: dt.date
    last: dt.date
    lines: dict[str, str]


@dataclass(frozen=True)
class Brief:
    """One brief: the filters it was made for, when, the key judgements, the evidence appendix (each
    claim once, numbered as `numbers` says), the articles cited and who says what."""

    filters: list[tuple[str, str]]
    made: dt.datetime
    groups: list[Group]
    evidence: list[ClaimCard]
    numbers: dict[tuple[str, str], int]
    articles: dict[str, Article]
    speakers: list[Speaker]
    bands: dict[str, tuple[float, float]]
    trends: Optional[Trends] = None

    def number(self, card: ClaimCard) -> int:
        """The card's number in the evidence appendix (E1, E2, ...)."""
        return self.numbers[(card.document_id, card.claim)]


def gather_brief(store: Store, filters: Filters, limit: int) -> Brief:
    """The brief of the latest `limit` claims passing the filters (the desk's brief page, whole)."""
    cards = store.claim_cards(filters, limit=limit)
    groups = group_cards(cards)
    evidence = list({(c.document_id, c.claim): c for _, _, actors in groups for _, items in actors
                     for c in items}.values())
    numbers = {(c.document_id, c.claim): n for n, c in enumerate(evidence, 1)}
    made = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return Brief(filters=described(filters), made=made, groups=groups, evidence=evidence,
                 numbers=numbers, articles=cited_articles(store, evidence), speakers=speakers(evidence),
                 bands=band_ranges(), trends=actor_trends(store, filters, groups))


def actor_trends(store: Store, filters: Filters, groups: list[Group]) -> Optional[Trends]:
    """The named actors' claims over the brief's range (the filters' dates, else the days with
    claims), by the range's unit or a coarser one that fits TREND_CHARACTERS; None when nothing
    is dated. The counts are the store's (Store.trends), as the desk's sparklines are."""
    actors = sorted({actor for _, _, pairs in groups for actor, cards in pairs if cards[0].actor})
    found = store.trends(filters, "actor", names=actors)
    span = date_range(found.days, filters.since, filters.until)
    if span is None:
        return None
    unit = coarse_unit(*span, TREND_CHARACTERS)
    per_key = {series.key: series.days for series in found.series}
    return Trends(unit, *span, {actor: trend_line([p.count for p in binned(per_key.get(name_key(actor), []), *span,
                                                                                unit)]) for actor in actors})


def trend_line(counts: list[int]) -> str:
    """Counts as BLOCKS: the lowest for none, the highest for the most."""
    most = max(counts, default=0) or 1
    return "".join(BLOCKS[0] if not n else BLOCKS[max(1, round(n / most * (len(BLOCKS) - 1)))] for n in counts)


def described(filters: Filters) -> list[tuple[str, str]]:
    """The filters given, as (name, value) with `sitrep search`'s names, for the brief's heading."""
    given = [(f.name.replace("_", "-"), getattr(filters, f.name)) for f in dataclasses.fields(filters)]
    return [(name, "yes" if value is True else str(value)) for name, value in given if value]


def cited_articles(store: Store, cards: list[ClaimCard]) -> dict[str, Article]:
    """Each article the cards rest on, by id; the URLs (which the cards do not carry) read in one
    query, and only kept when they are web links (a stored `javascript:` is text)."""
    urls = store.urls(card.document_id for card in cards)
    found: dict[str, Article] = {}
    for card in cards:
        if card.document_id not in found:
            found[card.document_id] = Article(
                id=card.document_id, outlet=outlet_text(card.outlet, card.outlet_reliability),
                title=card.title or "(untitled)", published=card.published, url=web_url(urls.get(card.document_id)))
    return found


def speakers(cards: list[ClaimCard]) -> list[Speaker]:
    """The sources the claims rest on, most claims first; the outlets' own voice as one."""
    counts: Counter[tuple[str, Optional[bool]]] = Counter(
        (card.source or "the outlet's own voice", card.source_named if card.source else None) for card in cards)
    return [Speaker(name, named, n) for (name, named), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]


def band_ranges() -> dict[str, tuple[float, float]]:
    """Each ICD 203 band's probability range (kb/icd203.tsv)."""
    return {row["band"]: (float(row["p_low"]), float(row["p_high"])) for row in read_table("icd203.tsv")}


def country_name(code: Optional[str]) -> str:
    """A readable name for an ISO alpha-2 code ("RU" -> "Russian Federation" is pycountry's
    official form; its common name is preferred where it has one)."""
    if not code:
        return "No country"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def group_cards(cards: list[ClaimCard]) -> list[Group]:
    """(country code, country name, [(actor, cards)]) with the most-claimed country first (claims
    about no country last);
    a claim about two countries is shown under each."""
    grouped: dict[str, dict[str, list[ClaimCard]]] = defaultdict(lambda: defaultdict(list))
    for card in cards:
        for code in card.countries or [""]:
            grouped[code][card.actor or "Unknown actor"].append(card)
    ordered = sorted(grouped.items(), key=lambda item: (item[0] == "", -sum(map(len, item[1].values())), item[0]))
    return [(code, country_name(code), sorted(actors.items(), key=lambda a: (-len(a[1]), a[0])))
            for code, actors in ordered]
