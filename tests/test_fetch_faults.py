"""Every fault the fault-injecting server serves ends in a readable, recorded failure.

The run goes on, nothing hangs past the timeout, and memory stays bounded: large and
compressed bodies are capped while streaming, not after.
"""

from __future__ import annotations

import socket
import time
import tracemalloc

import pytest
from routes import MB, RSS, gzip_bomb
from servers import LoopbackServer

from channelwatch.settings import FetchSettings
from extractors.fetch import fetch_many, fetch_one
from extractors.models import FetchResult

TIMEOUT_S = 1.0
SETTINGS = FetchSettings(
    timeout_s=TIMEOUT_S,
    max_redirects=5,
    max_bytes=1 * MB,
    per_host_concurrency=4,
    per_host_delay_s=0.0,
    total_concurrency=8,
)


def fetch(server: LoopbackServer, path: str) -> FetchResult:
    return fetch_one(
        server.url(path), settings=SETTINGS, allowed_hosts=frozenset({server.host_key})
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/slow-headers", "timed out after 1s"),
        ("/slow-drip", "timed out after 1s"),  # every read is quick: only the deadline stops it
        ("/truncated", "truncated or malformed response"),
        ("/500", "HTTP 500 from http://127.0.0.1:"),
        ("/404", "HTTP 404 from"),
        ("/503", "HTTP 503 from"),
        ("/429", "HTTP 429 from"),
        ("/redirect-loop", "redirect loop"),
        ("/chain/11", "too many redirects (6)"),
        ("/redirect-no-location", "without a Location header"),
        ("/redirect-private", "to http://10.0.0.1/ refused: private address 10.0.0.1"),
        ("/redirect-metadata", "refused: private address 169.254.169.254"),
        ("/redirect-file", "refused: 'file:' URLs are not fetched"),
        ("/big", "body larger than 1 MB cap from"),
        ("/big-declared", "body larger than 1 MB cap (Content-Length 52428800)"),
        ("/gzip-bomb", "body larger than 1 MB cap after gzip decoding"),
        ("/brotli", "unsupported Content-Encoding 'br'"),
    ],
)
def test_fault_is_recorded_as_a_readable_error(
    fault_server: LoopbackServer, path: str, expected: str
) -> None:
    started = time.monotonic()
    result = fetch(fault_server, path)
    assert result.error is not None and expected in result.error, result.error
    assert not result.ok and result.body == b""
    assert time.monotonic() - started < TIMEOUT_S * 2 + 1  # nothing hangs


def test_redirect_chain_within_the_limit_is_followed(fault_server: LoopbackServer) -> None:
    result = fetch(fault_server, "/chain/5")  # exactly max_redirects hops
    assert result.ok, result.error
    assert result.final_url == fault_server.url("/chain/0")


def test_redirect_to_private_address_sends_nothing_there(fault_server: LoopbackServer) -> None:
    result = fetch(fault_server, "/redirect-private")
    assert result.error and "10.0.0.1" in result.error
    assert [r.path for r in fault_server.requests] == ["/redirect-private"]


@pytest.mark.parametrize("status_path", ["/429", "/503"])
def test_retry_after_is_recorded(fault_server: LoopbackServer, status_path: str) -> None:
    assert fetch(fault_server, status_path).retry_after_s == 1.0


def test_failing_sources_are_recorded_while_the_others_load(
    fault_server: LoopbackServer,
) -> None:
    paths = ["/feed.xml", "/500", "/slow-headers", "/truncated", "/ok"]
    results = fetch_many(
        [fault_server.url(p) for p in paths],
        settings=SETTINGS,
        allowed_hosts=frozenset({fault_server.host_key}),
    )
    by_path = dict(zip(paths, results, strict=True))
    assert by_path["/feed.xml"].ok and by_path["/feed.xml"].body == RSS
    assert by_path["/ok"].ok and by_path["/ok"].body == b"fine\n"
    assert "HTTP 500" in (by_path["/500"].error or "")
    assert "timed out" in (by_path["/slow-headers"].error or "")
    assert "truncated" in (by_path["/truncated"].error or "")


def peak_while(server: LoopbackServer, path: str) -> tuple[FetchResult, int]:
    """The fetch result and the peak of Python memory allocated while fetching ``path``."""
    fetch(server, "/ok")  # warm up: the first client loads CA certificates (~4 MB)
    tracemalloc.start()
    try:
        result = fetch(server, path)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_body_is_cut_while_streaming(fault_server: LoopbackServer) -> None:
    result, peak = peak_while(fault_server, "/big")
    assert result.error and "cap" in result.error
    assert peak < 4 * MB, f"peak {peak / MB:.1f} MB while fetching a 50 MB body"
    fault_server.wait_idle()
    # The client hung up: the server could not push the body through (socket buffers aside).
    assert fault_server.bytes_sent["/big"] < 25 * MB


def test_a_declared_oversize_body_is_refused_before_reading(fault_server: LoopbackServer) -> None:
    fetch(fault_server, "/big-declared")
    fault_server.wait_idle()
    assert fault_server.bytes_sent.get("/big-declared", 0) < 25 * MB


def test_a_gzip_bomb_is_capped_on_decoded_bytes(fault_server: LoopbackServer) -> None:
    bomb = gzip_bomb()  # built before measuring: the server holds it, not the client
    assert len(bomb) < MB  # small on the wire, 64 MB decoded
    result, peak = peak_while(fault_server, "/gzip-bomb")
    assert result.error and "after gzip decoding" in result.error
    assert peak < 4 * MB, f"peak {peak / MB:.1f} MB while decoding a 64 MB gzip bomb"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/no-content-type", None),
        ("/wrong-content-type", "image/png"),
        ("/feed-is-html", "application/rss+xml"),
        ("/invalid-utf8", "application/rss+xml; charset=utf-8"),
        ("/misdeclared-encoding", "application/rss+xml; charset=utf-8"),
    ],
)
def test_content_problems_pass_through_untouched_for_the_stages_to_judge(
    fault_server: LoopbackServer, path: str, content_type: str | None
) -> None:
    """Fetching does not guess types or transcode: the feed and article stages see the
    exact bytes and the declared type, and record their own error."""
    result = fetch(fault_server, path)
    assert result.ok, result.error
    assert result.content_type == content_type
    route_body = fault_server.routes[path].body
    assert isinstance(route_body, bytes) and result.body == route_body


def test_connection_refused_is_recorded() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch_one(
        f"http://127.0.0.1:{port}/feed",
        settings=SETTINGS,
        allowed_hosts=frozenset({f"127.0.0.1:{port}"}),
    )
    assert result.error is not None and f"could not connect to 127.0.0.1:{port}" in result.error
