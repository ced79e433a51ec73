"""Who acts on whom in a real browser: an arrow of the network opens the claims behind it, the
table under it lists every arrow with the same links, and hostile names stay inert.

The claims an arrow opens are checked against the articles' own analyses (GET /api/articles/ID,
the contract's JSON): each listed claim's action is the arrow's, its actor answers to the actor
filter and one of its targets to the target filter (an entity by a name or alias, a place by its
name or its country's code)."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import parse_qs, urlsplit

from sitrep.api import create_app
from sitrep.model import MODALITIES, Analysis, Claim, Entity, Mention, Place
from sitrep.pipeline import document_id
from sitrep.store import Store
from support.server import live_server

XSS = "<script>alert(1)</script>"


def analysis(desk: str, article_id: str) -> dict:
    with urllib.request.urlopen(f"{desk}/api/articles/{article_id}") as response:
        return json.load(response)


def answers_to(record: dict, value: str) -> bool:
    """An entity or place answers to a filter value by its name or an alias, any case, or (a
    place) by its country's ISO code."""
    names = {record["name"].casefold(), *(a.casefold() for a in record.get("aliases", []))}
    return value.casefold() in names or (len(value) == 2 and (record.get("country") or "").upper() == value.upper())


def listed_claims(desk: str, page) -> list[tuple[dict, dict]]:
    """(analysis, claim) of every claim the search page lists, read from the article's JSON."""
    found = []
    for href in page.locator("ol.hits ul.claims a").evaluate_all("links => links.map(a => a.href)"):
        article_id, claim_id = re.search(r"/articles/([^/?#]+)\?claim=([^#&]+)", href).groups()
        stored = analysis(desk, article_id)
        found.append((stored, next(c for c in stored["claims"] if c["id"] == claim_id)))
    return found


def check_claims_of_edge(desk: str, page, action: str, claims: int) -> None:
    """The search page reached from an arrow lists `claims` claims, each of the arrow's action,
    actor and target (as the link's filters name them)."""
    asked = {name: values[0] for name, values in parse_qs(urlsplit(page.url).query).items()}
    assert asked["action"] == action and asked["actor"] and asked["target"]
    found = listed_claims(desk, page)
    assert len(found) == claims
    for stored, claim in found:
        records = {r["id"]: r for r in stored["entities"] + stored["places"]}
        assert claim["action"] == action
        assert answers_to(records[claim["actor"]], asked["actor"]), claim
        assert any(answers_to(records[t], asked["target"]) for t in claim["target"]), claim


def test_an_arrow_of_the_network_opens_the_claims_behind_it(desk, page, screenshots):
    page.goto(desk + "/network")
    arrow = page.locator("svg.network a.edge").first  # the widest: most claims
    arrow.wait_for()
    key = {name: arrow.get_attribute(f"data-{name}") for name in ("actor", "action", "target")}
    row = page.locator(f"table.edges tr[data-actor='{key['actor']}'][data-action='{key['action']}']"
                       f"[data-target='{key['target']}']")
    claims = int(row.locator("td.num").first.inner_text())
    assert claims >= 1
    page.screenshot(path=screenshots / "network.png", full_page=True)

    arrow.locator("text.action").click()
    page.wait_for_url(re.compile(r"/search\?"))
    check_claims_of_edge(desk, page, key["action"], claims)


def test_the_table_lists_every_arrow_and_each_link_finds_its_claims(desk, page):
    page.goto(desk + "/network")
    rows = page.locator("table.edges tbody tr")
    arrows = page.locator("svg.network a.edge")
    assert rows.count() == arrows.count() >= 2
    edges = [(row.get_attribute("data-action"), int(row.locator("td.num").first.inner_text()),
              row.locator("a.claims").get_attribute("href")) for row in rows.all()]
    for action, claims, href in edges:
        page.goto(desk + href)
        check_claims_of_edge(desk, page, action, claims)


def test_the_network_takes_the_desks_filters_and_names_an_unknown_one(desk, page):
    page.goto(desk + "/network?modality=predicted&colour=red")
    assert "unknown filter 'colour'" in page.locator("p.unknown-filter").inner_text()
    rows = page.locator("table.edges tbody tr").all()
    assert rows, "the examples hold predicted claims with a target"
    for row in rows:
        claims, *by_modality = row.locator("td.num").all_inner_texts()  # claims, then one column per modality
        assert dict(zip(MODALITIES, by_modality)) == {m: claims if m == "predicted" else "" for m in MODALITIES}


def hostile_analysis() -> Analysis:
    body = f"The {XSS} Brigade attacked <img src=x onerror=alert(2)> Town on Monday."
    actor, target = f"{XSS} Brigade", "<img src=x onerror=alert(2)> Town"

    def at(text: str) -> dict:
        return {"start": body.index(text), "end": body.index(text) + len(text), "text": text}

    return Analysis(
        id=document_id(body), input="evil.html", outlet=f"Evil {XSS} News", title=f"Breaking {XSS}",
        published="2020-01-01", body=body,
        entities=[Entity(id="e1", name=actor, type="GROUP", mentions=[Mention(**at(actor))])],
        places=[Place(id="p1", name=target, kind="city", country=None, mentions=[Mention(**at(target))])],
        claims=[Claim(id="c1", **at(body.rstrip(".")), actor="e1", action="ASSAULT", target=["p1"],
                      modality="occurred")],
    )


def test_hostile_names_on_the_network_stay_inert(browser, tmp_path):
    store = Store(tmp_path / "hostile.db")
    store.save([hostile_analysis()])
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with live_server(create_app(store)) as url:
            page.goto(url + "/network")
            labels = page.locator("svg.network .node text.name").all_text_contents()
            assert any(label.startswith(XSS) for label in labels)  # as text, cut short to fit the picture
            assert f"{XSS} Brigade: acts in 1 claim, aimed at in 0" in page.locator(
                "svg.network .node title").all_text_contents()
            assert page.locator("table.edges td.actor").inner_text() == f"{XSS} Brigade"
            assert page.locator("table.edges td.target").inner_text() == "<img src=x onerror=alert(2)> Town"
            assert page.evaluate("document.scripts.length") == 0 and page.locator("img").count() == 0
            page.locator("table.edges a.claims").click()
            page.wait_for_url(re.compile(r"/search\?"))
            assert page.locator("ol.hits ul.claims a").count() == 1
            assert page.evaluate("document.scripts.length") == 0 and page.locator("img").count() == 0
        assert dialogs == []
    finally:
        page.close()
        store.close()
