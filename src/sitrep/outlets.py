"""Which outlet published an article, and how a third party rates that outlet.

An article's outlet is resolved to a site, offline and from metadata alone (no parse):

1. its URL's host, read with `tld` (the Public Suffix List it bundles; nothing is fetched),
   so "edition.cnn.com" is cnn.com and "www.bbc.co.uk" is bbc.co.uk; an IP address,
   "localhost" or a string that is no URL has no site;
2. else its outlet's name (a feed's title, a record's `outlet`, a page's site name), matched
   whole, any case, against kb/outlet_domains.tsv and the outlets of the entity KB (every
   alias and desk: "Breitbart Jerusalem" is a desk of Breitbart News), or read as a host
   when it is one ("Reuters.com"); a feed title "BBC News - World" resolves by its parts
   when exactly one part names an outlet;
3. else, in a story its headline calls an EXCLUSIVE, the outlet its source is said to have
   told (kb/outlet_recipient_cues.tsv: "... an Arab intelligence official told Breitbart
   Jerusalem"): an exclusive names itself as the outlet told; outside one, "told Reuters"
   as often credits another outlet's report (PolNeAR dev: 7 of 15 such outlets were the
   article's own, 8 another's), so it is not read.

The site's rating comes from kb/outlet_reliability.tsv (News-Media-Reliability: Media
Bias/Fact Check, NewsGuard, Wikipedia's perennial sources), looked up for the host and then
each domain above it down to the registered one ("abcnews.go.com" has a rating of its own;
"www.reuters.com" takes reuters.com's). A rating is of the outlet and is always shown with
who gave it ("rated unreliable by NewsGuard"), never as a verdict on the article; an outlet
no one rated is "unrated". When the input names no outlet, the publisher of a known site
names it (kb/outlet_domains.tsv), so articles of one site count as one outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from tld import get_tld

from .kb import read_table
from .model import Analysis, OutletReliability

UNRATED = "unrated"
# Separators of a feed title's parts: "BBC News - World", "World news | The Guardian",
# "Reuters: World News", "NYT > World News".
_TITLE_PARTS = re.compile(r"\s+[-|–—>»·]\s+|:\s+")
# A host name: labels of letters, digits and hyphens (any script), joined by dots.
_HOST = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W_]+")
# How far before an outlet's name a recipient cue may start ("in an exclusive interview with").
_CUE_WINDOW = 60


@dataclass(frozen=True)
class Site:
    """Where an article was published: the host it resolved to and the domains a rating or a
    publisher may be filed under, the host first, the registered domain last."""

    host: str
    domains: tuple[str, ...]

    @property
    def registered(self) -> str:
        return self.domains[-1]


def site_of_url(url: Optional[str]) -> Optional[Site]:
    """The site of a URL (a scheme may be missing: "reuters.com/article/..."); None for
    anything without a registered domain under a public suffix: an IP address, localhost, a
    bare suffix, garbage."""
    if not url or not url.strip():
        return None
    try:
        parsed = get_tld(url.strip(), as_object=True, fail_silently=True, fix_protocol=True)
    except ValueError:  # urlsplit's refusals (an unbalanced "[" in the host) are bad input
        return None
    if parsed is None or parsed.fld == parsed.tld or not _HOST.fullmatch(parsed.parsed_url.hostname or ""):
        return None
    registered = parsed.fld.lower()
    labels = parsed.subdomain.lower().split(".") if parsed.subdomain else []
    domains = tuple(".".join([*labels[i:], registered]) for i in range(len(labels))) + (registered,)
    return Site(host=domains[0], domains=domains)


def site_of_name(name: Optional[str]) -> Optional[Site]:
    """The site an outlet's name resolves to: the name whole, else the one site its title's
    parts name (parts naming two different sites name none)."""
    if not name or not name.strip():
        return None
    whole = _named_site(name)
    if whole is not None:
        return whole
    parts = {site for part in _TITLE_PARTS.split(name) if (site := _named_site(part)) is not None}
    return parts.pop() if len(parts) == 1 else None


def _named_site(name: str) -> Optional[Site]:
    """The site of one name: a known outlet's (kb/outlet_domains.tsv, the entity KB's outlets
    and desks), else the name read as a host when it is one word with a dot ("Reuters.com")."""
    host = outlet_names().get(_key(name))
    if host is not None:
        return site_of_url(host)
    word = name.strip()
    return site_of_url(word) if "." in word and not any(c.isspace() for c in word) else None


def rating(site: Optional[Site]) -> Optional[OutletReliability]:
    """The rating of the most specific of the site's domains that has one; None: unrated."""
    if site is None:
        return None
    return next((ratings()[d] for d in site.domains if d in ratings()), None)


def publisher(site: Optional[Site]) -> Optional[str]:
    """The outlet that publishes on the site, by kb/outlet_domains.tsv; None if unknown."""
    if site is None:
        return None
    return next((publishers()[d] for d in site.domains if d in publishers()), None)


def site_of(url: Optional[str], outlet: Optional[str]) -> Optional[Site]:
    """An article's site: its URL's, else its outlet name's."""
    return site_of_url(url) or site_of_name(outlet)


def shown_domain(site: Site) -> str:
    """The domain to show for a site: the one rated, else the one its publisher is known by,
    else the registered domain ("abcnews.go.com", not the go.com it sits under)."""
    known = ratings().keys() | publishers().keys()
    return next((d for d in site.domains if d in known), site.registered)


