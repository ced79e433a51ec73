"""Readers: paths (files, folders, "-") -> RawDocument, one small module per format.

Readers register themselves by file extension in `base.READERS` (base.py holds
what readers share: `reader`, `READERS`, `Item`, `Notice`); the registry imports
the reader modules and walks paths and folders. A reader
yields an InputError in place of any document it cannot read, so the caller
reports it and goes on with the rest. Files open through `streams.open_input`,
which inflates gzip data (any reader's format, e.g. `dump.jsonl.gz`) within a
bound; every limit on input is in `limits.py` (see docs/hostile-input.md).
"""

from .registry import SUPPORTED, read_paths

__all__ = ["SUPPORTED", "read_paths"]
