"""The watch tests' site on loopback (tests/support/newssite.py)."""

from __future__ import annotations

import pytest

from support.newssite import serve


@pytest.fixture
def site():
    with serve() as served:
        yield served
