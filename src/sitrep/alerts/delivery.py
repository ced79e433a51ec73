"""Sending the outbox's alerts: a webhook POST and an e-mail over SMTP, with retries.

A webhook gets the ALERT record (CONTRACT.md) as a JSON body, with:
- `Idempotency-Key: <alert id>`: the same for every try of one alert to one receiver, so a
  receiver can drop the repeat a crash can cause (outbox.py says when);
- `X-Sitrep-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body bytes under the secret in
  $SITREP_WEBHOOK_SECRET, which a receiver recomputes to know the alert is sitrep's and
  unaltered (no secret set: no signature, said once per run).
Its URL is checked as the watch checks what it fetches (watch/safety.py: http(s) only, no
private, loopback or link-local address unless allowed; a plain-http POST goes to the
addresses checked), redirects are not followed, and the answer's body is not read. 2xx is an
acknowledgement; 408, 425, 429, 5xx and network errors are tried again later (exponential
backoff, kept in the outbox); another 4xx, a refused URL, or running out of attempts, marks the
delivery failed.

An e-mail is plain text (the alert as `sitrep alerts` shows it), sent with smtplib to the
server of $SITREP_SMTP_HOST. Its Message-ID is made from the alert id, so a mail client shows a
repeat as the same message. A 5xx answer from the server is final; anything else is tried again.

Secrets (the webhook secret, the SMTP password) come from the environment only, and are never
written anywhere: errors name a webhook by its origin (scheme://host/…; a webhook URL's path
is often its own secret), and every error text is scrubbed of the secrets before it is kept or shown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Optional
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..store import Store
from ..watch.safety import UnsafeURL, check_url, open_checked
from .inbox import Inbox
from .outbox import EMAIL, PENDING, WEBHOOK, Claimed, Outbox
from .records import Alert
from .text import format_alerts, shown

SIGNATURE_HEADER = "X-Sitrep-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
SECURITY = ("starttls", "ssl", "none")
_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_RETRIED_4XX = (408, 425, 429)  # a client error that says "later", not "never"
_MAX_BACKOFF = dt.timedelta(hours=6)
_PARALLEL = 4  # deliveries sent at the same time by one deliverer
_SUBJECT_LENGTH = 150
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class DeliverySettingsError(ValueError):
    """A delivery setting of the environment that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where e-mail goes: $SITREP_SMTP_HOST, _PORT, _SECURITY (starttls, ssl, none), _USER,
    _PASSWORD, _FROM."""

    host: str
    port: int
    security: str
    sender: str
    user: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)


@dataclass(frozen=True)
class DeliverySettings:
    """How alerts are delivered, from the environment (`from_env`) or given by a test."""

    webhook_secret: Optional[str] = field(default=None, repr=False)
    smtp: Optional[SmtpSettings] = None
    attempts: int = 8  # tries of one delivery before it is marked failed
    backoff: float = 60.0  # seconds before the second try; doubled for each next one (at most 6 h)
    timeout: float = 10.0  # seconds for a connection, a read or an SMTP exchange
    allow_private: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, *, allow_private: bool = False) -> "DeliverySettings":
        return cls(webhook_secret=environ.get("SITREP_WEBHOOK_SECRET") or None, smtp=_smtp(environ),
                   attempts=_number(environ, "SITREP_DELIVERY_ATTEMPTS", 8, int, 1),
                   backoff=_number(environ, "SITREP_DELIVERY_BACKOFF", 60.0, float, 0),
                   timeout=_number(environ, "SITREP_DELIVERY_TIMEOUT", 10.0, float, 0.1),
                   allow_private=allow_private)

    @property
    def secrets(self) -> list[str]:
        return [s for s in (self.webhook_secret, self.smtp.password if self.smtp else None) if s]

    def next_try(self, attempts: int, now: dt.datetime) -> dt.datetime:
        """When to try again after `attempts` failed tries: backoff, 2 x backoff, 4 x ..., at most 6 h."""
        return now + min(dt.timedelta(seconds=self.backoff * 2 ** (attempts - 1)), _MAX_BACKOFF)

    @property
    def lease(self) -> dt.timedelta:
        """How long a delivery is held by its sender: past every timeout of one try."""
        return dt.timedelta(seconds=5 * self.timeout + 60)


def _smtp(environ: Mapping[str, str]) -> Optional[SmtpSettings]:
    host = environ.get("SITREP_SMTP_HOST")
    if not host:
        return None
    security = environ.get("SITREP_SMTP_SECURITY", "starttls").lower()
    if security not in SECURITY:
        raise DeliverySettingsError(f"SITREP_SMTP_SECURITY must be one of {', '.join(SECURITY)}, not {security!r}")
    sender = environ.get("SITREP_SMTP_FROM") or f"sitrep@{socket.getfqdn()}"
    return SmtpSettings(host=host, port=_number(environ, "SITREP_SMTP_PORT", _PORTS[security], int, 1),
                        security=security, sender=sender, user=environ.get("SITREP_SMTP_USER") or None,
                        password=environ.get("SITREP_SMTP_PASSWORD") or None)


def _number(environ: Mapping[str, str], name: str, default, kind: Callable, least: float):
    text = environ.get(name)
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or value < least:
        raise DeliverySettingsError(f"{name} must be a number of at least {least}, not {text!r}")
    return value


def sign(body: bytes, secret: str) -> str:
    """The signature header's value: "sha256=" and the HMAC-SHA256 of the body, in hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def origin(url: str) -> str:
    """scheme://host[:port]/… of a webhook URL: enough to recognise it, not its secret path."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"


@dataclass(frozen=True)
class Outcome:
    """What one try came to: acknowledged, or the error and whether trying again could help."""

    ok: bool
    said: str  # "HTTP 200", or what went wrong
    lasting: bool = False


async def post_webhook(client: httpx.AsyncClient, url: str, alert: Alert, settings: DeliverySettings) -> Outcome:
    """POST the alert to the webhook once."""
    try:  # bounded: a try must end within its lease (DeliverySettings.lease), or another sender may take it
        addresses = await asyncio.wait_for(check_url(url, settings.allow_private), settings.timeout)
    except UnsafeURL as err:
        return Outcome(False, str(err).replace(url, origin(url)), lasting=True)
    except asyncio.TimeoutError:
        return Outcome(False, f"{origin(url)}: its host was not resolved within {settings.timeout:g} s")
    body = alert.model_dump_json().encode()
    headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: alert.id,
               "User-Agent": f"sitrep/{__version__} (alert delivery)"}
    if settings.webhook_secret:
        headers[SIGNATURE_HEADER] = sign(body, settings.webhook_secret)
    try:
        response = await open_checked(client, "POST", url, addresses, headers=headers, content=body)
        status = response.status_code  # the body is not read: only the status counts
        await response.aclose()
    except httpx.TimeoutException:
        return Outcome(False, f"no answer within {settings.timeout:g} s")
    except httpx.HTTPError as err:
        return Outcome(False, f"{type(err).__name__}: {err}".replace(url, origin(url)))
    if 200 <= status < 300:
        return Outcome(True, f"HTTP {status}")
    return Outcome(False, f"HTTP {status}", lasting=400 <= status < 500 and status not in _RETRIED_4XX)


def alert_email(alert: Alert, sender: str, to: str) -> EmailMessage:
    """The alert as a plain-text e-mail. Its subject and body come from other people's pages: in the
    subject every control character is a space (a newline cannot add a header), in the body each is
    shown escaped (an escape sequence cannot reach a terminal)."""
    message = EmailMessage()
    subject = " ".join(_CONTROL.sub(" ", f"[sitrep] {alert.watchlist}: {alert.title or '(untitled)'}").split())
    message["Subject"] = subject if len(subject) <= _SUBJECT_LENGTH else subject[:_SUBJECT_LENGTH - 1] + "…"
    message["From"], message["To"] = sender, to
    message["Message-ID"] = f"<sitrep-alert-{alert.id}@{sender.rpartition('@')[2] or 'sitrep.invalid'}>"
    message["X-Sitrep-Alert"] = alert.id
    message.set_content(f"Watchlist {shown(alert.watchlist)} raised an alert.\n\n{format_alerts([alert])}\n"
                        f"Show it: sitrep alerts {alert.id}\n")
    return message


def send_email(message: EmailMessage, smtp: SmtpSettings, timeout: float) -> Outcome:
    """Hand the message to the SMTP server once (blocking: run it in a thread)."""
    try:
        with _connect(smtp, timeout) as connection:
            if smtp.security == "starttls":
                connection.starttls(context=ssl.create_default_context())
            if smtp.user:
                connection.login(smtp.user, smtp.password or "")
            connection.send_message(message)
    except smtplib.SMTPRecipientsRefused as err:
        codes = [code for code, _ in err.recipients.values()]
        return Outcome(False, f"the SMTP server refused the address (SMTP {', '.join(map(str, codes))})",
                       lasting=all(code >= 500 for code in codes))
    except smtplib.SMTPAuthenticationError as err:
        return Outcome(False, f"the SMTP server refused the login (SMTP {err.smtp_code}): check "
                              "SITREP_SMTP_USER and SITREP_SMTP_PASSWORD")
    except smtplib.SMTPResponseException as err:
        return Outcome(False, f"SMTP {err.smtp_code}: {_text(err.smtp_error)}", lasting=err.smtp_code >= 500)
    except (smtplib.SMTPException, OSError) as err:
        return Outcome(False, f"{type(err).__name__}: {err}")
    return Outcome(True, "accepted by the SMTP server")


def _connect(smtp: SmtpSettings, timeout: float) -> smtplib.SMTP:
    if smtp.security == "ssl":
        return smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=ssl.create_default_context())
    return smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


@dataclass
class Delivered:
    """What one round of delivery did."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    waiting_for_smtp: int = 0  # e-mail deliveries left pending: no SMTP server is set


