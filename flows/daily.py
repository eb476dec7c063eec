"""The daily ingest flow: feeds -> articles -> events -> store.

One Prefect task per stage or per batch of articles, never per article. Network
tasks retry with backoff; CPU tasks (extract + tag) can run on Dask workers; every
store write happens here in the flow's process, one short transaction per batch.
"""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, task
from prefect.futures import PrefectFuture

from channelwatch import progress
from channelwatch.pipeline import stages
from channelwatch.pipeline.load import load_batch, new_entries, sum_counts
from channelwatch.pipeline.summary import RunSummary
from channelwatch.settings import FetchSettings, load_settings
from channelwatch.store import (
    fetch_states,
    finish_run,
    open_store,
    record_failures,
    save_fetch_results,
    start_run,
    sync_sources,
)
from extractors.models import FeedEntry, FetchResult
from extractors.sources import load_sources
from extractors.tagger import load_tagger

BATCH_SIZE = 50


@task(name="fetch-feeds", retries=2, retry_delay_seconds=[5, 30])
def fetch_feeds_task(
    sources: list, states: dict, fetch_settings: FetchSettings, allowed_hosts: frozenset[str]
) -> stages.FeedStage:
    return stages.fetch_and_parse_feeds(
        sources, states=states, fetch_settings=fetch_settings, allowed_hosts=allowed_hosts
    )


@task(name="fetch-articles", retries=2, retry_delay_seconds=[5, 30])
def fetch_articles_task(
    entries: list[FeedEntry], fetch_settings: FetchSettings, allowed_hosts: frozenset[str]
) -> tuple[list[tuple[FeedEntry, FetchResult]], list]:
    return stages.fetch_pages(entries, fetch_settings=fetch_settings, allowed_hosts=allowed_hosts)


@task(name="extract-and-tag")
def extract_and_tag_task(
    fetched: tuple[list[tuple[FeedEntry, FetchResult]], list],
) -> stages.ArticleBatch:
    pages, fetch_failures = fetched
    batch = stages.extract_and_tag(pages)
    batch.failures[:0] = fetch_failures
    return batch


def _timed(timings: dict[str, float], stage: str, started: float) -> None:
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


@flow(name="channelwatch-daily", flow_run_name="{kind}-ingest", log_prints=True)
def daily_flow(
    sources_path: Path | None = None,
    db_path: Path | None = None,
    *,
    kind: str = "daily",
    allowed_hosts: list[str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunSummary:
    """Fetch the configured feeds, extract and tag new articles, and load them."""
    settings = load_settings()
    db = Path(db_path or settings.db_path)
    sources = load_sources(Path(sources_path or settings.sources_path))
    hosts = frozenset(allowed_hosts or ())
    rules_version = load_tagger().rules_version
    with open_store(db) as con:
        sync_sources(con, sources)
        states = fetch_states(con)
        run_id = start_run(con, kind=kind, rules_version=rules_version)
    summary = RunSummary(run_id=run_id, rules_version=rules_version)
    counts, timings = summary.counts, summary.timings
    try:
        started = time.perf_counter()
        progress.report("feeds", 0, len(sources))
        feeds = fetch_feeds_task(sources, states, settings.fetch, hosts)
        _timed(timings, "feeds", started)
        progress.report("feeds", len(sources), len(sources))
        failed_feeds = sum(1 for r in feeds.results.values() if r.error)
        counts.update(
            feeds_ok=len(feeds.results) - failed_feeds - feeds.not_modified,
            feeds_not_modified=feeds.not_modified,
            feeds_failed=failed_feeds,
            feeds_backing_off=len(feeds.skipped_backoff),
            entries=len(feeds.entries),
        )
        summary.failures.extend(feeds.failures)
        todo = new_entries(db, feeds.entries)
        counts["entries_new"] = len(todo)

        batches = list(stages.batched(todo, batch_size))
        # submit everything first so a Dask runner overlaps fetch and CPU work
        fetched = [fetch_articles_task.submit(b, settings.fetch, hosts) for b in batches]
        tagged: list[PrefectFuture] = [extract_and_tag_task.submit(f) for f in fetched]
        done = 0
        progress.report("articles", 0, len(todo))
        for tag_future, entries in zip(tagged, batches, strict=True):
            started = time.perf_counter()
            batch: stages.ArticleBatch = tag_future.result()
            _timed(timings, "fetch+extract+tag", started)
            started = time.perf_counter()
            part = load_batch(db, batch, run_id=run_id)
            _timed(timings, "load", started)
            sum_counts(counts, part)
            counts["articles_fetched"] = counts.get("articles_fetched", 0) + batch.fetched
            summary.failures.extend(batch.failures)
            done += len(entries)
            progress.report("articles", done, len(todo))
        summary.status = "completed"
    except BaseException as exc:
        summary.status = "failed"
        with open_store(db) as con:
            finish_run(
                con, run_id, status="failed", counts=counts, timings=timings, error=repr(exc)
            )
        raise
    finally:
        if summary.status == "completed":
            with open_store(db) as con:
                save_fetch_results(con, feeds.results)
                record_failures(con, run_id, feeds.failures)
                finish_run(con, run_id, status="completed", counts=counts, timings=timings)
    return summary
