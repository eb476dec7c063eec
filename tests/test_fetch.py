"""fetch_many on real loopback servers: conditional GET, redirects, politeness, Retry-After."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from routes import conditional, delayed, redirect, throttled_once
from servers import LoopbackServer, Route

from channelwatch.settings import FetchSettings
from extractors.fetch import fetch_many, fetch_one
from extractors.models import FetchResult, FetchState
from extractors.politeness import parse_retry_after

FAST = FetchSettings(
    timeout_s=2.0,
    max_redirects=5,
    max_bytes=1024 * 1024,
    per_host_concurrency=2,
    per_host_delay_s=0.0,
    total_concurrency=8,
)
FEED = b"<rss><channel><title>t</title></channel></rss>"
LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"
SLACK = 0.05  # scheduler slack on request-spacing assertions, in seconds


def allow(*servers: LoopbackServer) -> frozenset[str]:
    return frozenset(s.host_key for s in servers)


def test_first_fetch_returns_body_validators_and_sends_user_agent(
    loopback_server: LoopbackServer,
) -> None:
    loopback_server.routes["/feed"] = conditional(FEED, etag='"v1"', last_modified=LAST_MODIFIED)
    result = fetch_one(
        loopback_server.url("/feed"), settings=FAST, allowed_hosts=allow(loopback_server)
    )
    assert result.ok, result.error
    assert (result.status, result.body, result.etag) == (200, FEED, '"v1"')
    assert result.last_modified == LAST_MODIFIED
    assert result.content_type == "application/rss+xml"
    sent = loopback_server.requests[0].headers
    assert sent["user-agent"] == FAST.user_agent
    assert "if-none-match" not in sent


def test_etag_is_sent_back_and_304_is_not_modified(loopback_server: LoopbackServer) -> None:
    loopback_server.routes["/feed"] = conditional(FEED, etag='"v1"', last_modified=None)
    url = loopback_server.url("/feed")
    result = fetch_one(
        url, settings=FAST, state=FetchState(etag='"v1"'), allowed_hosts=allow(loopback_server)
    )
    assert loopback_server.requests[0].headers["if-none-match"] == '"v1"'
    assert result.ok and result.not_modified and result.status == 304
    assert result.body == b""
    assert result.etag == '"v1"'  # kept for the next run


def test_last_modified_is_sent_back_and_304_is_not_modified(
    loopback_server: LoopbackServer,
) -> None:
    loopback_server.routes["/feed"] = conditional(FEED, etag=None, last_modified=LAST_MODIFIED)
    state = FetchState(last_modified=LAST_MODIFIED)
    result = fetch_one(
        loopback_server.url("/feed"),
        settings=FAST,
        state=state,
        allowed_hosts=allow(loopback_server),
    )
    assert loopback_server.requests[0].headers["if-modified-since"] == LAST_MODIFIED
    assert result.not_modified and result.last_modified == LAST_MODIFIED


def test_changed_resource_comes_back_in_full(loopback_server: LoopbackServer) -> None:
    loopback_server.routes["/feed"] = conditional(FEED, etag='"v2"', last_modified=None)
    result = fetch_one(
        loopback_server.url("/feed"),
        settings=FAST,
        state=FetchState(etag='"v1"'),
        allowed_hosts=allow(loopback_server),
    )
    assert not result.not_modified and result.body == FEED and result.etag == '"v2"'


def test_redirects_are_followed_and_the_final_url_recorded(
    loopback_server: LoopbackServer,
) -> None:
    loopback_server.routes["/old"] = redirect("/new", status=301)
    loopback_server.routes["/new"] = Route(body=FEED)
    result = fetch_one(
        loopback_server.url("/old"), settings=FAST, allowed_hosts=allow(loopback_server)
    )
    assert result.ok, result.error
    assert result.final_url == loopback_server.url("/new") and result.body == FEED


def test_loopback_is_refused_unless_allowed(loopback_server: LoopbackServer) -> None:
    loopback_server.routes["/feed"] = Route(body=FEED)
    result = fetch_one(loopback_server.url("/feed"), settings=FAST)
    assert result.error is not None and "private address 127.0.0.1" in result.error
    assert loopback_server.requests == []


def test_each_host_is_resolved_once_per_call(
    loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifty articles of one site: one DNS lookup (the real resolver, counted), and every
    URL still checked: "localhost" resolves to loopback, so each is refused."""
    import extractors.resolved

    looked_up: list[str] = []
    real = extractors.resolved.resolve_host

    def counted(host: str) -> list[Any]:
        looked_up.append(host)
        return real(host)

    monkeypatch.setattr(extractors.resolved, "resolve_host", counted)
    port = loopback_server.host_key.rsplit(":", 1)[1]
    urls = [f"http://localhost:{port}/a/{n}.html" for n in range(50)]
    results = fetch_many(urls, settings=FAST)
    assert [r.url for r in results] == urls
    assert all(r.error is not None and "private address" in r.error for r in results)
    assert looked_up == ["localhost"]
    assert loopback_server.requests == []


