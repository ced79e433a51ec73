"""The registry of readers by extension, and the walk over paths and folders.

A file named on the command line is always read: by the reader of its
extension, else sniffed (HTML when it looks like HTML, else text). In a folder
walk, nothing is left unread in silence: a file whose extension no reader
takes is sniffed the same way unless its type (by Python's own table of MIME
types, not the system's) or its first bytes say it is no document, and every
entry left out (hidden, a link not followed or broken, an image...) becomes a
Notice naming it and why. read_paths hands notices to a callback, never to the
stream of documents, so every caller still gets RawDocuments and InputErrors.
"""

from __future__ import annotations

import mimetypes
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings
from . import archives, records, text  # noqa: F401  (importing a reader module registers its readers)
from .base import READERS, Item, Notice, Notify, Reader, reader  # noqa: F401  (Notify, Reader, reader: re-exported)
from .decode import describe_binary
from .streams import StreamError, open_input

# Types (from the extension) read as text or HTML in a folder walk; any other type the
# extension names (image/png, text/css, application/javascript...) is no article.
DOCUMENT_TYPES = ("text/plain", "text/html", "application/xhtml+xml", "text/markdown")
# Python's built-in table only, so a walk skips the same files on every machine.
TYPES = mimetypes.MimeTypes()
SNIFF_BYTES = 8192
# Kinds of skipped entries as the summary counts them: (one, several).
SKIP_KINDS = {
    "hidden": ("hidden", "hidden"),
    "broken link": ("broken link", "broken links"),
    "link to a folder": ("link to a folder", "links to folders"),
    "special": ("not a regular file", "not regular files"),
    "not a document": ("not a document", "not documents"),
}
SUPPORTED = tuple(sorted(READERS))


def read_paths(paths: Iterable[str], settings: Settings,
               notify: Optional[Notify] = None) -> Iterator[Union[RawDocument, InputError]]:
    """Every document under the given paths, in order; "-" is standard input.

    Notices (entries of a folder skipped, encodings detected) go to `notify`, if given.
    """
    for item in _read_given(paths, settings):
        if isinstance(item, Notice):
            if notify is not None:
                notify(item)
        else:
            yield item


def skip_summary(counts: Counter) -> str:
    """ "2 hidden, 1 broken link, 3 not documents": the skipped entries by kind."""
    return ", ".join(f"{n} {SKIP_KINDS[kind][n != 1]}" for kind, n in counts.items())


def _read_given(paths: Iterable[str], settings: Settings) -> Iterator[Item]:
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
    """The documents under a folder, recursively, in sorted order, and a notice for each
    entry left out."""
    for entry in _walk(folder):
        if isinstance(entry, Path):
            yield from _read_found(entry, settings)
        else:
            yield entry


def _walk(folder: Path) -> Iterator[Union[Path, Notice, InputError]]:
    """The files under a folder in sorted order (as sorting their paths would give); a notice
    for each hidden entry, link not followed and special file; an error for a folder that
    cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as err:
        yield InputError(str(folder), f"cannot list this folder: {err.strerror or err}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            kind = "folder" if entry.is_dir() else "file"
            yield _skipped(path, "hidden", f"a hidden {kind} (its name starts with '.'); name it to read it")
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_symlink() and not path.exists():
            yield _skipped(path, "broken link", f"a symbolic link to {os.readlink(path)!r}, which does not exist")
        elif entry.is_dir():
            yield _skipped(path, "link to a folder", "a symbolic link to a folder, not followed; name it to read it")
        elif entry.is_file():
            yield path
        else:
            yield _skipped(path, "special", "not a regular file (a pipe, socket or device)")


def _read_found(path: Path, settings: Settings) -> Iterator[Item]:
    """A file found in a folder: read by its extension's reader, else sniffed, unless its type
    or its first bytes say it is not a document."""
    if _extension(path) in READERS:
        yield from _read_file(path, settings)
        return
    why = _not_a_document(path, settings)
    if why:
        yield _skipped(path, "not a document", why)
    else:
        yield from _read_file(path, settings)


def _not_a_document(path: Path, settings: Settings) -> Optional[str]:
    """Why a file of unregistered extension is no document (its type, or binary content), or None."""
    kind, _ = TYPES.guess_type(path.name.removesuffix(".gz"), strict=False)
    if kind is not None and kind not in DOCUMENT_TYPES:
        return f"a file of type {kind}, not a text or HTML document"
    try:
        with open_input(path, settings) as handle:
            what = describe_binary(handle.read(SNIFF_BYTES))
    except (OSError, StreamError):
        return None  # reading it will report the problem
    return f"{what}, not a text or HTML document" if what else None


def _skipped(path: Path, kind: str, why: str) -> Notice:
    return Notice(str(path), why, skipped=kind)


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
