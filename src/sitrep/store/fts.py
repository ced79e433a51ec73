"""Full-text search: an SQLite FTS5 table over title + body, and the user's query made safe.

The FTS5 table is a plain (content-storing) FTS5 table keyed by document id
and filled by triggers on `documents`, so every writer keeps it in sync
without remembering to. Stemming (porter) lets "attack" find "attacks".

Users type words, not FTS5 syntax: `to_fts_query` quotes each word so
"U.S." or "al-Qaeda" mean what they look like, and only passes a query
through untouched when it visibly uses FTS5 operators (quotes, AND/OR/NOT,
NEAR, parentheses). FTS5's own errors then become a ValueError a user can read.

On PostgreSQL the same query language becomes a tsquery (`to_tsquery_text`)
matched against a weighted tsvector of title (A) and body (B), served by a
GIN expression index. Other databases fall back to a portable LIKE per word.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

FTS_TABLE = "documents_fts"

_FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "doc_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON documents BEGIN "
    f"INSERT INTO {FTS_TABLE}(doc_id, title, body) VALUES (new.id, coalesce(new.title, ''), new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON documents BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE doc_id = old.id; END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF title, body ON documents BEGIN "
    f"UPDATE {FTS_TABLE} SET title = coalesce(new.title, ''), body = new.body WHERE doc_id = old.id; END",
)

# The document vector; the GIN index and every query use this exact expression.
PG_VECTOR = ("setweight(to_tsvector('english', coalesce(documents.title, '')), 'A') || "
             "setweight(to_tsvector('english', documents.body), 'B')")
_PG_INDEX = f"CREATE INDEX IF NOT EXISTS documents_tsv ON documents USING GIN (({PG_VECTOR}))"
_TOKENS = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_TS_OPERATORS = {"AND": "&", "OR": "|", "NOT": "& !"}

_OPERATORS = re.compile(r'["()]|\b(?:AND|OR|NOT|NEAR)\b')
_HELP = 'use plain words, "quoted phrases", AND / OR / NOT, or a prefix such as attack*'


def create_fts(conn: Connection) -> bool:
    """Create the FTS5 table and its triggers if missing; False when SQLite lacks FTS5.

    Fills the index from existing documents when the table is new, so a
    database made before FTS existed becomes searchable.
    """
    existed = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": FTS_TABLE}
    ).first()
    try:
        for statement in _FTS_DDL:
            conn.execute(text(statement))
    except OperationalError as err:
        if "no such module" in str(err.orig):
            return False
        raise
    if not existed:
        conn.execute(text(
            f"INSERT INTO {FTS_TABLE}(doc_id, title, body) "
            "SELECT id, coalesce(title, ''), body FROM documents"
        ))
    return True


def create_pg_fts(conn: Connection) -> None:
    """The GIN index over the document vector (PostgreSQL)."""
    conn.execute(text(_PG_INDEX.replace("documents.", "")))


def to_tsquery_text(query: str) -> str:
    """The tsquery (for to_tsquery('english', ...)) of the same query language as FTS5:
    words (all must match), "phrases", AND / OR / NOT, parentheses and prefix*.
    Raises ValueError for an unterminated phrase or nothing searchable."""
    if query.count('"') % 2:
        raise ValueError(f"cannot search for {query!r} (unterminated phrase): {_HELP}")
    outside = re.sub(r'"[^"]*"', "", query)
    if outside.count("(") != outside.count(")"):
        raise ValueError(f"cannot search for {query!r} (unbalanced parentheses): {_HELP}")
    parts: list[str] = []
    for token in _TOKENS.findall(query):
        if token in _TS_OPERATORS:
            if parts and parts[-1] not in ("&", "|", "& !", "("):
                parts.append(_TS_OPERATORS[token])
            continue
        if token in ("(", ")"):
            if token == "(" and parts and parts[-1] not in ("&", "|", "& !", "("):
                parts.append("&")
            parts.append(token)
            continue
        term = _ts_term(token)
        if term:
            if parts and parts[-1] not in ("&", "|", "& !", "("):
                parts.append("&")
            parts.append(term)
    while parts and parts[-1] in ("&", "|", "& !", "("):
        parts.pop()
    if not any(p not in ("&", "|", "& !", "(", ")") for p in parts):
        raise ValueError(f"nothing to search for in {query!r}: {_HELP}")
    return " ".join(parts)


def _ts_term(token: str) -> str:
    """One word or "phrase" as tsquery lexemes: words of a phrase (or of "al-Qaeda")
    follow each other (<->); a trailing * is prefix search."""
    prefix = token.endswith("*") and not token.startswith('"')
    words = re.findall(r"\w+", token)
    if not words:
        return ""
    lexemes = [f"'{w}'" for w in words]
    if prefix:
        lexemes[-1] += ":*"
    return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"


def to_fts_query(query: str) -> str:
    """An FTS5 MATCH expression for what a user typed.

    Plain words become quoted terms (all must match); a trailing * keeps
    prefix search. Raises ValueError when nothing searchable is left.
    """
    if _OPERATORS.search(query):
        return query
    terms = [_quote_term(t) for t in query.split()]
    terms = [t for t in terms if t]
    if not terms:
        raise ValueError(f"nothing to search for in {query!r}: {_HELP}")
    return " ".join(terms)


def words(query: str) -> list[str]:
    """The words of a query without FTS5 operators: used by the LIKE fallback."""
    cleaned = _OPERATORS.sub(" ", query).replace("*", " ")
    return [w for w in cleaned.split() if re.search(r"\w", w)]


def query_error(query: str, err: OperationalError) -> ValueError:
    """A user-readable ValueError for an FTS5 query the engine rejected."""
    return ValueError(f"cannot search for {query!r} ({err.orig}): {_HELP}")


def is_query_error(err: OperationalError) -> bool:
    """Whether SQLite rejected the MATCH expression (not some other failure)."""
    message = str(err.orig).lower()
    return any(s in message for s in ("fts5", "syntax error", "no such column", "unterminated", "unknown special query"))


def _quote_term(term: str) -> str:
    """One word as an FTS5 string (quotes doubled), keeping a trailing * as prefix search."""
    prefix = term.endswith("*")
    core = term.rstrip("*")
    if not re.search(r"\w", core):
        return ""
    return '"' + core.replace('"', '""') + '"' + ("*" if prefix else "")
