"""sitrep's annotations are spaCy-native: an analysed Doc round-trips through DocBin and
to_bytes with the same Analysis, the pipeline pickles and runs under `nlp.pipe(n_process=2)`,
and every component declares what it assigns and requires (issue 18)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from spacy.tokens import Doc, DocBin

from sitrep.documents import RawDocument
from sitrep.nlp import COMPONENTS, load_pipeline
from sitrep.pipeline import _prepare, to_analysis

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEXTS = sorted((FIXTURES / "sources-entities").glob("*.txt"))[:4] + [FIXTURES / "seed-breitbart-2016-03-25.txt"]


def fresh_docs(nlp) -> list[Doc]:
    """Unprocessed Docs of real articles, each carrying its cleaned Document."""
    return [_prepare(nlp, RawDocument(input=p.name, text=p.read_text(encoding="utf-8"))).body for p in TEXTS]


@pytest.fixture(scope="module")
def analysed():
    nlp = load_pipeline()
    docs = list(nlp.pipe(fresh_docs(nlp)))
    return nlp, docs, [to_analysis(doc) for doc in docs]


def test_the_analysed_articles_hold_every_kind_of_record(analysed):
    _, _, analyses = analysed
    for kind in ("entities", "places", "sources", "quotes", "claims"):
        assert any(getattr(a, kind) for a in analyses), kind


def test_an_analysed_doc_round_trips_through_docbin(analysed):
    nlp, docs, analyses = analysed
    stored = DocBin(store_user_data=True, docs=docs).to_bytes()
    restored = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
    assert [to_analysis(doc) for doc in restored] == analyses
    assert [s.id_ for s in restored[-1].spans["entities"]] == [s.id_ for s in docs[-1].spans["entities"]]


def test_an_analysed_doc_round_trips_through_bytes_and_pickle(analysed):
    nlp, docs, analyses = analysed
    assert to_analysis(Doc(nlp.vocab).from_bytes(docs[0].to_bytes())) == analyses[0]
    assert to_analysis(pickle.loads(pickle.dumps(docs[0]))) == analyses[0]


def test_the_records_are_spans_a_spacy_tool_can_read(analysed):
    _, docs, analyses = analysed
    seed, analysis = docs[-1], analyses[-1]
    group = next(e for e in analysis.entities if e.kb and e.type == "GROUP")
    spans = [s for s in seed.spans["entities"] if s.id_ == group.id]
    assert len(spans) == len(group.mentions) and all(s.kb_id_ == group.kb and s.label_ == "GROUP" for s in spans)
    place = analysis.places[0]
    assert any(s.id_ == place.id and s.label_ == place.kind for s in seed.spans["places"])
    assert all(seed[s.start]._.place == s.id_ for s in seed.spans["places"])


def test_the_pipeline_pickles_and_analyses_alike(analysed):
    nlp, _, analyses = analysed
    copy = pickle.loads(pickle.dumps(nlp))
    assert [to_analysis(doc) for doc in copy.pipe(fresh_docs(copy))] == analyses


def test_nlp_pipe_runs_on_two_processes_with_the_same_output(analysed):
    nlp, _, analyses = analysed
    assert [to_analysis(doc) for doc in nlp.pipe(fresh_docs(nlp), n_process=2, batch_size=2)] == analyses


def test_every_sitrep_component_declares_what_it_assigns_and_requires():
    nlp = load_pipeline()
    summary = nlp.analyze_pipes(pretty=False)
    for name in ("sitrep_paragraphs", *COMPONENTS):
        assert summary["summary"][name]["assigns"], name
    for name in COMPONENTS:
        assert summary["summary"][name]["requires"], name
    # What no earlier component declares: the part of speech and morphology, which the English
    # model's attribute_ruler sets from the tags without declaring it.
    missing = {attr for name in COMPONENTS for attr in summary["problems"][name]}
    assert missing <= {"token.pos", "token.morph"}
