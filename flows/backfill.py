"""The backfill flow: older items of each source, from its feed and (optionally) its site.

Entries come from the feed in full (no conditional GET), kept from ``since`` on, plus,
with ``sitemaps=True``, the article URLs found from the source's homepage by its sitemaps
or the feeds it links (``extractors.sitemaps``: trafilatura parses, the polite fetcher
fetches; these URLs carry no date, so each source is capped at ``max_per_source``). Then
the daily flow's batch pipeline runs on the ones not stored yet: re-running a stopped
backfill continues where it stopped, because stored articles are skipped. Feed state
(ETag) is not touched.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from channelwatch import progress
from channelwatch.pipeline.runs import recorded_run
from channelwatch.pipeline.summary import RunSummary
from channelwatch.settings import FetchSettings, load_settings
from channelwatch.store import finish_run, open_store, record_failures
from channelwatch.store.signals import refresh_signals
from channelwatch.store.snapshot import publish_read_snapshot
from extractors.models import FeedEntry, Source
from extractors.sitemaps import discover_site_urls
from extractors.sources import load_sources
from extractors.tagger import load_tagger
from extractors.urls import canonical_url
from flows.daily import BATCH_SIZE, fetch_feeds_task, ingest_entries, transient_only


@task(
    name="discover-site",
    task_run_name="discover-{source.name}",
    retries=1,
    retry_delay_seconds=30,
    retry_condition_fn=transient_only,
    cache_policy=NO_CACHE,  # discovery must really ask the site each run
)
def discover_site_task(
    source: Source, max_urls: int, fetch_settings: FetchSettings, allowed_hosts: frozenset[str]
) -> list[FeedEntry]:
    """Article URLs from the homepage's sitemaps, else from the feeds it links; fetched
    through the polite fetcher like every other request (``extractors.sitemaps``)."""
    parts = urlsplit(source.url)
    homepage = f"{parts.scheme}://{parts.netloc}/"
    urls = discover_site_urls(homepage, settings=fetch_settings, allowed_hosts=allowed_hosts)
    seen: dict[str, FeedEntry] = {}
    for url in urls:
        canon = canonical_url(url)
        seen.setdefault(canon, FeedEntry(source=source.name, url=canon))
        if len(seen) >= max_urls:
            break
    return list(seen.values())


def since_filter(entries: list[FeedEntry], since: date) -> list[FeedEntry]:
    """Feed entries published on or after ``since`` (undated ones are kept)."""
    start = datetime(since.year, since.month, since.day, tzinfo=UTC)
    return [e for e in entries if e.published_at is None or e.published_at >= start]


@flow(name="channelwatch-backfill", flow_run_name="backfill-since-{since}", log_prints=True)
def backfill_flow(
    since: date,
    sources_path: Path | None = None,
    db_path: Path | None = None,
    *,
    sitemaps: bool = False,
    max_per_source: int = 500,
    allowed_hosts: list[str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunSummary:
    """Ingest older items of every source from ``since`` on; resumable."""
    settings = load_settings()
    db = Path(db_path or settings.db_path)
    sources = load_sources(Path(sources_path or settings.sources_path))
    hosts = frozenset(allowed_hosts or ())
    rules_version = load_tagger().rules_version
    with recorded_run(db, kind="backfill", sources=sources, rules_version=rules_version) as (
        summary,
        _,
    ):
        counts = summary.counts
        progress.report("feeds", 0, len(sources))
        feeds = fetch_feeds_task(sources, {}, settings.fetch, hosts)  # full, no 304
        progress.report("feeds", len(sources), len(sources))
        summary.failures.extend(feeds.failures)
        entries = since_filter(feeds.entries, since)
        failed = sum(1 for r in feeds.results.values() if r.error)
        counts.update(
            feeds_ok=len(feeds.results) - failed,
            feeds_failed=failed,
            entries=len(feeds.entries),
            entries_since=len(entries),
        )
        if sitemaps:
            for n, source in enumerate(sources, start=1):
                found = discover_site_task(source, max_per_source, settings.fetch, hosts)
                entries += found
                counts["entries_discovered"] = counts.get("entries_discovered", 0) + len(found)
                progress.report("sites", n, len(sources))
        ingest_entries(
            list({e.url: e for e in entries}.values()),
            feeds.results.values(),
            db=db,
            summary=summary,
            fetch_settings=settings.fetch,
            allowed_hosts=hosts,
            batch_size=batch_size,
        )
        with open_store(db) as con:
            record_failures(con, summary.run_id, feeds.failures)
            counts["signals"] = refresh_signals(con)  # the watch views include what came in
            summary.status = "completed"
            finish_run(
                con, summary.run_id, status="completed", counts=counts, timings=summary.timings
            )
            publish_read_snapshot(con)  # readers open the copy, never wait on a run
    return summary
