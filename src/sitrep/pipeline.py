"""analyze(): one document in, one Analysis out — the pure function every front end calls.

The flow is RawDocument -> clean.clean() -> Document -> spaCy (with sitrep's
components) -> Analysis. `analyze_raw_documents` is the batched form used by
the CLI, the store and bulk runs; it yields an InputError in place of any
document that cannot be analysed, so one bad input never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Iterable, Iterator, Optional, Union

from spacy.tokens import Doc

from .clean import clean
from .dates import parse_date
from .documents import Document, RawDocument
from .errors import InputError
from .extract.annotations import annotations
from .extract.events.component import claims_of
from .model import Analysis, Dateline, Sourcing
from .nlp import load_pipeline

BATCH_SIZE = 32


def document_id(body: str) -> str:
    """Stable id: the same body always gets the same id."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def analyze(
    text: Optional[str] = None,
    *,
    url: Optional[str] = None,
    title: Optional[str] = None,
    published: Union[str, dt.date, None] = None,
    outlet: Optional[str] = None,
    html: Optional[str] = None,
) -> Analysis:
    """Analyse one document given as text (first line = title) or HTML."""
    raw = RawDocument(input="-", text=text, html=html, url=url, title=title,
                      published=parse_date(published), outlet=outlet)
    result = next(analyze_raw_documents([raw]))
    if isinstance(result, InputError):
        raise result
    return result


def analyze_raw_documents(
    raws: Iterable[Union[RawDocument, InputError]], *, batch_size: int = BATCH_SIZE,
    remove_boilerplate: bool = True,
) -> Iterator[Union[Analysis, InputError]]:
    """Analyse documents in input order, batched through nlp.pipe.

    Reader errors passed in come out again in their place, so callers can
    report every problem in the order the inputs were given.
    """
    nlp = load_pipeline()
    batch: list[Union[Doc, InputError]] = []
    for item in raws:
        if not isinstance(item, InputError):
            item = _prepare(nlp, item, remove_boilerplate)
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


def _prepare(nlp, raw: RawDocument, remove_boilerplate: bool = True) -> Union[Doc, InputError]:
    """Clean one raw document and wrap its body in a Doc carrying the Document."""
    try:
        document = clean(raw, remove_boilerplate=remove_boilerplate)
    except InputError as err:
        return err
    except Exception as err:  # noqa: BLE001 — one broken page must not stop a batch
        return internal_error(raw.input, "cleaning", err)
    if len(document.body) > nlp.max_length:
        return InputError(raw.input, f"article text is {len(document.body):,} characters; the parser takes at "
                                     f"most {nlp.max_length:,} (about 1 GB of memory per 100,000): split it")
    doc = nlp.make_doc(document.body)
    doc._.document = document
    return doc


def _run_batch(nlp, batch: list) -> Iterator[Union[Analysis, InputError]]:
    """Run a batch through nlp.pipe; if anything in it fails, redo it one by one.

    The fallback isolates the failing document, so one pathological article
    costs its own analysis, never its neighbours'.
    """
    docs = [item for item in batch if isinstance(item, Doc)]
    try:
        results = iter([to_analysis(d) for d in nlp.pipe(docs, batch_size=len(docs) or 1)])
    except Exception:  # noqa: BLE001
        results = iter([_analyse_one(nlp, d) for d in docs])
    for item in batch:
        yield item if isinstance(item, InputError) else next(results)


def _analyse_one(nlp, doc: Doc) -> Union[Analysis, InputError]:
    doc._.ann = None  # drop anything a failed batch run left behind
    try:
        for _, component in nlp.pipeline:
            doc = component(doc)
        return to_analysis(doc)
    except Exception as err:  # noqa: BLE001
        return internal_error(doc._.document.input, "analysis", err)


def internal_error(source: str, stage: str, err: Exception) -> InputError:
    """An unexpected failure on one document, reported like bad input (with a hint)."""
    error = InputError(source, f"internal error during {stage} ({type(err).__name__}: {err}); "
                               "please report it with this file")
    error.__cause__ = err
    return error


def to_analysis(doc: Doc) -> Analysis:
    """Assemble the contract object from a processed Doc."""
    document: Document = doc._.document
    ann = annotations(doc)
    dateline = None
    if document.dateline is not None:
        dateline = Dateline(text=document.dateline.text, place=ann.dateline_place)
    return Analysis(
        id=document.id or document_id(document.body),
        input=document.input,
        url=document.url,
        outlet=document.outlet,
        title=document.title,
        published=document.published,
        dateline=dateline,
        body=document.body,
        removed=document.removed,
        entities=ann.entities,
        places=ann.places,
        sources=ann.sources,
        quotes=ann.quotes,
        claims=claims_of(doc),
        sourcing=sourcing_summary(ann.sources, document.exclusive),
    )


def sourcing_summary(sources, exclusive: bool) -> Sourcing:
    named = sum(1 for s in sources if s.named)
    return Sourcing(
        sources=len(sources),
        named=named,
        anonymous=len(sources) - named,
        single_source=len(sources) == 1,
        exclusive=exclusive,
    )
