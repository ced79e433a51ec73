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
    raws: Iterable[Union[RawDocument, InputError]], *, batch_size: int = BATCH_SIZE
) -> Iterator[Union[Analysis, InputError]]:
    """Analyse documents in input order, batched through nlp.pipe.

    Reader errors passed in come out again in their place, so callers can
    report every problem in the order the inputs were given.
    """
    nlp = load_pipeline()
    batch: list[Union[Doc, InputError]] = []
    for item in raws:
        batch.append(item if isinstance(item, InputError) else _prepare(nlp, item))
        if len(batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


def _prepare(nlp, raw: RawDocument) -> Union[Doc, InputError]:
    """Clean one raw document and wrap its body in a Doc carrying the Document."""
    try:
        document = clean(raw)
    except InputError as err:
        return err
    doc = nlp.make_doc(document.body)
    doc._.document = document
    return doc


def _run_batch(nlp, batch: list) -> Iterator[Union[Analysis, InputError]]:
    docs = [item for item in batch if isinstance(item, Doc)]
    parsed = iter(nlp.pipe(docs, batch_size=len(docs) or 1))
    for item in batch:
        if isinstance(item, InputError):
            yield item
        else:
            yield to_analysis(next(parsed))


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
        claims=ann.claims,
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
