"""The desk's sign-in and CSRF guard, shared by every page whose forms change the store.

An analyst signs in once on /corrections with the token and their name (api/corrections.py has
the sign-in and sign-out forms). The server answers with a cookie holding the name and an HMAC
of it keyed by the token, never the token itself: HttpOnly (no script reads it), SameSite=Strict
(no other site's page sends it), Path=/, Secure over HTTPS; changing SITREP_TOKEN signs everyone
out. Why a cookie rather than a token field on every form: the token would sit in every page's
HTML and the browser's form history; a field typed once and exchanged for a signed cookie keeps
it out of both. Every POST form carries a hidden `csrf` value, an HMAC of the session cookie
keyed by the token, that only a page of this server can have put there; a POST whose `csrf` does
not match, or that the browser says comes from another site (`Sec-Fetch-Site`, `Origin`), is
refused before anything is changed (`refusal`). SameSite=Strict and the CSP's `form-action
'self'` are the second and third locks on the same door.

The corrections forms, the alerts inbox's triage buttons and the watchlist form
(api/corrections.py, api/inbox.py, api/watching.py) all go through here, so the rules are
written once. Form bodies are URL-encoded and read with the standard library (urllib.parse).
"""

from __future__ import annotations

import base64
import hmac
import re
from dataclasses import dataclass
from hashlib import sha256
from typing import Optional
from urllib.parse import parse_qs, urlsplit

from fastapi import Request

COOKIE = "sitrep_desk"


@dataclass(frozen=True)
class DeskSession:
    """A signed-in analyst on the desk: their name and the CSRF value its forms carry."""

    analyst: str
    csrf: str


@dataclass(frozen=True)
class Refusal:
    """Why a desk POST is refused, and the HTTP status to answer with."""

    status: int
    message: str


def _mac(token: str, purpose: str, value: str) -> str:
    return hmac.new(token.encode("utf-8"), f"{purpose}:{value}".encode("utf-8"), sha256).hexdigest()


def cookie_value(token: str, analyst: str) -> str:
    """The session cookie of an analyst: their name and its HMAC under the server's token."""
    name = base64.urlsafe_b64encode(analyst.encode("utf-8")).decode("ascii")
    return f"{name}.{_mac(token, 'desk-session', analyst)}"


def desk_session(request: Request) -> Optional[DeskSession]:
    """The analyst signed in on this browser, when the server takes writes and the cookie's
    signature holds under the server's token; None otherwise."""
    token: Optional[str] = request.app.state.token
    cookie = request.cookies.get(COOKIE, "")
    if not token or "." not in cookie:
        return None
    name, mac = cookie.rsplit(".", 1)
    try:
        analyst = base64.urlsafe_b64decode(name.encode("ascii")).decode("utf-8")
    except (ValueError, UnicodeError):
        return None
    if not hmac.compare_digest(mac, _mac(token, "desk-session", analyst)):
        return None
    return DeskSession(analyst=analyst, csrf=_mac(token, "csrf", cookie))


async def read_form(request: Request) -> dict[str, str]:
    """The URL-encoded form of a POST (the first value of each field)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return {name: values[0] for name, values in parse_qs(body, keep_blank_values=True).items()}


def same_origin(request: Request) -> bool:
    """Whether the browser says the request comes from a page of this server: its Fetch Metadata
    (`Sec-Fetch-Site`, sent by current browsers) is same-origin, and its Origin, when it names
    one, is this server. (Under this server's `Referrer-Policy: no-referrer` browsers send
    `Origin: null` even for their own forms, so "null" proves nothing either way.)"""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc == request.url.netloc and urlsplit(origin).scheme == request.url.scheme


# A path of this server: printable URL characters only (browsers drop tabs and newlines and read
# "\\" as "/", so "/\t/evil.example" would leave the site), and never "//", another host.
_LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*")


def back_to(form: dict[str, str], default: str) -> str:
    """Where to send the browser after a change: the local path the form came from, else `default`."""
    back = form.get("back", "")
    return back if _LOCAL_PATH.fullmatch(back) else default


def refusal(request: Request, form: dict[str, str]) -> Optional[Refusal]:
    """Why a desk POST must be refused (not from this server's own page, or from no signed-in
    analyst), or None when it may go ahead."""
    session = desk_session(request)
    if not same_origin(request) or (session and not hmac.compare_digest(form.get("csrf", ""), session.csrf)):
        return Refusal(403, "refused: the form did not come from this server's page (reload it)")
    if session is None:
        return Refusal(401, "sign in with the server's token first")
    return None
