"""Corrections on the desk in a real browser: sign in with the token, merge two entities and undo
it, mark a claim wrong and undo it, and write hostile aliases and notes that must stay inert.
Every change is undone before the test ends: the desk server is shared by the session's tests."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

XSS = "<script>alert('corrections')</script>"


def api(desk: str, path: str) -> dict:
    with urllib.request.urlopen(f"{desk}{path}") as response:
        return json.load(response)


def sign_in(page, desk: str, token: str, analyst: str = "Ana Analyst") -> None:
    page.goto(f"{desk}/corrections")
    page.fill("input[name=analyst]", analyst)
    page.fill("input[name=token]", token)
    page.click("form.sign-in button")
    page.wait_for_selector(f"text=Signed in as {analyst}")


def entity_row(page, name: str):
    """The entity list's row whose name cell is exactly `name`."""
    return page.locator("table.names tbody tr").filter(
        has=page.locator("td:first-child a", has_text=re.compile(rf"^{re.escape(name)}$")))


def entities_total(page) -> int:
    return int(re.search(r"\((\d+)\)", page.locator("h1").inner_text()).group(1))


def entity_page(desk: str, name: str) -> str:
    return f"{desk}/entities/{urllib.parse.quote(name, safe='')}"


def test_merge_two_entities_then_undo_it(desk, page, token, screenshots):
    top = api(desk, "/api/entities?limit=2")["items"]
    into, merged = top[0], top[1]
    page.goto(f"{desk}/entities?sort=name")
    total = api(desk, "/api/entities?limit=1")["total"]
    sign_in(page, desk, token)

    page.goto(entity_page(desk, merged["name"]))
    page.fill("#corrections input[name=into]", into["name"])
    page.click("#corrections form:has(input[name=into]) button")
    page.wait_for_selector("#corrections ul.merged")
    assert page.locator("#corrections .merged-name").inner_text() == merged["name"]

    page.goto(f"{desk}/entities?sort=name&q=")
    assert entities_total(page) == total - 1
    assert entity_row(page, merged["name"]).count() == 0
    row = entity_row(page, into["name"])
    assert row.count() == 1 and int(row.locator("td").nth(2).inner_text()) >= into["articles"]
    page.goto(entity_page(desk, into["name"]))
    page.locator("#corrections").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "corrections.png")

    page.click("#corrections ul.merged button.undo")
    page.wait_for_selector("#corrections ul.merged", state="detached")
    page.goto(f"{desk}/entities?sort=name")
    assert entities_total(page) == total
    assert int(entity_row(page, merged["name"]).locator("td").nth(2).inner_text()) == merged["articles"]
    assert int(entity_row(page, into["name"]).locator("td").nth(2).inner_text()) == into["articles"]
    page.goto(f"{desk}/corrections")
    assert page.locator("table.corrections-log tbody tr").first.locator("td.summary").inner_text().startswith("undid #")


def test_a_claim_marked_wrong_leaves_the_brief_and_comes_back_on_undo(desk, page, token):
    sign_in(page, desk, token)
    page.goto(desk + "/")
    card = page.locator("article.card").first
    document, claim = card.get_attribute("data-document"), card.get_attribute("data-claim")
    cards = page.locator("article.card").count()
    mine = f'article.card[data-document="{document}"][data-claim="{claim}"]'

    page.goto(f"{desk}/articles/{urllib.parse.quote(document, safe='')}")
    page.select_option("#corrections select[name=claim] >> nth=0", claim)
    page.fill("#corrections input[name=reason]", XSS)
    page.click("#corrections form:has(input[name=reason]) button")
    page.wait_for_selector("#corrections ul.wrong-claims")
    assert page.locator("#corrections .reason").inner_text() == XSS
    assert "wrong" in (page.locator("table.claims tbody tr").filter(
        has=page.locator(f'a[href="?claim={claim}#evidence"]')).get_attribute("class") or "")

    page.goto(desk + "/")
    assert page.locator(mine).count() == 0 and page.locator("article.card").count() == cards - 1

    page.goto(f"{desk}/articles/{urllib.parse.quote(document, safe='')}")
    page.click("#corrections ul.wrong-claims button.undo")
    page.wait_for_selector("#corrections ul.wrong-claims", state="detached")
    page.goto(desk + "/")
    assert page.locator(mine).count() == 1 and page.locator("article.card").count() == cards


def test_hostile_aliases_and_notes_stay_inert_on_every_page_showing_them(desk, page, token):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text
            else None)
    sign_in(page, desk, token, analyst=f"{XSS} Eve")
    name = api(desk, "/api/entities?limit=1")["items"][0]["name"]
    page.goto(entity_page(desk, name))
    page.fill("#corrections input[name=alias]", XSS)
    page.click("#corrections form:has(input[name=alias]) button")
    page.wait_for_selector("#corrections .alias")
    assert page.locator("#corrections .alias").inner_text() == XSS
    document = api(desk, "/api/articles?limit=1")["items"][0]["id"]
    article = f"{desk}/articles/{urllib.parse.quote(document, safe='')}"
    page.goto(article)
    page.fill("#corrections input[name=text]", XSS)
    page.click("#corrections form:has(input[name=text]) button")
    page.wait_for_selector("#corrections .note-text")
    assert page.locator("#corrections .note-text").inner_text() == XSS

    for url in (entity_page(desk, name), entity_page(desk, XSS), article, f"{desk}/corrections"):
        page.goto(url)
        assert page.locator("script:not([src])").count() == 0, url  # no script of theirs became an element
        assert XSS in page.locator("main").inner_text(), url  # shown as the words they are
    assert dialogs == [] and violations == []

    for _ in range(2):  # take both back: the alias on the entity page, the note on the article
        page.goto(f"{desk}/corrections")
        page.locator("table.corrections-log tbody tr:not(.undone):not(.undo) button.undo").first.click()
        page.wait_for_load_state()
    assert api(desk, f"/api/corrections/articles/{urllib.parse.quote(document, safe='')}")["notes"] == []
    assert api(desk, f"/api/corrections/entities/{urllib.parse.quote(name, safe='')}")["aliases"] == []
