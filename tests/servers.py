"""Real HTTP servers on loopback for tests and the demo: a route table, a request log, faults.

``LoopbackServer`` is a ``channelwatch.demo.LoopbackHTTPServer`` on an ephemeral port in a daemon
thread. Routes map a path (query ignored unless a route names it) to a ``Route``: a status,
headers and a body (bytes, or a callable returning an iterable of chunks, streamed without
being held in memory), or a handler callable that writes the whole response itself.

What tests can assert on:
- ``server.requests``: every request's method, path, headers and arrival time (monotonic);
- ``server.max_concurrent``: the high-water mark of requests being served at once;
- ``server.bytes_sent[path]``: body bytes actually written to the socket.

Canned routes (redirects, slow, conditional answers) and the fault table are in
``tests/routes.py``.

Fixtures (for ``tests/conftest.py``): ``loopback_server`` and ``second_loopback_server`` (a
different host: 127.0.0.2 where it can be bound, else another port). ``free_port()`` is for
a server a test starts through a command that takes a port number: tests never use a fixed
port, which another test run on the same machine may hold.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from channelwatch.demo import LoopbackHTTPServer

Body = bytes | Callable[[], Iterable[bytes]]
Handler = Callable[["RequestHandler"], None]


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str
    path: str
    headers: Mapping[str, str]  # lower-cased names
    at: float  # time.monotonic() when the request line and headers had arrived


@dataclass(frozen=True, slots=True)
class Route:
    """A canned response; ``handler`` (when set) writes the response itself."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Body = b""
    handler: Handler | None = None


class RequestHandler(BaseHTTPRequestHandler):
    """Serves ``self.server.routes``; counts bytes and concurrency for the tests."""

    server: _Server
    protocol_version = "HTTP/1.0"  # one request per connection: simplest to reason about

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean

    # -- helpers for handler callables ------------------------------------------------
    @property
    def bare_path(self) -> str:
        return self.path.split("?", 1)[0]

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def start(self, status: int, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def write(self, data: bytes) -> bool:
        """Write body bytes; False once the client has gone away (never raises)."""
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            return False
        self.server.count_sent(self.bare_path, len(data))
        return True

    def pause(self, seconds: float) -> bool:
        """Sleep, but wake at once when the server stops; False if it stopped."""
        return not self.server.stopping.wait(seconds)

    # -- dispatch -----------------------------------------------------------------------
    def _serve(self) -> None:
        self.server.record(self)
        try:
            route = self.server.route_for(self.path)
            if route is None:
                self.start(404, {"Content-Type": "text/plain"})
                self.write(b"no such route\n")
            elif route.handler is not None:
                route.handler(self)
            else:
                self._send_route(route)
        finally:
            self.server.leave()

    def _send_route(self, route: Route) -> None:
        headers = dict(route.headers)
        if isinstance(route.body, bytes):
            headers.setdefault("Content-Length", str(len(route.body)))
        self.start(route.status, headers)
        if self.command == "HEAD":
            return
        chunks = [route.body] if isinstance(route.body, bytes) else route.body()
        for chunk in chunks:
            if not self.write(chunk):
                break


class _Server(LoopbackHTTPServer):
    block_on_close = False  # a dripping handler must not hold up the end of a test

    def __init__(self, address: tuple[str, int], routes: dict[str, Route]) -> None:
        super().__init__(address, RequestHandler)
        self.routes = routes
        self.requests: list[RequestRecord] = []
        self.bytes_sent: dict[str, int] = {}
        self.active = 0
        self.max_concurrent = 0
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def route_for(self, path: str) -> Route | None:
        return self.routes.get(path) or self.routes.get(path.split("?", 1)[0])

    def record(self, handler: RequestHandler) -> None:
        entry = RequestRecord(
            method=handler.command,
            path=handler.path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            at=time.monotonic(),
        )
        with self.lock:
            self.requests.append(entry)
            self.active += 1
            self.max_concurrent = max(self.max_concurrent, self.active)

    def leave(self) -> None:
        with self.lock:
            self.active -= 1

    def count_sent(self, path: str, n: int) -> None:
        with self.lock:
            self.bytes_sent[path] = self.bytes_sent.get(path, 0) + n


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on at this moment (the kernel's pick for port 0)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class LoopbackServer:
    """A threaded HTTP server on ``host`` (default 127.0.0.1), ephemeral port.

    Use as a context manager; ``url(path)`` builds request URLs and ``host_key`` is the
    ``host:port`` to put in ``allowed_hosts``.
    """

    def __init__(self, routes: Mapping[str, Route] | None = None, *, host: str = "127.0.0.1"):
        self._server = _Server((host, 0), dict(routes or {}))
        self.host = host
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def routes(self) -> dict[str, Route]:
        return self._server.routes

    @property
    def host_key(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host_key}"

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def requests(self) -> list[RequestRecord]:
        with self._server.lock:
            return list(self._server.requests)

    def requests_for(self, path: str) -> list[RequestRecord]:
        return [r for r in self.requests if r.path == path]

    @property
    def max_concurrent(self) -> int:
        return self._server.max_concurrent

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being served (handlers notice a gone client late)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._server.lock:
                if self._server.active == 0:
                    return True
            time.sleep(0.02)
        return False

    @property
    def bytes_sent(self) -> dict[str, int]:
        with self._server.lock:
            return dict(self._server.bytes_sent)


# --------------------------------------------------------------------------- fixtures


def _second_host() -> str:
    """127.0.0.2 is loopback on Linux; elsewhere fall back to 127.0.0.1 (another port)."""
    with contextlib.suppress(OSError), _Server(("127.0.0.2", 0), {}):
        return "127.0.0.2"
    return "127.0.0.1"


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    """An empty server on 127.0.0.1: add routes with ``server.routes[path] = Route(...)``."""
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def second_loopback_server() -> Iterator[LoopbackServer]:
    """Another "host" for concurrency-across-hosts tests."""
    with LoopbackServer(host=_second_host()) as server:
        yield server
