"""Every limit on input in one place, and the one-line messages that name them.

--max-bytes (Settings.max_bytes, 5 MB by default) bounds one document: a text or
HTML file, a JSON/JSONL record or CSV row, a WARC response body, a feed entry.
The other limits follow from it or guard a parser (docs/hostile-input.md has
the table):

- a JSON Lines line, JSON record or CSV row is not read past RECORD_FACTOR x
  --max-bytes characters (escapes and other columns make a record longer than
  its document), so memory follows the largest record, never the file;
- a feed is parsed whole (feedparser cannot stream), up to FEED_FACTOR x --max-bytes;
- a WARC record's header lines stop at MAX_WARC_HEADERS bytes;
- gzip input may not inflate past Settings.max_inflate_ratio (streams.py).
"""

from __future__ import annotations

from ..settings import Settings

RECORD_FACTOR = 4
FEED_FACTOR = 20
MAX_WARC_HEADERS = 1_000_000


def size(count: int) -> str:
    """A byte count as people read it: "5.0 MB", "1.5 kB", "800 bytes"."""
    if count >= 1_000_000:
        return f"{count / 1e6:.1f} MB"
    if count >= 1_000:
        return f"{count / 1e3:.1f} kB"
    return f"{count} bytes"


def too_large(what: str, settings: Settings, detail: str = "") -> str:
    """The message for a document over --max-bytes: "file too large (over the limit of ...)"."""
    return (f"{what} too large ({detail}over the limit of {size(settings.max_bytes)} per document): "
            "split it, or raise the limit with --max-bytes")


def record_limit(settings: Settings) -> int:
    """Characters of one line, record or row that are read at most."""
    return settings.max_bytes * RECORD_FACTOR


def too_long(what: str, settings: Settings) -> str:
    """The message for a line, record or row over record_limit()."""
    return (f"{what} longer than the limit of {record_limit(settings):,} characters "
            f"({RECORD_FACTOR} x --max-bytes): raise --max-bytes")


def feed_limit(settings: Settings) -> int:
    return settings.max_bytes * FEED_FACTOR
