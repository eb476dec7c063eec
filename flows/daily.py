"""The daily ingest flow: feeds -> articles -> events -> store.

One Prefect task per stage or per batch of articles, never per article. Only the steps
that touch the outside world (fetching) retry, and only on transient errors: a 429 or a
dead feed is a *result*, not an exception, so Prefect never re-fetches a host early;
``HostPauses`` carries Retry-After pauses from one fetch call to the next.

Page fetching runs in the flow's process, one batch after another (so per-host
politeness and pauses hold across batches); the CPU stage (extract + tag) is submitted
to the task runner: threads by default, or Dask workers (``flows.runners``). Every store
write happens here in the flow's process, one short transaction per load unit
(``channelwatch.pipeline.units.LOAD_SIZE`` articles, or fewer after ``LOAD_EVERY_S``), so a
run killed at any point leaves whole loads behind and the next run fetches the rest.

No task is cached (``NO_CACHE``): a fetch must really fetch, and Prefect's default policy
would hash every task's inputs to make a cache key, a batch of pages being ~7 MB of HTML
(20-60 ms a batch, measured).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

import httpx
from prefect import flow, runtime, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote

from channelwatch import progress
from channelwatch.errors import WorkerLostError
from channelwatch.pipeline import stages
from channelwatch.pipeline.backoff import (
    HostPauses,
    backed_off_sources,
    backoff_failures,
    fetch_pages_politely,
    next_fetch_times,
)
from channelwatch.pipeline.load import load_batch, load_due, new_entries, sum_counts
from channelwatch.pipeline.runs import recorded_run
from channelwatch.pipeline.summary import RunSummary
from channelwatch.pipeline.units import BATCH_SIZE, LOAD_SIZE
from channelwatch.settings import FetchSettings, load_settings
from channelwatch.store import (
    Failure,
    finish_run,
    open_store,
    record_failures,
    save_fetch_results,
)
from channelwatch.store.signals import refresh_signals
from channelwatch.store.snapshot import publish_read_snapshot
from extractors.models import FeedEntry, FetchResult, Source
from extractors.sources import load_sources
from extractors.tagger import load_tagger
from flows.runners import ship

MAX_IN_FLIGHT = 4  # batches fetched but not yet extracted: bounds memory on long runs
TRANSIENT = (httpx.TransportError, OSError, TimeoutError)
Pages = list[tuple[FeedEntry, FetchResult]]


def transient_only(task: object, task_run: object, state: object) -> bool:
    """Retry a fetch task only on network-level exceptions: a bug fails the same way twice,
    and HTTP errors (429, 5xx) are returned as results, never raised."""
    try:
        state.result()  # type: ignore[attr-defined]
    except TRANSIENT:
        return True
    except Exception:
        return False
    return False


@task(
    name="fetch-feeds",
    retries=2,
    retry_delay_seconds=[5, 30],
    retry_condition_fn=transient_only,
    cache_policy=NO_CACHE,
)
def fetch_feeds_task(
    sources: list[Source],
    states: dict,
    fetch_settings: FetchSettings,
    allowed_hosts: frozenset[str],
) -> stages.FeedStage:
    return stages.fetch_and_parse_feeds(
        sources, states=states, fetch_settings=fetch_settings, allowed_hosts=allowed_hosts
    )


@task(
    name="fetch-articles",
    task_run_name="fetch-articles-{batch_no}",
    retries=2,
    retry_delay_seconds=[5, 30],
    retry_condition_fn=transient_only,
    cache_policy=NO_CACHE,
)
def fetch_articles_task(
    entries: list[FeedEntry],
    fetch_settings: FetchSettings,
    allowed_hosts: frozenset[str],
    pauses: HostPauses,
    batch_no: int = 0,
) -> tuple[Pages, list[Failure]]:
    # ``pauses`` is passed quoted (the same object): a retry sees what a failed attempt noted
    return fetch_pages_politely(
        entries, fetch_settings=fetch_settings, allowed_hosts=allowed_hosts, pauses=pauses
    )


@task(name="extract-and-tag", task_run_name="extract-and-tag-{batch_no}", cache_policy=NO_CACHE)
def extract_and_tag_task(
    pages: Pages, fetch_failures: list[Failure], batch_no: int = 0
) -> stages.ArticleBatch:
    batch = stages.extract_and_tag(pages)
    batch.failures[:0] = fetch_failures
    return batch


def _timed(timings: dict[str, float], stage: str, started: float) -> None:
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def ingest_entries(
    entries: list[FeedEntry],
    feed_results: Iterable[FetchResult],
    *,
    db: Path,
    summary: RunSummary,
    fetch_settings: FetchSettings,
    allowed_hosts: frozenset[str],
    batch_size: int,
    load_size: int = LOAD_SIZE,
) -> None:
    """Fetch, extract+tag and load the ``entries`` not stored yet, batch by batch (called
    from inside a flow; ``feed_results`` carry the hosts' Retry-After pauses so far).

    Fetching runs here, one batch after another; extract+tag is submitted to the flow's
    task runner and overlaps the next fetch. Finished batches are loaded together once
    ``load_size`` articles are waiting (or enough bytes, or enough time: ``load_due``),
    and at the end, each load one transaction: fewer, larger writes run several times
    faster, and a crash costs at most one load unit, which the next run fetches again. A
    batch that fails as a whole (a worker process lost) first has the batches finished
    before it loaded, then stops the run.
    """
    counts, timings = summary.counts, summary.timings
    todo = new_entries(db, entries)
    counts["entries_new"] = len(todo)
    pauses = HostPauses()
    pauses.note_all(feed_results)
    pending: deque[tuple[PrefectFuture, int, int]] = deque()  # future, articles, batch no
    to_load = stages.ArticleBatch()
    last_load = time.monotonic()
    done = 0
    progress.report("articles", 0, len(todo))

    def load() -> None:
        nonlocal to_load, last_load
        last_load = time.monotonic()
        if not (to_load.article_count() or to_load.failures or to_load.fetched):
            return
        started = time.perf_counter()
        part = load_batch(db, to_load, run_id=summary.run_id)
        _timed(timings, "load", started)
        sum_counts(counts, part)
        counts["articles_fetched"] = counts.get("articles_fetched", 0) + to_load.fetched
        summary.failures.extend(to_load.failures)
        to_load = stages.ArticleBatch()

    def collect_next() -> None:
        nonlocal done
        future, size, batch_no = pending.popleft()
        started = time.perf_counter()
        try:
            finished = future.result()
        except Exception as exc:
            # the batches finished before this one are kept: the next run fetches the rest
            load()
            if isinstance(exc, BrokenProcessPool):
                raise WorkerLostError(
                    f"a worker process died during extract-and-tag batch {batch_no} (killed, "
                    "out of memory, or crashed), so the run stopped; the articles of the "
                    "batches finished before it are stored, and the next run fetches the rest"
                ) from exc
            raise
        to_load.absorb(finished)
        _timed(timings, "extract+tag wait", started)
        done += size
        progress.report("articles", done, len(todo))
        if load_due(to_load, load_size=load_size, seconds_since_load=time.monotonic() - last_load):
            load()

    for batch_no, entries in enumerate(stages.batched(todo, batch_size), start=1):
        while len(pending) >= MAX_IN_FLIGHT:  # fetched pages wait in memory: bound them
            collect_next()
        started = time.perf_counter()
        pages, fetch_failures = fetch_articles_task(  # type: ignore[call-overload]
            entries,
            fetch_settings,
            allowed_hosts,
            quote(pauses),  # Prefect unwraps quote(): the task gets this very object
            batch_no=batch_no,
        )
        _timed(timings, "fetch articles", started)
        # the CPU stage overlaps the next batch's fetch (threads or Dask workers)
        started = time.perf_counter()
        future = extract_and_tag_task.submit(ship(pages), fetch_failures, batch_no=batch_no)
        _timed(timings, "submit", started)
        pending.append((future, len(entries), batch_no))
        while pending and pending[0][0].state.is_final():
            collect_next()
    while pending:
        collect_next()
    load()


@flow(name="channelwatch-daily", flow_run_name="{kind}-ingest", log_prints=True)
def daily_flow(
    sources_path: Path | None = None,
    db_path: Path | None = None,
    *,
    kind: str = "daily",
    allowed_hosts: list[str] | None = None,
    batch_size: int = BATCH_SIZE,
    load_size: int = LOAD_SIZE,
    per_host_delay_s: float | None = None,
) -> RunSummary:
    """Fetch the configured feeds, extract and tag new articles, and load them.

    ``per_host_delay_s`` overrides the politeness delay (the demo's own server needs none).
    """
    settings = load_settings()
    if per_host_delay_s is not None:
        settings = replace(
            settings, fetch=replace(settings.fetch, per_host_delay_s=per_host_delay_s)
        )
    db = Path(db_path or settings.db_path)
    sources = load_sources(Path(sources_path or settings.sources_path))
    hosts = frozenset(allowed_hosts or ())
    rules_version = load_tagger().rules_version
    flow_run_id = runtime.flow_run.id
    with recorded_run(
        db,
        kind=kind,
        sources=sources,
        rules_version=rules_version,
        flow_run_id=str(flow_run_id) if flow_run_id else None,
    ) as (summary, states):
        counts, timings = summary.counts, summary.timings
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
        ingest_entries(
            feeds.entries,
            feeds.results.values(),
            db=db,
            summary=summary,
            fetch_settings=settings.fetch,
            allowed_hosts=hosts,
            batch_size=batch_size,
            load_size=load_size,
        )
        # Feed state (ETag, failures, back-off) is saved only now: a run killed earlier
        # re-reads every feed in full next time, so no entry is lost behind a 304.
        with open_store(db) as con:
            after = next_fetch_times(sources, feeds.results, states)
            save_fetch_results(con, feeds.results, next_fetch_after=after)
            backing_off = backoff_failures(backed_off_sources(con))
            summary.failures.extend(backing_off)
            record_failures(con, summary.run_id, [*feeds.failures, *backing_off])
            counts["sources_backed_off"] = len(backing_off)
            started = time.perf_counter()
            counts["signals"] = refresh_signals(con)
            _timed(timings, "signals", started)
            summary.status = "completed"
            finish_run(con, summary.run_id, status="completed", counts=counts, timings=timings)
            publish_read_snapshot(con)  # readers open the copy, never wait on a run
    return summary
