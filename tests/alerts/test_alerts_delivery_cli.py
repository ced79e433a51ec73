"""`sitrep alerts deliver` and `sitrep alerts digest` on the command line: what they print, their
exit status, settings from the environment with no secret ever shown, and the digest's window,
watchlist, formats and e-mail."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sitrep.alerts.match import match_documents
from sitrep.alerts.tables import AlertRow, DeliveryRow, WatchlistRow
from sitrep.store import Store
from support.cli import run
from support.receivers import smtp_server, webhook_receiver

SECRET = "cli-signing-secret-0c4f"
HOOK = "/hooks/PATH-T0KEN-33"
XSS = "<script>alert(1)</script>"


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "sitrep.db")


@pytest.fixture
def stored(db, seed_analysis, excerpts):
    """A store with the seed and the excerpts, and the alerts of two watchlists on them; the
    Obama watchlist's alerts last updated three days ago."""
    run_quiet("watchlist", "add", "isis", "--actor", "ISIS", "--db", db)
    run_quiet("watchlist", "add", "obama", "--actor", "Obama", "--db", db)
    with Store(db) as store:
        hostile = seed_analysis.model_copy(update={"title": f"ISIS claims the attacks {XSS} *now*"})
        store.save([hostile, *excerpts])
        match_documents(store, [hostile.id, *(a.id for a in excerpts)])
        with Session(store.engine) as session, session.begin():
            obama = (select(AlertRow.id).join(WatchlistRow, WatchlistRow.id == AlertRow.watchlist_id)
                     .where(WatchlistRow.name == "obama").scalar_subquery())
            session.execute(update(AlertRow).where(AlertRow.id.in_(obama))
                            .values(updated_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3)))
    return db


def run_quiet(*argv: str) -> None:
    from sitrep.cli import main

    assert main(list(argv)) == 0


