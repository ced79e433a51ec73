"""What the desk's lists (entities, sources, stories) share: a name filter, a sort choice, a name order.

A list's sorts are a dict from the choice's name to its ORDER BY terms, so an
unknown choice is one readable ValueError (sort_order) whatever the list. Names
are filtered the way the store compares names (schema.name_key: casefolded in
Python on both sides), so a filter means the same on SQLite and PostgreSQL.
Sorting by name ignores case and a leading "the", as names are compared across
the store (linking.normalised_name), and uses code-point order on both
databases (PostgreSQL's default collation follows the server's locale, which
would order the same store otherwise there); a named identity sorts by its
normalised name, which is how the name shown for it reads ("name:donald trump"
for "Donald Trump"), other identities by the first of their names.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import ColumnElement, case, func
from sqlalchemy.orm import InstrumentedAttribute, Session

from .schema import name_key

NAMED_IDENTITY = "name:"  # linking.identity_key and source_identity: "name:<normalised full name>"


def contains_key(column: InstrumentedAttribute[str], text: str) -> ColumnElement[bool]:
    """SQL: a key column (schema.name_key form) contains `text` as a key, "%" and "_" taken literally."""
    return column.contains(name_key(text), autoescape=True)


def name_order(session: Session, names: ColumnElement[str],
               identity: Optional[InstrumentedAttribute[str]] = None) -> ColumnElement[str]:
    """SQL ORDER BY term for a list by name: a named `identity`'s normalised name, else `names`
    (lower-cased) without a leading "the ", compared by code point on both databases."""
    key: ColumnElement[str] = case((names.startswith("the "), func.substr(names, 5)), else_=names)
    if identity is not None:
        key = case((identity.startswith(NAMED_IDENTITY), func.substr(identity, len(NAMED_IDENTITY) + 1)), else_=key)
    return key.collate("C") if session.get_bind().dialect.name == "postgresql" else key


def sort_order(orders: dict[str, list[ColumnElement]], sort: str) -> list[ColumnElement]:
    """The ORDER BY terms of the sort choice `sort`; ValueError naming the choices for any other."""
    try:
        return orders[sort]
    except KeyError:
        raise ValueError(f"sort must be one of {', '.join(orders)}, not {sort!r}") from None

