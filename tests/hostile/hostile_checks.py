"""The promises checked on every hostile input, shared by the property, limit and fuzz tests."""

from __future__ import annotations

from hypothesis import settings

from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.model import Analysis

# analyze() runs spaCy: its property tests take this fraction of the profile's examples.
ANALYZE_SHARE = 2


def analyze_settings() -> settings:
    """Settings for a test that runs the pipeline: fewer examples, no deadline (see conftest)."""
    return settings(max_examples=max(settings.default.max_examples // ANALYZE_SHARE, 1), deadline=None)


def assert_one_line_error(error, source: str) -> None:
    """An InputError that is one line, names the input, and says what is wrong."""
    assert isinstance(error, InputError), f"{type(error).__name__}: {error}"
    line = str(error)
    assert "\n" not in line and "\r" not in line, line
    assert error.source.startswith(source), (error.source, source)
    assert line == f"{error.source}: {error.problem}" and error.problem.strip()


def assert_reader_items(items: list, source: str) -> None:
    """What a reader may yield: RawDocuments with text or HTML, or one-line InputErrors, named by source."""
    for item in items:
        if isinstance(item, InputError):
            assert_one_line_error(item, source)
            continue
        assert isinstance(item, RawDocument), type(item)
        assert item.input.startswith(source)
        content = item.html if item.html is not None else item.text
        assert isinstance(content, str) and content.strip()


def spans(analysis: Analysis) -> list:
    """Every record of the analysis that carries character offsets into its body."""
    found = [m for group in (analysis.entities, analysis.places, analysis.sources)
             for record in group for m in record.mentions]
    return found + list(analysis.quotes) + list(analysis.claims)


def assert_valid_analysis(analysis: Analysis) -> None:
    """The contract: valid against the model, serialisable, offsets into body, references resolve."""
    assert isinstance(analysis, Analysis)
    dumped = analysis.model_dump_json()  # fails on anything JSON cannot carry (lone surrogates)
    assert Analysis.model_validate_json(dumped) == analysis
    assert analysis.body.strip()
    for span in spans(analysis):
        text = analysis.text_of(span)  # the body, or the title for a record found in the headline
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span
    ids = {r.id for group in (analysis.entities, analysis.places) for r in group}
    source_ids = {s.id for s in analysis.sources}
    for claim in analysis.claims:
        assert claim.actor is None or claim.actor in ids
        assert set(claim.target) <= ids and (claim.place is None or claim.place in ids)
        assert claim.source is None or claim.source in source_ids
    for quote in analysis.quotes:
        assert quote.source is None or quote.source in source_ids
    if analysis.dateline and analysis.dateline.place:
        assert analysis.dateline.place in ids
