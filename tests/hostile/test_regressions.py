"""One test per crash or hang found by the fuzzers, the property tests and review (issue 10).

Each input is the smallest that showed the failure; each failed before its fix with the
exception or timing named in the test's docstring.
"""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

import pytest

from hostile_checks import assert_one_line_error, assert_valid_analysis
from sitrep.clean import clean
from sitrep.clean.dateline import find_dateline
from sitrep.clean.html import fragment_text
from sitrep.clean.text import classify_line
from sitrep.cli import main
from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.ingest import read_paths
from sitrep.model import Analysis
from sitrep.pipeline import analyze_raw_documents
from sitrep.settings import Settings

FUZZ_REGRESSIONS = Path(__file__).resolve().parents[2] / "fuzz" / "regressions"
PAGE = b"<html><body><p>Police arrested two men in Paris on Tuesday, officials said.</p></body></html>"
STORY = ("Colin Rockett was arrested in the north of the city following reports of a number of "
         "burglaries in the Shankill area on Tuesday.")


def read(*paths, **settings) -> list:
    return list(read_paths([str(p) for p in paths], Settings(**settings)))


def warc_record(uri: bytes | None, payload: bytes, content_type: bytes = b"text/html") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type + b"\r\n\r\n" + payload
    target = b"WARC-Target-URI: " + uri + b"\r\n" if uri else b""
    return (b"WARC/1.0\r\nWARC-Type: response\r\n" + target + b"Content-Type: application/http; msgtype=response\r\n"
            + f"Content-Length: {len(http)}\r\n\r\n".encode() + http + b"\r\n\r\n")


def test_feed_file_holding_a_path_is_not_read_from_that_path(tmp_path):
    """Review: feedparser.parse(bytes) first tries the bytes as a file name, so a .rss file
    holding "/path/to/other.rss" was read from the other file (local file inclusion)."""
    secret = tmp_path / "secret.rss"
    secret.write_text(f"<rss version='2.0'><channel><item><description>{STORY}</description></item></channel></rss>")
    pointer = tmp_path / "pointer.rss"
    pointer.write_text(str(secret))
    [item] = read(pointer)
    assert_one_line_error(item, str(pointer))
    assert "not an RSS/Atom feed" in item.problem


def test_feed_with_nested_entities_is_refused_unread(tmp_path):
    """atheris (fuzz_feed, a timeout): seven levels of nested entities ("billion laughs") made
    feedparser handle 8 MB of text (expat's own cut-off) from 400 bytes: a second plain, over
    ten instrumented. Flat entities still pass."""
    laughs = tmp_path / "laughs.rss"
    laughs.write_bytes(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol">'
                       + b"".join(b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10)
                                  for i in range(1, 8))
                       + b']><rss version="2.0"><channel><item><description>&a7;</description></item></channel></rss>')
    flat = tmp_path / "flat.rss"
    flat.write_bytes(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;">]><rss version="2.0"><channel>'
                     b"<item><description>Police&nbsp;said.</description></item></channel></rss>")
    started = time.perf_counter()
    refused, document = read(laughs, flat)
    assert time.perf_counter() - started < 0.5
    assert_one_line_error(refused, str(laughs))
    assert "entities that nest" in refused.problem
    assert document.html == "Police\xa0said."


def test_warc_response_without_target_uri(tmp_path):
    """atheris (fuzz_warc, 62 runs): warcio raised AttributeError on a response record
    without WARC-Target-URI; the whole batch died."""
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record(b"https://example.org/a", PAGE) + warc_record(None, PAGE))
    first, second = read(path, tmp_path / "missing.txt")[:2]
    assert isinstance(first, RawDocument) and first.url == "https://example.org/a"
    assert_one_line_error(second, f"{path}#2")
    assert "without WARC-Target-URI" in second.problem and "rest of the file is skipped" in second.problem


def test_warc_charset_with_a_nul(tmp_path):
    """atheris (fuzz_warc): a NUL in the HTTP charset made bytes.decode raise ValueError."""
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record(b"https://example.org/a", PAGE, b"text/html; charset=utf\x00-8"))
    [item] = read(path)
    assert isinstance(item, RawDocument) and "Police arrested" in item.html


def test_feed_entry_whose_summary_feedparser_leaves_empty(tmp_path):
    """atheris (fuzz_feed): feedparser sets a broken <summary> to None; .strip() raised AttributeError."""
    path = tmp_path / "feed.atom"
    path.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>'
                     b"<entry><title>A</title><summary>teas\xff\xfe\xd0\x8c\xff\xff\xffary>\n</entry></feed>")
    [item] = read(path)
    assert_one_line_error(item, f"{path}#1")


@pytest.mark.parametrize("encoding", [b"\xab", b"ut\x00f-8"])
def test_feed_with_a_broken_encoding_declaration(tmp_path, encoding):
    """atheris (fuzz_feed): feedparser's encoding sniffing raised UnicodeDecodeError on a
    non-UTF-8 byte in the XML declaration, ValueError on a NUL."""
    path = tmp_path / "feed.rss"
    path.write_bytes(b'<?xml version="1.0" encoding="' + encoding + b'"?><rss version="2.0"><channel><item>'
                     b"<description>x</description></item></channel></rss>")
    [item] = read(path)
    assert_one_line_error(item, str(path))
    assert "not a readable feed" in item.problem


def test_feed_whose_link_closes_after_its_item():
    """atheris (fuzz_feed, found in CI on 2026-12-01): feedparser's fallback parser raised
    KeyError('links') for a <link> still open when its <item> closed."""
    path = FUZZ_REGRESSIONS / "feed" / "link-closed-after-item.rss"
    [item] = read(path)
    assert_one_line_error(item, str(path))
    assert "not a readable feed" in item.problem


