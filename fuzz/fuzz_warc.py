"""Fuzz the WARC reader: bytes -> a .warc file -> read_paths() (the registry picks the reader).

    python fuzz/fuzz_warc.py [libFuzzer options] [corpus folders]
"""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["sitrep", "warcio"]):
    from common import check_item, run, scratch_file
    from sitrep.ingest import read_paths
    from sitrep.settings import Settings

SETTINGS = Settings(max_bytes=100_000)
PATH = scratch_file("fuzz.warc")


def test_one_input(data: bytes) -> None:
    PATH.write_bytes(data)
    for item in read_paths([str(PATH)], SETTINGS):
        check_item(item, str(PATH))


if __name__ == "__main__":
    run(test_one_input)
