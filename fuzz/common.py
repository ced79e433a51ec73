"""What every harness checks, and how it runs.

A harness turns the fuzzer's bytes into an input file, reads it with one of
sitrep's readers (and for HTML, cleans it), and checks the one promise made
to users about bad input: every problem is a single InputError line naming
the input, and nothing else escapes. Any other exception, a failed check, a
hang (-timeout) or a memory blow-up (-rss_limit_mb) is a crash that
libFuzzer saves under the artifact prefix.

Harnesses import this module inside their atheris.instrument_imports() block,
so sitrep is instrumented when it is first imported here.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

from sitrep.documents import Document, RawDocument
from sitrep.errors import InputError
from sitrep.ingest import read_paths
from sitrep.settings import Settings


def check_error(error: InputError, source: str) -> None:
    """One line, naming the input it is about."""
    assert isinstance(error, InputError), error
    line = str(error)
    assert "\n" not in line and "\r" not in line, f"error spans lines: {line!r}"
    assert error.source.startswith(source), f"error names {error.source!r}, not {source!r}"
    assert error.problem.strip(), "error without a problem"


def check_item(item, source: str) -> None:
    """A reader's item: a RawDocument with text or HTML, or a one-line InputError."""
    if isinstance(item, InputError):
        check_error(item, source)
        return
    assert isinstance(item, RawDocument), f"reader yielded {type(item).__name__}"
    assert item.input.startswith(source)
    assert isinstance(item.html or item.text, str) and (item.html or item.text).strip()


def check_document(document: Document) -> None:
    """A cleaned document: a body, and a dateline that is a span of it."""
    assert isinstance(document, Document) and document.body.strip()
    if document.dateline is not None:
        span = document.dateline
        assert document.body[span.start:span.end] == span.text


def scratch_file(name: str) -> Path:
    """A file in a private temporary folder that each input is written to."""
    return Path(tempfile.mkdtemp(prefix="sitrep-fuzz-")) / name


def run(test_one_input) -> None:
    """Hand the harness to libFuzzer with the command line's options."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


def fuzz_reader(file_name: str, max_bytes: int = 100_000) -> None:
    """Fuzz the reader the registry picks for `file_name`: each input is written to that file,
    read with read_paths(), and every item checked."""
    settings, path = Settings(max_bytes=max_bytes), scratch_file(file_name)

    def test_one_input(data: bytes) -> None:
        path.write_bytes(data)
        for item in read_paths([str(path)], settings):
            check_item(item, str(path))

    run(test_one_input)
