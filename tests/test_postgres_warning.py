"""A run without PostgreSQL must say loudly that the store tests' PostgreSQL half was not run
(issue 19, item 8): the hook in conftest.py, called as pytest calls it at the end of a run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def _root_conftest():
    """tests/conftest.py itself (a bare `import conftest` may find a sub-folder's)."""
    spec = importlib.util.spec_from_file_location("root_conftest", Path(__file__).parent / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


conftest = _root_conftest()


class Reporter:
    def __init__(self):
        self.lines: list[str] = []

    def write_sep(self, sep: str, title: str, **markup) -> None:
        self.lines.append(title)


class Config:
    def __init__(self, store_tests: int):
        self.stash = pytest.Stash()
        self.stash[conftest.STORE_TESTS] = store_tests


def test_without_postgresql_the_run_ends_naming_the_store_tests_not_run(monkeypatch):
    monkeypatch.setattr(conftest, "PG_BINARIES", None)
    reporter = Reporter()
    conftest.pytest_terminal_summary(reporter, Config(store_tests=120))
    assert len(reporter.lines) == 1 and "120 store tests ran on SQLite only" in reporter.lines[0]
    assert "apt-get install postgresql" in reporter.lines[0]


def test_with_postgresql_nothing_is_said(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "PG_BINARIES", tmp_path)
    reporter = Reporter()
    conftest.pytest_terminal_summary(reporter, Config(store_tests=120))
    assert reporter.lines == []
