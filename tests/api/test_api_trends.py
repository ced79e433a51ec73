"""GET /api/trends and the /trends page over the sample store (the NATO report, dated 2017, and a
hostile page, dated 2020; the seed is undated), on each backend: the bins cover the range, the
lines count what the claim cards show, and a bad choice is refused in words."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sitrep.store import Filters
from sitrep.store.schema import name_key
from sitrep.timebins import binned, unit_for


def test_the_report_bins_the_claims_of_every_dimension(client, stored):
    store, _ = stored
    cards = [c for c in store.claim_cards(Filters(), limit=500) if c.published]
    first, last = min(c.published for c in cards), max(c.published for c in cards)
    for by, key_of in [("actor", lambda c: [name_key(c.actor)] if c.actor else []), ("action", lambda c: [c.action]),
                       ("country", lambda c: c.countries), ("source", lambda c: [c.source_key])]:
        report = client.get("/api/trends", params={"by": by}).json()
        assert report["unit"] == unit_for(first, last) == "month"
        expected = binned(Counter(c.published for c in cards).items(), first, last)
        assert [(p["since"], p["claims"]) for p in report["periods"]] == [(str(p.since), p.count) for p in expected]
        totals = Counter(key for c in cards for key in key_of(c))
        assert {line["key"]: line["total"] for line in report["lines"]} == dict(totals), by
        for line in report["lines"]:
            assert sum(line["claims"]) == line["total"] and len(line["claims"]) == len(report["periods"])


def test_filters_and_choices(client):
    week = client.get("/api/trends", params={"since": "2017-02-06", "until": "2017-02-12", "place": "LT"}).json()
    assert week["unit"] == "day" and [p["claims"] for p in week["periods"]] == [0, 1, 0, 0, 0, 0, 0]
    assert [(line["name"], line["claims"]) for line in week["lines"]] == [
        ("North Atlantic Treaty Organization", [0, 1, 0, 0, 0, 0, 0])]
    empty = client.get("/api/trends", params={"since": "2030-01-01"}).json()
    assert empty == {"by": "actor", "unit": None, "periods": [], "lines": [], "keys": 0}
    assert client.get("/api/trends", params={"by": "outlet"}).status_code == 422
    assert client.get("/api/trends", params={"top": 0}).status_code == 422
    page = client.get("/trends", params={"by": "outlet"}).text
    assert "by must be one of actor, action, country, source, not &#39;outlet&#39;" in page
    assert "unknown filter &#39;zoom&#39;" in client.get("/trends", params={"zoom": "3"}).text
    assert dt.date.fromisoformat(week["periods"][0]["since"]) == dt.date(2017, 2, 6)
