"""Full-text search: an SQLite FTS5 table over title + body, and the user's query made safe.

The FTS5 table is a plain (content-storing) FTS5 table whose rowids a small
key table maps to document ids; both are filled by triggers on `documents`,
so every writer keeps them in sync without remembering to. Stemming (porter)
lets "attack" find "attacks".

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
from sqlalchemy.exc import DBAPIError, OperationalError

FTS_TABLE = "documents_fts"
# FTS5 rows are found by rowid; this table maps each document id to the rowid of its FTS row,
# so a search ranks and joins on integers and never reads a matching row's stored text just
# to learn its document id (the FTS table's own doc_id column costs a read of the whole row).
FTS_KEYS = "documents_fts_keys"

_FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "doc_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TABLE IF NOT EXISTS {FTS_KEYS} (rowid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE)",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON documents BEGIN "
    f"INSERT INTO {FTS_KEYS}(doc_id) VALUES (new.id); "
    f"INSERT INTO {FTS_TABLE}(rowid, doc_id, title, body) "
    "VALUES (last_insert_rowid(), new.id, coalesce(new.title, ''), new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON documents BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE rowid = (SELECT rowid FROM {FTS_KEYS} WHERE doc_id = old.id); "
    f"DELETE FROM {FTS_KEYS} WHERE doc_id = old.id; END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF title, body ON documents BEGIN "
    f"UPDATE {FTS_TABLE} SET title = coalesce(new.title, ''), body = new.body "
    f"WHERE rowid = (SELECT rowid FROM {FTS_KEYS} WHERE doc_id = old.id); END",
)
# An index made before the key table existed (or half made): dropped, then rebuilt.
_FTS_OLD = (
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"DROP TABLE IF EXISTS {FTS_KEYS}",
)
_FTS_FILL = (
    f"INSERT INTO {FTS_KEYS}(doc_id) SELECT id FROM documents ORDER BY rowid",
    f"INSERT INTO {FTS_TABLE}(rowid, doc_id, title, body) "
    f"SELECT k.rowid, d.id, coalesce(d.title, ''), d.body FROM documents AS d JOIN {FTS_KEYS} AS k ON k.doc_id = d.id",
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
    """Create the FTS5 table, its key table and its triggers if missing; False when SQLite
    lacks FTS5.

    Fills the index from existing documents when it is new, so a database made
    before FTS existed becomes searchable; an index an earlier sitrep made
    without the key table is dropped and rebuilt the same way, once (on a
    large store that takes a while: every body is tokenised again).
    """
    def exists(name: str) -> bool:
        return conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": name}).first() is not None

    fresh = not (exists(FTS_TABLE) and exists(FTS_KEYS))
    try:
        if fresh:
            for statement in _FTS_OLD:
                conn.execute(text(statement))
        for statement in _FTS_DDL:
            conn.execute(text(statement))
    except OperationalError as err:
        if "no such module" in str(err.orig):
            return False
        raise
    if fresh:
        for statement in _FTS_FILL:
            conn.execute(text(statement))
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


def query_error(query: str, err: DBAPIError) -> ValueError:
    """A user-readable ValueError for a full-text query the database rejected."""
    reason = str(err.orig).splitlines()[0]
    return ValueError(f"cannot search for {query!r} ({reason}): {_HELP}")


def is_query_error(err: DBAPIError) -> bool:
    """Whether the database rejected the query expression (SQLite's MATCH, PostgreSQL's
    tsquery) rather than failing for some other reason."""
    message = str(err.orig).lower()
    return any(s in message for s in ("fts5", "syntax error", "no such column", "unterminated", "unknown special query"))


def _quote_term(term: str) -> str:
    """One word as an FTS5 string (quotes doubled), keeping a trailing * as prefix search."""
    prefix = term.endswith("*")
    core = term.rstrip("*")
    if not re.search(r"\w", core):
        return ""
    return '"' + core.replace('"', '""') + '"' + ("*" if prefix else "")
