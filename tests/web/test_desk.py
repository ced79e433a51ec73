"""The analyst's desk in a real browser: brief -> evidence, the map's country filter, and a
hostile document that must stay inert. Cards are found by what they say, never by position."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request



SELECTED_BACKGROUND = "rgb(255, 179, 71)"  # .mark.selected in static/style.css
HOSTILE_TEXT = ("Officials said <script>alert(1)</script> was planted on the page.\n"
                'A second line tried <img src=x onerror="alert(2)"> and <b onmouseover=alert(3)>bold</b> too.')
HOSTILE_HTML = ("<html><head><title>Breaking <script>alert(4)</script></title></head><body><article>"
                "<h1>Officials warn of attack</h1><p>Officials said militants will probably attack the city, "
                "the ministry said on Monday.</p><img src=x onerror=alert(5)><script>alert(6)</script>"
                "<p>Police said the group planned more attacks in the region next month.</p></article></body></html>")


def seed_card(page):
    """The seed's forecast: Islamic State -> ASSAULT -> Russia, predicted, likely, one anonymous source."""
    def part(css, text):
        return page.locator(css, has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))
    return (page.locator("article.card")
            .filter(has=part(".actor", "Islamic State")).filter(has=part(".action", "ASSAULT"))
            .filter(has=part(".target", "Russia")).filter(has=part(".modality", "predicted"))
            .filter(has=part(".band", "likely")).filter(has=page.locator(".anon"))
            .filter(has=part(".sources", "1 source")))


def post(url: str, document: dict, token: str | None):
    request = urllib.request.Request(url, data=json.dumps(document).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


def test_brief_card_opens_its_evidence_highlighted(desk, page, screenshots):
    page.goto(desk + "/")
    card = seed_card(page).first
    page.locator("details.actor", has=card).first.locator("summary").click()  # the brief folds by actor
    card.wait_for()
    assert card.locator(".sourcing").inner_text().strip().startswith("an Arab intelligence official")
    page.screenshot(path=screenshots / "brief.png")
    claim_text = " ".join(card.locator("blockquote").inner_text().split())

    card.locator("a.evidence").click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+\?claim=c\d+#evidence$"))
    evidence = page.locator("#evidence")
    assert evidence.is_visible()
    assert evidence.evaluate("e => getComputedStyle(e).backgroundColor") == SELECTED_BACKGROUND
    highlighted = " ".join("".join(page.locator(".body .mark.selected").all_inner_texts()).split())
    assert highlighted == claim_text
    record = page.locator("#records .record.claim.active")
    assert record.count() == 1 and "Russia" in record.inner_text() and "likely" in record.inner_text()

    page.locator(".body .mark.place", has_text="Syria").first.click()  # the side panel follows clicks
    assert page.locator("#records .record.place.active", has_text="Syria").is_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=screenshots / "article.png")


def test_map_filters_to_russia(desk, page, screenshots):
    page.goto(desk + "/map")
    russia = page.locator('path.country[data-country="RU"]')
    assert "shade-0" not in russia.get_attribute("class")  # claims are about Russia
    page.select_option("select[name=place]", "RU")  # the filter's name on every page
    page.get_by_role("button", name="show").click()
    page.wait_for_url(re.compile(r"place=RU"))
    assert "selected" in russia.get_attribute("class")
    assert page.locator("path.country.selected").count() == 1
    cards = page.locator("article.card")
    assert cards.count() >= 1
    # a card about Russia names it as a target, or as the place ("in Russia")
    assert all("Russia" in t for t in cards.locator("h4").all_inner_texts())
    assert seed_card(page).count() >= 1
    page.screenshot(path=screenshots / "map.png")


def test_hostile_document_renders_inert(desk, page, token):
    assert post(desk + "/api/articles", {"text": HOSTILE_TEXT}, None)[0] == 401
    assert post(desk + "/api/articles", {"text": HOSTILE_TEXT}, "wrong")[0] == 401
    status, text_doc = post(desk + "/api/articles",
                            {"text": HOSTILE_TEXT, "title": "Breaking <script>alert(7)</script>",
                             "url": "javascript:alert(8)"}, token)
    assert status == 201, text_doc
    status, html_doc = post(desk + "/api/articles", {"html": HOSTILE_HTML, "url": "https://example.org/x"}, token)
    assert status == 201, html_doc

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (f"/articles/{text_doc['id']}", f"/articles/{html_doc['id']}", "/", "/articles", "/timeline"):
        page.goto(desk + path)
        page.wait_for_load_state("load")
        for piece in page.locator(".body .mark").all()[:20]:
            piece.hover()
        scripts = page.locator("script").evaluate_all("s => s.map(e => e.getAttribute('src'))")
        assert all(src and src.startswith("/static/") for src in scripts), (path, scripts)
        assert page.locator("img").count() == 0 and page.locator("main b").count() == 0, path
        assert not page.locator("a[href^='javascript:']").count(), path
    page.goto(desk + f"/articles/{text_doc['id']}")
    body = page.locator(".body").inner_text()
    assert "<script>alert(1)</script>" in body and "onerror=" in body
    assert "<script>alert(7)</script>" in page.locator("h1").inner_text()
    assert dialogs == []
