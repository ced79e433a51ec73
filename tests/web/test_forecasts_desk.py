"""The forecast ledger's desk page in a real browser: the calibration chart per ICD 203 band with
the counts behind each point, the same counts as the API, evidence links both ways, and stored
text that stays text."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from sitrep.api import create_app
from sitrep.model import Analysis, Claim, Entity, Place
from sitrep.pipeline import document_id
from sitrep.store import Store
from support.ledger_corpus import new_york_threat, rubio_orlando
from support.server import live_server

NOW = "2017-06-01"  # every horizon of the store below is over: each forecast happened or is not seen
HOSTILE = 'Militants will probably attack <img src=x onerror="alert(1)"> the <script>alert(2)</script> city.'


def hostile() -> Analysis:
    """A forecast whose sentence carries markup: it must show as text."""
    start = HOSTILE.index("Militants")
    return Analysis(
        id=document_id(HOSTILE), input="hostile.txt", outlet="<b>Outlet</b>", published="2016-04-01", body=HOSTILE,
        entities=[Entity(id="e1", name="<i>Militants</i>", type="GROUP")],
        places=[Place(id="p1", name="Russia", kind="country", country="RU")],
        claims=[Claim(id="c1", text=HOSTILE, start=start, end=len(HOSTILE), actor="e1", action="ASSAULT",
                      target=["p1"], modality="predicted",
                      certainty={"cue": "probably", "band": "likely", "p_low": 0.55, "p_high": 0.8})],
    )


@pytest.fixture(scope="module")
def ledger_desk(nlp, seed_text, tmp_path_factory):
    """A desk over the seed (real analysis), a threat, a later report of the attack, and a hostile forecast."""
    from sitrep import analyze

    store = Store(tmp_path_factory.mktemp("ledger-desk") / "sitrep.db")
    seed = analyze(seed_text, published="2016-03-25")
    store.save([new_york_threat(), seed, hostile()])
    store.save([rubio_orlando()])
    with live_server(create_app(store)) as url:
        yield url, seed
    store.close()


def get_json(url: str):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


def test_the_calibration_chart_shows_each_band_with_its_counts(ledger_desk, page, screenshots):
    url, _ = ledger_desk
    ledger = get_json(f"{url}/api/ledger?now={NOW}")
    page.goto(f"{url}/forecasts?now={NOW}")
    chart = page.locator("svg#calibration")
    chart.wait_for()
    bands = chart.locator("g.band")
    assert bands.count() == len(ledger["bands"]) == 8
    for row in ledger["bands"]:
        column = chart.locator(f'g.band[data-band="{row["band"]}"]')
        assert column.get_attribute("data-made") == str(row["made"])
        assert column.get_attribute("data-happened") == str(row["happened"])
        assert column.get_attribute("data-not-seen") == str(row["not_seen"])
        decided = row["happened"] + row["not_seen"]
        assert column.locator("text.counts").text_content() == f"{row['happened']}/{decided} happened"
        assert column.locator("rect.stated").is_visible()
        assert column.locator("circle.observed").count() == (1 if decided else 0)
    likely = next(row for row in ledger["bands"] if row["band"] == "likely")
    # the seed's United States (happened) and Russia (not seen), the hostile page's Russia (not seen)
    assert (likely["happened"], likely["not_seen"]) == (1, 2)
    dot = chart.locator('g.band[data-band="likely"] circle.observed')
    stated = chart.locator('g.band[data-band="likely"] rect.stated')
    # the observed rate (1/3) is drawn below the band's stated range (0.55-0.80): the dot sits under the bar
    assert dot.bounding_box()["y"] > stated.bounding_box()["y"] + stated.bounding_box()["height"]
    table = page.locator('table.calibration tr[data-band="likely"]')
    assert re.sub(r"\s+", " ", table.inner_text()).strip().startswith("likely 0.55–0.80 3 1 2 0 0.33")
    page.screenshot(path=screenshots / "forecasts.png", full_page=True)


def test_a_happened_forecast_links_to_its_prediction_and_to_the_report(ledger_desk, page):
    url, seed = ledger_desk
    report = rubio_orlando()
    page.goto(f"{url}/forecasts?now={NOW}&status=happened")
    cards = page.locator("article.forecast")
    assert cards.count() >= 2 and all(s == "happened" for s in cards.locator(".status").all_inner_texts())
    card = cards.filter(has=page.locator(".modality", has_text="predicted")).filter(
        has=page.locator(".target", has_text="United States")).first
    assert card.locator(".actor").inner_text() == "Islamic State"
    card.locator("a.resolution").first.click()
    page.wait_for_url(re.compile(rf"/articles/{report.id}\?claim=c1#evidence$"))
    highlighted = " ".join("".join(page.locator(".body .mark.selected").all_inner_texts()).split())
    assert highlighted == "ISIS’s targeting of gays both in the Orlando attack"
    # and back: the report's forecasts
    page.goto(f"{url}/forecasts?now={NOW}&article={report.id}")
    actors = page.locator("article.forecast .actor").all_inner_texts()
    assert actors and set(actors) == {"Islamic State"}
    page.locator("article.forecast a.evidence").first.click()
    page.wait_for_url(re.compile(r"/articles/[^?]+\?claim=c\d+#evidence$"))
    assert page.url.split("/articles/")[1].split("?")[0] in {seed.id, new_york_threat().id}


def test_stored_text_on_the_ledger_page_stays_text(ledger_desk, page):
    url, _ = ledger_desk
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}/forecasts?now={NOW}&outlet=<b>Outlet</b>")
    card = page.locator("article.forecast")
    assert card.count() == 1
    assert "<script>alert(2)</script>" in card.locator("blockquote").inner_text()
    assert card.locator(".actor").inner_text() == "<i>Militants</i>"
    assert page.locator("main img").count() == 0 and page.locator("main i, main b").count() == 0
    scripts = page.locator("script").evaluate_all("s => s.map(e => e.getAttribute('src'))")
    assert all(src and src.startswith("/static/") for src in scripts)
    assert dialogs == []
