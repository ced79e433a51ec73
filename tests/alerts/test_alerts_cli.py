"""`sitrep watchlist` and `sitrep alerts` on the command line, and `sitrep ingest` raising alerts:
the seed file stored, then a near-copy of it, make one alert; JSON carries the contract's ALERT
fields; text shows hostile names without letting them drive the terminal."""

from __future__ import annotations

import json

import pytest

from sitrep.model import Analysis, Claim, Entity, Mention
from sitrep.pipeline import document_id
from sitrep.store import Store
from support.cli import run

ALERT_FIELDS = {"id", "watchlist", "story", "articles", "claims", "status", "created", "updated"}  # CONTRACT.md
XSS = "<script>alert(1)</script>"


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "sitrep.db")


def test_ingest_raises_one_alert_per_story_and_a_later_copy_updates_it(capsys, db, tmp_path, seed_path, seed_text):
    assert run(capsys, "watchlist", "add", "isis", "--actor", "ISIS", "--db", db)[0] == 0
    assert run(capsys, "watchlist", "add", "bolivia", "--place", "BO", "--db", db)[0] == 0

    status, _, err = run(capsys, "ingest", str(seed_path), "--db", db)
    assert status == 0 and "1 new alert(s), 0 updated" in err
    copy = tmp_path / "wire-copy.txt"
    copy.write_text(seed_text.split("“As painful as they may be")[0] + "\nCOMMENTS\n", encoding="utf-8")
    status, _, err = run(capsys, "ingest", str(copy), "--db", db)
    assert status == 0 and "0 new alert(s), 1 updated" in err

    status, out, _ = run(capsys, "alerts", "--format", "json", "--db", db)
    [alert] = [json.loads(line) for line in out.splitlines()]
    assert ALERT_FIELDS <= set(alert)
    assert alert["watchlist"] == "isis" and alert["status"] == "new" and len(alert["articles"]) == 2
    assert all(set(ref) == {"article", "claim"} for ref in alert["claims"])
    with Store(db) as store:
        [seed_id, copy_id] = alert["articles"]
        assert store.copy_of(copy_id) == seed_id
        hit = next(h for h in store.search(actor="ISIS") if h.id == seed_id)
    assert [r["claim"] for r in alert["claims"] if r["article"] == seed_id] == [c.id for c in hit.claims]

    status, out, _ = run(capsys, "watchlist", "list", "--format", "json", "--db", db)
    listed = {w["name"]: w for w in map(json.loads, out.splitlines())}
    assert (listed["isis"]["alerts"], listed["bolivia"]["alerts"]) == (1, 0)
    assert listed["isis"]["search"] == "sitrep search --actor ISIS"


def test_alerts_are_triaged_from_the_command_line(capsys, db, seed_analysis):
    with Store(db) as store:
        store.save([seed_analysis])
    run(capsys, "watchlist", "add", "russia", "--place", "RU", "--db", db)
    with Store(db) as store:
        from sitrep.alerts.match import match_documents

        match_documents(store, [seed_analysis.id])
    alert_id = json.loads(run(capsys, "alerts", "--format", "json", "--db", db)[1])["id"]

    status, out, _ = run(capsys, "alerts", alert_id, "--set-status", "important", "--db", db)
    assert status == 0 and out.startswith("[important] ")
    assert run(capsys, "alerts", "--status", "new", "--db", db)[1] == "no alerts\n"
    assert json.loads(run(capsys, "alerts", "--status", "important", "--format", "json", "--db", db)[1])["id"] \
        == alert_id
    status, _, err = run(capsys, "alerts", "nosuchalert", "--set-status", "read", "--db", db)
    assert status == 1 and "'nosuchalert': no such alert" in err
    status, _, err = run(capsys, "alerts", "--set-status", "read", "--db", db)
    assert status == 2 and "needs the ids" in err


def test_watchlist_commands_say_what_went_wrong(capsys, db):
    assert run(capsys, "watchlist", "add", "everything", "--db", db)[0] == 1
    status, _, err = run(capsys, "watchlist", "add", "x", "--modality", "certain", "--db", db)
    assert status == 2 and "unknown modality 'certain'" in err
    status, _, err = run(capsys, "watchlist", "add", "x", "--actor", "ISIS", "--since", "March", "--db", db)
    assert status == 2 and "since must be a date" in err
    assert run(capsys, "watchlist", "add", "x", "--actor", "ISIS", "--db", db)[0] == 0
    status, _, err = run(capsys, "watchlist", "add", "x", "--place", "SY", "--db", db)
    assert status == 1 and "there is a watchlist named 'x' already" in err
    status, _, err = run(capsys, "watchlist", "remove", "y", "--db", db)
    assert status == 1 and "no watchlist named 'y'" in err
    status, _, err = run(capsys, "watchlist", "remove", "x", "--db", db)
    assert status == 0 and run(capsys, "watchlist", "list", "--db", db)[1].startswith("no watchlists")
    status, _, err = run(capsys, "alerts", "--db", db + ".missing")
    assert status == 1 and "no store" in err


def hostile() -> Analysis:
    """A report whose title and actor try to inject markup and terminal escapes."""
    body = f"Officials said the {XSS} Group attacked the town."
    start = body.index(f"{XSS} Group")
    return Analysis(id=document_id(body), input="evil.txt", title=f"Breaking \x1b[2J\x1b[31m{XSS}", body=body,
                    published="2020-01-01", outlet=f"Evil {XSS} News",
                    entities=[Entity(id="e1", name=f"{XSS} Group", type="GROUP",
                                     mentions=[Mention(start=start, end=start + len(XSS) + 6, text=f"{XSS} Group")])],
                    claims=[Claim(id="c1", start=0, end=len(body) - 1, text=body[:-1], actor="e1", action="ASSAULT",
                                  modality="alleged")])


def test_hostile_names_and_titles_stay_text_in_the_terminal(capsys, db):
    with Store(db) as store:
        store.save([hostile()])
    assert run(capsys, "watchlist", "add", XSS, "--actor", f"{XSS} Group", "--db", db)[0] == 0
    with Store(db) as store:
        from sitrep.alerts.match import match_documents

        assert match_documents(store, [hostile().id]).created == 1

    status, out, _ = run(capsys, "alerts", "--db", db)
    assert status == 0 and "\x1b" not in out
    assert f"Breaking \\x1b[2J\\x1b[31m{XSS}" in out and f"watchlist {XSS}" in out
    status, out, _ = run(capsys, "watchlist", "list", "--db", db)
    assert out.startswith(f"{XSS}  (1 alert(s))") and "--actor '<script>alert(1)</script> Group'" in out
    [alert] = [json.loads(line) for line in run(capsys, "alerts", "--format", "json", "--db", db)[1].splitlines()]
    assert alert["title"] == f"Breaking \x1b[2J\x1b[31m{XSS}" and alert["watchlist"] == XSS
    status, _, err = run(capsys, "watchlist", "add", "evil\x1b]0;pwned\x07", "--actor", "ISIS", "--db", db)
    assert status == 1 and "control characters" in err and "\x1b" not in err
