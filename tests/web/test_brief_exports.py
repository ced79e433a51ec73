"""Issue 20: from a filtered view of the desk's brief, a browser downloads the brief as Markdown,
standalone HTML and PDF, and each file holds that view: its claims, not the whole store's."""

from __future__ import annotations

import html
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

KEPT = "Islamic State → ASSAULT → Russia"
COUNT = re.compile(r"(\d+) claims?, by the country")


def text_of(fmt: str, data: bytes) -> str:
    """What a reader sees in a downloaded file, whitespace folded."""
    if fmt == "PDF":
        assert data.startswith(b"%PDF-")
        raw = "\n".join(p.extract_text() or "" for p in PdfReader(BytesIO(data)).pages)
    elif fmt == "HTML":
        assert b"<script" not in data.lower()
        raw = html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))
    else:
        raw = data.decode("utf-8")
    return " ".join(raw.split())


def download(page, link: str) -> bytes:
    """Click the brief's download link named `link` and read the file the browser saved."""
    with page.expect_download() as started:
        page.get_by_role("link", name=link, exact=True).click()
    return Path(started.value.path()).read_bytes()


@pytest.mark.parametrize("fmt", ["Markdown", "HTML", "PDF"])
def test_each_export_of_a_filtered_view_holds_that_view(desk, browser, fmt):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{desk}/")
        whole = text_of(fmt, download(page, fmt))
        page.goto(f"{desk}/?place=RU")
        assert page.get_by_text("Hand this view on").is_visible()
        view = text_of(fmt, download(page, fmt))
    finally:
        context.close()
    assert KEPT in view and KEPT in whole
    (in_view,), (in_whole,) = COUNT.findall(view), COUNT.findall(whole)
    assert 0 < int(in_view) < int(in_whole), (in_view, in_whole)
    assert "→ ASSAULT → United States in Ar Raqqah" in whole and "United States in Ar Raqqah" not in view
