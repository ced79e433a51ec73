"""analyze(): one document in, one Analysis out — the pure function every front end calls.

The flow is RawDocument -> clean.clean() -> Document -> spaCy (with sitrep's
components) -> Analysis. The title goes through the same pipeline as a Doc of its
own, in the same batch (a headline is a few words), and its findings join the
body's (title_findings.py). `analyze_raw_documents` is the batched form used by
the CLI, the store and bulk runs; it yields an InputError in place of any
document that cannot be analysed, so one bad input never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

from spacy.tokens import Doc

from .clean import clean
from .clean.headline import story_cased
from .dates import parse_date
from .documents import Document, RawDocument
from .errors import InputError
from .extract.annotations import records
from .extract.claims.component import claims_of
from .model import Analysis, Dateline, Sourcing
from .nlp import load_pipeline
from .outlets import with_outlet
from .title_findings import with_title_findings

BATCH_SIZE = 32
# A title longer than this is no headline (a lead paragraph given as the title): not analysed.
MAX_TITLE_ANALYSED = 300


@dataclass
class Pending:
    """One cleaned document's Docs, waiting for the pipeline: the body's, and the title's
    when it has one."""

    body: Doc
    title: Optional[Doc] = None

    @property
    def docs(self) -> list[Doc]:
        return [self.body] if self.title is None else [self.body, self.title]


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
    """Analyse one document given as text (its first line is the title when it reads as a
    headline, clean/headline.py) or HTML."""
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
    report every problem in the order the inputs were given. Documents cleaned
    already (clean_documents) are analysed as they are.
    """
    nlp = load_pipeline()
    batch: list[Union[Pending, InputError]] = []
    for item in raws:
        if not isinstance(item, InputError):
            item = _prepare(nlp, item, remove_boilerplate)
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


def clean_documents(raws: Iterable[Union[RawDocument, InputError]], *,
                    remove_boilerplate: bool = True) -> Iterator[Union[Document, InputError]]:
    """Cleaning alone, in input order, errors in place. `ingest` cleans first to learn each
    document's id (analysis_id) and skip those already stored before the costly parse;
    analyze_raw_documents takes the cleaned Documents as they are."""
    for item in raws:
        yield clean_one(item, remove_boilerplate) if isinstance(item, RawDocument) else item


def clean_one(raw: RawDocument, remove_boilerplate: bool = True) -> Union[Document, InputError]:
    """clean(), with any failure turned into the InputError reported in its place."""
    try:
        return clean(raw, remove_boilerplate=remove_boilerplate)
    except InputError as err:
        return err
    except Exception as err:  # noqa: BLE001 — one broken page must not stop a batch
        return internal_error(raw.input, "cleaning", err)


def analysis_id(document: Document) -> str:
    """The id the document's Analysis gets: the record's own id, else its body's hash."""
    return document.id or document_id(document.body)


def _prepare(nlp, raw: Union[RawDocument, Document], remove_boilerplate: bool = True) -> Union[Pending, InputError]:
    """Clean one raw document (a Document is clean already) and wrap its body (and title) in
    Docs carrying the Document."""
    document = raw if isinstance(raw, Document) else clean_one(raw, remove_boilerplate)
    if isinstance(document, InputError):
        return document
    if len(document.body) > nlp.max_length:
        return InputError(raw.input, f"article text is {len(document.body):,} characters; the parser takes at "
                                     f"most {nlp.max_length:,} (about 1 GB of memory per 100,000): split it")
    doc = nlp.make_doc(document.body)
    doc._.document = document
    return Pending(doc, _title_doc(nlp, document))


def _title_doc(nlp, document: Document) -> Optional[Doc]:
    """The headline as a Doc of its own, dated and sourced like its article; None when there
    is no title, or one too long to be a headline."""
    title = document.title
    if not title or not title.strip() or len(title) > MAX_TITLE_ANALYSED:
        return None
    doc = nlp.make_doc(story_cased(title, document.body))
    doc._.document = Document(input=document.input, body=title, url=document.url,
                              published=document.published, outlet=document.outlet)
    return doc


def _run_batch(nlp, batch: list) -> Iterator[Union[Analysis, InputError]]:
    """Run a batch through nlp.pipe; if anything in it fails, redo it one by one.

    The fallback isolates the failing document, so one pathological article
    costs its own analysis, never its neighbours'.
    """
    pending = [item for item in batch if isinstance(item, Pending)]
    docs = [doc for item in pending for doc in item.docs]
    try:
        done = iter(nlp.pipe(docs, batch_size=len(docs) or 1))
        results = iter([_assembled(item, done) for item in pending])
    except Exception:  # noqa: BLE001
        results = iter([_analyse_one(nlp, item) for item in pending])
    for item in batch:
        yield item if isinstance(item, InputError) else next(results)


def _assembled(item: Pending, done: Iterator[Doc]) -> Analysis:
    """The Analysis of one pending document from the processed Docs, taken in order."""
    body = next(done)
    return to_analysis(body, next(done) if item.title is not None else None)


def _analyse_one(nlp, item: Pending) -> Union[Analysis, InputError]:
    """One document on its own; a headline the pipeline cannot take costs its own findings,
    never the article's."""
    try:
        analysis = to_analysis(_processed(nlp, item.body))
    except Exception as err:  # noqa: BLE001
        return internal_error(item.body._.document.input, "analysis", err)
    if item.title is not None:
        try:
            title = to_analysis(_processed(nlp, item.title))
        except Exception:  # noqa: BLE001
            return analysis
        with_title_findings(analysis, title)
    return analysis


def _processed(nlp, doc: Doc) -> Doc:
    """The Doc's text through every component, on a fresh Doc: nothing a failed batch run
    left on the old one (spans, token extensions) carries over."""
    fresh = nlp.make_doc(doc.text)
    fresh._.document = doc._.document
    doc = fresh
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def internal_error(source: str, stage: str, err: Exception) -> InputError:
    """An unexpected failure on one document, reported like bad input (with a hint)."""
    error = InputError(source, f"internal error during {stage} ({type(err).__name__}: {err}); "
                               "please report it with this file")
    error.__cause__ = err
    return error


def to_analysis(doc: Doc, title_doc: Optional[Doc] = None) -> Analysis:
    """Assemble the contract object from a processed Doc, with what the processed Doc of its
    title found, if given."""
    document: Document = doc._.document
    found = records(doc)
    dateline = None
    if document.dateline is not None:
        dateline = Dateline(text=document.dateline.text, place=doc._.dateline_place)
    analysis = Analysis(
        id=analysis_id(document),
        input=document.input,
        url=document.url,
        outlet=document.outlet,
        title=document.title,
        published=document.published,
        dateline=dateline,
        body=document.body,
        removed=document.removed,
        entities=found["entities"],
        places=found["places"],
        sources=found["sources"],
        quotes=found["quotes"],
        claims=claims_of(doc),
        sourcing=sourcing_summary(found["sources"], document.exclusive),
    )
    if title_doc is not None:
        with_title_findings(analysis, to_analysis(title_doc))
    return with_outlet(analysis)


def sourcing_summary(sources, exclusive: bool) -> Sourcing:
    named = sum(1 for s in sources if s.named)
    return Sourcing(
        sources=len(sources),
        named=named,
        anonymous=len(sources) - named,
        single_source=len(sources) == 1,
        exclusive=exclusive,
    )
