"""`sitrep eval`: score sitrep's stages on shared evaluation data and print tables.

Each suite is a function `run(data_dir) -> ResultTable` registered by name in
SUITES, so the CLI (and anyone else) runs them the same way:

    tables = run_suites(["body"], "../shared/data")
    print("\\n\\n".join(format_table(t) for t in tables))

A missing data folder raises EvalDataMissing (an InputError: one line for
the user, naming the path and the option to pass).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from . import body
from .results import EvalDataMissing, ResultTable, format_table

__all__ = ["SUITES", "DEFAULT_DATA_DIR", "EvalDataMissing", "ResultTable", "format_table", "run_suites"]

DEFAULT_DATA_DIR = Path("..") / "shared" / "data"

Suite = Callable[[Path], ResultTable]
SUITES: dict[str, Suite] = {"body": body.run}


def run_suites(
    names: Optional[Iterable[str]] = None, data_dir: Union[str, Path, None] = None
) -> list[ResultTable]:
    """Run the named suites (all when none are named) on data_dir (default ../shared/data)."""
    data = Path(data_dir) if data_dir is not None else Path.cwd() / DEFAULT_DATA_DIR
    chosen = list(names) if names else list(SUITES)
    unknown = [name for name in chosen if name not in SUITES]
    if unknown:
        raise ValueError(f"unknown eval suite(s): {', '.join(unknown)}; known: {', '.join(SUITES)}")
    if not data.is_dir():
        raise EvalDataMissing(data, "the evaluation data sets, e.g. article-extraction-dev/")
    return [SUITES[name](data) for name in chosen]
