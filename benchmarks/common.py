"""Shared by the benchmark scripts: where the data is and how to read PolNeAR as documents."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

from sitrep.dates import parse_date
from sitrep.documents import RawDocument

DATA = Path(os.environ.get("SITREP_DATA", Path(__file__).resolve().parents[1] / ".." / "shared" / "data"))
POLNEAR = DATA / "attribution-polnear"


def polnear_documents(split: str = "train") -> list[RawDocument]:
    """The PolNeAR articles of a split with publisher, date and title from metadata.tsv."""
    folder = POLNEAR / split / "text"
    if not folder.is_dir():
        sys.exit(f"benchmark data not found: {folder} (set SITREP_DATA to the folder holding attribution-polnear/)")
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as handle:
        meta = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}
    documents = []
    for path in sorted(folder.glob("*.txt")):
        row = meta.get(path.stem, {})
        documents.append(RawDocument(
            input=str(path), text=path.read_text(encoding="utf-8"), title=row.get("title") or None,
            outlet=row.get("publisher") or None, published=parse_date(row.get("publication_date")),
        ))
    return documents
