"""Fuzz the WARC reader: bytes -> a .warc file -> read_paths() (the registry picks the reader).

    python fuzz/fuzz_warc.py [libFuzzer options] [corpus folders]
"""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["sitrep", "warcio"]):
    from common import fuzz_reader


if __name__ == "__main__":
    fuzz_reader("fuzz.warc")
