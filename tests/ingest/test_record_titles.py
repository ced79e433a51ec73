"""A JSONL/CSV record's `text` is its body whole, never split into a title (issue 19, item 1).

The record's text is a real PolNeAR article, whole (it opens with a headline, which stays in
the body), or from its third paragraph on: a lead paragraph of 190 characters ending in a
closing quote mark, which was once taken for the title and left the body.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sitrep.clean import clean
from sitrep.ingest import read_paths
from sitrep.settings import Settings

TITLES = Path(__file__).parent.parent / "fixtures" / "titles"
ARTICLE = TITLES / "breitbart_2015-11-16_o-malley-campaign-to-shift-staff.txt"


def texts() -> dict[str, str]:
    """The whole file (it opens with its headline), and the story from its third paragraph on
    (it opens with a quoted lead of 190 characters)."""
    whole = ARTICLE.read_text(encoding="utf-8")
    return {"whole": whole, "lead": whole.split("\n\n", 2)[2]}


def cleaned(tmp_path: Path, name: str) -> list:
    return [clean(item) for item in read_paths([str(tmp_path / name)], Settings())]


@pytest.mark.parametrize("kind", ["whole", "lead"])
def test_a_record_without_a_title_keeps_its_whole_text_as_the_body(tmp_path, kind):
    text = texts()[kind]
    (tmp_path / "dump.jsonl").write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    with open(tmp_path / "dump.csv", "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["text"], [text]])
    first_line = text.split("\n")[0]
    for name in ("dump.jsonl", "dump.csv"):
        [document] = cleaned(tmp_path, name)
        assert document.title is None, name
        assert document.body.startswith(first_line), name
        assert document.body.rstrip().endswith("first reported by MSNBC."), name


def test_a_record_title_stays_its_own_and_the_text_whole(tmp_path):
    headline, _, text = ARTICLE.read_text(encoding="utf-8").partition("\n\n")
    (tmp_path / "dump.jsonl").write_text(json.dumps({"title": headline, "text": text}) + "\n", encoding="utf-8")
    [document] = cleaned(tmp_path, "dump.jsonl")
    assert document.title == headline
    assert document.body.startswith("DALLAS (AP) —") and document.dateline.text == "DALLAS"
