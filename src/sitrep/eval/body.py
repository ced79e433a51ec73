"""`sitrep eval body`: how well cleaning recovers the article body from a web page.

Data: the article-extraction benchmark of Scrapinghub/Zyte (a folder with
`ground-truth.json` and `html/<key>.html.gz`; sitrep's dev split holds 88 of its
181 pages). sitrep's cleaning (clean.clean -> Document.body) and trafilatura on
its own (as the benchmark's run_trafilatura.py calls it, include_comments=False,
and with all defaults) are scored on the same
pages with the benchmark's own metric (eval/shingles.py), and printed beside the
figures the benchmark publishes for all 181 pages (kb/article-extraction-published.tsv).
"""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import trafilatura

from ..clean import clean
from ..documents import RawDocument
from ..errors import InputError
from ..kb import read_table
from .results import EvalDataMissing, ResultTable
from .shingles import PageCounts, Scores, page_counts, score

FOLDER = "article-extraction-dev"
COLUMNS = ["system", "pages", "precision", "recall", "F1", "seconds"]


@dataclass(frozen=True)
class Page:
    """One benchmark page: its key (file hash), URL, HTML and true article body."""

    key: str
    url: Optional[str]
    html: str
    truth: str


Extractor = Callable[[Page], str]


def load_pages(folder: Path) -> list[Page]:
    """Every page of a benchmark folder that has both HTML and ground truth, in key order."""
    truth_file, html_dir = folder / "ground-truth.json", folder / "html"
    if not truth_file.is_file() or not html_dir.is_dir():
        raise EvalDataMissing(folder, "ground-truth.json and html/ of the article-extraction benchmark")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = html_dir / f"{key}.html.gz"
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                html = handle.read()
            pages.append(Page(key, truth[key].get("url"), html, truth[key].get("articleBody") or ""))
    return pages


def sitrep_body(page: Page) -> str:
    """sitrep's cleaned body; a page cleaning rejects counts as an empty prediction."""
    try:
        return clean(RawDocument(input=page.key, html=page.html, url=page.url)).body
    except InputError:
        return ""


def trafilatura_body(page: Page) -> str:
    """trafilatura alone, called as the benchmark's extractors/run_trafilatura.py calls it."""
    return trafilatura.extract(page.html, include_comments=False) or ""


def trafilatura_defaults_body(page: Page) -> str:
    """trafilatura alone with every option at its default (comments included)."""
    return trafilatura.extract(page.html) or ""


EXTRACTORS: dict[str, Extractor] = {
    "sitrep (clean.clean)": sitrep_body,
    "trafilatura.extract (benchmark's call)": trafilatura_body,
    "trafilatura.extract (defaults)": trafilatura_defaults_body,
}


def measure(pages: list[Page], extractor: Extractor) -> tuple[Scores, float, list[PageCounts]]:
    """Score one extractor on the pages; also its wall-clock seconds and per-page counts."""
    started = time.perf_counter()
    counts = [page_counts(page.truth, extractor(page)) for page in pages]
    return score(counts), time.perf_counter() - started, counts


def published_rows() -> list[list[object]]:
    """The benchmark's own published figures (all 181 pages), labelled as published."""
    rows = []
    for row in read_table("article-extraction-published.tsv"):
        rows.append([f"published: {row['system']}", int(row["pages"]),
                     _number(row["precision"]), _number(row["recall"]), _number(row["f1"]), None])
    return rows


def _number(text: str) -> Optional[float]:
    """A float from a TSV cell; blank means the source did not give it."""
    return float(text) if text.strip() else None


def run(data_dir: Path) -> ResultTable:
    """The `body` suite: measured rows for sitrep and trafilatura, then the published ones."""
    pages = load_pages(Path(data_dir) / FOLDER)
    if not pages:
        raise EvalDataMissing(Path(data_dir) / FOLDER, "pages with ground truth")
    rows: list[list[object]] = []
    for name, extractor in EXTRACTORS.items():
        scores, seconds, _ = measure(pages, extractor)
        rows.append([name, scores.pages, scores.precision, scores.recall, scores.f1, round(seconds, 2)])
    return ResultTable(
        title=f"body: article-body extraction, {FOLDER} ({len(pages)} pages)",
        columns=COLUMNS,
        rows=rows + published_rows(),
        formats={"seconds": ".1f"},
        notes=[
            "metric: the benchmark's word 4-gram shingle precision/recall per page, mean over pages, F1 of the means",
            "published rows: the benchmark README's F1 on all 181 pages (not this split; P/R not quoted)",
            f"trafilatura {trafilatura.__version__} measured here; "
            "the benchmark's call is extract(html, include_comments=False)",
        ],
    )
