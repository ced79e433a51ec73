"""A watchlist's alerts as an Atom feed (RFC 4287), written by feedgen.

Feed readers poll this instead of the inbox. Each entry is one alert: its id a `urn:` of the
alert's id, so a reader that saw it once recognises it when a later article of the story
moves its `updated` (the entry is then shown as updated, not as new); its content plain text
(type="text": a title holding markup is shown as those characters, never run), and its link
the desk's page of the story's first matching article. Titles come from other people's pages:
characters XML cannot carry (control characters) are dropped before lxml refuses them.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from .. import __version__
from .records import Alert, Watchlist

# XML 1.0 allows tab, newline and carriage return below 0x20, and no surrogates or U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: Optional[str]) -> str:
    """The text without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text or "")


def watchlist_urn(name: str) -> str:
    return f"urn:sitrep:watchlist:{quote(name, safe='')}"


def alert_urn(alert_id: str) -> str:
    return f"urn:sitrep:alert:{alert_id}"


def alert_summary(alert: Alert) -> str:
    """What an entry says, as plain text: the counts, why it matched, each article and its reason."""
    lines = [f"{len(alert.articles)} article(s) in {alert.outlets} outlet(s), {alert.sources} independent "
             f"source(s); status {alert.status}; first alerted {alert.created:%Y-%m-%d %H:%M} UTC.",
             f"Why: {alert.why}"]
    lines += [f"- {matched.article}: {matched.why}" for matched in alert.matched]
    return xml_text("\n".join(lines))


def atom_feed(watchlist: Watchlist, alerts: Sequence[Alert], *, self_url: str, desk_url: str) -> bytes:
    """The Atom document of a watchlist's alerts (newest first). `self_url` is the feed's own
    address, `desk_url` the desk's root (no trailing slash), which article links start from."""
    feed = FeedGenerator()
    feed.id(watchlist_urn(watchlist.name))
    feed.title(xml_text(f"sitrep alerts: {watchlist.name}"))
    feed.subtitle(xml_text(watchlist.search))
    feed.author({"name": "sitrep"})
    feed.generator("sitrep", version=__version__)
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=f"{desk_url}/alerts?watchlist={quote(watchlist.name, safe='')}", rel="alternate",
              type="text/html")
    feed.updated(max((alert.updated for alert in alerts), default=watchlist.created))
    for alert in alerts:
        entry = feed.add_entry(order="append")
        entry.id(alert_urn(alert.id))
        entry.title(xml_text(alert.title) or "(untitled)")
        entry.published(alert.created)
        entry.updated(alert.updated)
        entry.content(alert_summary(alert), type="text")
        entry.category(term=alert.status)
        if alert.articles:
            entry.link(href=f"{desk_url}/articles/{quote(alert.articles[0], safe='')}", rel="alternate",
                       type="text/html")
    return feed.atom_str(pretty=True)