def test_page_whose_parse_has_no_body():
    """atheris (fuzz_html): lxml's fragment_fromstring failed an assertion ("too many bodies")."""
    assert fragment_text("<html><head><title>x</title></head></html>") == ""
    try:
        clean(RawDocument(input="page.html", html="<html><head><title>x</title></head></html>"))
    except InputError as error:
        assert_one_line_error(error, "page.html")


def test_character_references_to_control_characters():
    """atheris (fuzz_html): &#1; put a control character in the tree, and writing the
    tail back raised ValueError (lxml refuses them)."""
    assert fragment_text("<p>a</p>x&#1;y") == "a\nx\x01y"
    document = clean(RawDocument(input="page.html", html=f"<html><body><p>{STORY}</p>&#x0e;</body></html>"))
    assert document.body == STORY


def test_page_whose_root_is_svg():
    """hypothesis (any HTML, long profile): htmldate, under trafilatura, dropped the root
    element and lxml failed an assertion; the page's own text is now the story (a sentence:
    a bare word is no story, issue 19)."""
    assert clean(RawDocument(input="page.html", html=f"<SVG>{STORY}")).body == STORY


def test_odd_length_utf16(tmp_path):
    """hypothesis (any bytes under any name): a UTF-16 BOM and an odd byte count raised UnicodeDecodeError."""
    path = tmp_path / "story.txt"
    path.write_bytes(b"\xff\xfeA\x00B")
    [item] = read(path)
    assert_one_line_error(item, str(path))
    assert "not valid utf-16" in item.problem


def test_single_stream_gzip_warc(tmp_path):
    """Review: `gzip crawl.warc` (one gzip stream, not one per record) made warcio stop after
    the first record with a ten-line message; sitrep now inflates it itself."""
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(warc_record(b"https://example.org/a", PAGE)
                                   + warc_record(b"https://example.org/b", PAGE)))
    assert [i.url for i in read(path)] == ["https://example.org/a", "https://example.org/b"]


def test_truncated_gzip_warc(tmp_path):
    """Review: warcio takes gzip's EOFError for the end of the archive, so a cut-off
    .warc.gz passed for a complete one; now its records are read and the cut reported."""
    records = b"".join(gzip.compress(warc_record(f"https://example.org/{n}".encode(), PAGE)) for n in range(3))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(records[:-40])
    *documents, error = read(path)
    assert [d.url for d in documents[:2]] == ["https://example.org/0", "https://example.org/1"]
    assert_one_line_error(error, str(path))
    assert "truncated" in error.problem


def test_json_values_a_record_cannot_hold(tmp_path):
    """Review: json.loads raised RecursionError on deep nesting and ValueError on an integer
    of more than 4300 digits; a "\\ud800" escape made the size check raise UnicodeEncodeError."""
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "x", "id": ' + "1" * 5000 + "}\n"
                    + '{"text": "x", "title": ' + "[" * 5000 + "]" * 5000 + "}\n"
                    + '{"text": "Police said \\ud800 it."}\n'
                    + json.dumps({"text": STORY}) + "\n")
    big, deep, surrogate, good = read(path)
    assert_one_line_error(big, f"{path}:1")
    assert_one_line_error(deep, f"{path}:2")
    assert "4300 digits" in big.problem and "nested too deeply" in deep.problem
    assert isinstance(surrogate, RawDocument) and isinstance(good, RawDocument) and good.text == STORY


def test_lone_surrogates_become_replacement_characters(nlp):
    """Review: a "\\ud800" JSON escape reached the Analysis, and its JSON could not be written."""
    [analysis] = analyze_raw_documents([RawDocument(input="dump.jsonl:1", text=f"Title\n\n{STORY} \ud800",
                                                    title="A \udce9 title")])
    assert_valid_analysis(analysis)
    assert analysis.body.endswith("\ufffd") and analysis.title == "A \\xe9 title"


def test_file_name_in_a_foreign_encoding(tmp_path, capsys):
    """Review: a file named in Latin-1 (b"caf\\xe9.txt") gave an Analysis whose JSON could not
    be written; the CLI stopped and the files after it were never analysed."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"a-caf\xe9.txt"), "w", encoding="utf-8") as out:
        out.write(f"Man arrested\n\n{STORY}\n")
    (folder / "b-story.txt").write_text(f"Man arrested\n\n{STORY}\n", encoding="utf-8")
    status = main(["analyze", str(folder)])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0 and len(lines) == 2
    assert Analysis.model_validate_json(lines[0]).input.endswith("a-caf\\xe9.txt")


def test_dateline_pattern_on_hyphenated_capitals():
    """Review: "AB-AB-AB-..." could be split into words 2^n ways; 22 repetitions took 1.2 s,
    30 would take minutes."""
    started = time.perf_counter()
    assert find_dateline("AB-" * 40 + "a") is None
    assert time.perf_counter() - started < 0.1
    assert find_dateline("WINSTON-SALEM, N.C. (Reuters) - Police").text == "WINSTON-SALEM, N.C."
    assert find_dateline("BEIRUT/AMMAN (Reuters) - The").text == "BEIRUT/AMMAN"


def test_byline_pattern_on_names_joined_by_and():
    """Review: "by Aa" + "andBb" * n could be split 2^n ways; n = 20 took 1.5 s."""
    started = time.perf_counter()
    assert classify_line("by Aa" + "andBb" * 40 + "!") is None
    assert time.perf_counter() - started < 0.1
    assert classify_line("by John Smith and Jane Doe") == "byline"
    assert classify_line("by John Smith, Jane Doe and Ali Khan") == "byline"
