"""Canned routes for ``LoopbackServer`` (``tests/servers.py``), and the fault table.

``fault_routes()`` is the fault-injecting route table (issue 7): slow and dripping bodies,
500/503/429, redirect loops and chains, redirects to private addresses, a 50 MB body, a gzip
bomb, wrong content types, a feed that is HTML, bad encodings, truncated bodies. The
``fault_server`` fixture (for ``tests/conftest.py``) serves it.
"""

from __future__ import annotations

import functools
import itertools
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping

import pytest
from servers import LoopbackServer, RequestHandler, Route

MB = 1024 * 1024


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


def throttled_once(
    retry_after: str, *, body: bytes = b"ok", headers: Mapping[str, str] | None = None
) -> Route:
    """The first request to this route (whichever arrives first, on any path it serves)
    gets 429 with ``Retry-After``; later ones 200 with ``body`` and ``headers``."""
    lock, calls = threading.Lock(), itertools.count()

    def handler(req: RequestHandler) -> None:
        with lock:
            first = next(calls) == 0
        if first:
            req.start(429, {"Retry-After": retry_after, "Content-Length": "0"})
        else:
            req.start(200, {"Content-Length": str(len(body)), **(headers or {})})
            req.write(body)

    return Route(handler=handler)


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


@pytest.fixture
def fault_server() -> Iterator[LoopbackServer]:
    """A server with ``fault_routes()`` installed."""
    with LoopbackServer(fault_routes()) as server:
        yield server
