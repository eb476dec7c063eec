"""Real HTTP servers on loopback for tests and the demo: a route table, a request log, faults.

``LoopbackServer`` is a ``channelwatch.demo.LoopbackHTTPServer`` on an ephemeral port in a daemon
thread. Routes map a path (query ignored unless a route names it) to a ``Route``: a status,
headers and a body (bytes, or a callable returning an iterable of chunks, streamed without
being held in memory), or a handler callable that writes the whole response itself.

What tests can assert on:
- ``server.requests``: every request's method, path, headers and arrival time (monotonic);
- ``server.max_concurrent``: the high-water mark of requests being served at once;
- ``server.bytes_sent[path]``: body bytes actually written to the socket.

``fault_routes()`` is the fault-injecting route table (issue 7): slow and dripping bodies,
500/503/429, redirect loops and chains, redirects to private addresses, a 50 MB body, a gzip
bomb, wrong content types, a feed that is HTML, bad encodings, truncated bodies.

Fixtures (for ``tests/conftest.py``): ``loopback_server``, ``second_loopback_server`` (a
different host: 127.0.0.2 where it can be bound, else another port) and ``fault_server``.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from channelwatch.demo import LoopbackHTTPServer

MB = 1024 * 1024
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


# --------------------------------------------------------------------------- route makers


def redirect(location: str, status: int = 302) -> Route:
    return Route(status=status, headers={"Location": location})


def slow(seconds: float, body: bytes = b"late\n") -> Route:
    """Answer nothing for ``seconds`` (a read timeout), then a normal body."""

    def handler(req: RequestHandler) -> None:
        if req.pause(seconds):
            req.start(200, {"Content-Type": "text/plain", "Content-Length": str(len(body))})
            req.write(body)

    return Route(handler=handler)


def conditional(body: bytes, *, etag: str | None, last_modified: str | None) -> Route:
    """200 with validators; 304 when the request's validators match."""

    def handler(req: RequestHandler) -> None:
        inm, ims = req.header("If-None-Match"), req.header("If-Modified-Since")
        if (etag and inm == etag) or (not etag and last_modified and ims == last_modified):
            req.start(304, _validators(etag, last_modified))
            return
        headers = {"Content-Type": "application/rss+xml", "Content-Length": str(len(body))}
        req.start(200, headers | _validators(etag, last_modified))
        req.write(body)

    return Route(handler=handler)


def _validators(etag: str | None, last_modified: str | None) -> dict[str, str]:
    out = {"ETag": etag} if etag else {}
    return out | ({"Last-Modified": last_modified} if last_modified else {})


def delayed(seconds: float, body: bytes = b"ok\n") -> Route:
    """Hold the request open for ``seconds`` so overlapping requests can be counted."""

    def handler(req: RequestHandler) -> None:
        req.pause(seconds)
        req.start(200, {"Content-Type": "text/plain", "Content-Length": str(len(body))})
        req.write(body)

    return Route(handler=handler)


def _slow_drip(req: RequestHandler) -> None:
    """Headers at once, then one byte every 0.1 s: each read succeeds, the body never ends."""
    req.start(200, {"Content-Type": "text/plain", "Content-Length": "100000"})
    for _ in range(100_000):
        if not req.write(b".") or not req.pause(0.1):
            return


def _truncated(req: RequestHandler) -> None:
    """Promise 10,000 bytes, send 100, close."""
    req.start(200, {"Content-Type": "text/html", "Content-Length": "10000"})
    req.write(b"<html><body>" + b"x" * 88)


def zeros(total: int, chunk: int = 64 * 1024) -> Callable[[], Iterator[bytes]]:
    """A body of ``total`` zero bytes produced chunk by chunk, never held whole."""

    def chunks() -> Iterator[bytes]:
        block = b"\0" * chunk
        for start in range(0, total, chunk):
            yield block[: min(chunk, total - start)]

    return chunks


@functools.cache
def gzip_bomb(decoded: int = 64 * MB) -> bytes:
    """``decoded`` zero bytes, gzip-compressed (about 1000:1), built without holding them."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * MB
    parts = [packer.compress(block) for _ in range(decoded // MB)]
    return b"".join([*parts, packer.flush()])


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fault feed</title><link>http://example.com/</link>
<item><title>Caf\xc3\xa9 deal</title><link>http://example.com/a</link></item>
</channel></rss>
"""
HTML = b"<!doctype html><html><head><title>Not a feed</title></head><body><p>Hi</p></body></html>"


def fault_routes(*, private_target: str = "http://10.0.0.1/") -> dict[str, Route]:
    """Every fault class of issue 7, one path each (see docs/faults.md)."""
    routes: dict[str, Route] = {
        "/ok": Route(headers={"Content-Type": "text/plain"}, body=b"fine\n"),
        "/feed.xml": Route(headers={"Content-Type": "application/rss+xml"}, body=RSS),
        # network
        "/slow-headers": slow(30.0),
        "/slow-drip": Route(handler=_slow_drip),
        "/truncated": Route(handler=_truncated),
        # HTTP
        "/500": Route(status=500, headers={"Content-Type": "text/plain"}, body=b"boom\n"),
        "/503": Route(status=503, headers={"Retry-After": "1"}, body=b"busy\n"),
        "/429": Route(status=429, headers={"Retry-After": "1"}, body=b"slow down\n"),
        "/429-long": Route(status=429, headers={"Retry-After": "3600"}, body=b"go away\n"),
        "/404": Route(status=404, body=b"gone\n"),
        "/redirect-loop": redirect("/redirect-loop-b"),
        "/redirect-loop-b": redirect("/redirect-loop"),
        "/redirect-no-location": Route(status=302),
        "/redirect-private": redirect(private_target),
        "/redirect-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
        "/redirect-file": redirect("file:///etc/passwd"),
        # content size
        "/big": Route(headers={"Content-Type": "text/html"}, body=zeros(50 * MB)),
        "/big-declared": Route(
            headers={"Content-Type": "text/html", "Content-Length": str(50 * MB)},
            body=zeros(50 * MB),
        ),
        "/gzip-bomb": Route(  # built here (once per process), not during a timed request
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
            body=gzip_bomb(),
        ),
        "/brotli": Route(headers={"Content-Encoding": "br"}, body=b"\x8b\x00\x80not-brotli"),
        # content type and encoding: fetch passes the bytes through; the stages judge them
        "/no-content-type": Route(body=RSS),
        "/wrong-content-type": Route(headers={"Content-Type": "image/png"}, body=RSS),
        "/feed-is-html": Route(headers={"Content-Type": "application/rss+xml"}, body=HTML),
        "/invalid-utf8": Route(
            headers={"Content-Type": "application/rss+xml; charset=utf-8"},
            body=RSS.replace(b"Caf\xc3\xa9", b"Caf\xff\xfe\xc3"),
        ),
        "/misdeclared-encoding": Route(  # says utf-8, is latin-1
            headers={"Content-Type": "application/rss+xml; charset=utf-8"},
            body=RSS.replace(b"Caf\xc3\xa9", b"Caf\xe9"),
        ),
    }
    for n in range(12):  # /chain/11 -> /chain/10 -> ... -> /chain/0 (200)
        routes[f"/chain/{n}"] = redirect(f"/chain/{n - 1}") if n else routes["/ok"]
    return routes


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


@pytest.fixture
def fault_server() -> Iterator[LoopbackServer]:
    """A server with ``fault_routes()`` installed."""
    with LoopbackServer(fault_routes()) as server:
        yield server
