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
matched against a weighted tsvector of title (A) and body (B), kept in a stored generated
column (`documents.search_vector`, PostgreSQL 12 or later) with a GIN index. Stored, because
ranking reads the vector of every match: computed from the body per match, a word found in
2,270 of 5,000 articles took 1.2 s to rank, 23 ms from the column (at 100k articles, 12 s
for "election"; docs/benchmarks.md). Other databases fall back to a portable LIKE per word.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, OperationalError

from .engine import notice

FTS_TABLE = "documents_fts"
# FTS5 rows are found by rowid; this table maps each document id to the rowid of its FTS row,
# so a search ranks and joins on integers and never reads a matching row's stored text just
# to learn its document id (the FTS table's own doc_id column costs a read of the whole row).
FTS_KEYS = "documents_fts_keys"

# An FTS rowid is the document's publication day (its Julian day number, 0 when undated) in the
# high bits and a count within that day in the low 32 bits, so FTS rowids sort by date and a
# date range is a rowid range, which FTS5 applies while it reads a word's document list: "Clinton"
# in one month of a 100k-article store ranks that month's 1.7k matches, not all 70k.
DAY = 1 << 32
_DAY_OF = "coalesce(CAST(julianday({published}) AS INTEGER), 0)"
# The next free rowid of a day: one above the day's largest (found on the key table's primary key).
_NEXT_ROWID = (f"coalesce((SELECT max(rowid) FROM {FTS_KEYS} WHERE rowid BETWEEN d * {DAY} AND d * {DAY} + {DAY - 1}), "
               f"d * {DAY}) + 1")
_INSERT = (f"INSERT INTO {FTS_KEYS}(rowid, doc_id) SELECT {_NEXT_ROWID}, new.id "
           f"FROM (SELECT {_DAY_OF.format(published='new.published')} AS d); "
           f"INSERT INTO {FTS_TABLE}(rowid, doc_id, title, body) "
           "VALUES (last_insert_rowid(), new.id, coalesce(new.title, ''), new.body); ")
_DELETE = (f"DELETE FROM {FTS_TABLE} WHERE rowid = (SELECT rowid FROM {FTS_KEYS} WHERE doc_id = old.id); "
           f"DELETE FROM {FTS_KEYS} WHERE doc_id = old.id; ")
_FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "doc_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TABLE IF NOT EXISTS {FTS_KEYS} (rowid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE)",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON documents BEGIN {_INSERT}END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON documents BEGIN {_DELETE}END",
    # A new date moves the row to its day's rowids; new text alone is re-indexed in place too.
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF title, body, published ON documents "
    f"BEGIN {_DELETE}{_INSERT}END",
)
# An index made by an earlier sitrep (without the key table, or with rowids in insertion
# order, whose insert trigger knows no days): dropped, then rebuilt.
_CURRENT = "julianday"
_FTS_OLD = (
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"DROP TABLE IF EXISTS {FTS_KEYS}",
)
_FTS_FILL = (
    f"INSERT INTO {FTS_KEYS}(rowid, doc_id) SELECT d * {DAY} + row_number() OVER (PARTITION BY d ORDER BY rowid), id "
    f"FROM (SELECT rowid, id, {_DAY_OF.format(published='published')} AS d FROM documents)",
    f"INSERT INTO {FTS_TABLE}(rowid, doc_id, title, body) "
    f"SELECT k.rowid, d.id, coalesce(d.title, ''), d.body FROM documents AS d JOIN {FTS_KEYS} AS k ON k.doc_id = d.id",
)

# The document vector, kept in a stored generated column that the GIN index and every query read.
PG_VECTOR = ("setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
             "setweight(to_tsvector('english', body), 'B')")
PG_COLUMN = "documents.search_vector"
_PG_COLUMN_DDL = (f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS search_vector tsvector "
                  f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED")
_PG_INDEX_DDL = "CREATE INDEX IF NOT EXISTS documents_search_vector ON documents USING GIN (search_vector)"
_PG_OLD_INDEX = "documents_tsv"  # the expression index of an earlier sitrep
_TOKENS = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_TS_OPERATORS = {"AND": "&", "OR": "|", "NOT": "& !"}

_OPERATORS = re.compile(r'["()]|\b(?:AND|OR|NOT|NEAR)\b')
_HELP = 'use plain words, "quoted phrases", AND / OR / NOT, or a prefix such as attack*'


def create_fts(conn: Connection) -> bool:
    """Create the FTS5 table, its key table and its triggers if missing; False when SQLite
    lacks FTS5.

    Fills the index from existing documents when it is new, so a database made
    before FTS existed becomes searchable; an index an earlier sitrep made
    (see _FTS_OLD) is dropped and rebuilt the same way, once (on a large store
    that takes a while: every body is tokenised again, 45 s for 100k articles).
    """
    def sql_of(name: str) -> str:
        return conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}).scalar() or ""

    fresh = not (sql_of(FTS_TABLE) and sql_of(FTS_KEYS) and _CURRENT in sql_of(f"{FTS_TABLE}_ai"))
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
        if conn.execute(text("SELECT 1 FROM documents LIMIT 1")).first():
            notice("rebuilding the full-text index of the stored articles (once; 45 s for 100k)")
        for statement in _FTS_FILL:
            conn.execute(text(statement))
    return True


def rowid_range(since: Optional[dt.date], until: Optional[dt.date]) -> tuple[Optional[int], Optional[int]]:
    """The FTS rowids of documents published within [since, until] (None: unbounded), as the
    insert trigger numbers them: day number (SQLite's julianday, whole) times DAY. Undated
    documents (day 0) are outside every range with a bound, as `published <= until` is false
    for them."""
    if not (since or until):
        return None, None
    low = _julian_day(since) * DAY if since else DAY
    high = _julian_day(until) * DAY + DAY - 1 if until else None
    return low, high


def _julian_day(day: dt.date) -> int:
    """CAST(julianday('YYYY-MM-DD') AS INTEGER): the Julian day number at that date's noon."""
    return day.toordinal() + _JULIAN_OFFSET


_JULIAN_OFFSET = 1721424  # julianday('0001-01-01') is 1721425.5, date(1, 1, 1).toordinal() is 1


def create_pg_fts(conn: Connection) -> None:
    """The stored document vector and its GIN index (PostgreSQL), added to a store an earlier
    sitrep made (once: every document's vector is computed, about a minute for 100k). The
    catalog is read first and DDL run only for what is missing: ALTER TABLE locks the table
    against every reader, and each process that opens the store comes here."""
    column = conn.execute(text("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                               "AND table_name = 'documents' AND column_name = 'search_vector'")).first()
    indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                                    "AND tablename = 'documents'")).scalars())
    if column is None:
        if conn.execute(text("SELECT EXISTS (SELECT 1 FROM documents)")).scalar():
            notice("storing each article's full-text vector (once; about a minute for 100k)")
        conn.execute(text(_PG_COLUMN_DDL))
    if "documents_search_vector" not in indexes:
        conn.execute(text(_PG_INDEX_DDL))
    if _PG_OLD_INDEX in indexes:
        conn.execute(text(f"DROP INDEX IF EXISTS {_PG_OLD_INDEX}"))


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
    return any(s in message
               for s in ("fts5", "syntax error", "no such column", "unterminated", "unknown special query"))


def _quote_term(term: str) -> str:
    """One word as an FTS5 string (quotes doubled), keeping a trailing * as prefix search."""
    prefix = term.endswith("*")
    core = term.rstrip("*")
    if not re.search(r"\w", core):
        return ""
    return '"' + core.replace('"', '""') + '"' + ("*" if prefix else "")
