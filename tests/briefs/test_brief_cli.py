"""`sitrep brief` with the search filters, in each format, on the brief corpus (real excerpts and
the seed report, annotated by hand, and a hostile page): what the brief says, and where it goes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import BytesIO

import pytest
from pypdf import PdfReader

from support.brief_corpus import SCRIPT, SEED_SENTENCE, SEED_URL
from support.cli import run

KEPT = "Islamic State → ASSAULT → Russia"
BAND = "likely (55%–80%; “probably”)"
SOURCING = "per an Arab intelligence official (anonymous)"
RATING = "Breitbart News (breitbart.com) — rated unreliable by NewsGuard (score 57/100)"


def test_markdown_brief_keeps_the_filtered_claims_with_band_sourcing_and_evidence(capsys, brief_db):
    status, out, err = run(capsys, "brief", "--format", "markdown", "--place", "RU", "--db", brief_db)
    assert status == 0, err
    judgements, evidence = out.split("## Evidence")
    assert f"**{KEPT}** [E1]" in judgements
    assert BAND in judgements and SOURCING in judgements and RATING in judgements
    assert "corroborated by 1 source in 1 outlet (1 rated unreliable); single source" in judgements
    assert f"> {SEED_SENTENCE}" in evidence
    assert f"(<{SEED_URL}>)" in evidence
    assert "Barack Obama" not in out and "Donald Trump" not in out  # about no Russian place


def test_markdown_brief_links_an_article_without_url_by_its_id(capsys, brief_db):
    status, out, _ = run(capsys, "brief", "--format", "markdown", "--actor", "Barack Obama", "--action", "MOBILIZE",
                         "--db", brief_db)
    assert status == 0
    assert "Barack Obama → MOBILIZE → Cameroon" in out
    assert "> President Obama recently ordered nearly 300 of them to Cameroon" in out
    assert "(article " in out and ", claim c2)" in out
    assert "REJECT" not in out and "RETREAT" not in out and "Islamic State" not in out


def test_markdown_brief_escapes_markup(capsys, brief_db):
    status, out, _ = run(capsys, "brief", "--format", "markdown", "--modality", "alleged", "--db", brief_db)
    assert status == 0
    assert re.findall(r"(?<!\\)<(?!https://)", out) == []  # every "<" escaped but a web link's
    assert r"\<script\>alert(1)\</script\> Group → ASSAULT → Paris" in out
    assert "javascript:" not in out


class Tags(HTMLParser):
    """The start tags of a document and the href of each link."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]


def test_html_brief_is_standalone_and_keeps_hostile_text_inert(capsys, brief_db, tmp_path):
    out_file = tmp_path / "brief.html"
    status, _, err = run(capsys, "brief", "--format", "html", "--out", str(out_file), "--db", brief_db)
    assert status == 0, err
    html = out_file.read_text(encoding="utf-8")
    tags = Tags()
    tags.feed(html)
    assert "script" not in tags.tags and "img" not in tags.tags and "link" not in tags.tags
    assert all(href.startswith(("#e", "https://")) for href in tags.hrefs), tags.hrefs
    assert SEED_URL in tags.hrefs
    assert "Breaking &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "src=" not in html.replace("src=x", "")  # nothing fetched; the hostile text's own src=x is escaped


def test_html_brief_filtered_by_actor(capsys, brief_db, tmp_path):
    out_file = tmp_path / "brief.html"
    status, _, _ = run(capsys, "brief", "--format", "html", "--out", str(out_file), "--actor", "Islamic State",
                       "--db", brief_db)
    assert status == 0
    html = out_file.read_text(encoding="utf-8")
    assert f'<span class="triple">{KEPT}</span>' in html
    assert BAND in html and SOURCING in html
    assert f"<blockquote>{SEED_SENTENCE}</blockquote>" in html
    assert "Barack Obama" not in html and SCRIPT[1:7] not in html


def test_pdf_brief_reads_back_with_the_filtered_claims(capsys, brief_db, tmp_path):
    out_file = tmp_path / "brief.pdf"
    status, _, err = run(capsys, "brief", "--format", "pdf", "--out", str(out_file), "--place", "RU", "--db", brief_db)
    assert status == 0, err
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(out_file.read_bytes())).pages).split())
    assert KEPT in text and "likely (55%–80%" in text and SOURCING in text
    assert "is probably to carry out attacks in Russia" in text
    assert "Key judgements" in text and "Evidence" in text and "Who says it" in text
    assert "Obama" not in text


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_html_and_pdf_need_out(capsys, brief_db, form):
    status, out, err = run(capsys, "brief", "--format", form, "--db", brief_db)
    assert status == 2 and out == ""
    assert err == f"sitrep: --format {form} writes a file: give it with --out FILE\n"


def test_an_unwritable_out_file_is_named(capsys, brief_db, tmp_path):
    target = tmp_path / "no-such-folder" / "brief.md"
    status, _, err = run(capsys, "brief", "--format", "markdown", "--out", str(target), "--db", brief_db)
    assert status == 1
    assert err.startswith(f"sitrep: {target}: cannot write the brief") and len(err.splitlines()) == 1


def test_a_bad_filter_is_a_usage_error(capsys, brief_db):
    status, _, err = run(capsys, "brief", "--format", "markdown", "--modality", "rumoured", "--db", brief_db)
    assert status == 2 and "unknown modality 'rumoured'" in err


def test_text_brief_takes_the_filters(capsys, brief_db):
    status, out, _ = run(capsys, "brief", "--place", "RU", "--db", brief_db)
    assert status == 0
    assert out.startswith("== EXCLUSIVE – Arab Intel Official") and out.count("\n== ") == 0
    unfiltered_status, unfiltered, _ = run(capsys, "brief", "--db", brief_db)
    assert unfiltered_status == 0 and unfiltered.count("== ") == 7  # every stored article, as before
