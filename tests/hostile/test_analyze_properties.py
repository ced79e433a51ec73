"""Property tests of analyze(): any text or HTML -> a valid Analysis or one clear InputError.

An "internal error" InputError is the pipeline's last-resort wrapper around an exception:
it keeps a batch alive, but here it counts as a crash.
"""

from __future__ import annotations

from hypothesis import event, given, strategies as st

from hostile_checks import analyze_settings, assert_one_line_error, assert_valid_analysis
from hostile_strategies import any_text, html_page, news_text, real_sentence
from sitrep import analyze
from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.pipeline import analyze_raw_documents, document_id


def analysed(**document):
    """analyze(**document), or the InputError it raised; never an internal error."""
    try:
        result = analyze(**document)
    except InputError as error:
        assert_one_line_error(error, "-")
        assert "internal error" not in error.problem, error.problem
        event(f"refused: {error.problem.split(' (')[0]}")
        return error
    event(f"analysed ({'with' if result.claims else 'no'} claims)")
    return result


def assert_deterministic(first, document: dict) -> None:
    """The same input again gives the same result, id included."""
    second = analysed(**document)
    if isinstance(first, InputError):
        assert isinstance(second, InputError) and str(second) == str(first)
    else:
        assert second.model_dump() == first.model_dump()


@analyze_settings()
@given(text=any_text)
def test_any_text_gives_a_valid_analysis_or_one_error(nlp, text):
    result = analysed(text=text)
    if isinstance(result, InputError):
        return
    assert_valid_analysis(result)
    assert result.id == document_id(result.body)
    assert_deterministic(result, {"text": text})


@analyze_settings()
@given(html=html_page(), title=st.none() | real_sentence, url=st.none() | st.text(max_size=40))
def test_any_html_gives_a_valid_analysis_or_one_error(nlp, html, title, url):
    document = {"html": html, "title": title, "url": url}
    result = analysed(**document)
    if isinstance(result, InputError):
        return
    assert_valid_analysis(result)
    assert_deterministic(result, document)


@analyze_settings()
@given(texts=st.lists(news_text() | any_text, min_size=2, max_size=5))
def test_a_batch_keeps_order_and_every_document_is_analysed_as_if_alone(nlp, texts):
    raws = [RawDocument(input=f"doc{n}", text=t) for n, t in enumerate(texts)]
    results = list(analyze_raw_documents(raws, batch_size=2))
    assert [r.source if isinstance(r, InputError) else r.input for r in results] == [r.input for r in raws]
    for text, result in zip(texts, results):
        alone = analysed(text=text)
        assert isinstance(result, InputError) == isinstance(alone, InputError)
        if not isinstance(result, InputError):
            assert result.model_dump(exclude={"input"}) == alone.model_dump(exclude={"input"})
