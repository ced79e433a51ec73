"""Folder walks: a file the extension does not name is sniffed, and nothing is skipped in silence."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.ingest import read_paths
from sitrep.settings import Settings

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAGES = FIXTURES / "article-extraction" / "article-extraction-dev" / "html"
TEXTS = FIXTURES / "polnear" / "sample" / "text"


def real_page() -> bytes:
    """A real news page as fetched (scrapinghub article-extraction benchmark)."""
    return gzip.decompress(sorted(PAGES.glob("*.html.gz"))[0].read_bytes())


def real_text(n: int) -> str:
    """A whole real article (PolNeAR train sample)."""
    return sorted(TEXTS.glob("*.txt"))[n].read_text(encoding="utf-8")


@pytest.fixture
def saved_site(tmp_path) -> Path:
    """A folder as a crawler or a saved site leaves it: pages under server-side extensions,
    notes without one, an image, a stylesheet, a hidden folder and a dangling link."""
    folder = tmp_path / "site"
    (folder / "news" / ".cache").mkdir(parents=True)
    (folder / "news" / "story.shtml").write_bytes(real_page())
    (folder / "news" / "story.php").write_bytes(real_page())
    (folder / "news" / "story.xhtml").write_bytes(real_page())
    (folder / "news" / ".cache" / "story.html").write_bytes(real_page())
    (folder / "notes.md").write_text(real_text(0), encoding="utf-8")
    (folder / "NOTES").write_text(real_text(1), encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    (folder / "style.css").write_text("body { color: black }")
    (folder / "archive").write_bytes(b"PK\x03\x04" + b"\x00" * 32)  # a ZIP without an extension
    os.symlink(folder / "gone.txt", folder / "latest.txt")
    return folder


def walk(folder: Path):
    notices = []
    items = list(read_paths([str(folder)], Settings(), notify=notices.append))
    return items, notices


def test_files_the_extension_does_not_name_are_sniffed_and_read(saved_site):
    items, _ = walk(saved_site)
    read = {Path(i.input).relative_to(saved_site).as_posix(): i for i in items}
    assert sorted(read) == ["NOTES", "news/story.php", "news/story.shtml", "news/story.xhtml", "notes.md"]
    assert all(isinstance(i, RawDocument) for i in items)
    assert read["news/story.shtml"].html and read["news/story.php"].html
    assert read["notes.md"].text == real_text(0) and read["NOTES"].text == real_text(1)


def test_every_entry_left_out_is_named_with_its_reason(saved_site):
    _, notices = walk(saved_site)
    skipped = {Path(n.source).relative_to(saved_site).as_posix(): n for n in notices}
    assert {name: n.skipped for name, n in skipped.items()} == {
        "archive": "not a document", "latest.txt": "broken link", "logo.png": "not a document",
        "news/.cache": "hidden", "style.css": "not a document"}
    assert "ZIP" in skipped["archive"].message and "image/png" in skipped["logo.png"].message
    assert "gone.txt" in skipped["latest.txt"].message
    assert "hidden folder" in skipped["news/.cache"].message


def test_a_folder_walk_reads_files_in_the_same_order_as_before(tmp_path):
    """Sorted by path, a folder's files at its name's place: "a" before "a-b" before "b"."""
    for name in ("b.txt", "a/z.txt", "a-b.txt", "a/b/c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(real_text(2), encoding="utf-8")
    items, notices = walk(tmp_path)
    assert [Path(i.input).relative_to(tmp_path).as_posix() for i in items] == \
        ["a/b/c.txt", "a/z.txt", "a-b.txt", "b.txt"]
    assert notices == []


def test_a_hidden_folder_named_directly_is_read(saved_site):
    items, _ = walk(saved_site / "news" / ".cache")
    assert [Path(i.input).name for i in items] == ["story.html"]


def test_a_binary_file_named_directly_is_still_an_error(saved_site):
    [item] = list(read_paths([str(saved_site / "archive")], Settings()))
    assert isinstance(item, InputError) and "ZIP" in item.problem
