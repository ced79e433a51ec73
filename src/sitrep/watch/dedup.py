"""Knowing an article seen before, before anything is analysed: its URL, then its text.

Three steps, cheapest first:
1. the canonical URL: the page's own rel=canonical (when it stays on the page's site: a page
   may not claim another site's article), else the URL it was fetched from, normalised
   (scheme and host in lower case, default port, fragment and tracking parameters such as
   utm_* dropped: kb/tracking_parameters.tsv). A URL seen before is fetched again only with
   its validators, and only its changed text counts (an edit);
2. the content hash: the cleaned body's hash is the document's id (pipeline.document_id), so
   the same text under another URL is the document already stored;
3. near copies (a wire story re-run with a new headline) are the store's own linking on save
   (store/linking.py): stored, marked a copy of their original, never counted twice.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

from ..kb import read_table
from ..outlets import site_of_url

DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL as compared: lower-case scheme and host, no default port, no fragment, no
    tracking parameters (the others kept in their order), "/" for an empty path."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                       if not is_tracking(key)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def url_key(url: str) -> str:
    """The key of a canonical URL in the store (URLs can be longer than an index allows)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def is_tracking(parameter: str) -> bool:
    exact, prefixes = _tracking()
    name = parameter.lower()
    return name in exact or name.startswith(prefixes)


@lru_cache(maxsize=1)
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    rows = read_table("tracking_parameters.tsv")
    return (frozenset(r["parameter"] for r in rows if r["match"] == "exact"),
            tuple(r["parameter"] for r in rows if r["match"] == "prefix"))


def declared_canonical(html: str, page_url: str) -> Optional[str]:
    """The page's rel=canonical URL, absolute, when it is http(s) on the page's own site
    (same registered domain; the same host for an address or a name without one), else None."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for link in tree.iterfind(".//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            declared = urljoin(page_url, link.get("href", "").strip())
            return declared if same_site(declared, page_url) else None
    return None


def same_site(one: str, other: str) -> bool:
    """Whether `one` is an http(s) URL on the site of `other`: the same registered domain, or the
    same host when either has none (an address, "localhost")."""
    a, b = urlsplit(one), urlsplit(other)
    if a.scheme not in ("http", "https") or not a.hostname:
        return False
    site_a, site_b = site_of_url(one), site_of_url(other)
    if site_a is not None and site_b is not None:
        return site_a.registered == site_b.registered
    return a.hostname == b.hostname
