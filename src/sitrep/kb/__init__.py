"""Knowledge as data: TSV/JSON tables with a header saying where their rows come from.

Columns whose values the contract fixes (PLOVER types, modalities, ICD 203 bands, entity
types, place kinds) are checked as a table is first read: a typo in a table is one
KBError naming the table, the row and the value at start-up, not a ValidationError on
every document later.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from ..model import BANDS, MODALITIES, PLOVER_TYPES, RELIABILITY_LABELS, EntityType, PlaceKind

ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]
PLACE_KINDS: tuple[str, ...] = PlaceKind.__args__  # type: ignore[attr-defined]
# table -> column -> (allowed values, whether a cell holds several values separated by spaces)
CONTRACT_COLUMNS: dict[str, dict[str, tuple[frozenset[str], bool]]] = {
    "certainty.tsv": {"band": (frozenset(BANDS), False)},
    "icd203.tsv": {"band": (frozenset(BANDS), False), "opposite": (frozenset(BANDS), False)},
    "modality.tsv": {"modality": (frozenset(MODALITIES), False), "peaceful": (frozenset((*MODALITIES, "")), False)},
    "entities.tsv": {"type": (frozenset(ENTITY_TYPES), False)},
    "entity_cues.tsv": {"type": (frozenset(ENTITY_TYPES), False)},
    "regions.tsv": {"kind": (frozenset(PLACE_KINDS), False)},
    "place_designators.tsv": {"kind": (frozenset(PLACE_KINDS), False)},
    "events.tsv": {"type": (frozenset((*PLOVER_TYPES, "-")), False)},
    "event_verbs.tsv": {"type": (frozenset((*PLOVER_TYPES, "-")), False)},
    "event_patterns.tsv": {"type": (frozenset(PLOVER_TYPES), False)},
    "event_nouns.tsv": {"type": (frozenset(PLOVER_TYPES), False)},
    "event_guidelines.tsv": {"types": (frozenset(PLOVER_TYPES), True), "pos": (frozenset(("NOUN", "*")), False)},
    "event_roles.tsv": {"types": (frozenset((*PLOVER_TYPES, "*")), True),
                        "pos": (frozenset(("VERB", "NOUN", "*")), False),
                        "role": (frozenset(("target", "actor")), False)},
    "event_discards.tsv": {"scope": (frozenset(("sentence", "story")), False)},
    "outlet_reliability.tsv": {"label": (frozenset(RELIABILITY_LABELS), False)},
    "pronouns.tsv": {"refers_to": (frozenset(ENTITY_TYPES), True),
                     "case": (frozenset(("subject", "object", "possessive")), False),
                     "kind": (frozenset(("person", "plural", "thing")), False)},
}


class KBError(RuntimeError):
    """A knowledge table holds a value the contract does not allow."""


def kb_path(name: str):
    """The packaged path of a KB file (works from a wheel or a source checkout)."""
    return resources.files(__name__).joinpath(name)


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a KB TSV as dicts; '#' lines are provenance comments and are skipped."""
    text = kb_path(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    check_table(name, rows)
    return rows


def check_table(name: str, rows) -> None:
    """Raise KBError at the first cell of a contract column holding a value not allowed."""
    for column, (allowed, several) in CONTRACT_COLUMNS.get(name, {}).items():
        for number, row in enumerate(rows, start=1):
            cell = row.get(column)
            values = (cell or "").split() if several else [cell if cell is not None else ""]
            bad = [v for v in values if v not in allowed] or ([] if values else [""])
            if bad:
                raise KBError(f"kb/{name}: row {number} ({dict(row)}): {column} {bad[0]!r} is not one of "
                              f"{', '.join(sorted(allowed))}; fix the table (or regenerate it with its script)")


@lru_cache(maxsize=1)
def entity_aliases() -> dict[str, tuple[str, ...]]:
    """Canonical entity name -> every alias the KB knows (kb/entities.tsv), so a search
    for "ISIS" finds an article that only ever wrote "IS" and "Islamic State"."""
    return {row["name"]: tuple(a for a in row["aliases"].split("|") if a) for row in read_table("entities.tsv")}
