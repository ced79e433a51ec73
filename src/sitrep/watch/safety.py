"""What the watch may fetch: http(s) URLs of public hosts only.

A sources file, a feed or a redirect can name any URL; fetched blindly, one that names
`http://169.254.169.254/` (a cloud's metadata service), `http://localhost:5432/` or a
router's admin page turns the watch into a way into the network it runs on (server-side
request forgery). So every URL is checked before each request, redirects included: the
scheme must be http or https, and every address its host resolves to must be a global
one (not private, loopback, link-local, shared, reserved or multicast) unless the user
allows private addresses (`--allow-private`, for an intranet's feeds and for the tests).

DNS rebinding (a name that answers a public address to the check and a private one to the
connection a moment later) is closed by connecting where the check looked: a plain-http
request goes to the addresses checked, in the resolver's order, with the name in its Host
header (`open_checked`); the client never resolves the name again. An https request keeps
the name: its certificate must be valid for that name, which no private service can show for
someone else's domain, and pinning it would let one verified connection carry other names.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Optional
from urllib.parse import urlsplit

import httpx

SCHEMES = ("http", "https")


class UnsafeURL(Exception):
    """A URL the watch refuses to fetch; the message says why and what would allow it."""


async def check_url(url: str, allow_private: bool) -> list[str]:
    """Raise UnsafeURL unless `url` is http(s) and (unless allowed) its host is public. Returns
    the addresses checked, in the resolver's order (none when private addresses are allowed),
    for `open_checked` to connect to."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise UnsafeURL(f"{url}: not an http(s) URL; only http:// and https:// are fetched")
    if allow_private:
        return []
    addresses = await _addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    for address in addresses:
        kind = private_kind(address)
        if kind is not None:
            raise UnsafeURL(f"refused: {parts.hostname} is at {address}, a {kind} address; "
                            "pass --allow-private to watch hosts on private networks")
    return addresses


async def open_checked(client: httpx.AsyncClient, method: str, url: str, addresses: list[str], *,
                       headers: Optional[dict[str, str]] = None, content: Optional[bytes] = None) -> httpx.Response:
    """The response to a request for `url` (streamed: the caller reads and closes it), sent over
    a connection to one of the addresses check_url returned for it when it is plain http: the
    first that takes the connection, as a client tries a name's addresses in turn."""
    headers = dict(headers or {})
    parts = httpx.URL(url)
    targets: list[Optional[str]] = [None]
    if parts.scheme == "http" and addresses and parts.host not in addresses:
        targets = list(addresses)
        headers["Host"] = parts.netloc.decode("ascii")
    for n, address in enumerate(targets):
        target = parts if address is None else parts.copy_with(host=address)
        request = client.build_request(method, target, headers=headers, content=content)
        try:
            return await client.send(request, stream=True)
        except httpx.ConnectError:
            if n == len(targets) - 1:
                raise
    raise AssertionError("unreachable")


def private_kind(address: str) -> str | None:
    """What makes an address not public ("loopback", "private", ...), or None for a global one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope ("fe80::1%eth0") aside
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-global"


async def _addresses(host: str, port: int) -> list[str]:
    """Every address the host resolves to (an IP literal is its own)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise UnsafeURL(f"cannot resolve {host} ({err.strerror}); check the URL") from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))  # the resolver's order, once each