class Deliverer:
    """Sends the outbox's due deliveries of one store, as one owner ("host:pid:nonce")."""

    def __init__(self, store: Store, settings: DeliverySettings, owner: str, say: Callable[[str], None]):
        self.store = store
        self.settings = settings
        self.outbox = Outbox(store, owner)
        self.inbox = Inbox(store)
        self.say = say
        self.told_unsigned = False

    def retry_failed(self) -> int:
        """Send the failed deliveries again, from their first attempt (see Outbox.retry_failed)."""
        return self.outbox.retry_failed(_now())

    def reclaim_orphans(self, alive: Callable[[int], bool]) -> int:
        """Free the deliveries this machine's dead processes held (see Outbox.reclaim_orphans)."""
        return self.outbox.reclaim_orphans(socket.gethostname(), alive, _now())

    async def deliver_due(self) -> Delivered:
        """Send every delivery due now, each once, _PARALLEL at a time; e-mail only when an SMTP
        server is set (else they wait, counted)."""
        done = Delivered()
        channels = [WEBHOOK] + ([EMAIL] if self.settings.smtp else [])
        sent: set[int] = set()  # tried in this round: a retry due at once waits for the next round
        if not self.outbox.any_due(_now(), channels):
            return self._waiting(done)
        # trust_env off: a webhook URL is whoever saved the watchlist's choice, and the environment's
        # .netrc credentials and proxies are not lent to it.
        async with httpx.AsyncClient(timeout=httpx.Timeout(self.settings.timeout), follow_redirects=False,
                                     trust_env=False) as client:

            async def sender() -> None:
                while claimed := self.outbox.claim(_now(), channels, self.settings.lease, limit=1, exclude=sent):
                    sent.add(claimed[0].id)
                    await self._one(client, claimed[0], done)

            await asyncio.gather(*(sender() for _ in range(_PARALLEL)))
        return self._waiting(done)

    def _waiting(self, done: Delivered) -> Delivered:
        """`done`, with the e-mail deliveries counted that wait for an SMTP server to be set."""
        if not self.settings.smtp:
            done.waiting_for_smtp = self.outbox.counts(channel=EMAIL)[PENDING]
        return done

    async def _one(self, client: httpx.AsyncClient, claimed: Claimed, done: Delivered) -> None:
        alert = self.inbox.alert(claimed.alert_id)
        if alert is None:  # its watchlist was removed meanwhile: the delivery went with it
            return
        if claimed.channel == WEBHOOK:
            if not self.settings.webhook_secret and not self.told_unsigned:
                self.told_unsigned = True
                self.say("SITREP_WEBHOOK_SECRET is not set: webhooks are sent without a signature")
            outcome = await post_webhook(client, claimed.receiver, alert, self.settings)
            receiver = f"webhook {origin(claimed.receiver)}"
        else:
            assert self.settings.smtp is not None  # claimed only with a server set
            message = alert_email(alert, self.settings.smtp.sender, claimed.receiver)
            outcome = await asyncio.to_thread(send_email, message, self.settings.smtp, self.settings.timeout)
            receiver = f"e-mail {claimed.receiver}"
        self._record(claimed, outcome, f"alert {alert.id} to {receiver}", done)

    def _record(self, claimed: Claimed, outcome: Outcome, what: str, done: Delivered) -> None:
        """The outcome kept in the outbox (committed before anything else happens) and said."""
        now = _now()
        said = self._scrubbed(outcome.said)
        if outcome.ok:
            self.outbox.delivered(claimed, now)
            done.delivered += 1
            self.say(f"{what}: delivered ({said})")
        elif outcome.lasting or claimed.attempts >= self.settings.attempts:
            self.outbox.give_up(claimed, said)
            done.failed += 1
            why = "refused" if outcome.lasting else f"gave up after {claimed.attempts} attempt(s)"
            self.say(f"{what}: failed, {why}: {said}")
        else:
            at = self.settings.next_try(claimed.attempts, now)
            self.outbox.retry(claimed, at, said)
            done.retrying += 1
            self.say(f"{what}: {said}; attempt {claimed.attempts} of {self.settings.attempts}, next at "
                     f"{at:%Y-%m-%d %H:%M:%S} UTC")

    def _scrubbed(self, text: str) -> str:
        return scrub(text, self.settings.secrets)


def scrub(text: str, secrets: Sequence[Optional[str]]) -> str:
    """The text with every secret in it written as [secret]."""
    for secret in filter(None, secrets):
        text = text.replace(secret, "[secret]")
    return text


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
