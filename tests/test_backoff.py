"""Back-off: failing sources skipped with growing intervals but always reported; hosts that
sent Retry-After are not requested again, by a later fetch call, before the delay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from routes import throttled_once
from servers import LoopbackServer, Route

from channelwatch.pipeline.backoff import (
    BackoffPolicy,
    HostPauses,
    backed_off_sources,
    backoff_failures,
    fetch_pages_politely,
    next_fetch_times,
)
from channelwatch.pipeline.stages import due_sources
from channelwatch.settings import FetchSettings
from channelwatch.store import fetch_states, open_store, save_fetch_results, sync_sources
from extractors.fetch import fetch_many
from extractors.models import FeedEntry, Source

FAST = FetchSettings(timeout_s=3.0, per_host_concurrency=2, per_host_delay_s=0.0)
SLACK = 0.05


def test_intervals_start_after_n_failures_grow_and_are_capped() -> None:
    policy = BackoffPolicy(after_failures=3, base=timedelta(days=2), cap=timedelta(days=30))
    assert policy.interval(1) is None and policy.interval(2) is None
    waits = [policy.interval(n) for n in range(3, 10)]
    assert all(w is not None for w in waits)
    days = [w.total_seconds() / 86400 for w in waits if w is not None]
    assert days[:4] == sorted(days[:4]) and days[0] < days[1] < days[2] < days[3]
    assert max(days) <= 30


def test_a_feed_failing_n_runs_in_a_row_is_backed_off_then_reported(
    loopback_server: LoopbackServer, tmp_path: Path
) -> None:
    """Three runs against a dead feed: the third backs it off; the fourth run skips it,
    but the store still lists it, with its count and last error, for summaries and digest."""
    loopback_server.routes["/dead.xml"] = Route(status=500, body=b"down")
    loopback_server.routes["/ok.xml"] = Route(body=b"<rss><channel/></rss>")
    sources = [
        Source("dead", loopback_server.url("/dead.xml")),
        Source("alive", loopback_server.url("/ok.xml")),
    ]
    allowed = frozenset({loopback_server.host_key})
    db_path = (
        tmp_path / "cw.duckdb"
    )  # not store.duckdb: its catalog name would clash with the schema
    start = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
    with open_store(db_path) as con:
        sync_sources(con, sources)
    for run in range(3):
        now = start + timedelta(days=run)
        with open_store(db_path) as con:
            states = fetch_states(con)
            due, waiting = due_sources(sources, states, now=now)
            assert [s.name for s in due] == ["dead", "alive"] and not waiting
            fetched = fetch_many([s.url for s in due], settings=FAST, allowed_hosts=allowed)
            results = {s.name: r for s, r in zip(due, fetched, strict=True)}
            plan = next_fetch_times(sources, results, states, now=now)
            save_fetch_results(con, results, next_fetch_after=plan)
            backed = backed_off_sources(con)
        # backed off only from the third failure on, and then reported
        assert [b.name for b in backed] == (["dead"] if run == 2 else [])

    with open_store(db_path) as con:
        states = fetch_states(con)
        (report,) = backed_off_sources(con)
    # the daily run the next morning skips it; the one two days after the last failure does not
    next_day = start + timedelta(days=3)
    due, waiting = due_sources(sources, states, now=next_day)
    assert [s.name for s in waiting] == ["dead"] and [s.name for s in due] == ["alive"]
    due, waiting = due_sources(sources, states, now=next_day + timedelta(days=1))
    assert not waiting
    assert report.consecutive_failures == 3 and "HTTP 500" in (report.last_error or "")
    (failure,) = backoff_failures([report])
    assert failure.stage == "backoff" and failure.source == "dead"
    assert "failed 3 runs in a row" in failure.error and "HTTP 500" in failure.error


def _429_first(retry_after: str) -> Route:
    """The first request anywhere on this route gets 429 + Retry-After, the rest an article."""
    return throttled_once(
        retry_after, body=b"<p>article</p>", headers={"Content-Type": "text/html"}
    )


def test_a_host_that_sent_retry_after_is_not_hit_by_the_next_batch_before_the_delay(
    loopback_server: LoopbackServer,
) -> None:
    route = _429_first("2")
    for n in range(4):
        loopback_server.routes[f"/a/{n}"] = route
    entries = [FeedEntry("s", loopback_server.url(f"/a/{n}")) for n in range(4)]
    allowed = frozenset({loopback_server.host_key})
    pauses = HostPauses()

    pages, failures = fetch_pages_politely(
        entries[:1], fetch_settings=FAST, allowed_hosts=allowed, pauses=pauses
    )
    assert not pages and "HTTP 429" in failures[0].error
    assert pauses.remaining(entries[1].url) > 1.5

    # the next batch is a separate fetch call (as the next Prefect task is)
    pages, failures = fetch_pages_politely(
        entries[1:], fetch_settings=FAST, allowed_hosts=allowed, pauses=pauses
    )
    assert len(pages) == 3 and not failures
    first, *later = sorted(r.at for r in loopback_server.requests)
    assert len(later) == 3 and min(later) - first >= 2.0 - SLACK


def test_a_pause_longer_than_the_wait_cap_defers_the_page_to_the_next_run(
    loopback_server: LoopbackServer,
) -> None:
    route = _429_first("3600")
    loopback_server.routes["/a/0"] = route
    loopback_server.routes["/a/1"] = route
    entries = [FeedEntry("s", loopback_server.url(f"/a/{n}")) for n in range(2)]
    allowed = frozenset({loopback_server.host_key})
    pauses = HostPauses()
    fetch_pages_politely(entries[:1], fetch_settings=FAST, allowed_hosts=allowed, pauses=pauses)

    pages, failures = fetch_pages_politely(
        entries[1:], fetch_settings=FAST, allowed_hosts=allowed, pauses=pauses, max_wait_s=60
    )
    assert not pages and "deferred to the next run" in failures[0].error
    assert len(loopback_server.requests) == 1  # never requested during the pause
