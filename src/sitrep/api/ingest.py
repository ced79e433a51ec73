"""POST /api/articles: one document in, analysed by the same pipeline as `sitrep ingest`, stored.

The request is a RawDocument in JSON; whatever the pipeline cannot analyse
(empty text, nothing left after cleaning) is the client's 422 with the
pipeline's own words, as the CLI would print them.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import HTTPException
from pydantic import BaseModel, Field, field_validator, model_validator

from ..alerts.match import match_documents
from ..documents import RawDocument
from ..errors import InputError
from ..pipeline import analyze_raw_documents
from ..settings import DEFAULT_MAX_BYTES
from ..store import Store


class IngestRequest(BaseModel):
    """A document to analyse: text (first line is the title) or HTML, with optional metadata."""

    text: Optional[str] = Field(None, max_length=DEFAULT_MAX_BYTES)
    html: Optional[str] = Field(None, max_length=DEFAULT_MAX_BYTES)
    url: Optional[str] = Field(None, max_length=2000)
    title: Optional[str] = Field(None, max_length=1000)
    published: Optional[dt.date] = None
    outlet: Optional[str] = Field(None, max_length=200)

    @field_validator("text", "html", "url", "title", "outlet")
    @classmethod
    def _no_nul(cls, value: Optional[str]) -> Optional[str]:
        """Refuse a NUL character, which PostgreSQL text cannot hold (and files with one are
        refused as binary by the readers). Pydantic already refuses lone surrogates."""
        if value is not None and "\x00" in value:
            raise ValueError(f"contains a NUL character at position {value.index(chr(0))}")
        return value

    @model_validator(mode="after")
    def _has_content(self) -> "IngestRequest":
        """A document needs text or HTML; say so before the pipeline is asked."""
        if not (self.text or self.html):
            raise ValueError("give the document as 'text' or 'html'")
        return self


class Ingested(BaseModel):
    """What became of a posted document."""

    id: str
    new: bool = Field(description="false when the same document was stored before")
    claims: int


def ingest(store: Store, document: IngestRequest) -> Ingested:
    """Analyse and store one posted document; 422 with the reason if it cannot be analysed."""
    raw = RawDocument(input="api", text=document.text, html=document.html, url=document.url,
                      title=document.title, published=document.published, outlet=document.outlet)
    result = next(analyze_raw_documents([raw]))
    if isinstance(result, InputError):
        raise HTTPException(status_code=422, detail=result.problem)
    counts = store.save([result])
    if counts.new:
        match_documents(store, [result.id])  # the watchlists' alerts (sitrep/alerts), as `sitrep ingest` does
    return Ingested(id=result.id, new=counts.new == 1, claims=len(result.claims))
