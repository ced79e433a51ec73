"""The desk's brief page offers its view as files to hand on, and /brief/download returns each
format for a filtered view: the right content type, a filename, the filters applied."""

from __future__ import annotations

import html
import re
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from sitrep.api import create_app
from sitrep.store import Store
from support.brief_corpus import SEED_SENTENCE, brief_corpus

KEPT = "Islamic State → ASSAULT → Russia"


@pytest.fixture
def brief_client(db_url):
    with Store(db_url) as store:
        store.save(brief_corpus())
        yield TestClient(create_app(store))


def test_brief_page_links_each_download_with_its_filters(brief_client):
    page = brief_client.get("/", params={"place": "RU", "modality": "predicted"}).text
    links = [html.unescape(link) for link in re.findall(r'href="(/brief/download\?[^"]*)" download', page)]
    assert [re.search(r"format=(\w+)", link).group(1) for link in links] == ["markdown", "html", "pdf"]
    assert all("place=RU" in link and "modality=predicted" in link for link in links)


@pytest.mark.parametrize("form, media_type, suffix", [("markdown", "text/markdown", "md"),
                                                      ("html", "text/html", "html"),
                                                      ("pdf", "application/pdf", "pdf")])
def test_download_returns_the_filtered_view_in_each_format(brief_client, form, media_type, suffix):
    response = brief_client.get("/brief/download", params={"format": form, "place": "RU"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert re.fullmatch(rf'attachment; filename="sitrep-brief-\d{{4}}-\d\d-\d\d\.{suffix}"',
                        response.headers["content-disposition"])
    text = (" ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
            if form == "pdf" else response.text)
    text = " ".join(text.split())
    assert KEPT in text and "likely (55%–80%" in text
    assert SEED_SENTENCE.split(" is ")[1] in text
    assert "Obama" not in text and "alert(1)" not in text


@pytest.mark.parametrize("params, message", [
    ({"format": "docx", "place": "RU"}, "unknown format &#39;docx&#39;: use one of markdown, html, pdf"),
    ({"format": "html", "band": "<script>"}, "unknown band &#39;&lt;script&gt;&#39;"),
    ({"format": "markdown", "place": "RU", "zoom": "3"}, "unknown filter &#39;zoom&#39; = &#39;3&#39; ignored")])
def test_a_download_that_would_drop_or_misread_a_filter_gives_the_page_saying_so(brief_client, params, message):
    response = brief_client.get("/brief/download", params=params)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "content-disposition" not in response.headers
    assert message in response.text