def test_deliver_says_what_it_did_and_never_shows_a_secret(capsys, db, seed_analysis, monkeypatch):
    monkeypatch.setenv("SITREP_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("SITREP_DELIVERY_BACKOFF", "0")
    statuses = iter([500])
    with webhook_receiver() as receiver:
        receiver.answer = lambda post: next(statuses, 200)
        run_quiet("watchlist", "add", "isis", "--actor", "ISIS", "--webhook", receiver.url(HOOK), "--db", db)
        with Store(db) as store:
            store.save([seed_analysis])
            match_documents(store, [seed_analysis.id])

        refused = run(capsys, "alerts", "deliver", "--db", db)  # a loopback receiver, not allowed
        assert refused[0] == 1 and "failed, refused" in refused[2] and "loopback address" in refused[2]
        assert run(capsys, "alerts", "deliver", "--db", db, "--allow-private")[2].endswith(
            "0 delivered, 0 to try again later, 0 failed\n")  # a failed delivery stays failed
        failing = run(capsys, "alerts", "deliver", "--db", db, "--allow-private", "--retry-failed")
        working = run(capsys, "alerts", "deliver", "--db", db, "--allow-private")
        idle = run(capsys, "alerts", "deliver", "--db", db, "--allow-private")

    assert failing[0] == 1 and "1 failed delivery(ies) put back in the queue" in failing[2]
    assert "HTTP 500; attempt 1 of 8" in failing[2]
    assert working[0] == 0 and "delivered (HTTP 200)" in working[2] and "1 delivered, 0 to try again" in working[2]
    assert idle[0] == 0 and "0 delivered, 0 to try again later, 0 failed" in idle[2]
    assert [p.status for p in receiver.posts] == [500, 200]
    shown = "".join(out + err for _, out, err in (refused, failing, working, idle))
    assert f"{receiver.base}/…" in shown
    assert SECRET not in shown and "T0KEN" not in shown
    with Store(db) as store, Session(store.engine) as session:
        kept = " ".join(str(value) for row in session.execute(select(DeliveryRow.last_error)) for value in row)
    assert SECRET not in kept and "T0KEN" not in kept


def test_deliver_refuses_a_bad_setting_by_its_name(capsys, db, seed_analysis, monkeypatch):
    run_quiet("watchlist", "add", "isis", "--actor", "ISIS", "--db", db)
    monkeypatch.setenv("SITREP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SITREP_SMTP_SECURITY", "tls-please")
    status, _, err = run(capsys, "alerts", "deliver", "--db", db)
    assert status == 1 and "SITREP_SMTP_SECURITY must be one of starttls, ssl, none" in err
    monkeypatch.setenv("SITREP_SMTP_SECURITY", "none")
    monkeypatch.setenv("SITREP_DELIVERY_ATTEMPTS", "0")
    status, _, err = run(capsys, "alerts", "deliver", "--db", db)
    assert status == 1 and "SITREP_DELIVERY_ATTEMPTS must be a number of at least 1" in err


def test_the_digest_holds_the_window_s_alerts_in_each_format(capsys, stored):
    status, text, _ = run(capsys, "alerts", "digest", "--db", stored)
    _, json_out, _ = run(capsys, "alerts", "digest", "--format", "json", "--db", stored)
    _, wider, _ = run(capsys, "alerts", "digest", "--hours", "100", "--format", "json", "--db", stored)
    _, obama, _ = run(capsys, "alerts", "digest", "--since", (dt.date.today() - dt.timedelta(days=5)).isoformat(),
                      "--watchlist", "obama", "--format", "json", "--db", stored)
    _, markdown, _ = run(capsys, "alerts", "digest", "--format", "markdown", "--db", stored)

    day, week, obama_only = json.loads(json_out), json.loads(wider), json.loads(obama)
    assert status == 0
    assert day["count"] > 0 and {a["watchlist"] for a in day["alerts"]} == {"isis"}  # Obama's are 3 days old
    assert {a["watchlist"] for a in week["alerts"]} == {"isis", "obama"} and week["count"] > day["count"]
    assert obama_only["count"] == week["count"] - day["count"]
    assert {a["watchlist"] for a in obama_only["alerts"]} == {"obama"}
    assert text.startswith(f"sitrep digest: {day['count']} alert(s) raised or updated from ")
    assert f"by watchlist: isis {day['count']}" in text
    assert all(f"alert {a['id']}" in text for a in day["alerts"])
    assert all(f"alert `{a['id']}`" in markdown for a in day["alerts"])
    assert XSS not in markdown and "\\<script\\>" in markdown and "\\*now\\*" in markdown


def test_the_digest_goes_as_one_email(capsys, stored, monkeypatch):
    with smtp_server() as (mailbox, port):
        monkeypatch.setenv("SITREP_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SITREP_SMTP_PORT", str(port))
        monkeypatch.setenv("SITREP_SMTP_SECURITY", "none")
        monkeypatch.setenv("SITREP_SMTP_FROM", "sitrep@newsroom.example")
        status, out, err = run(capsys, "alerts", "digest", "--hours", "100", "--email", "desk@example.org",
                               "--db", stored)
        [message] = mailbox.wait(1)
    _, text, _ = run(capsys, "alerts", "digest", "--hours", "100", "--db", stored)
    assert status == 0 and out == ""
    count = text.split(": ", 1)[1].split(" ", 1)[0]
    assert f"digest of {count} alert(s) sent to desk@example.org" in err
    assert message["Subject"].startswith(f"[sitrep] digest: {count} alert(s) since ")
    assert mailbox.envelopes == [("sitrep@newsroom.example", ["desk@example.org"])]
    body = message.get_content()
    assert "by watchlist: isis" in body and ", obama " in body
    assert body.replace("\r\n", "\n").split("\n", 1)[1] == text.split("\n", 1)[1]  # the text digest (times aside)


def test_the_digest_says_what_is_wrong_with_its_options(capsys, stored, monkeypatch):
    monkeypatch.delenv("SITREP_SMTP_HOST", raising=False)
    assert run(capsys, "alerts", "digest", "--email", "not an address", "--db", stored)[0] == 2
    status, _, err = run(capsys, "alerts", "digest", "--email", "desk@example.org", "--db", stored)
    assert status == 1 and "set SITREP_SMTP_HOST" in err
    with pytest.raises(SystemExit):
        run(capsys, "alerts", "digest", "--hours", "8", "--since", "2026-12-07", "--db", stored)
    with pytest.raises(SystemExit):
        run(capsys, "alerts", "digest", "--since", "yesterday", "--db", stored)
    assert "not an ISO date or time" in capsys.readouterr().err
