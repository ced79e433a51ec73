"""The ledger counts forecasts per source identity (issue 17, item 2): Donald J. Trump threatening
to pull out of NATO (the New York Times) and a later-named "Trump" vowing to "bomb the hell" out of
the Islamic State (USA Today, after "Donald Trump") are two forecasts of one source, found by any
name an article gives him or by his identity (tests/support/source_corpus.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.ledger.read import LedgerFilters
from support.cli import run
from support.source_corpus import american_officials, trump_bomb, trump_nato

NOW = dt.date(2016, 7, 1)


@pytest.fixture
def trump(store):
    store.save([trump_bomb(), trump_nato(), american_officials()])
    return store


def test_the_per_source_table_groups_by_identity(trump):
    ledger = trump.forecast_ledger(LedgerFilters(now=NOW))
    [row] = [t for t in ledger.sources if t.key == "name:donald trump"]
    assert (row.name, row.made, row.open + row.not_seen + row.happened) == ("Donald Trump", 2, 2)
    assert len(ledger.sources) == 1  # the officials' claim is no forecast


@pytest.mark.parametrize("source", ["Trump", "Donald J. Trump", "donald trump", "name:donald trump"])
def test_a_source_is_found_by_any_name_or_its_identity(trump, source):
    found = trump.forecasts(LedgerFilters(source=source, now=NOW), limit=None)
    assert {f.source for f in found} == {"Trump", "Donald J. Trump"}
    assert {f.source_identity for f in found} == {"name:donald trump"}
    assert trump.forecast_ledger(LedgerFilters(source=source, now=NOW)).made == 2


def test_forecasts_text_shows_one_row_for_the_source(tmp_path, capsys):
    from sitrep.store import Store

    db = str(tmp_path / "sitrep.db")
    with Store(db) as store:
        store.save([trump_bomb(), trump_nato()])
    status, out, err = run(capsys, "forecasts", "--db", db, "--now", "2016-07-01", "--format", "text",
                           "--source", "Trump")
    assert status == 0, err
    sources = out.split("-- sources")[1].split("-- outlets")[0].splitlines()[1:]
    assert len(sources) == 1 and sources[0].split()[:3] == ["Donald", "Trump", "2"]
