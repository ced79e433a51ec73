"""Shared fixtures: the loaded pipeline (once per run) and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

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
