"""Real decompression bombs, built in a fraction of a second without inflating them.

Deflate output after a full flush does not refer back past the flush, so one
compressed megabyte of zeros (or spaces), flushed, can be repeated: 1,024 copies are a valid
gzip member that inflates to 1 GB (1 MB on disk, the ratio of a real bomb).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

GB = 1 << 30
MB = 1 << 20


def _flushed(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def gzip_bomb(path: Path, size: int = GB, prefix: bytes = b"", suffix: bytes = b"", fill: bytes = b"\0") -> Path:
    """One gzip member: `prefix`, `size` bytes of `fill` (whole megabytes), `suffix`."""
    megabyte = fill * (MB // len(fill))
    block = _flushed(megabyte)
    crc = zlib.crc32(prefix)
    with path.open("wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")  # gzip header, no name, no time
        out.write(_flushed(prefix))
        for _ in range(size // MB):
            out.write(block)
            crc = zlib.crc32(megabyte, crc)
        final = zlib.compressobj(9, zlib.DEFLATED, -15)
        out.write(final.compress(suffix) + final.flush())
        crc = zlib.crc32(suffix, crc)
        out.write(struct.pack("<II", crc, (len(prefix) + size + len(suffix)) & 0xFFFFFFFF))
    return path
