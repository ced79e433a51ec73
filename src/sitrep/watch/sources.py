"""The sources file: which feeds, sitemaps and pages to watch, and how often (CONTRACT.md).

A TOML file with one `[[source]]` table per source:

    [[source]]
    url = "https://example.org/world/rss.xml"   # RSS/Atom feed, news sitemap, or a page URL
    interval = "15m"                             # how often to poll (s, m, h)
    outlet = "Example News"                      # optional; else from the feed or the domain
    tags = ["wire", "middle-east"]               # optional

Every source is checked on its own: a bad one gets one line naming it (its number and URL)
and what to fix, and the others are still watched. Only http(s) URLs are taken (safety.py
refuses private addresses later, once the host is resolved).
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover — Python 3.10
    import tomli as tomllib

INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh])\s*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
# Polling a source more often than this is impolite to its server and seldom finds more.
MIN_INTERVAL_SECONDS = 1
KNOWN_KEYS = ("url", "interval", "outlet", "tags")


class SourcesFileError(Exception):
    """The sources file cannot be read at all (missing, not TOML, no [[source]] table)."""


@dataclass(frozen=True)
class Source:
    """One source to poll: its URL, interval in seconds, optional outlet name and tags."""

    url: str
    interval: float
    outlet: Optional[str] = None
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        """The source's key in the store: its URL, hashed (URLs can be longer than a key)."""
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:32]


@dataclass
class SourcesFile:
    """The sources read from a file, and one line for each source that was refused."""

    sources: list[Source]
    problems: list[str]


def read_sources(path: Path) -> SourcesFile:
    """The sources of a TOML sources file; SourcesFileError when there is none to read."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesFileError(f"{path}: no such file; give the sources file (TOML, see `sitrep watch --help`)") \
            from None
    except (OSError, UnicodeDecodeError) as err:
        raise SourcesFileError(f"{path}: cannot read the sources file ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise SourcesFileError(f"{path}: not valid TOML ({err})") from None
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise SourcesFileError(f"{path}: no [[source]] table; each source is a [[source]] table with a url "
                               "and an interval")
    return parse_sources(tables, str(path))


def parse_sources(tables: list[Any], where: str) -> SourcesFile:
    """Each [[source]] table checked on its own; a URL given twice is watched once."""
    sources: list[Source] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, table in enumerate(tables, start=1):
        try:
            source = _source(table)
        except ValueError as err:
            url = table.get("url") if isinstance(table, dict) else None
            named = f" ({url})" if isinstance(url, str) else ""
            problems.append(f"{where}: source {number}{named}: {err}")
            continue
        if source.url in seen:
            problems.append(f"{where}: source {number} ({source.url}): given before; watched once")
            continue
        seen.add(source.url)
        sources.append(source)
    return SourcesFile(sources, problems)


def _source(table: Any) -> Source:
    """One [[source]] table as a Source, or ValueError saying what to fix."""
    if not isinstance(table, dict):
        raise ValueError("not a table; write each source as a [[source]] table")
    unknown = sorted(set(table) - set(KNOWN_KEYS))
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}; a source takes {', '.join(KNOWN_KEYS)}")
    url = table.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ValueError('no url; give url = "https://..."')
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL; only http:// and https:// are watched")
    outlet = table.get("outlet")
    if outlet is not None and (not isinstance(outlet, str) or not outlet.strip()):
        raise ValueError("outlet must be a name in quotes")
    tags = table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag.strip() for tag in tags):
        raise ValueError('tags must be a list of words, e.g. tags = ["wire", "middle-east"]')
    return Source(url=url, interval=parse_interval(table.get("interval")),
                  outlet=outlet.strip() if outlet else None, tags=tuple(tag.strip() for tag in tags))


def parse_interval(value: Any) -> float:
    """ "15m" -> 900.0 seconds; ValueError naming the accepted forms otherwise."""
    match = INTERVAL.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"interval {value!r} is not a duration; give a number and s, m or h, e.g. "
                         'interval = "15m"')
    seconds = float(match.group(1)) * UNIT_SECONDS[match.group(2)]
    if seconds < MIN_INTERVAL_SECONDS:
        raise ValueError(f"interval {value!r} is under {MIN_INTERVAL_SECONDS} s")
    return seconds
