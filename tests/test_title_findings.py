"""The title is analysed too (issue 19, item 1): its entities, places, quotes and claims come
back with `"field": "title"` and offsets into `title` (CONTRACT.md), read through the body.

Real PolNeAR excerpts (tests/fixtures/titles/, PROVENANCE.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.api.highlight import highlighted
from sitrep.documents import RawDocument
from sitrep.model import Analysis
from sitrep.pipeline import analyze_raw_documents
from sitrep.store import Store

TITLES = Path(__file__).parent / "fixtures" / "titles"
FILES = {
    "o-malley": "breitbart_2015-11-16_o-malley-campaign-to-shift-staff.txt",
    "upi": "breitbart_2015-11-19_hillary-clinton-calls-on-u-s-to-excerpt.txt",
    "black": "huff-post_2016-09-16_black-lawmakers-rip-donald-trump-excerpt.txt",
}


@pytest.fixture(scope="module")
def analyses(nlp) -> dict[str, Analysis]:
    """The fixtures as `sitrep analyze` reads .txt files, plus the UPI story given as a record
    (its text without the headline, no title): the same body, no title to analyse."""
    texts = {key: (TITLES / name).read_text(encoding="utf-8") for key, name in FILES.items()}
    raws = [RawDocument(input=name, text=texts[key]) for key, name in FILES.items()]
    raws.append(RawDocument(input="upi.jsonl:1", text=texts["upi"].split("\n\n", 1)[1], text_is_body=True))
    results = list(analyze_raw_documents(raws))
    assert all(isinstance(r, Analysis) for r in results), results
    return dict(zip([*FILES, "upi-untitled"], results))


def title_records(analysis: Analysis) -> list:
    mentions = [m for group in (analysis.entities, analysis.places, analysis.sources)
                for record in group for m in record.mentions]
    return [r for r in mentions + analysis.quotes + analysis.claims if r.field == "title"]


def test_headline_records_index_the_title_and_the_rest_index_the_body(analyses):
    for key in FILES:
        analysis = analyses[key]
        assert title_records(analysis), key
        for record in title_records(analysis):
            assert analysis.title[record.start:record.end] == record.text, (key, record)
        mentions = [m for group in (analysis.entities, analysis.places, analysis.sources)
                    for r in group for m in r.mentions]
        for record in mentions + analysis.quotes + analysis.claims:
            assert analysis.text_of(record)[record.start:record.end] == record.text, (key, record)


def test_headline_names_join_the_body_records_that_bear_them(analyses):
    analysis = analyses["o-malley"]
    omalley = next(e for e in analysis.entities if e.name == "Martin O’Malley")
    assert [(m.start, m.end, m.text) for m in omalley.mentions if m.field == "title"] == [(0, 8, "O’Malley")]
    iowa = next(p for p in analysis.places if p.name == "Iowa")
    assert [m.text for m in iowa.mentions if m.field == "title"] == ["Iowa"]


def test_a_title_case_misreading_is_no_entity(analyses):
    """spaCy reads "Black Lawmakers Rip Donald Trump As A ..." as the PERSON "Rip Donald Trump"."""
    analysis = analyses["black"]
    assert not [e.name for e in analysis.entities if "Rip" in e.name]
    trump = next(e for e in analysis.entities if e.name == "Donald Trump")
    start = analysis.title.index("Donald Trump")
    assert [(m.start, m.end) for m in trump.mentions if m.field == "title"] == [(start, start + len("Donald Trump"))]


def test_a_headline_claim_is_reported_with_the_body_s_ids(analyses):
    analysis = analyses["upi"]
    clinton = next(e for e in analysis.entities if e.name == "Hillary Clinton")
    headline_claims = [c for c in analysis.claims if c.field == "title"]
    assert any(c.actor == clinton.id for c in headline_claims)
    ids = {r.id for r in analysis.entities + analysis.places}
    for claim in headline_claims:
        assert claim.text == analysis.title and claim.trigger.field == "title"
        assert {claim.actor, claim.place, *claim.target} - {None} <= ids


def test_the_title_only_adds_records_after_the_body_s(analyses):
    titled, untitled = analyses["upi"], analyses["upi-untitled"]
    assert untitled.title is None and untitled.body == titled.body
    assert [c for c in titled.claims if c.field is None] == untitled.claims
    assert [q for q in titled.quotes if q.field is None] == untitled.quotes
    assert [e.id for e in titled.entities] == [e.id for e in untitled.entities]
    assert titled.sourcing == untitled.sourcing


def test_json_names_the_field_only_for_headline_records(analyses):
    dumped = analyses["o-malley"].model_dump(mode="json")
    mentions = [m for e in dumped["entities"] for m in e["mentions"]]
    assert {m.get("field") for m in mentions} == {None, "title"}
    assert '"field":null' not in analyses["o-malley"].model_dump_json()  # absent = body
    assert Analysis.model_validate(dumped) == analyses["o-malley"]


def test_the_desk_marks_no_headline_record_in_the_body(analyses):
    analysis = analyses["upi"]
    headline = {c.id for c in analysis.claims if c.field == "title"}
    marked = {ref for paragraph in highlighted(analysis)
              for refs in re.findall(r'data-refs="([^"]*)"', str(paragraph)) for ref in refs.split()}
    assert headline and marked and not headline & marked


def test_headline_records_are_stored_and_read_back(analyses, tmp_path):
    with Store(str(tmp_path / "s.db")) as store:
        store.save([analyses["upi"]])
        assert store.get(analyses["upi"].id) == analyses["upi"]
        assert [hit.id for hit in store.search(actor="Hillary Clinton")] == [analyses["upi"].id]


def test_a_headline_the_pipeline_cannot_take_costs_only_its_own_findings(nlp, monkeypatch):
    """A failure on the title alone (forced here: no real headline is known to break a
    component) leaves the article's analysis whole, without title findings."""
    import sitrep.pipeline as pipeline

    text = (TITLES / FILES["o-malley"]).read_text(encoding="utf-8")
    headline = text.split("\n", 1)[0]
    real = pipeline._processed

    def failing_on_the_title(nlp, doc):
        if doc._.document.body == headline:
            raise RuntimeError("a component failed")
        return real(nlp, doc)

    def failing_batch(item, done):
        raise RuntimeError("the batch failed")

    monkeypatch.setattr(pipeline, "_processed", failing_on_the_title)
    monkeypatch.setattr(pipeline, "_assembled", failing_batch)
    [analysis] = analyze_raw_documents([RawDocument(input="o-malley.txt", text=text)])
    assert isinstance(analysis, Analysis) and analysis.title == headline
    assert analysis.entities and not title_records(analysis)
