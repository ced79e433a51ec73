"""The HTML pages: what they show, that article content stays inert, and the security headers."""

from __future__ import annotations

import re

XSS = "<script>alert(1)</script>"  # as in conftest.py


SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def test_article_list_has_links_and_counts(client, stored):
    _, (seed, nato, _) = stored
    html = client.get("/articles").text
    assert f'/articles/{nato.id}">NATO to send more troops to Lithuania</a>' in html
    assert "Reuters" in html and "2017-02-07" in html
    assert f"/articles/{seed.id}" in html
    row = html[html.index(f"/articles/{nato.id}"):]
    row = row[:row.index("</tr>")]
    assert re.findall(r'class="num">(\d+)<', row) == ["1", "1"]  # one claim, one source


def test_article_page_shows_body_and_claims(client, stored):
    _, (_, nato, _) = stored
    html = client.get(f"/articles/{nato.id}").text
    assert "a NATO official said in Brussels on Tuesday." in html.replace('</span>', '')
    assert "<td>North Atlantic Treaty Organization</td>" in html
    assert "<td>MOBILIZE</td>" in html and "<td>Lithuania</td>" in html and "<td>occurred</td>" in html
    assert 'href="https://www.reuters.com/article/nato-baltics"' in html


def test_missing_article_page_is_404(client):
    response = client.get("/articles/nope")
    assert response.status_code == 404 and "nope" in response.text


def test_article_content_renders_inert(client, stored):
    _, (_, _, hostile) = stored
    for path in ("/", "/articles", f"/articles/{hostile.id}", f"/articles/{hostile.id}?claim=c1",
                 "/timeline", "/sources", "/entities", f"/entities/{XSS} Group"):
        html = client.get(path).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
        assert "<script>" not in html and "<img src=x" not in html and "<b>" not in html
        assert 'href="javascript:' not in html
        # the only scripts are our own files
        assert all('src="/static/' in tag for tag in SCRIPT_TAG.findall(html)), path


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/articles", "/articles/nope", "/api/articles/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "script-src 'self';" in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_docs_page_has_no_inline_script(client):
    response = client.get("/docs")
    assert response.status_code == 200
    tags = SCRIPT_TAG.findall(response.text)
    assert tags and all("src=" in tag for tag in tags)
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert client.get("/static/docs.js").status_code == 200


def test_docs_page_loads_swagger_ui_from_this_server_not_a_cdn(client):
    page = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def card_of(html: str, text: str) -> str:
    """The HTML of the claim card quoting `text`."""
    at = html.index(text)
    return html[html.rindex('<article class="card', 0, at):html.index("</article>", at)]


def test_brief_groups_claims_by_country_then_actor(client, stored):
    _, (seed, nato, _) = stored
    html = client.get("/").text
    lithuania = html[html.index('data-country="LT"'):]
    lithuania = lithuania[:lithuania.find('<details class="country"')]
    assert re.search(r'<h3>North Atlantic Treaty Organization</h3> <small class="claims">1 claim</small>', lithuania)
    card = card_of(html, "NATO defence ministers agreed to send more troops to Lithuania")
    assert '<span class="modality">occurred</span>' in card and "a NATO official" in card
    assert '<span class="anon">anonymous</span>' in card and "1 source</span>" in card
    assert f'/articles/{nato.id}?claim=c1#evidence' in card
    assert 'data-country="RU"' in html and seed.id in html


def test_brief_filters_and_reports_bad_values(client, stored):
    html = client.get("/", params={"place": "LT", "modality": "", "since": ""}).text
    assert "NATO defence ministers" in html and "Islamic State" not in html
    bad = client.get("/", params={"modality": "rumoured"})
    assert bad.status_code == 200 and "unknown modality" in bad.text


def test_article_highlights_the_asked_for_claim(client, stored):
    _, (_, nato, _) = stored
    html = client.get(f"/articles/{nato.id}", params={"claim": "c1"}).text
    selected = re.findall(r'<span class="mark[^"]*selected" data-refs[^>]*>([^<]*)</span>', html)
    assert "".join(selected) == "NATO defence ministers agreed to send more troops to Lithuania"
    assert html.count('id="evidence"') == 1
    assert '<div class="record claim active" data-ref="c1">' in html


def test_map_shades_countries_and_filters_to_one(client, stored):
    html = client.get("/map").text
    assert re.search(r'class="country shade-1" data-country="LT"', html)
    assert re.search(r'class="country shade-0" data-country="BR"', html)
    picked = client.get("/map", params={"country": "lt"}).text
    assert re.search(r'class="country shade-1 selected" data-country="LT"', picked)
    assert "Claims about Lithuania" in picked and "NATO defence ministers" in picked
    assert "Islamic State" not in picked.split("Claims about Lithuania")[1]


def test_timeline_counts_claims_per_period(client, stored):
    _, (seed, nato, hostile) = stored
    html = client.get("/timeline").text
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([\d-]+)</td><td>([\d-]+)</td><td class="count">(\d+)</td>',
                      html)
    per_year: dict[str, int] = {}
    for _, since, _, count in rows:
        per_year[since[:4]] = per_year.get(since[:4], 0) + int(count)
    assert seed.published is None  # analysed from bare text: undated claims are not on the timeline
    assert {year: n for year, n in per_year.items() if n} == {"2017": 1, "2020": 1}
    assert rows[0][0] == "2017-02" and len(rows) == html.count('<rect class="bar"')  # a bar a month, gaps too
    one_day = client.get("/timeline", params={"place": "LT"}).text
    assert one_day.count('<rect class="bar"') == 1 and 'class="count">1</td>' in one_day


def test_entity_source_and_story_pages(client, stored):
    _, (_, nato, _) = stored
    entity = client.get("/entities/North Atlantic Treaty Organization").text
    assert "NATO defence ministers" in entity and "Islamic State" not in entity
    sources = client.get("/sources").text
    key = re.search(r'href="/sources/(anon:reuters.com[^"]+)"', sources).group(1)
    assert "NATO defence ministers" in client.get(f"/sources/{key}").text
    stories = client.get("/stories").text
    story = re.search(r'href="/stories/([^"]+)">NATO to send more troops', stories).group(1)
    assert "NATO defence ministers" in client.get(f"/stories/{story}").text
    for missing in ("/entities/Nobody At All", "/sources/none", "/stories/none"):
        assert client.get(missing).status_code == 404


def test_search_page_finds_words_and_filters_claims(client, stored):
    _, (seed, nato, _) = stored
    html = client.get("/search", params={"q": "Raqqa"}).text
    assert f'href="/articles/{seed.id}"' in html and f"/articles/{nato.id}" not in html
    assert 'action="/search"' in html and 'value="Raqqa"' in html  # the form keeps what was asked
    claims = client.get("/search", params={"place": "LT", "modality": "occurred"}).text
    assert f"/articles/{nato.id}?claim=c1#evidence" in claims and f"/articles/{seed.id}" not in claims
    assert "No stored article matches." in client.get("/search", params={"q": "Vladivostok"}).text
    bad = client.get("/search", params={"q": '"unterminated'})
    assert bad.status_code == 200 and 'class="error">cannot search for' in bad.text
    assert "No stored article matches" not in client.get("/search").text  # nothing asked, nothing answered
