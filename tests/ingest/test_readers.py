"""Readers: every format yields RawDocuments in order, or one clear error per bad record."""

from __future__ import annotations

import datetime as dt
import json

from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.ingest import read_paths
from sitrep.settings import Settings

# A real wire paragraph (GeoWebNews dev) used as the text of the records below.
STORY = ("Colin Rockett was arrested in the north of the city following reports of a number of "
         "burglaries in the Shankill area on Tuesday.")


def read(*paths, **settings):
    return list(read_paths([str(p) for p in paths], Settings(**settings)))


def test_json_list_jsonl_and_csv_records_keep_their_metadata(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([
        {"text": STORY, "url": "https://example.org/a", "published": "2018-04-03T10:00:00Z",
         "outlet": "Belfast Telegraph"},
        {"html": f"<html><body><article><p>{STORY}</p></article></body></html>", "id": "h1"},
    ]))
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": STORY, "title": "Man arrested"}) + "\n\n")
    (tmp_path / "c.csv").write_text(f'Title,Text,Published\nBurglaries,"{STORY}",03/04/2018\n')
    items = read(tmp_path)
    assert [i.input for i in items] == [f"{tmp_path}/a.json:1", f"{tmp_path}/a.json:2",
                                        f"{tmp_path}/b.jsonl:1", f"{tmp_path}/c.csv:1"]
    first, second, third, fourth = items
    assert first.published == dt.date(2018, 4, 3) and first.outlet == "Belfast Telegraph"
    assert second.html and second.id == "h1"
    assert third.title == "Man arrested"
    assert fourth.title == "Burglaries" and fourth.text == STORY


def test_records_without_text_and_broken_lines_are_errors_in_place(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"text": STORY}) + "\n" + "[1, 2]\n" + '{"url": "x"}\n' + "{oops\n"
                    + json.dumps({"text": STORY + " Again."}) + "\n")
    items = read(path)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["RawDocument", "InputError", "InputError", "InputError", "RawDocument"]
    assert "expected a JSON object" in items[1].problem
    assert "no `text` or `html`" in items[2].problem
    assert items[3].source.endswith(":4") and "not valid JSON" in items[3].problem


def test_csv_without_a_text_column_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("headline,body\nA,B\n")
    [item] = read(path)
    assert isinstance(item, InputError) and "`text` or `html` column" in item.problem


def test_folders_are_walked_in_order_skipping_hidden_and_unknown_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2016-03-25-story.txt").write_text(STORY)
    (tmp_path / "a.html").write_text(f"<html><body><p>{STORY}</p></body></html>")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(STORY)
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    items = read(tmp_path)
    assert [i.input for i in items] == [str(tmp_path / "a.html"), str(tmp_path / "b" / "2016-03-25-story.txt")]
    assert items[0].html and items[1].text == STORY
    assert items[1].date_hint == dt.date(2016, 3, 25)


def test_unknown_extension_given_explicitly_is_sniffed(tmp_path):
    page = tmp_path / "page.php"
    page.write_text(f"<!DOCTYPE html><html><body><p>{STORY}</p></body></html>")
    [item] = read(page)
    assert isinstance(item, RawDocument) and item.html


def test_utf8_bom_and_utf16_text_decode(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + STORY.encode())
    (tmp_path / "wide.txt").write_bytes(STORY.encode("utf-16"))
    items = read(tmp_path / "bom.txt", tmp_path / "wide.txt")
    assert [i.text for i in items] == [STORY, STORY]


def test_html_charset_declared_in_the_page_is_honoured(tmp_path):
    page = tmp_path / "latin.html"
    page.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Montréal</p></body></html>'
                     .encode("latin-1"))
    [item] = read(page)
    assert "Montréal" in item.html


def test_size_limit_is_checked_without_reading_everything(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    [item] = read(path, max_bytes=1000)
    assert isinstance(item, InputError) and "--max-bytes" in item.problem


def test_a_record_id_that_cannot_be_a_key_is_refused_alone(tmp_path):
    long_id = "gdelt-" + "x" * 200
    lines = [{"text": STORY, "id": "ok-1"}, {"text": STORY, "id": long_id},
             {"text": STORY, "id": "a/b?c"}, {"text": STORY, "id": "urn:uuid:1b4e28ba-2fa1"}]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    items = read(tmp_path / "dump.jsonl")
    assert [i.id if isinstance(i, RawDocument) else None for i in items] == ["ok-1", None, None,
                                                                          "urn:uuid:1b4e28ba-2fa1"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.source for e in errors] == [f"{tmp_path}/dump.jsonl:2", f"{tmp_path}/dump.jsonl:3"]
    assert all("`id`" in str(e) and "1-200" in str(e) for e in errors)


def test_an_ascii_head_does_not_make_auto_read_a_utf8_dump_as_ascii(tmp_path):
    """--encoding auto judges a dump by its head: 64 kB of plain ASCII records must not
    refuse the accented ones after it."""
    plain = [{"text": f"{STORY} Report {i}."} for i in range(600)]
    accented = {"text": "Un café à Zürich a été fermé lundi, a déclaré la police de la ville."}
    (tmp_path / "dump.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in [*plain, accented]) + "\n", encoding="utf-8")
    assert (tmp_path / "dump.jsonl").stat().st_size > 64 * 1024
    items = read(tmp_path / "dump.jsonl", encoding="auto")
    assert all(isinstance(i, RawDocument) for i in items) and len(items) == 601
    assert items[-1].text == accented["text"]


def test_a_json_syntax_error_is_placed_once(tmp_path):
    """Review (issue 19): "Unterminated string starting at at column 10"."""
    cut = '{"text": "' + STORY  # a dump cut short: the closing quote and brace lost
    (tmp_path / "a.jsonl").write_text(cut)
    (tmp_path / "b.json").write_text(cut)
    lines, records = read(tmp_path / "a.jsonl", tmp_path / "b.json")
    assert lines.problem == "not valid JSON (Unterminated string starting at: column 10)"
    assert records.problem == "not valid JSON (Unterminated string starting at: character 10 of the record)"
