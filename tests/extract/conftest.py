"""Fixtures of the extractor tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitrep.extract.claims import model as event_model


@pytest.fixture
def model_copy(tmp_path) -> Path:
    """A copy of the shipped claims model folder (the event coder and the word meanings), to break."""
    folder = tmp_path / "model"
    shutil.copytree(Path(event_model.__file__).parent / "model", folder)
    return folder
