"""Delivering alerts, on SQLite and PostgreSQL, to a webhook receiver and an SMTP server on
loopback: the signature a receiver can check, the idempotency key, retries with backoff, giving
up, never twice to a receiver that acknowledged, private addresses refused, e-mail content,
and no secret in anything shown or kept."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.alerts.delivery import Deliverer, DeliverySettings, SmtpSettings
from sitrep.alerts.inbox import Inbox
from sitrep.alerts.match import match_documents
from sitrep.alerts.tables import DeliveryRow
from sitrep.alerts.watchlists import Watchlists
from sitrep.store import Filters, Store
from support.receivers import smtp_server, webhook_receiver

SECRET = "s3cret-signing-key-7f2c"
HOOK_PATH = "/hooks/T0KEN-in-the-path-91ab"  # a webhook URL's path is often its own secret


@pytest.fixture
def receiver():
    with webhook_receiver() as served:
        yield served


def settings(**changes) -> DeliverySettings:
    values = dict(webhook_secret=SECRET, attempts=8, backoff=0.2, timeout=5.0, allow_private=True)
    return DeliverySettings(**{**values, **changes})


def deliver(store: Store, delivery: DeliverySettings, said: list[str] | None = None):
    lines = [] if said is None else said
    return asyncio.run(Deliverer(store, delivery, "test:1:a", lines.append).deliver_due())


def alert_on_seed(store: Store, seed_analysis, webhook=None, email=None):
    Watchlists(store).add("isis", Filters.build(actor="ISIS"), webhook=webhook, email=email)
    store.save([seed_analysis])
    match_documents(store, [seed_analysis.id])
    [alert] = Inbox(store).alerts(watchlist="isis")
    return alert


def rows(store: Store) -> list[DeliveryRow]:
    with Session(store.engine) as session:
        return list(session.scalars(select(DeliveryRow).order_by(DeliveryRow.id)))


def test_a_webhook_gets_the_alert_signed_with_its_id_as_the_idempotency_key(store, seed_analysis, receiver):
    alert = alert_on_seed(store, seed_analysis, webhook=receiver.url(HOOK_PATH))

    done = deliver(store, settings())

    [post] = receiver.posts
    assert (done.delivered, done.retrying, done.failed) == (1, 0, 0)
    assert post.path == HOOK_PATH and post.headers["Content-Type"] == "application/json"
    assert json.loads(post.body) == json.loads(Inbox(store).alert(alert.id).model_dump_json())  # the ALERT record
    assert post.headers["Idempotency-Key"] == alert.id
    # What a receiver does: recompute the HMAC over the exact body bytes with the shared secret.
    expected = "sha256=" + hmac.new(SECRET.encode(), post.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(post.headers["X-Sitrep-Signature"], expected)
    forged = "sha256=" + hmac.new(SECRET.encode(), post.body.replace(b"isis", b"isil"), hashlib.sha256).hexdigest()
    assert forged != post.headers["X-Sitrep-Signature"]
    [row] = rows(store)
    assert (row.state, row.attempts, row.lease_owner, row.last_error) == ("delivered", 1, None, None)
    assert row.delivered_at is not None
    assert deliver(store, settings()).delivered == 0 and len(receiver.posts) == 1  # never again


def test_a_500_is_tried_again_with_growing_waits_then_delivered_once(store, seed_analysis, receiver):
    statuses = iter([500, 502])
    receiver.answer = lambda post: next(statuses, 200)
    alert_on_seed(store, seed_analysis, webhook=receiver.url(HOOK_PATH))
    delivery = settings(backoff=1.0)  # 1 s, then 2 s

    first, (before, after) = timed(lambda: deliver(store, delivery))
    [row] = rows(store)
    assert first.retrying == 1 and row.state == "pending" and row.last_error == "HTTP 500"
    assert before + dt.timedelta(seconds=1) <= _utc(row.next_attempt_at) <= after + dt.timedelta(seconds=1)
    assert deliver(store, delivery).retrying == 0 and len(receiver.posts) == 1  # not due yet: not sent

    _sleep_until(row.next_attempt_at)
    second, (before, after) = timed(lambda: deliver(store, delivery))
    [row] = rows(store)
    assert second.retrying == 1
    assert before + dt.timedelta(seconds=2) <= _utc(row.next_attempt_at) <= after + dt.timedelta(seconds=2)  # doubled
    _sleep_until(row.next_attempt_at)
    assert deliver(store, delivery).delivered == 1

    assert [post.status for post in receiver.posts] == [500, 502, 200]
    assert len({post.headers["Idempotency-Key"] for post in receiver.posts}) == 1
    assert len({post.body for post in receiver.posts}) == 1
    [row] = rows(store)
    assert (row.state, row.attempts, row.last_error) == ("delivered", 3, None)
    assert deliver(store, delivery).delivered == 0 and len(receiver.posts) == 3


def test_a_receiver_that_keeps_failing_is_given_up_after_the_attempts_and_a_404_at_once(store, seed_analysis,
                                                                                         receiver):
    receiver.answer = lambda post: 503 if post.path == "/down" else 404
    Watchlists(store).add("gone", Filters.build(query="Islamic State"), webhook=receiver.url("/gone"))
    alert_on_seed(store, seed_analysis, webhook=receiver.url("/down"))
    delivery = settings(attempts=2, backoff=0)

    said: list[str] = []
    first = deliver(store, delivery, said)
    second = deliver(store, delivery, said)
    third = deliver(store, delivery, said)

    assert (first.failed, first.retrying) == (1, 1)  # the 404 at once; the 503 tried again
    assert (second.failed, second.retrying) == (1, 0)  # out of attempts
    assert (third.failed, third.retrying, third.delivered) == (0, 0, 0)
    assert sorted(post.path for post in receiver.posts) == ["/down", "/down", "/gone"]
    assert {(row.receiver.rsplit("/", 1)[1], row.state, row.attempts, row.last_error) for row in rows(store)} == {
        ("down", "failed", 2, "HTTP 503"), ("gone", "failed", 1, "HTTP 404")}
    assert any("gave up after 2 attempt(s): HTTP 503" in line for line in said)
    assert any("failed, refused: HTTP 404" in line for line in said)


def test_an_acknowledged_alert_is_not_sent_again_when_a_later_article_joins_it(store, seed_analysis, seed_copy,
                                                                                receiver):
    alert = alert_on_seed(store, seed_analysis, webhook=receiver.url(HOOK_PATH))
    deliver(store, settings())

    store.save([seed_copy])
    assert match_documents(store, [seed_copy.id]).updated == 1
    assert Inbox(store).alert(alert.id).articles == [seed_analysis.id, seed_copy.id]
    done = deliver(store, settings())

    assert done.delivered == 0 and len(receiver.posts) == 1
    assert len(rows(store)) == 1


def test_an_alert_raised_is_in_the_outbox_with_it_one_row_per_receiver(store, seed_analysis, excerpts):
    Watchlists(store).add("both", Filters.build(actor="ISIS"), webhook="https://hooks.example.org/a",
                          email="desk@example.org")
    Watchlists(store).add("inbox-only", Filters.build(actor="ISIS"))
    store.save([seed_analysis, *excerpts])
    match_documents(store, [seed_analysis.id, *(a.id for a in excerpts)])

    alerted = Inbox(store).alerts()
    both = {a.id for a in alerted if a.watchlist == "both"}
    assert both and len(alerted) == 2 * len(both)  # the two watchlists alert on the same stories
    assert sorted((row.alert_id, row.channel, row.receiver, row.state) for row in rows(store)) == sorted(
        [(alert_id, "email", "desk@example.org", "pending") for alert_id in both]
        + [(alert_id, "webhook", "https://hooks.example.org/a", "pending") for alert_id in both])


def test_a_webhook_on_a_private_address_is_refused_unless_allowed(store, seed_analysis, receiver):
    alert_on_seed(store, seed_analysis, webhook=receiver.url(HOOK_PATH))

    said: list[str] = []
    done = deliver(store, settings(allow_private=False), said)

    assert done.failed == 1 and receiver.posts == []
    [row] = rows(store)
    assert row.state == "failed" and "loopback address" in row.last_error
    assert "T0KEN" not in row.last_error and "T0KEN" not in "".join(said)
    assert f"{receiver.base}/…" in said[0]


def test_an_email_reaches_the_smtp_server_with_a_readable_subject_and_body(store, seed_analysis):
    with smtp_server() as (mailbox, port):
        alert = alert_on_seed(store, seed_analysis, email="desk@example.org")
        smtp = SmtpSettings(host="127.0.0.1", port=port, security="none", sender="sitrep@newsroom.example")

        done = deliver(store, settings(smtp=smtp))

        [message] = mailbox.wait(1)
    assert done.delivered == 1 and rows(store)[0].state == "delivered"
    assert mailbox.envelopes == [("sitrep@newsroom.example", ["desk@example.org"])]
    assert message["Subject"] == f"[sitrep] isis: {seed_analysis.title}"
    assert (message["From"], message["To"]) == ("sitrep@newsroom.example", "desk@example.org")
    assert message["Message-ID"] == f"<sitrep-alert-{alert.id}@newsroom.example>"
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    assert "Watchlist isis raised an alert." in body
    assert f"alert {alert.id}" in body and "why: sitrep search --actor ISIS" in body
    assert f"- {seed_analysis.id}: claims " in body  # why the article matched
    assert f"sitrep alerts {alert.id}" in body


def test_a_hostile_title_cannot_add_a_header_to_the_email(store, seed_analysis):
    hostile = seed_analysis.model_copy(update={"title": "Attack\r\nBcc: victim@example.org\n<script>x</script>\x1b[2J"})
    with smtp_server() as (mailbox, port):
        alert_on_seed(store, hostile, email="desk@example.org")
        smtp = SmtpSettings(host="127.0.0.1", port=port, security="none", sender="sitrep@newsroom.example")
        deliver(store, settings(smtp=smtp))
        [message] = mailbox.wait(1)
    assert message["Bcc"] is None and mailbox.envelopes[0][1] == ["desk@example.org"]
    assert message["Subject"] == "[sitrep] isis: Attack Bcc: victim@example.org <script>x</script> [2J"
    assert "\x1b" not in message.get_content()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # the test server's plain AUTH
def test_email_waits_without_a_server_and_a_refused_login_keeps_no_password(store, seed_analysis):
    alert_on_seed(store, seed_analysis, email="desk@example.org")
    waiting = deliver(store, settings())
    assert waiting.waiting_for_smtp == 1 and rows(store)[0].attempts == 0

    with smtp_server(login=("desk", "right-password")) as (mailbox, port):
        smtp = SmtpSettings(host="127.0.0.1", port=port, security="none", sender="sitrep@newsroom.example",
                            user="desk", password="wr0ng-passw0rd")
        said: list[str] = []
        done = deliver(store, settings(smtp=smtp), said)
    assert done.retrying == 1 and mailbox.messages == []
    [row] = rows(store)
    assert "refused the login" in row.last_error
    assert "wr0ng-passw0rd" not in row.last_error + "".join(said) + repr(smtp) + repr(settings(smtp=smtp))
    assert SECRET not in repr(settings())


def test_two_deliverers_at_once_send_each_alert_once(db_url, seed_analysis, excerpts, receiver):
    with Store(db_url) as store:
        for number, name in enumerate(["isis", "islamic-state", "attack", "obama"]):
            search = [{"actor": "ISIS"}, {"query": "Islamic State"}, {"query": "attack"}, {"actor": "Obama"}][number]
            Watchlists(store).add(name, Filters.build(**search), webhook=receiver.url(f"/{name}"))
        store.save([seed_analysis, *excerpts])
        match_documents(store, [seed_analysis.id, *(a.id for a in excerpts)])
        raised = len(rows(store))
    assert raised >= 4

    async def both() -> None:
        stores = [Store(db_url), Store(db_url)]
        try:
            deliverers = [Deliverer(s, settings(), f"test:{i}:a", lambda line: None) for i, s in enumerate(stores)]
            await asyncio.gather(*(d.deliver_due() for d in deliverers))
        finally:
            for opened in stores:
                opened.close()

    asyncio.run(both())
    keys = [(post.path, post.headers["Idempotency-Key"]) for post in receiver.posts]
    assert len(keys) == raised and len(set(keys)) == raised


def timed(call):
    """What `call` returns, and the times (UTC) just before and just after it."""
    before = dt.datetime.now(dt.timezone.utc)
    result = call()
    return result, (before, dt.datetime.now(dt.timezone.utc))


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _sleep_until(when: dt.datetime) -> None:
    import time

    time.sleep(max(0.0, (_utc(when) - dt.datetime.now(dt.timezone.utc)).total_seconds()) + 0.02)
