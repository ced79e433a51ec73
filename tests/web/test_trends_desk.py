"""Trends, the timeline and the folded brief in a real browser, over a store of real paragraphs
(support/realtext.py: PolNeAR and estimative-language sentences, tests/fixtures/PROVENANCE.md)
published over ten years, a few of them in one week of March 2016 and more in 2016, and one
hostile article whose actor, source, outlet and title carry script.

What is checked is what a reader sees: the date labels of a week, a year and ten years are dates,
on the canvas, apart from each other and big enough to read; the table under a chart holds the
counts of its bars, and those are the claims the store's cards show for each period; the brief
folds by country and actor with counts that match the cards inside; hostile names stay text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from urllib.parse import quote

import pytest

from sitrep.api import create_app
from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.model import Analysis, Claim, Entity, Place, Source
from sitrep.pipeline import analyze_raw_documents, document_id
from sitrep.store import Filters, Store
from support.realtext import paragraphs
from support.server import live_server
from support.spans import mention

XSS = "<script>alert('trend')</script>"
WEEK = ("2016-03-01", "2016-03-07")
YEAR = ("2016-01-01", "2016-12-31")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def spread_dates(n: int) -> list[dt.date]:
    """`n` publication days: a third in the first week of March 2016, a third across 2016, the rest
    across 2010-2019 (the range is ten years)."""
    week = [dt.date(2016, 3, 1 + i % 7) for i in range(n // 3)]
    year = [dt.date(2016, 1 + i % 12, 10 + i % 15) for i in range(n // 3)]
    rest = n - len(week) - len(year)
    decade = [dt.date(2010 + i * 10 // rest, 1 + (i * 5) % 12, 1 + i % 27) for i in range(rest)]
    return week + year + decade


def hostile() -> Analysis:
    """An article whose actor, source, outlet and title carry script, dated in the week."""
    body = (f"The {XSS} Brigade attacked the border post in Syria, "
            f"a spokesman named <img src=x onerror=alert(2)> said on Tuesday.")
    return Analysis(
        id=document_id(body), input="evil.html", outlet=f"Evil {XSS} News", title=f"Breaking {XSS}",
        published=dt.date(2016, 3, 3), body=body,
        entities=[Entity(id="e1", name=f"{XSS} Brigade", type="GROUP", mentions=[mention(body, f"{XSS} Brigade")])],
        places=[Place(id="p1", name="Syria", kind="country", country="SY", mentions=[mention(body, "Syria")])],
        sources=[Source(id="s1", name="<img src=x onerror=alert(2)>", description="a spokesman", named=True,
                        mentions=[mention(body, "<img src=x onerror=alert(2)>")])],
        claims=[Claim(id="c1", text=f"The {XSS} Brigade attacked the border post in Syria",
                      **_span(body, f"The {XSS} Brigade attacked the border post in Syria"), source="s1", actor="e1",
                      action="ASSAULT", target=["p1"], modality="occurred")])


def _span(body: str, text: str) -> dict:
    start = body.index(text)
    return {"start": start, "end": start + len(text)}


@pytest.fixture(scope="module")
def spread(nlp, tmp_path_factory):
    """(base URL, store) of a desk over 36 analysed real paragraphs with claims, spread over ten
    years as spread_dates says, and the hostile article."""
    raws = [RawDocument(input=f"p{i}.txt", text=text, outlet=["Reuters", "BBC", "Al Jazeera"][i % 3])
            for i, text in enumerate(paragraphs()[:80])]
    analysed = [a for a in analyze_raw_documents(raws) if not isinstance(a, InputError) and a.claims][:36]
    assert len(analysed) == 36
    dated = [a.model_copy(update={"published": day}) for a, day in zip(analysed, spread_dates(36))]
    store = Store(tmp_path_factory.mktemp("trends") / "sitrep.db")
    store.save([*dated, hostile()])
    with live_server(create_app(store)) as url:
        yield url, store
    store.close()


def labels(chart) -> dict:
    """The texts and on-screen boxes of a chart's labels, and its canvas's box."""
    return chart.evaluate("""figure => {
        const svg = figure.querySelector('svg');
        const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                        bottom: r.bottom, text: e.textContent}; };
        return {svg: box(svg), dates: [...svg.querySelectorAll('text.date-tick')].map(box),
                contexts: [...svg.querySelectorAll('text.date-context')].map(box),
                counts: [...svg.querySelectorAll('text.count-tick')].map(box),
                bars: [...svg.querySelectorAll('rect.bar')].map(r => +r.dataset.count)};
    }""")


def assert_readable(seen: dict) -> None:
    """Every label inside the canvas and at least 9 px tall; date labels apart from each other."""
    canvas = seen["svg"]
    for label in seen["dates"] + seen["contexts"] + seen["counts"]:
        assert canvas["left"] <= label["left"] and label["right"] <= canvas["right"], label
        assert canvas["top"] <= label["top"] and label["bottom"] <= canvas["bottom"], label
        assert label["bottom"] - label["top"] >= 9, label
    for a, b in zip(seen["dates"], seen["dates"][1:]):
        assert a["right"] < b["left"], (a, b)
    counts = [int(label["text"].replace(",", "")) for label in seen["counts"]]
    assert counts[0] == 0 and counts == sorted(counts) and counts[-1] >= max(seen["bars"])


@pytest.mark.parametrize("span", ["week", "year", "ten years"])
def test_trend_axes_carry_readable_dates(spread, page, screenshots, span):
    url, _ = spread
    query = {"week": f"?since={WEEK[0]}&until={WEEK[1]}", "year": f"?since={YEAR[0]}&until={YEAR[1]}",
             "ten years": ""}[span]
    page.goto(f"{url}/trends{query}")
    chart = page.locator("#chart-all")
    seen = labels(chart)
    assert_readable(seen)
    dates = [label["text"] for label in seen["dates"]]
    first_year = seen["contexts"][0]["text"] if seen["contexts"] else None
    if span == "week":
        assert chart.get_attribute("data-unit") == "day"
        assert dates == [f"{day} Mar" for day in range(1, 8)] and first_year == "2016"
    elif span == "year":
        assert chart.get_attribute("data-unit") == "week"
        assert dates == MONTHS and first_year == "2016"
    else:
        assert chart.get_attribute("data-unit") == "month"
        assert dates == [str(year) for year in range(2010, 2020)]
        page.screenshot(path=screenshots / "trends.png")


def table_rows(figure) -> list[tuple[str, str, int]]:
    """(from, to, count) of each row of the table under a chart, read after opening it."""
    figure.locator("details.counts summary").click()
    rows = figure.locator("table.counts tbody tr")
    return [(row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text(),
             int(row.locator("td.count").inner_text())) for row in rows.all()]


def test_the_table_under_a_chart_matches_its_bars_and_the_stored_claims(spread, page):
    url, store = spread
    page.goto(f"{url}/trends?by=action&since={YEAR[0]}&until={YEAR[1]}")
    cards = [c for c in store.claim_cards(Filters.build(since=YEAR[0], until=YEAR[1]), limit=1000)]
    for figure, of in [(page.locator("#chart-all"), cards),
                       (page.locator("section.series").first.locator("figure"), None)]:
        if of is None:  # the first series: the claims of its action
            action = page.locator("section.series").first.get_attribute("data-key")
            of = [c for c in cards if c.action == action]
        rows = table_rows(figure)
        assert [n for *_, n in rows] == labels(figure)["bars"]
        per_period = [sum(1 for c in of if dt.date.fromisoformat(a) <= c.published <= dt.date.fromisoformat(b))
                      for a, b, _ in rows]
        assert [n for *_, n in rows] == per_period and sum(per_period) == len(of) > 0
    assert page.locator("h2", has_text="All claims").locator("small").inner_text() == str(len(cards))


def test_the_timeline_has_the_same_axes_and_table(spread, page, screenshots):
    url, store = spread
    page.goto(f"{url}/timeline?since={WEEK[0]}&until={WEEK[1]}")
    figure = page.locator("#timeline")
    seen = labels(figure)
    assert_readable(seen)
    assert [label["text"] for label in seen["dates"]] == [f"{day} Mar" for day in range(1, 8)]
    cards = store.claim_cards(Filters.build(since=WEEK[0], until=WEEK[1]), limit=1000)
    per_day = Counter(c.published.isoformat() for c in cards)
    assert [(a, n) for a, _, n in table_rows(figure)] == [(f"2016-03-0{d}", per_day[f"2016-03-0{d}"])
                                                          for d in range(1, 8)]
    figure.locator("rect.bar").nth(2).click()  # a bar narrows the page to its day
    page.wait_for_url(re.compile(r"since=2016-03-03&until=2016-03-03"))
    assert page.locator("article.card").count() == per_day["2016-03-03"]


def test_the_brief_folds_by_country_and_actor_with_counts(spread, page, screenshots):
    url, store = spread
    days = store.claims_per_day()
    page.goto(url + "/")
    countries = page.locator("details.country")
    assert countries.count() >= 3
    for country in countries.all():
        summary = country.locator(":scope > summary").inner_text()
        claims, actors = re.search(r"(\d+) claims? · (\d+) actors?", summary).groups()
        assert int(claims) == country.locator("article.card").count()
        assert int(actors) == country.locator("details.actor").count()
    actor = page.locator("details.actor").first
    card = actor.locator("article.card").first
    n = int(re.search(r"(\d+) claims?", actor.locator("summary").inner_text()).group(1))
    assert n == actor.locator("article.card").count() and not card.is_visible()
    folded = page.evaluate("document.documentElement.scrollHeight")
    actor.locator("summary").click()
    assert card.is_visible()
    named = page.locator("details.actor:not([data-actor='Unknown actor'])")
    for group in named.all()[:10]:
        spark = group.locator("svg.spark")
        assert group.get_attribute("data-actor") in spark.get_attribute("aria-label")
        assert re.search(rf"\d+ dated claims? from {days[0][0]} to {days[-1][0]}", spark.get_attribute("aria-label"))
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollHeight") > 3 * folded
    page.goto(url + "/?since=2016-03-08")  # for the README: the view after the hostile article's week
    page.screenshot(path=screenshots / "brief-folded.png")


def test_hostile_names_stay_inert_on_the_new_pages(spread, page):
    url, _ = spread
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    week = f"since={WEEK[0]}&until={WEEK[1]}"
    brigade = f"actor={quote(XSS + ' Brigade')}"
    shown = {f"/trends?{brigade}": f"{XSS} Brigade", f"/trends?by=source&{brigade}": "<img src=x onerror=alert(2)>",
             f"/trends?by=country&{brigade}": "Syria", f"/timeline?{week}": f"Breaking {XSS}",
             f"/?{week}": f"{XSS} Brigade", "/trends": "", "/": ""}
    for path, text in shown.items():
        page.goto(url + path)
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0, path
        assert text in page.locator("main").inner_text(), path  # shown, as text
    page.goto(f"{url}/trends?{brigade}")
    assert page.locator("section.series h3 a").all_inner_texts() == [f"{XSS} Brigade"]
    response = page.request.get(f"{url}/api/trends?{brigade}")
    assert response.headers["content-type"] == "application/json"
    assert [line["name"] for line in response.json()["lines"]] == [f"{XSS} Brigade"]
    assert dialogs == []
