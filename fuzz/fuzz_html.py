"""Fuzz the HTML reader and cleaner: bytes -> a .html file -> read_paths() -> clean().

    python fuzz/fuzz_html.py [libFuzzer options] [corpus folders]
"""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["sitrep", "trafilatura", "charset_normalizer"]):
    from common import check_document, check_item, run, scratch_file
    from sitrep.clean import clean
    from sitrep.errors import InputError
    from sitrep.ingest import read_paths
    from sitrep.settings import Settings

SETTINGS = Settings(max_bytes=300_000)
PATH = scratch_file("fuzz.html")


def test_one_input(data: bytes) -> None:
    PATH.write_bytes(data)
    for item in read_paths([str(PATH)], SETTINGS):
        check_item(item, str(PATH))
        if isinstance(item, InputError):
            continue
        try:
            document = clean(item)
        except InputError as error:
            check_item(error, str(PATH))
            continue
        check_document(document)


if __name__ == "__main__":
    run(test_one_input)
