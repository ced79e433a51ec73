"""Receivers of alert deliveries on loopback, for the delivery tests: a webhook receiver (the
standard library's HTTP server) and an SMTP server (aiosmtpd, the maintained one).

The webhook receiver keeps every POST (path, headers, exact body bytes) and the status it
answered; `answer` decides that status for each POST (200 by default), so a test can make a
receiver fail, then recover, or hold a request until the test lets it go.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler
from typing import Callable, Iterator, Optional

from aiosmtpd.controller import Controller

from support.server import free_port, loopback_http


@dataclass
class Post:
    path: str
    headers: dict
    body: bytes
    status: Optional[int] = None  # what the receiver answered (None while it has not)


@dataclass
class Receiver:
    base: str
    posts: list[Post] = field(default_factory=list)
    answer: Callable[[Post], int] = lambda post: 200

    def url(self, path: str) -> str:
        return self.base + path

    def acknowledged(self) -> list[Post]:
        """The POSTs it answered with 2xx."""
        return [post for post in self.posts if post.status is not None and 200 <= post.status < 300]


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802 — the standard library's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            post = Post(self.path, dict(self.headers), body)
            receiver.posts.append(post)
            status = receiver.answer(post)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
            post.status = status

        def log_message(self, *args):
            pass

    return Handler


def webhook_receiver():
    """A webhook receiver on a free loopback port until the block ends."""
    return loopback_http(Receiver, _handler)


class Mailbox:
    """What the SMTP server received: each message parsed, with its envelope."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def wait(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@contextmanager
def smtp_server(login: Optional[tuple[str, str]] = None) -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server on a free loopback port (no TLS); with `login`, it asks for that user and
    password (AUTH over the plain connection, for the test only)."""
    mailbox = Mailbox()
    options: dict = {}
    if login is not None:
        def check(server, session, envelope, mechanism, auth_data):
            from aiosmtpd.smtp import AuthResult

            ok = (auth_data.login.decode(), auth_data.password.decode()) == login
            return AuthResult(success=ok, handled=False)  # a refusal answered 535 by aiosmtpd

        options = dict(authenticator=check, auth_require_tls=False, auth_required=True)
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
