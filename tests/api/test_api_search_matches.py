"""What a hit shows on the desk's search page and in GET /api/search (issue 19, item 15): the
claims the actor takes part in, else where the article names it; negation as everywhere."""

from __future__ import annotations

import html as html_lib
import re

from support.search_corpus import commandos, dont_blame_bush, radio_ads


def hit_html(page: str, document_id: str) -> str:
    """The <li class="hit"> of the article with this id."""
    start = page.index(f'href="/articles/{document_id}"')
    start = page.rindex('<li class="hit">', 0, start)
    return page[start:page.index("\n  </li>", start)]


def text_of(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def test_api_search_hits_carry_their_claims_or_their_mentions(corpus_client):
    hits = {h["id"]: h for h in corpus_client.get("/api/search", params={"actor": "ISIS"}).json()["items"]}
    assert [c["id"] for c in hits[radio_ads().id]["claims"]] == ["c1"]
    assert [c["id"] for c in hits[commandos().id]["claims"]] == ["c1"]
    bush = hits[dont_blame_bush().id]
    assert bush["claims"] == []
    assert bush["mentions"] == [{"name": "Islamic State", "start": bush["mentions"][0]["start"],
                                 "end": bush["mentions"][0]["start"] + 4, "text": "ISIL"}]


def test_search_page_names_where_an_article_mentions_the_actor(corpus_client):
    page = corpus_client.get("/search", params={"actor": "ISIS"}).text
    bush = text_of(hit_html(page, dont_blame_bush().id))
    assert "named in no matching claim: Islamic State (“ISIL”)" in bush
    assert "small ISIL to quickly" in bush
    fight = text_of(hit_html(page, commandos().id))
    assert "“They” → ASSAULT → Islamic State in Syria planned" in fight
    assert "named in no matching claim" not in fight


def test_search_page_shows_a_negated_claim_as_not(corpus_client):
    page = corpus_client.get("/search", params={"q": "blame"}).text
    assert "“They” → not ACCUSE → George W. Bush" in text_of(hit_html(page, dont_blame_bush().id))
