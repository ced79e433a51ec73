"""What the watch may fetch: http(s) URLs of public hosts only.

A sources file, a feed or a redirect can name any URL; fetched blindly, one that names
`http://169.254.169.254/` (a cloud's metadata service), `http://localhost:5432/` or a
router's admin page turns the watch into a way into the network it runs on (server-side
request forgery). So every URL is checked before each request, redirects included: the
scheme must be http or https, and every address its host resolves to must be a global
one (not private, loopback, link-local, shared, reserved or multicast) unless the user
allows private addresses (`--allow-private`, for an intranet's feeds and for the tests).

Known limit: the host is resolved again by the HTTP client when it connects, so a DNS
server that answers differently the second time (DNS rebinding) is not caught here.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

SCHEMES = ("http", "https")


class UnsafeURL(Exception):
    """A URL the watch refuses to fetch; the message says why and what would allow it."""


async def check_url(url: str, allow_private: bool) -> None:
    """Raise UnsafeURL unless `url` is http(s) and (unless allowed) its host is public."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise UnsafeURL(f"{url}: not an http(s) URL; only http:// and https:// are fetched")
    if allow_private:
        return
    for address in await _addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)):
        kind = private_kind(address)
        if kind is not None:
            raise UnsafeURL(f"refused: {parts.hostname} is at {address}, a {kind} address; "
                            "pass --allow-private to watch hosts on private networks")


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
    return sorted({str(info[4][0]) for info in found})
