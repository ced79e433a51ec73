"""The store keeps each article's outlet rating: corroboration counts independent outlets by
rating, and search, the desk's claims and the article list can keep only outlets rated reliable.

The six PolNeAR articles of tests/fixtures/polnear/corroboration (HuffPost and Western
Journalism covering the same three events), ingested under their outlets' names: HuffPost is
rated reliable by NewsGuard (huffpost.com, 87.5), Western Journalism unreliable by NewsGuard
(westernjournal.com, 32.5). Under PolNeAR's own publisher codes ("huff-post") no outlet is known,
so each is unrated.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from sitrep.dates import parse_date
from sitrep.documents import RawDocument
from sitrep.outlets import with_outlet
from sitrep.pipeline import analyze_raw_documents
from sitrep.store import Filters, Store
from sitrep.store.migrate import _config
from support.cli import run

FOLDER = Path(__file__).parent.parent / "fixtures" / "polnear" / "corroboration"
NAMES = {"huff-post": "HuffPost", "west-journal": "Western Journalism"}


@pytest.fixture(scope="module")
def analyses(nlp):
    with (FOLDER / "metadata.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return list(analyze_raw_documents(
        RawDocument(input=row["filename"], text=(FOLDER / f"{row['filename']}.txt").read_text(encoding="utf-8"),
                    title=row["title"], outlet=NAMES[row["publisher"]], published=parse_date(row["publication_date"]))
        for row in rows))


@pytest.fixture
def store(db_url, analyses):
    with Store(db_url) as opened:
        opened.save(analyses)
        yield opened


def _resignations(analyses):
    """The claims of Weiner's 2011 resignation, which both outlets report (tests/corpus/test_corroboration.py)."""
    return [(a, c) for a in analyses for c in a.claims
            if c.action == "RETREAT" and "resigned from Congress" in c.text]


def test_the_outlets_are_rated_by_their_names(analyses):
    assert {(a.outlet, a.outlet_reliability.label, a.outlet_reliability.origin, a.outlet_reliability.domain)
            for a in analyses} == {("HuffPost", "reliable", "NewsGuard", "huffpost.com"),
                                   ("Western Journalism", "unreliable", "NewsGuard", "westernjournal.com")}


def test_corroboration_counts_independent_outlets_by_rating(store, analyses):
    pairs = _resignations(analyses)
    assert {a.outlet for a, _ in pairs} == {"HuffPost", "Western Journalism"}
    for analysis, claim in pairs:
        support = store.corroboration(analysis.id, claim.id)
        assert support.outlets == 2
        assert support.outlets_by_rating == {"reliable": 1, "mixed": 0, "unreliable": 1, "unrated": 0}
        assert {(s.outlet, s.outlet_reliability.label) for s in support.supports} == {
            ("HuffPost", "reliable"), ("Western Journalism", "unreliable")}


def test_outlets_no_one_rated_are_counted_as_unrated(db_url, analyses):
    coded = [with_outlet(a.model_copy(update={"outlet": code, "outlet_reliability": None}))
             for a in analyses for code, name in NAMES.items() if a.outlet == name]
    assert all(a.outlet_reliability is None for a in coded)
    with Store(db_url) as store:
        store.save(coded)
        analysis, claim = _resignations(coded)[0]
        assert store.corroboration(analysis.id, claim.id).outlets_by_rating == {
            "reliable": 0, "mixed": 0, "unreliable": 0, "unrated": 2}


def test_reliable_only_keeps_articles_and_claims_of_outlets_rated_reliable(store):
    assert {h.outlet for h in store.search("Weiner")} == {"HuffPost", "Western Journalism"}
    hits = store.search("Weiner", reliable_only=True)
    assert hits and {h.outlet for h in hits} == {"HuffPost"}
    assert {h.outlet_reliability.label for h in hits} == {"reliable"}
    # the same through the walk of a search without words, and with a claim filter
    assert {h.outlet for h in store.search(actor="Anthony Weiner", reliable_only=True)} == {"HuffPost"}
    assert {h.outlet for h in store.search(action="RETREAT", reliable_only=True)} == {"HuffPost"}
    cards = store.claim_cards(Filters(reliable_only=True))
    assert cards and {c.outlet for c in cards} == {"HuffPost"}
    assert {c.outlet for c in store.claim_cards(Filters())} == {"HuffPost", "Western Journalism"}
    assert {a.outlet for a in store.list_articles(reliable_only=True)} == {"HuffPost"}


def test_search_and_brief_take_reliable_only(capsys, store, db_url):
    db = db_url
    status, out, _ = run(capsys, "search", "Weiner", "--reliable-only", "--db", db)
    assert status == 0 and "Anthony Weiner Reportedly Caught" in out and "Receives More Bad News" not in out
    assert "outlet: HuffPost (huffpost.com) — rated reliable by NewsGuard (score 87.5/100)" in out
    status, out, _ = run(capsys, "search", "Weiner", "--db", db)
    assert "outlet: Western Journalism (westernjournal.com) — rated unreliable by NewsGuard (score 32.5/100)" in out
    assert "(1 rated reliable, 1 rated unreliable)" in out  # a corroborated claim's outlets by rating
    status, out, _ = run(capsys, "brief", "--reliable-only", "--limit", "10", "--db", db)
    assert status == 0 and out.count("\n== ") + out.startswith("== ") == 3
    assert "Western Journalism" not in out


def test_an_older_store_is_rated_on_upgrade_from_url_and_outlet(db_url, analyses):
    with Store(db_url) as store:
        store.save(analyses)
        with store.engine.begin() as connection:
            command.downgrade(_config(connection), "0007")
            documents = sa.table("documents", sa.column("id"), sa.column("analysis", sa.JSON))
            for id, stored in connection.execute(sa.select(documents.c.id, documents.c.analysis)).all():
                del stored["outlet_reliability"]  # as analysed before the field existed
                connection.execute(documents.update().where(documents.c.id == id).values(analysis=stored))
    with Store(db_url) as upgraded:
        assert {h.outlet for h in upgraded.search("Weiner", reliable_only=True)} == {"HuffPost"}
        read = upgraded.get(analyses[0].id)
        assert read.outlet_reliability == analyses[0].outlet_reliability