def test_results_come_back_in_input_order_and_each_is_reported(
    loopback_server: LoopbackServer,
) -> None:
    for n in range(5):
        loopback_server.routes[f"/{n}"] = delayed(0.05 * (5 - n), body=str(n).encode())
    urls = [loopback_server.url(f"/{n}") for n in range(5)]
    seen: list[FetchResult] = []
    results = fetch_many(
        urls, settings=FAST, allowed_hosts=allow(loopback_server), on_result=seen.append
    )
    assert [r.url for r in results] == urls
    assert [r.body for r in results] == [str(n).encode() for n in range(5)]
    assert sorted(r.url for r in seen) == sorted(urls)


def test_per_host_concurrency_is_never_exceeded(loopback_server: LoopbackServer) -> None:
    for n in range(6):
        loopback_server.routes[f"/{n}"] = delayed(0.2)
    urls = [loopback_server.url(f"/{n}") for n in range(6)]
    results = fetch_many(urls, settings=FAST, allowed_hosts=allow(loopback_server))
    assert all(r.ok for r in results)
    assert loopback_server.max_concurrent == FAST.per_host_concurrency  # 2: limited, not serial


def test_per_host_delay_spaces_request_starts(loopback_server: LoopbackServer) -> None:
    for n in range(4):
        loopback_server.routes[f"/{n}"] = Route(body=b"x")
    settings = FetchSettings(**{**_asdict(FAST), "per_host_delay_s": 0.2})
    urls = [loopback_server.url(f"/{n}") for n in range(4)]
    fetch_many(urls, settings=settings, allowed_hosts=allow(loopback_server))
    starts = sorted(r.at for r in loopback_server.requests)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 4 and min(gaps) >= 0.2 - SLACK


def test_different_hosts_are_fetched_concurrently(
    loopback_server: LoopbackServer, second_loopback_server: LoopbackServer
) -> None:
    one, two = loopback_server, second_loopback_server
    one.routes["/a"] = two.routes["/b"] = delayed(0.5)
    settings = FetchSettings(**{**_asdict(FAST), "per_host_concurrency": 1})
    fetch_many([one.url("/a"), two.url("/b")], settings=settings, allowed_hosts=allow(one, two))
    a, b = one.requests[0].at, two.requests[0].at
    assert abs(a - b) < 0.5  # the second host did not wait for the first one's answer


def test_total_concurrency_bounds_work_across_hosts(
    loopback_server: LoopbackServer, second_loopback_server: LoopbackServer
) -> None:
    one, two = loopback_server, second_loopback_server
    one.routes["/a"] = two.routes["/b"] = delayed(0.3)
    settings = FetchSettings(**{**_asdict(FAST), "total_concurrency": 1})
    fetch_many([one.url("/a"), two.url("/b")], settings=settings, allowed_hosts=allow(one, two))
    a, b = one.requests[0].at, two.requests[0].at
    assert abs(a - b) >= 0.3 - SLACK


def test_429_retry_after_pauses_the_host(loopback_server: LoopbackServer) -> None:
    route = throttled_once("1")
    for n in range(3):
        loopback_server.routes[f"/{n}"] = route
    urls = [loopback_server.url(f"/{n}") for n in range(3)]
    settings = FetchSettings(**{**_asdict(FAST), "per_host_concurrency": 1})
    results = fetch_many(urls, settings=settings, allowed_hosts=allow(loopback_server))

    limited = [r for r in results if r.retry_after_s is not None]
    assert len(limited) == 1 and limited[0].retry_after_s == 1.0
    assert limited[0].error is not None and "HTTP 429" in limited[0].error
    assert sum(r.ok for r in results) == 2  # the others were fetched after the pause
    first, *later = sorted(r.at for r in loopback_server.requests)
    assert later and min(later) - first >= 1.0 - SLACK


def test_retry_after_above_the_cap_gives_up_on_that_host_only(
    loopback_server: LoopbackServer, second_loopback_server: LoopbackServer
) -> None:
    route = throttled_once("3600")
    for n in range(3):
        loopback_server.routes[f"/{n}"] = route
    second_loopback_server.routes["/other"] = Route(body=b"fine")
    urls = [loopback_server.url(f"/{n}") for n in range(3)] + [second_loopback_server.url("/other")]
    settings = FetchSettings(**{**_asdict(FAST), "per_host_concurrency": 1})
    results = fetch_many(
        urls,
        settings=settings,
        allowed_hosts=allow(loopback_server, second_loopback_server),
        max_retry_after_s=5,
    )
    assert len(loopback_server.requests) == 1
    skipped = [r for r in results[:3] if r.retry_after_s is None]
    assert len(skipped) == 2
    assert all(r.error and "not requested again in this run" in r.error for r in skipped)
    assert results[3].ok


def test_fetch_many_works_from_inside_a_running_event_loop(
    loopback_server: LoopbackServer,
) -> None:
    loopback_server.routes["/feed"] = Route(body=FEED)

    async def caller() -> list[FetchResult]:
        return fetch_many(
            [loopback_server.url("/feed")], settings=FAST, allowed_hosts=allow(loopback_server)
        )

    assert asyncio.run(caller())[0].body == FEED


def test_parse_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 01 Jan 2025 00:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Tue, 31 Dec 2024 00:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def _asdict(settings: FetchSettings) -> dict[str, object]:
    return {name: getattr(settings, name) for name in settings.__slots__}
