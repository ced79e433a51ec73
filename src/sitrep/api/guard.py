"""What every request and response passes through: size and character limits, security headers.

Both are plain ASGI middleware rather than FastAPI's @app.middleware("http")
so that they see everything: `SecurityHeaders` wraps the whole app and adds
its headers to every response, including the 413 and 422 the limits send and
a 500 from a failure nobody foresaw; `RequestLimits` refuses a request before
any route reads it.

- A body larger than the limit is refused with 413: at once when its
  Content-Length says so, and when a streamed body (no Content-Length) grows
  past it, so a client cannot make the server buffer gigabytes by not saying
  how much it sends.
- A URL carrying a NUL character is refused with 422: no id, name or filter
  holds one, and PostgreSQL cannot even compare text that contains it.
"""

from __future__ import annotations

import json
from typing import Optional
from urllib.parse import unquote_to_bytes

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Every page and response: only this server's own files, no inline script or style,
# no framing, no forms posting elsewhere, no referrer leaking an article's URL.
CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "form-action 'self'",
    "base-uri 'none'", "frame-ancestors 'none'",
])
# The OpenAPI page: Swagger UI also fetches the schema and shows data: images.
DOCS_CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'",
    "img-src 'self' data:", "connect-src 'self'",
    "base-uri 'none'", "frame-ancestors 'none'",
])
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class SecurityHeaders:
    """Add CSP (stricter everywhere but the API docs page) and the HEADERS to every response;
    an unhandled error becomes a plain 500 that carries them too (and is still logged)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else CSP
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _with_headers(message.get("headers", []), csp)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                await _send_json(send_with_headers, 500, "internal error: the server log has the details")
            raise


def _with_headers(headers: list, csp: str) -> list:
    """The response's headers with ours set (replacing any of the same name)."""
    ours = {"content-security-policy": csp, **{k.lower(): v for k, v in HEADERS.items()}}
    kept = [(k, v) for k, v in headers if k.decode("latin-1").lower() not in ours]
    return kept + [(k.encode("latin-1"), v.encode("latin-1")) for k, v in ours.items()]


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit; FastAPI lets an
    HTTPException raised while it reads the body through, so the client gets the 413."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body over {limit:,} bytes: send one document per request")


class RequestLimits:
    """Refuse bodies over `max_body` bytes (413) and URLs with a NUL character (422)."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _has_nul(scope):
            await _send_json(send, 422, "the URL contains a NUL character (%00), which no id, name or filter holds")
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _send_json(send, 413, BodyTooLarge(self.max_body).detail)
            return
        await self.app(scope, self._capped(receive), send)

    def _capped(self, receive: Receive) -> Receive:
        """`receive`, counting body bytes and raising BodyTooLarge past the limit."""
        seen = 0

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        return capped


def _has_nul(scope: Scope) -> bool:
    """Whether the decoded path or query string holds a NUL character."""
    return "\x00" in scope["path"] or b"\x00" in unquote_to_bytes(scope.get("query_string", b""))


def _content_length(scope: Scope) -> Optional[int]:
    """The declared body size, or None when absent or not a number (then the stream is capped)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_json(send: Send, status: int, detail: str) -> None:
    """A complete JSON error response {"detail": ...}, the shape FastAPI's own errors have."""
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
