"""Real HTTP servers for tests, on free loopback ports in threads: uvicorn serving an app, and the
standard library's server for the test news site and the webhook receiver."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator, TypeVar

import uvicorn

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(app) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 until the block ends; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def loopback_http(serving: Callable[[str], T], handler: Callable[[T], type[BaseHTTPRequestHandler]]) -> Iterator[T]:
    """A standard-library HTTP server on a free loopback port, in a thread, until the block ends:
    `serving(base_url)` makes what the server serves (a site, a receiver), `handler` its request
    handler class; yields what `serving` made."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    served = serving(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = handler(served)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
