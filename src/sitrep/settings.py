"""One settings object, built from CLI options and the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

DEFAULT_DB = "sitrep.db"
# A news article is rarely over 200 kB of text; 5 MB leaves room for long HTML pages
# while refusing dumps passed by mistake as one document.
DEFAULT_MAX_BYTES = 5_000_000


def default_db() -> str:
    return os.environ.get("SITREP_DB") or DEFAULT_DB


def default_token() -> Optional[str]:
    """The write token of `sitrep serve` (SITREP_TOKEN); None keeps the server read-only."""
    return os.environ.get("SITREP_TOKEN") or None


@dataclass(frozen=True)
class Settings:
    db: str = field(default_factory=default_db)
    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: Optional[str] = None
    clean: bool = True
    batch_size: int = 32
    token: Optional[str] = field(default_factory=default_token, repr=False)
