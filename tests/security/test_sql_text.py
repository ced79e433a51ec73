"""No SQL is built from strings: every piece of SQL text in sitrep is a constant.

Queries are SQLAlchemy expressions with bound parameters; the few places that
hand SQL text to the database (text(), literal_column(), exec_driver_sql(),
a DB-API cursor's execute(), Alembic's op.execute()) may only use string
literals and module constants (UPPER_CASE names), never a value that could
carry a user's input. This test reads the source and fails on any other string
built into SQL, so a new `text(f"... {name} ...")` is caught in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sitrep

SQL_CALLS = {"text", "literal_column", "exec_driver_sql", "execute"}
SOURCE = Path(sitrep.__file__).parent


def is_constant(node: ast.AST) -> bool:
    """Whether an expression can only be a fixed string: literals and UPPER_CASE constants,
    joined, formatted or .replace()d into each other."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id.isupper()
    if isinstance(node, ast.Attribute):
        return node.attr.isupper()
    if isinstance(node, ast.JoinedStr):
        return all(is_constant(v.value if isinstance(v, ast.FormattedValue) else v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return is_constant(node.left) and is_constant(node.right)
    if isinstance(node, ast.IfExp):
        return is_constant(node.body) and is_constant(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace":
        return is_constant(node.func.value) and all(is_constant(a) for a in node.args)
    return False


def is_built_string(node: ast.AST) -> bool:
    """Whether an expression builds a string at run time (an f-string, +, % or .format)."""
    return (isinstance(node, (ast.JoinedStr, ast.BinOp))
            or isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "replace", "join"))


def sql_built_from_strings(source: str) -> list[int]:
    """Line numbers where SQL text is built from something other than constants."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        sql = node.args[0]
        if name in SQL_CALLS and is_built_string(sql) and not is_constant(sql):
            lines.append(node.lineno)
    return lines


def test_the_check_catches_sql_built_from_a_value():
    assert sql_built_from_strings('text(f"SELECT * FROM documents WHERE id = \'{doc_id}\'")') == [1]
    assert sql_built_from_strings('cursor.execute("DELETE FROM claims WHERE ref = " + ref)') == [1]
    assert sql_built_from_strings('conn.exec_driver_sql("SELECT {}".format(column))') == [1]
    assert sql_built_from_strings('text(f"SELECT 1 FROM {FTS_TABLE}")\ntext(":q MATCH x")') == []


def test_no_sql_in_sitrep_is_built_from_strings():
    files = sorted(SOURCE.rglob("*.py"))
    assert len(files) > 50
    found = {str(path.relative_to(SOURCE)): lines for path in files
             if (lines := sql_built_from_strings(path.read_text(encoding="utf-8")))}
    assert found == {}