def with_outlet(analysis: Analysis) -> Analysis:
    """The analysis with its outlet named when the input did not name one (by its URL's
    publisher, else the desk an exclusive says it told) and its outlet's rating set."""
    outlet = analysis.outlet
    if not outlet:
        url_site = site_of_url(analysis.url)
        outlet = publisher(url_site) if url_site is not None else told_outlet(analysis)
    analysis.outlet = outlet
    analysis.outlet_reliability = rating(site_of(analysis.url, outlet))
    return analysis


def told_outlet(analysis: Analysis) -> Optional[str]:
    """In an exclusive, the publisher of the one known outlet a source is said to have told
    ("an Arab intelligence official told Breitbart Jerusalem" -> Breitbart News); None when
    the story is no exclusive, names no such outlet, or names two."""
    if not analysis.sourcing.exclusive:
        return None
    told = set()
    for entity in analysis.entities:
        if entity.type != "OUTLET":
            continue
        for mention in entity.mentions:
            text = analysis.text_of(mention)
            if recipient_cue().search(text, max(0, mention.start - _CUE_WINDOW), mention.start):
                told.add(publisher(site_of_name(entity.name) or site_of_name(mention.text)))
    told.discard(None)
    return told.pop() if len(told) == 1 else None


def rating_text(found: Optional[OutletReliability]) -> str:
    """A rating as words that judge the outlet, with who judged it: "rated unreliable by
    NewsGuard (score 57/100)"; "unrated" when no one did."""
    if found is None:
        return UNRATED
    score = f" (score {found.score:g}/100)" if found.score is not None else ""
    return f"rated {found.label} by {found.origin}{score}"


def outlet_line(analysis: Analysis) -> str:
    """The outlet of an analysis with its domain and rating (outlet_text); the domain of an
    unrated outlet is found again from its URL or name, as the JSON has none."""
    site = site_of(analysis.url, analysis.outlet)
    return outlet_text(analysis.outlet, analysis.outlet_reliability, shown_domain(site) if site is not None else None)


def outlet_text(name: Optional[str], rated: Optional[OutletReliability], domain: Optional[str] = None) -> str:
    """An outlet with its domain (the rated one, else `domain`) and rating: "Breitbart News
    (breitbart.com) — rated unreliable by NewsGuard (score 57/100)", "example.org — unrated",
    "unknown — unrated"."""
    domain = rated.domain if rated else domain
    where = f" ({domain})" if name and domain else ""
    return f"{name or domain or 'unknown'}{where} — {rating_text(rated)}"


def ratings_text(by_rating: dict[str, int]) -> str:
    """Outlets counted by rating, the classes that have any: "2 rated reliable, 1 unrated"."""
    return ", ".join(f"{n} {label if label == UNRATED else 'rated ' + label}" for label, n in by_rating.items() if n)


@lru_cache(maxsize=1)
def ratings() -> dict[str, OutletReliability]:
    """Rated domain -> its rating (kb/outlet_reliability.tsv)."""
    return {row["domain"]: OutletReliability.model_validate(
                {"label": row["label"], "origin": row["origin"], "score": float(row["score"]) if row["score"] else None,
                 "domain": row["domain"]})
            for row in read_table("outlet_reliability.tsv")}


@lru_cache(maxsize=1)
def publishers() -> dict[str, str]:
    """Host -> the outlet publishing there (kb/outlet_domains.tsv; a host listed twice keeps
    its first outlet)."""
    found: dict[str, str] = {}
    for row in read_table("outlet_domains.tsv"):
        for host in row["domains"].split("|"):
            found.setdefault(host, row["outlet"])
    return found


@lru_cache(maxsize=1)
def outlet_names() -> dict[str, str]:
    """Name key -> main host of every name an outlet goes by: kb/outlet_domains.tsv's outlets
    and their other names, and each outlet, desk and alias of the entity KB whose outlet (or
    parent outlet) the domains table lists."""
    hosts = {row["outlet"]: row["domains"].split("|")[0] for row in read_table("outlet_domains.tsv")}
    names: dict[str, str] = {}
    for row in read_table("outlet_domains.tsv"):
        for name in [row["outlet"], *filter(None, row["names"].split("|"))]:
            names.setdefault(_key(name), hosts[row["outlet"]])
    outlets = {row["name"]: row for row in read_table("entities.tsv") if row["type"] == "OUTLET"}
    for canonical, row in outlets.items():
        top = canonical
        while top not in hosts and top in outlets and outlets[top]["parent"]:
            top = outlets[top]["parent"]
        if top in hosts:
            for name in [canonical, *filter(None, row["aliases"].split("|"))]:
                names.setdefault(_key(name), hosts[top])
    return names


@lru_cache(maxsize=1)
def recipient_cue():
    """One pattern: a recipient cue (kb/outlet_recipient_cues.tsv) ending right before the
    searched span's end, any case, any spacing."""
    cues = sorted((row["cue"].split() for row in read_table("outlet_recipient_cues.tsv")), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, words)) for words in cues)
    return re.compile(rf"\b(?:{alternatives})\s+$", re.IGNORECASE)


def _key(name: str) -> str:
    """Names compare with one space between words, casefolded."""
    return " ".join(name.split()).casefold()
