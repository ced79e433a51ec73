"""A body with no sentence (a page of menu links) is refused, naming the input; real articles pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.clean import clean
from sitrep.clean.sentence import has_sentence
from sitrep.documents import RawDocument
from sitrep.errors import InputError

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_a_page_of_breadcrumb_links_alone_is_refused():
    page = FIXTURES / "ingest-cli" / "nav-only-dealbreaker.html"
    with pytest.raises(InputError) as refused:
        clean(RawDocument(input=str(page), html=page.read_text(encoding="utf-8")))
    assert refused.value.source == str(page)
    assert refused.value.problem.startswith("no sentence in the article text ('Home / Opening Bell')")


@pytest.mark.parametrize("body", ["Home", "Home\n\nNews\n\nSport\n\nWeather", "U.S.\n\nWorld\n\nOpinion\n\nPolitics"])
def test_menus_hold_no_sentence(body):
    assert not has_sentence(body)


def test_real_articles_and_a_headline_alone_hold_one():
    texts = sorted((FIXTURES / "polnear" / "sample" / "text").glob("*.txt"))
    assert texts and all(has_sentence(clean(RawDocument(input=str(t), text=t.read_text("utf-8"))).body) for t in texts)
    assert has_sentence("Obama's Gitmo plan leaves everyone unhappy")  # a PolNeAR headline, given alone
    assert has_sentence("U.S. troops left Syria.\n\nMore")
