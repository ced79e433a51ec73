"""Fetching politely and safely: the one way the watch reads the web (httpx, asynchronous).

Every request, redirects included, goes through the same checks, in this order:
- the URL is http(s) and its host public (safety.py; `--allow-private` lifts the latter), and
  a plain-http request connects to the addresses checked, never to a second look-up's;
- the host's robots.txt allows it, for sitrep's User-Agent (robots.py);
- the host is asked one request at a time, each starting at least `host_delay` seconds after
  the previous one ended (a per-host rate limit, whatever number of sources share the host);
- a known page is asked for with its validators (If-None-Match / If-Modified-Since): a 304
  answer carries no body and costs nothing;
- the answer is read as a stream and refused as soon as it passes the size limit (the
  Content-Length is checked first), inflated (gzip, deflate) within the same bound and
  ratio as files are (ingest/streams.py: a decompression bomb is refused, not inflated);
- each read has a timeout and the whole request a deadline (a server sending a byte a
  second is cut off);
- a failure that may pass (a timeout, a refused connection, HTTP 429 or 5xx) is retried
  after an exponential backoff (Retry-After is honoured when shorter than the cap);
- redirects are followed by hand, at most `max_redirects`, each hop checked as above.
A failure is a FetchError with one line saying what happened.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
import zlib
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import AsyncIterator, Optional
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..ingest.limits import size
from ..ingest.streams import INFLATE_FLOOR
from .robots import Robots
from .safety import UnsafeURL, check_url, open_checked

REDIRECTS = (301, 302, 303, 307, 308)
RETRIED = (429, 500, 502, 503, 504)
RETRY_AFTER_CAP = 60.0
CONTACT_HINT = "set SITREP_CONTACT or --contact"


class FetchError(Exception):
    """A URL could not be fetched; the message is the one line the user reads, `status` the
    HTTP status that said so (None when no answer came)."""

    def __init__(self, message: str, status: Optional[int] = None, refused: bool = False):
        super().__init__(message)
        self.status = status
        self.refused = refused  # by sitrep itself (robots.txt, a private address), not by the server

    @property
    def lasting(self) -> bool:
        """Whether asking again soon would get the same answer: sitrep's own refusal, or a
        4xx other than 408 (timeout) and 429 (too many requests)."""
        return self.refused or (self.status is not None and 400 <= self.status < 500 and self.status not in (408, 429))


@dataclass(frozen=True)
class Politeness:
    """How the watch treats the servers it reads, and what it accepts from them."""

    contact: Optional[str] = None
    timeout: float = 20.0
    deadline: float = 120.0
    retries: int = 2
    backoff: float = 1.0
    host_delay: float = 1.0
    max_redirects: int = 5
    allow_private: bool = False
    max_inflate_ratio: int = 100

    @property
    def user_agent(self) -> str:
        """sitrep's name and version, and who to write to about it (robots.txt matches the name)."""
        contact = self.contact or CONTACT_HINT
        return f"sitrep/{__version__} (news monitoring; contact: {contact})"


