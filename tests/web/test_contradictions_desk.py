"""Contradiction in the desk, in a real browser: a claim card and the article page show a claim's
support and its contradiction side by side (counts by independent outlet and source, with the
outlets' ratings), each contradicting claim linked to its evidence; real excerpts
(tests/support/contradiction_corpus.py): Britain's accusation of Russia (Deutsche Welle,
2018-03-29) and Moscow's denial a week later (Dhaka Tribune, 2018-04-05), with a copy of the
denial that never counts."""

from __future__ import annotations

import json
import urllib.request

import pytest

from sitrep.api import create_app
from sitrep.store import Store
from support.contradiction_corpus import accusation, denial, denial_copy, lewandowski
from support.server import live_server


@pytest.fixture(scope="module")
def contradiction_desk(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("contradiction-desk") / "sitrep.db")
    store.save([accusation()])
    store.save([denial(), denial_copy(), lewandowski()])
    with live_server(create_app(store)) as url:
        yield url
    store.close()


def get_json(url: str):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


def test_a_card_shows_the_denial_beside_the_support(contradiction_desk, page, screenshots):
    url = contradiction_desk
    dw, dhaka = accusation(), denial()
    page.goto(f"{url}/?place=RU&action=ACCUSE")
    card = page.locator(f'article.card[data-document="{dw.id}"][data-claim="c1"]')
    card.wait_for()
    standing = card.locator(".standing")
    support, against = standing.locator(".support"), standing.locator(".contradiction")
    assert "corroborated by 1 source in 1 outlet" in " ".join(support.inner_text().split())
    assert "1 rated reliable" in support.inner_text()
    text = " ".join(against.inner_text().split())
    assert "contradicted by 1 source in 1 outlet (1 unrated)" in text
    # side by side: the two boxes share a row
    assert abs(support.bounding_box()["y"] - against.bounding_box()["y"]) < 5
    assert support.bounding_box()["x"] < against.bounding_box()["x"]
    item = against.locator(f'li[data-document="{dhaka.id}"][data-claim="c3"]')
    assert item.locator(".kind").inner_text() == "denial"
    assert "Moscow → REJECT" in item.inner_text() and "Dhaka Tribune" in item.inner_text()
    assert against.locator("li").count() == 1  # the copy of the denial does not count
    # the same as the API
    api = get_json(f"{url}/api/claims?place=RU&action=ACCUSE")
    [card_json] = [c for c in api["items"] if (c["document_id"], c["claim"]) == (dw.id, "c1")]
    assert card_json["contradiction"]["outlets"] == 1 and card_json["contradiction"]["sources"] == 1
    page.screenshot(path=str(screenshots / "contradiction-card.png"), full_page=True)
    # the link opens the denial's evidence
    item.locator("a").click()
    page.wait_for_url(f"**/articles/{dhaka.id}?claim=c3#evidence")
    assert page.locator("#evidence").is_visible()
    assert "".join(page.locator("article.body .selected").all_inner_texts()) == "Moscow denies any involvement"


def test_the_article_page_shows_each_claims_contradiction(contradiction_desk, page):
    url = contradiction_desk
    dw, dhaka = accusation(), denial()
    page.goto(f"{url}/articles/{dw.id}")
    row = page.locator("table.claims tbody tr").first
    row.wait_for()
    assert row.locator("td.contradiction-count").inner_text().strip() == "1 src · 1 outlet"
    record = page.locator('.record.claim[data-ref="c1"]')
    assert "contradicted by 1 source in 1 outlet" in " ".join(record.locator(".contradiction").inner_text().split())
    # the denial's page: what it denies, in two outlets
    page.goto(f"{url}/articles/{dhaka.id}?claim=c3")
    denied = page.locator('.record.claim[data-ref="c3"] .contradiction')
    expected = "contradicted by 2 sources in 2 outlets (1 rated reliable, 1 unrated)"
    assert expected in " ".join(denied.inner_text().split())
    assert denied.locator(f'li[data-document="{dw.id}"]').count() == 2


def test_an_unrelated_negated_claim_shows_no_contradiction(contradiction_desk, page):
    url = contradiction_desk
    wapo = lewandowski()
    page.goto(f"{url}/articles/{wapo.id}")
    page.locator("table.claims").wait_for()
    dismissed = page.locator('.record.claim[data-ref="c2"] .contradiction')
    assert "no contradiction stored" in dismissed.inner_text()
    grab = page.locator('.record.claim[data-ref="c3"] .contradiction li')
    assert grab.count() == 1 and grab.locator(".kind").inner_text() == "negation"
