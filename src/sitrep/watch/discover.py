"""What a source lists: the articles of an RSS/Atom feed, a (news) sitemap, or a page itself.

The kind is read from the answer, not the URL: a sitemap (`<urlset>`, `<sitemapindex>`, read
by trafilatura's sitemap code), else a feed (feedparser), else an HTML page. A page that is
a site's front page rather than an article can point at its feeds (`<link rel="alternate"
type="application/rss+xml">`, found by trafilatura's feed discovery): they are followed
instead when the page declares any and its URL has no path (the site's home); any other
page is watched as the article it is.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urljoin, urlsplit

import feedparser
from trafilatura.feeds import FeedParameters, determine_feed
from trafilatura.sitemaps import DETECT_SITEMAP_LINK, SitemapObject

from ..dates import parse_date
from ..ingest.archives import _nests_entities as nests_entities
from ..ingest.archives import one_line
from ..ingest.decode import DecodeError, decode_html
from .dedup import same_site
from .fetch import Response

FEED, SITEMAP, PAGE = "feed", "sitemap", "page"
# Entries taken from one listing per poll: a feed of 10,000 items is read in later polls.
MAX_ENTRIES = 500
# A sitemap's root element, namespaced or not (trafilatura's own test for one, without the
# "<?xml" it also takes, which every feed starts with too).
SITEMAP_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:sitemapindex|urlset)\b")


class ListingError(Exception):
    """The answer is no feed, sitemap or page the watch can read; the message says why."""


@dataclass(frozen=True)
class Entry:
    """An article a listing names, with what the listing says of it. `stamp` is the date the
    listing gives it (updated, else published) as written: when it changes, the article is
    asked for again (with its validators) to see whether it was edited."""

    url: str
    title: Optional[str] = None
    published: Optional[dt.date] = None
    stamp: Optional[str] = None


@dataclass
class Listing:
    kind: str
    entries: list[Entry] = field(default_factory=list)
    outlet: Optional[str] = None  # a feed's own title
    follow: list[str] = field(default_factory=list)  # a sitemap index's sitemaps, a home page's feeds
    html: Optional[str] = None  # a page's HTML, decoded


def read_listing(answer: Response) -> Listing:
    """The listing of a source's answer (see the module), or ListingError."""
    head = answer.body[:2048].lstrip()
    if SITEMAP_ROOT.search(head):
        return _sitemap(answer)
    kind = answer.content_type.split(";")[0].strip().lower()
    if "html" not in kind and (head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf"))
                               or "xml" in kind or "rss" in kind or "atom" in kind):
        return _feed(answer)
    return _page(answer)


def _feed(answer: Response) -> Listing:
    if nests_entities(answer.body):
        raise ListingError("the feed declares entities that nest (a billion-laughs attack?); refused unread")
    try:
        feed = feedparser.parse(io.BytesIO(answer.body))
    except (ValueError, LookupError) as err:
        raise ListingError(f"not a readable feed ({type(err).__name__}: {one_line(err)})") from None
    entries = []
    for entry in feed.entries[:MAX_ENTRIES]:
        link = entry.get("link")
        if not link:
            continue
        # dict.get: feedparser's own get maps a missing "updated" to "published", with a warning.
        updated, published = dict.get(entry, "updated"), dict.get(entry, "published")
        entries.append(Entry(url=link, title=entry.get("title"), stamp=updated or published,
                             published=parse_date(published or updated)))
    if feed.bozo and not entries:  # broken XML that yields no article (one that does is read, as browsers do)
        raise ListingError(f"not an RSS/Atom feed ({one_line(feed.bozo_exception)})")
    return Listing(FEED, entries, outlet=feed.feed.get("title") or None)


class _Sitemap(SitemapObject):
    """trafilatura's sitemap reader with the link check the sitemap protocol asks for: a URL
    on the sitemap's own site (trafilatura's check needs a registered domain, so it drops
    every link of a sitemap served from an address, as an intranet's may be)."""

    def handle_link(self, link: str) -> None:
        link = urljoin(self.current_url, link.strip())
        if link == self.current_url or not same_site(link, self.current_url):
            return
        (self.sitemap_urls if DETECT_SITEMAP_LINK.search(link) else self.urls).append(link)


def _sitemap(answer: Response) -> Listing:
    parts = urlsplit(answer.url)
    sitemap = _Sitemap(answer.url, parts.hostname or "", [])
    sitemap.current_url = answer.url
    sitemap.content = answer.body.decode("utf-8", "replace")
    sitemap.process()
    entries = [Entry(url=url) for url in dict.fromkeys(sitemap.urls)][:MAX_ENTRIES]
    if not entries and not sitemap.sitemap_urls:
        raise ListingError("a sitemap that lists no article URL (or not a sitemap trafilatura can read)")
    return Listing(SITEMAP, entries, follow=list(dict.fromkeys(sitemap.sitemap_urls)))


def _page(answer: Response) -> Listing:
    try:
        html = decode_html(answer.body).text
    except DecodeError as err:
        raise ListingError(f"not a feed, sitemap or readable page ({err})") from None
    parts = urlsplit(answer.url)
    if parts.path in ("", "/") and not parts.query:
        feeds = determine_feed(html, FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "",
                                                    answer.url))
        if feeds:
            return Listing(PAGE, follow=feeds[:3])
    return Listing(PAGE, [Entry(url=answer.url)], html=html)
