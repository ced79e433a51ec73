"""The registry of readers by extension, and the walk over paths and folders."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings
from .streams import StreamError

Item = Union[RawDocument, InputError]
Reader = Callable[[Path, Settings], Iterator[Item]]
READERS: dict[str, Reader] = {}


def reader(*extensions: str):
    """Register a reader function for the given extensions (".txt", ".html", ...)."""

    def register(func: Reader) -> Reader:
        for ext in extensions:
            READERS[ext] = func
        return func

    return register


def _load_readers() -> None:
    from . import archives, records, text  # noqa: F401  (registration side effects)


_load_readers()
SUPPORTED = tuple(sorted(READERS))


def read_paths(paths: Iterable[str], settings: Settings) -> Iterator[Item]:
    """Every document under the given paths, in order; "-" is standard input."""
    for given in paths:
        if given == "-":
            yield from text.read_stdin(sys.stdin.buffer, settings)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _read_folder(path, settings)
        elif path.is_file():
            yield from _read_file(path, settings)
        elif path.exists():
            yield InputError(given, "not a regular file or folder")
        else:
            yield InputError(given, "no such file or folder; check the path")


def _read_folder(folder: Path, settings: Settings) -> Iterator[Item]:
    """Files with a known extension under the folder, recursively, in sorted order."""
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and _extension(p) in READERS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for path in files:
        yield from _read_file(path, settings)


def _read_file(path: Path, settings: Settings) -> Iterator[Item]:
    read = READERS.get(_extension(path), text.read_sniffed)
    try:
        yield from read(path, settings)
    except StreamError as err:
        yield InputError(str(path), str(err))
    except OSError as err:
        yield InputError(str(path), f"cannot read: {err.strerror or err}")


def _extension(path: Path) -> str:
    """The registered extension of a file: ".warc.gz" whole, else the suffix under a ".gz"."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if "".join(suffixes) in READERS:
        return "".join(suffixes)
    if suffixes[-1:] == [".gz"]:
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


from . import text  # noqa: E402  (used above; imported after READERS exists)
