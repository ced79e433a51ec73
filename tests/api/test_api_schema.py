"""Schemathesis against the API's own OpenAPI document: generated requests never get a server error.

A bounded run (a few examples per operation) over an app holding real analyses and a
write token, so the read routes see stored data and the write route its auth checks.
Each operation is one test, so a failure names the route.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from sitrep.api import create_app
from sitrep.store import Store

EXAMPLES = 15


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, sample_analyses):
    store = Store(tmp_path_factory.mktemp("schema") / "sitrep.db")
    store.save(sample_analyses)
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(store, token="a-test-token"))
    store.close()


def test_the_schema_lists_every_route(api_schema):
    paths = {op.ok().path for op in api_schema.get_all_operations()}
    assert {"/api/articles", "/api/claims", "/api/entities", "/api/places", "/api/sources",
            "/api/stories", "/api/stories/{story_id}", "/api/search"} <= paths


def test_no_request_the_schema_allows_makes_a_server_error(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=[not_a_server_error])

        check()
