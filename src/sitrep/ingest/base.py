"""What every reader needs: the `reader` decorator, the `READERS` it fills, and the
items a reader yields (a RawDocument, an InputError, or a Notice).

Readers import only this module; the registry (registry.py) imports the readers,
so the import graph has no cycle and no module depends on import order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings


@dataclass(frozen=True)
class Notice:
    """What a reader tells the user that is not an error: an entry of a folder left unread
    (`skipped` is its kind, counted in the summary), or an encoding it had to detect."""

    source: str
    message: str
    skipped: Optional[str] = None


Item = Union[RawDocument, InputError, Notice]
Reader = Callable[[Path, Settings], Iterator[Item]]
Notify = Callable[[Notice], None]
# Readers by file extension (".txt", ".warc.gz", ...), filled by @reader as reader modules load.
READERS: dict[str, Reader] = {}


def reader(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader function for the given extensions (".txt", ".html", ...)."""

    def register(func: Reader) -> Reader:
        for ext in extensions:
            READERS[ext] = func
        return func

    return register
