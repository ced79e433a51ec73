"""robots.txt: asked once per host (kept an hour), read with the standard library's parser.

RFC 9309 says what an answer means: a robots.txt that exists is obeyed for sitrep's
User-Agent; one that is missing (HTTP 4xx) allows everything; one that cannot be had
(a 5xx, no connection) disallows everything until it can be read again, since the site
may be down or overloaded and its rules unknown.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

if TYPE_CHECKING:
    from .fetch import Fetcher

KEEP_SECONDS = 3600.0
# A robots.txt is a few kB; Google reads the first 500 KiB of one.
ROBOTS_LIMIT = 500 * 1024
AGENT = "sitrep"
ALLOW_ALL: list[str] = []
DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


class Robots:
    """The robots.txt rules of each host the fetcher visits."""

    def __init__(self, fetcher: "Fetcher"):
        self.fetcher = fetcher
        self._rules: dict[str, tuple[float, RobotFileParser]] = {}
        self._reading: dict[str, asyncio.Lock] = {}  # sources of one host polled at once read it once

    async def allows(self, url: str) -> bool:
        """Whether the URL's host lets sitrep fetch it."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        async with self._reading.setdefault(site, asyncio.Lock()):
            kept = self._rules.get(site)
            if kept is None or time.monotonic() - kept[0] > KEEP_SECONDS:
                kept = (time.monotonic(), await self._read(site))
                self._rules[site] = kept
        return kept[1].can_fetch(AGENT, url)

    async def _read(self, site: str) -> RobotFileParser:
        from .fetch import FetchError

        rules = RobotFileParser(site + "/robots.txt")
        try:
            answer = await self.fetcher.get(site + "/robots.txt", limit=ROBOTS_LIMIT, obey_robots=False)
        except FetchError as err:
            # 4xx: there are no rules; anything else: the rules are unknown, so nothing is fetched.
            missing = err.status is not None and 400 <= err.status < 500
            rules.parse(ALLOW_ALL if missing else DISALLOW_ALL)
            return rules
        rules.parse(answer.body.decode("utf-8", "replace").splitlines())
        return rules
