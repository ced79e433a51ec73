"""Opening input files: plain, or gzip-compressed with a bound on how far they inflate.

A file whose bytes start with the gzip magic number is decompressed on the fly,
whatever its name: crawlers and `curl` save compressed pages under plain names,
and dumps travel as `.jsonl.gz`. One layer only; gzip inside gzip is refused by
the reader as binary data.

Decompression is lazy, so a reader that stops at its own limit (--max-bytes
for one document) never inflates more than that. Readers of containers (JSON
Lines, CSV, WARC) read a whole file, so a decompression bomb — a small file
that inflates to gigabytes — is stopped by ratio: once past INFLATE_FLOOR of
output, a file may not have inflated to more than `max_inflate_ratio` times the
compressed bytes read so far. Text and HTML compress 3-10x; a thousandfold is
what zeros do. A file refused this way can still be decompressed by hand.
"""

from __future__ import annotations

import gzip
import io
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from ..settings import Settings
from .limits import size

GZIP_MAGIC = b"\x1f\x8b"
# Below this much output no ratio is checked: a short document of repeated
# characters compresses far beyond any ratio and is harmless.
INFLATE_FLOOR = 1_000_000
BUFFER_SIZE = 64 * 1024


class StreamError(Exception):
    """Compressed input that is corrupt, truncated, or inflates too far; reading it stops.

    Not a ValueError, so no reader mistakes it for one bad record and reads on.
    """


@contextmanager
def open_input(path: Path, settings: Settings) -> Iterator[BinaryIO]:
    """The bytes of a file, decompressed (boundedly) when it is gzip data."""
    with path.open("rb", buffering=BUFFER_SIZE) as raw:  # a buffer large enough to peek at a head
        if raw.peek(len(GZIP_MAGIC))[: len(GZIP_MAGIC)] != GZIP_MAGIC:
            yield raw
            return
        inflating = BoundedGzip(raw, settings.max_inflate_ratio)
        yield io.BufferedReader(inflating, BUFFER_SIZE)
        inflating.raise_if_broken()


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes, read a step at a time: read(limit) would set aside all of
    `limit` at once, even for a bomb refused after its first megabyte."""
    chunks, total = [], 0
    while total < limit and (chunk := stream.read(min(INFLATE_FLOOR, limit - total))):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


class BoundedGzip(io.RawIOBase):
    """A gzip-decompressing stream that raises StreamError instead of inflating a bomb.

    Corrupt or truncated data ends the stream where it breaks, so that what came
    before is still read (a buffered read that raised would drop the whole
    buffer, whole records with it); raise_if_broken() then reports it, and
    open_input calls it once the reader is done, so a cut-off file is never
    taken for a complete one.
    """

    def __init__(self, raw: BinaryIO, max_ratio: int):
        super().__init__()
        self._raw = raw
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._max_ratio = max_ratio
        self._inflated = 0
        self._broken = ""

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._gzip.close()  # the raw file is its opener's to close
        super().close()

    def readinto(self, buffer) -> int:
        if self._broken:
            return 0
        try:  # read1: one step of at most the floor, so a bomb is caught within a step of it,
            # and a break costs no data already inflated (read() would loop and drop it)
            data = self._gzip.read1(min(len(buffer), INFLATE_FLOOR))
        except (gzip.BadGzipFile, EOFError, zlib.error) as err:
            self._broken = (f"corrupt or truncated gzip data after {size(self._inflated)} ({err}); "
                            "what came before it was read")
            return 0
        self._inflated += len(data)
        self._check_ratio()
        buffer[: len(data)] = data
        return len(data)

    def raise_if_broken(self) -> None:
        if self._broken:
            raise StreamError(self._broken)

    def _check_ratio(self) -> None:
        compressed = max(self._raw.tell(), 1)
        if self._inflated > INFLATE_FLOOR and self._inflated > self._max_ratio * compressed:
            raise StreamError(
                f"gzip data inflating more than {self._max_ratio}x (the limit): "
                f"{size(self._inflated)} from {size(compressed)}, a decompression bomb? "
                "Refused without inflating the rest; if the file is genuine, gunzip it first"
            )