@dataclass(frozen=True)
class Response:
    """A fetched URL: status 200 with its body, or 304 (unchanged since the validators given)."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: Optional[str] = None
    last_modified: Optional[str] = None

    @property
    def unchanged(self) -> bool:
        return self.status == 304


class Fetcher:
    """An httpx client with the watch's checks around every request (see the module)."""

    def __init__(self, politeness: Politeness, client: Optional[httpx.AsyncClient] = None):
        self.politeness = politeness
        self.client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(politeness.timeout), follow_redirects=False,
            headers={"User-Agent": politeness.user_agent, "Accept-Encoding": "gzip, deflate"})
        self.robots = Robots(self)
        self._hosts: dict[str, _HostPace] = {}

    async def close(self) -> None:
        await self.client.aclose()

    async def get(self, url: str, *, limit: int, etag: Optional[str] = None,
                  last_modified: Optional[str] = None, obey_robots: bool = True) -> Response:
        """The URL's answer after redirects (304 when the validators still hold), or FetchError."""
        headers = {key: value for key, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified))
                   if value}
        for _ in range(self.politeness.max_redirects + 1):
            try:
                addresses = await check_url(url, self.politeness.allow_private)
            except UnsafeURL as err:
                raise FetchError(str(err), refused=True) from None
            if obey_robots and not await self.robots.allows(url):
                raise FetchError(f"{url}: disallowed by the site's robots.txt for sitrep; not fetched", refused=True)
            answer = await self._with_retries(url, addresses, headers, limit)
            if answer.status not in REDIRECTS:
                return answer
            location = answer.body.decode("latin-1")
            if not location:
                raise FetchError(f"{url}: HTTP {answer.status} redirect without a Location")
            url = urljoin(url, location)
        raise FetchError(f"{url}: more than {self.politeness.max_redirects} redirects (a redirect loop?)")

    async def _with_retries(self, url: str, addresses: list[str], headers: dict[str, str], limit: int) -> Response:
        """One request, retried with exponential backoff while its failure may pass."""
        attempts = self.politeness.retries + 1
        for attempt in range(attempts):
            status: Optional[int] = None
            try:
                answer = await asyncio.wait_for(self._once(url, addresses, headers, limit), self.politeness.deadline)
            except (httpx.TimeoutException, asyncio.TimeoutError):
                problem, wait = f"no answer within {self.politeness.timeout:g} s", None
            except httpx.TransportError as err:
                problem, wait = f"cannot connect ({type(err).__name__}: {err or 'no detail'})", None
            else:
                if answer.status not in RETRIED:
                    return answer
                status = answer.status
                problem, wait = f"HTTP {status}", _retry_after(answer.body)
            if attempt == attempts - 1:
                tries = f" after {attempts} tries" if attempts > 1 else ""
                raise FetchError(f"{url}: {problem}{tries}", status)
            await asyncio.sleep(wait if wait is not None else self.politeness.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    async def _once(self, url: str, addresses: list[str], headers: dict[str, str], limit: int) -> Response:
        """One request at the host's pace. A redirect comes back with its Location as body, a
        status to retry with its Retry-After; an error status raises FetchError."""
        async with self._pace(url):
            return await self._request(url, addresses, headers, limit)

    async def _request(self, url: str, addresses: list[str], headers: dict[str, str], limit: int) -> Response:
        answer = await open_checked(self.client, "GET", url, addresses, headers=headers)
        try:
            status = answer.status_code
            if status in REDIRECTS:
                return Response(url, status, answer.headers.get("location", "").encode("latin-1", "replace"))
            if status in RETRIED:
                return Response(url, status, answer.headers.get("retry-after", "").encode("latin-1", "replace"))
            if status == 304:
                return Response(url, 304, etag=answer.headers.get("etag"),
                                last_modified=answer.headers.get("last-modified"))
            if status >= 400 or status < 200:
                raise FetchError(f"{url}: HTTP {status} {answer.reason_phrase}".rstrip(), status)
            body = await self._read(url, answer, limit)
            return Response(str(httpx.URL(url)), status, body, answer.headers.get("content-type", ""),
                            answer.headers.get("etag"), answer.headers.get("last-modified"))
        finally:
            await answer.aclose()

    async def _read(self, url: str, answer: httpx.Response, limit: int) -> bytes:
        """The body, inflated, refused past `limit` bytes (or inflating past the ratio)."""
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(_too_large(url, limit, f"{size(int(declared))} declared"))
        inflate = _Inflater(url, answer.headers.get("content-encoding", ""), limit, self.politeness.max_inflate_ratio)
        async for chunk in answer.aiter_raw():
            inflate.feed(chunk)
        return inflate.done()

    @asynccontextmanager
    async def _pace(self, url: str) -> AsyncIterator[None]:
        """One request to the URL's host at a time, starting at least `host_delay` after the
        previous one to that host ended."""
        pace = self._hosts.setdefault(urlsplit(url).netloc.lower(), _HostPace())
        async with pace.lock:
            wait = pace.next_at - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                pace.next_at = time.monotonic() + self.politeness.host_delay


class _HostPace:
    """A host's turn (the lock) and when its next request may start."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.next_at = 0.0


class _Inflater:
    """A response body as it arrives, inflated if compressed, bounded by size and ratio."""

    def __init__(self, url: str, encoding: str, limit: int, ratio: int):
        encoding = encoding.strip().lower()
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"{url}: content encoding {encoding!r} not supported (asked for gzip or deflate)")
        self.url, self.limit, self.ratio = url, limit, ratio
        wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}.get(encoding)
        self.inflater = zlib.decompressobj(wbits) if wbits else None
        self.chunks: list[bytes] = []
        self.read = self.total = 0

    def feed(self, chunk: bytes) -> None:
        self.read += len(chunk)
        if self.inflater is None:
            self._keep(chunk)
            return
        try:
            data = chunk
            while data:  # a step of at most INFLATE_FLOOR bytes, so the ratio is checked as it grows
                self._keep(self.inflater.decompress(data, min(INFLATE_FLOOR, self.limit + 1 - self.total)))
                data = self.inflater.unconsumed_tail
        except zlib.error as err:
            raise FetchError(f"{self.url}: corrupt compressed response ({err})") from None

    def _keep(self, data: bytes) -> None:
        self.chunks.append(data)
        self.total += len(data)
        if self.inflater is not None and self.total > INFLATE_FLOOR and self.total > self.ratio * self.read:
            raise FetchError(f"{self.url}: compressed response inflates more than {self.ratio}x (a decompression "
                             "bomb?); refused")
        if self.total > self.limit:
            raise FetchError(_too_large(self.url, self.limit, "more than that read"))

    def done(self) -> bytes:
        return b"".join(self.chunks)


def _too_large(url: str, limit: int, detail: str) -> str:
    return f"{url}: response too large ({detail}; the limit is {size(limit)}): raise --max-bytes to accept it"


def _retry_after(value: bytes) -> Optional[float]:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), if within the cap."""
    text = value.decode("latin-1").strip()
    if not text:
        return None
    if text.isdigit():
        seconds = float(text)
    else:
        try:
            seconds = email.utils.parsedate_to_datetime(text).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return max(0.0, seconds) if seconds <= RETRY_AFTER_CAP else None
