"""The templates' url_for (templating.py) builds exactly the links Starlette's own url_for would,
for every route of the desk, with values that need quoting, behind a proxy path and over https."""

from __future__ import annotations

import pytest
from starlette.requests import Request
from starlette.routing import Mount

from sitrep.api import create_app
from sitrep.api.templating import path_segment, url_for

# Names, ids and keys as stored: a slash, a hash, a space, a percent, a query mark, a backslash,
# non-ASCII, markup, and a source identity's colon.
AWKWARD = ["AC/DC", "#MeToo", "Islamic State", "100%", "why?", "a\\b", "Zürich", "<script>x</script>",
           "kb:Q1", "name:donald trump"]


def request_for(app, scheme: str = "http", root_path: str = "") -> Request:
    """A request the app's router would hand a page, as seen behind `root_path`."""
    return Request({"type": "http", "scheme": scheme, "server": ("desk.example", 8443), "path": f"{root_path}/",
                    "root_path": root_path, "query_string": b"", "headers": [], "method": "GET",
                    "router": app.router, "app": app})


def routes_with_params(routes) -> list[tuple[str, list[str]]]:
    """(name, parameter names) of every named route and mount, also inside included routers."""
    found = []
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI keeps an included router whole
            found += routes_with_params(route.original_router.routes)
            continue
        params = ["path"] if isinstance(route, Mount) else list(getattr(route, "param_convertors", {}))
        if getattr(route, "name", None):
            found.append((route.name, params))
    return found


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(tmp_path_factory.mktemp("links") / "sitrep.db")


@pytest.mark.parametrize("scheme,root_path", [("http", ""), ("https", "/desk")])
def test_every_route_link_matches_starlette(app, scheme, root_path):
    request = request_for(app, scheme, root_path)
    routes = routes_with_params(app.routes)
    assert len(routes) > 20, "the desk's pages, the REST API and the static files"
    for name, params in routes:
        for value in AWKWARD:
            values = {param: value for param in params}
            expected = request.url_for(name, **{k: path_segment(v) for k, v in values.items()})
            built = url_for({"request": request}, name, **values)
            assert str(built) == str(expected), (name, value)
            assert built.scheme == scheme and built.path.startswith(root_path + "/")


def test_unknown_route_still_fails_loudly(app):
    from starlette.routing import NoMatchFound

    with pytest.raises(NoMatchFound):
        url_for({"request": request_for(app)}, "no_such_page", name="x")
