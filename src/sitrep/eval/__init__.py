"""`sitrep eval`: score sitrep's stages on shared evaluation data and print tables.

Each suite is a function `run(data_dir) -> ResultTable` registered by name in
SUITES, so the CLI (and anyone else) runs them the same way:

    tables = run_suites(["body"], "../shared/data")
    print("\\n\\n".join(format_table(t) for t in tables))

Suites import their module on first use: `body` needs only trafilatura, while
`attribution` and `places` load the spaCy pipeline, and listing the suites
should not pay for that. A missing data folder raises EvalDataMissing (a
UsageError: one line naming the path and the option to pass).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from ..errors import UsageError
from .results import EvalDataMissing, ResultTable, format_table

__all__ = ["SUITES", "DEFAULT_DATA_DIR", "EvalDataMissing", "ResultTable", "format_table",
           "run_suites", "run_cli"]

DEFAULT_DATA_DIR = Path("..") / "shared" / "data"
PLACES_FOLDER = "geoparsing-dev"

Suite = Callable[[Path], Union[ResultTable, list[ResultTable]]]


def _body(data_dir: Path) -> ResultTable:
    """Article-body extraction (eval/body.py)."""
    from . import body

    return body.run(data_dir)


def _attribution(data_dir: Path) -> ResultTable:
    """Sources and quotes on PolNeAR (eval/attribution.py)."""
    from . import attribution

    return attribution.run(data_dir)


def _places(data_dir: Path) -> ResultTable:
    """Geoparsing (eval/places.py), whose rows are dicts: put them in a table."""
    from . import places

    folder = Path(data_dir) / PLACES_FOLDER
    rows = places.run(folder) if folder.is_dir() else []
    if not rows:
        raise EvalDataMissing(folder, "geowebnews-dev.xml or lgl.xml")
    columns = [key for key in rows[0] if key != "suite"]
    return ResultTable(title=f"places: geoparsing, {PLACES_FOLDER}", columns=columns,
                       rows=[[row.get(key) for key in columns] for row in rows])


def _entities(data_dir: Path) -> ResultTable:
    """Entity recognition and linking, sitrep vs bare spaCy (eval/entities.py)."""
    from . import entities

    return entities.run(data_dir)


def _claims(data_dir: Path) -> ResultTable:
    """Claims: the seed table, hand-checked estimative sentences, PolNeAR sources (eval/claims.py)."""
    from . import claims

    return claims.run(data_dir)


def _events(data_dir: Path) -> list[ResultTable]:
    """PLOVER event coding on hand-labelled sentences (eval/events.py)."""
    from . import events

    return events.run(data_dir)


SUITES: dict[str, Suite] = {"body": _body, "attribution": _attribution, "places": _places, "claims": _claims,
                            "entities": _entities, "events": _events}


def run_suites(
    names: Optional[Iterable[str]] = None, data_dir: Union[str, Path, None] = None
) -> list[ResultTable]:
    """Run the named suites (all when none are named) on data_dir (default ../shared/data)."""
    data = Path(data_dir) if data_dir is not None else Path.cwd() / DEFAULT_DATA_DIR
    chosen = list(names) if names else list(SUITES)
    unknown = [name for name in chosen if name not in SUITES]
    if unknown:
        raise UsageError(f"unknown eval suite(s): {', '.join(unknown)}; known: {', '.join(SUITES)}")
    if not data.is_dir():
        raise EvalDataMissing(data, "a folder of evaluation data sets, e.g. article-extraction-dev/")
    tables: list[ResultTable] = []
    for name in chosen:
        result = SUITES[name](data)
        tables += result if isinstance(result, list) else [result]
    return tables


def run_cli(names: Iterable[str], data_dir: Union[str, Path, None], fmt: str = "text") -> None:
    """What `sitrep eval` does: run the suites and print their tables (text) or rows (JSON Lines)."""
    for n, table in enumerate(run_suites(list(names), data_dir)):
        if fmt == "json":
            for row in table.as_dicts():
                print(json.dumps({"suite": table.title, **row}, ensure_ascii=False))
        else:
            print(("\n" if n else "") + format_table(table), flush=True)
