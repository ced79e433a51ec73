"""One settings object, built from CLI options and the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

DEFAULT_DB = "sitrep.db"
# A news article is rarely over 200 kB of text; 5 MB leaves room for long HTML pages
# while refusing dumps passed by mistake as one document.
DEFAULT_MAX_BYTES = 5_000_000
# News text and HTML compress 3-10x with gzip; a file that inflates 100x or more is built to
# explode (a "zip bomb"). See docs/hostile-input.md.
DEFAULT_MAX_INFLATE_RATIO = 100
# A request to the server carries one document as JSON: twice the document limit leaves
# room for JSON's escaping of a document at that limit, and refuses anything bigger.
DEFAULT_MAX_REQUEST_BYTES = 2 * DEFAULT_MAX_BYTES


def default_db() -> str:
    return os.environ.get("SITREP_DB") or DEFAULT_DB


def default_token() -> Optional[str]:
    """The write token of `sitrep serve` (SITREP_TOKEN); None keeps the server read-only."""
    return os.environ.get("SITREP_TOKEN") or None


@dataclass(frozen=True)
class Settings:
    db: str = field(default_factory=default_db)
    max_bytes: int = DEFAULT_MAX_BYTES
    max_inflate_ratio: int = DEFAULT_MAX_INFLATE_RATIO
    encoding: Optional[str] = None
    clean: bool = True
    batch_size: int = 32
    token: Optional[str] = field(default_factory=default_token, repr=False)
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    cors_origins: tuple[str, ...] = ()
