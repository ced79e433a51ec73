"""Hypothesis profiles for the hostile-input tests, chosen by $HYPOTHESIS_PROFILE.

- "ci" (the default): bounded example counts, so this folder runs in well under two
  minutes on two cores; no example database is written into the checkout.
- "long": ten times the examples, with the database (in .hypothesis/) so a failure
  found once is replayed first next time; for a night's run:
  HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/hostile

Readers are pure Python on small inputs (sub-millisecond); analyze() runs spaCy, so its
tests take a fraction of the profile's examples (hostile_checks.analyze_settings). Readers get a deadline,
so a pathological input (a regex gone exponential, a quadratic loop) fails the test;
analyze() has none, since its first example may still warm the pipeline's caches.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=300, deadline=timedelta(seconds=10), database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=3000, deadline=timedelta(seconds=10), print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
