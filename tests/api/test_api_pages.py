"""The HTML pages: what they show, that article content stays inert, and the security headers."""

from __future__ import annotations

import re



SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def test_index_lists_articles_with_links_and_counts(client, stored):
    _, (seed, nato, _) = stored
    html = client.get("/").text
    assert f'/articles/{nato.id}">NATO to send more troops to Lithuania</a>' in html
    assert "Reuters" in html and "2017-02-07" in html
    assert f"/articles/{seed.id}" in html
    row = html[html.index(f"/articles/{nato.id}"):]
    row = row[:row.index("</tr>")]
    assert re.findall(r'class="num">(\d+)<', row) == ["1", "1"]  # one claim, one source


def test_article_page_shows_body_and_claims(client, stored):
    _, (_, nato, _) = stored
    html = client.get(f"/articles/{nato.id}").text
    assert "a NATO official said in Brussels on Tuesday." in html
    assert "<td>North Atlantic Treaty Organization</td>" in html
    assert "<td>MOBILIZE</td>" in html and "<td>Lithuania</td>" in html and "<td>occurred</td>" in html
    assert 'href="https://www.reuters.com/article/nato-baltics"' in html


def test_missing_article_page_is_404(client):
    response = client.get("/articles/nope")
    assert response.status_code == 404 and "nope" in response.text


def test_article_content_renders_inert(client, stored):
    _, (_, _, hostile) = stored
    for path in ("/", f"/articles/{hostile.id}"):
        html = client.get(path).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>" not in html and "<img src=x" not in html and "<b>" not in html
        assert 'href="javascript:' not in html
        assert not SCRIPT_TAG.search(html)  # our pages carry no script at all


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/articles", "/articles/nope", "/api/articles/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "script-src" not in csp
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
