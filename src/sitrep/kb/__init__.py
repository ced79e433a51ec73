"""Knowledge as data: TSV/JSON tables with a header saying where their rows come from."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


def kb_path(name: str):
    """The packaged path of a KB file (works from a wheel or a source checkout)."""
    return resources.files(__name__).joinpath(name)


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a KB TSV as dicts; '#' lines are provenance comments and are skipped."""
    text = kb_path(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def entity_aliases() -> dict[str, tuple[str, ...]]:
    """Canonical entity name -> every alias the KB knows (kb/entities.tsv), so a search
    for "ISIS" finds an article that only ever wrote "IS" and "Islamic State"."""
    return {row["name"]: tuple(a for a in row["aliases"].split("|") if a) for row in read_table("entities.tsv")}
