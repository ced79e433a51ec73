"""Shared fixtures: the loaded pipeline (once per run) and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.postgres import PostgresServer, find_binaries

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed-breitbart-2016-03-25.txt"


@pytest.fixture(scope="session")
def nlp():
    from sitrep.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_analysis(nlp, seed_text):
    from sitrep import analyze

    return analyze(seed_text)


# The store-backed tests run on every database this machine can start: SQLite always,
# PostgreSQL when its binaries are installed (CI installs them; see .ci/run).
PG_BINARIES = find_binaries()
BACKENDS = ["sqlite", "postgresql"] if PG_BINARIES else ["sqlite"]
STORE_TESTS = pytest.StashKey[int]()  # how many collected tests run on a store (db_url)


@pytest.fixture(scope="session")
def postgres():
    if PG_BINARIES is None:
        raise RuntimeError("PostgreSQL binaries not found: install postgresql (apt-get install postgresql)")
    server = PostgresServer(PG_BINARIES).start()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A fresh, empty database on each backend: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "sitrep.db")
    return request.getfixturevalue("postgres").new_database()


def pytest_collection_modifyitems(config, items) -> None:
    config.stash[STORE_TESTS] = sum("db_url" in getattr(item, "fixturenames", ()) for item in items)


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Without PostgreSQL the store tests run on SQLite only: say so where it cannot be
    missed, as the half not run is the server the README offers."""
    if PG_BINARIES is None and config.stash.get(STORE_TESTS, 0):
        terminalreporter.write_sep(
            "!", f"PostgreSQL not found: {config.stash[STORE_TESTS]} store tests ran on SQLite only and their "
                 "PostgreSQL half was NOT run (apt-get install postgresql, or run bash .ci/run)", red=True, bold=True)
