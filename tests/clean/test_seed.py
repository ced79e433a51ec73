"""The seed article's cleaning points (shared/examples/seed.expected.md, "Cleaning")."""

from __future__ import annotations

import pytest

from sitrep.clean import clean
from sitrep.documents import RawDocument

TITLE = ("EXCLUSIVE – Arab Intel Official: Islamic State Stepping Up Efforts To Carry Out "
         "Attacks In U.S., Russia")


@pytest.fixture(scope="module")
def seed_doc(seed_text):
    return clean(RawDocument(input="seed", text=seed_text))


def test_title_is_the_headline(seed_doc):
    assert seed_doc.title == TITLE


def test_caption_credit_and_comments_are_removed_with_their_kinds(seed_doc):
    kinds = {r.text: r.kind for r in seed_doc.removed}
    captions = [text for text, kind in kinds.items() if kind == "caption"]
    assert len(captions) == 1 and captions[0].startswith("INDIA, Srinagar : Kashmiri demonstrators")
    assert kinds["AFP PHOTO/Tauseef MUSTAFA"] == "credit"
    assert kinds["COMMENTS"] == "comments"
    assert kinds["Please let us know if you're having issues with commenting."] == "comments"


def test_nothing_removed_is_left_in_the_body(seed_doc):
    for removed in seed_doc.removed:
        assert removed.text not in seed_doc.body
    assert "Srinagar" not in seed_doc.body and "MUSTAFA" not in seed_doc.body


def test_the_story_itself_is_kept(seed_doc):
    assert "an Arab intelligence official told Breitbart Jerusalem" in " ".join(seed_doc.body.split())
    assert seed_doc.body.rstrip().endswith("knew it was coming,” he said.")


def test_dateline_and_exclusive(seed_doc):
    assert seed_doc.dateline is not None
    assert seed_doc.dateline.text == "JAFFA, Israel"
    assert seed_doc.body[seed_doc.dateline.start:seed_doc.dateline.end] == "JAFFA, Israel"
    assert seed_doc.exclusive is True
