"""Back-off: for sources failing run after run, and for hosts that sent Retry-After.

Two time scales, one rule: never hammer what is failing, never forget it either.

- **Sources over runs.** A feed that failed ``after_failures`` runs in a row is not
  fetched again until ``next_fetch_after``, an interval that doubles with each further
  failure (capped). It stays in ``store.sources`` with its count and last error, is
  listed in every run summary (and ``store.failures``) while backing off, and in the
  digest footer (which lists failing sources from ``store.sources``): never dropped silently.
- **Hosts within a run.** ``fetch_many`` honours ``Retry-After`` inside one call;
  ``HostPauses`` carries those pauses from one call to the next (feeds, then each batch
  of pages, and a Prefect retry of the same task), so no later call hits the host early.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import duckdb

from channelwatch.settings import FetchSettings
from channelwatch.store.runs import Failure
from extractors.fetch import fetch_many
from extractors.models import FeedEntry, FetchResult, FetchState, Source
from extractors.urls import host_key


@dataclass(frozen=True, slots=True)
class BackoffPolicy:
    """When a failing source is backed off, and for how long.

    With a daily schedule the defaults skip 1, then 3, 7, 15 runs, then one run a month.
    The interval is shortened by ``slack`` so a source due "in 2 days" is fetched by the
    run scheduled exactly 2 days later, not the one after.
    """

    after_failures: int = 3
    base: timedelta = timedelta(days=2)
    factor: float = 2.0
    cap: timedelta = timedelta(days=30)
    slack: timedelta = timedelta(hours=1)

    def interval(self, consecutive_failures: int) -> timedelta | None:
        """The wait after this many failures in a row, or None when not backing off."""
        if consecutive_failures < self.after_failures:
            return None
        steps = consecutive_failures - self.after_failures
        seconds = min(self.cap.total_seconds(), self.base.total_seconds() * self.factor**steps)
        return timedelta(seconds=seconds) - self.slack


DEFAULT_POLICY = BackoffPolicy()


def next_fetch_times(
    sources: Sequence[Source],
    results: Mapping[str, FetchResult],
    states: Mapping[str, FetchState],
    *,
    now: datetime | None = None,
    policy: BackoffPolicy = DEFAULT_POLICY,
) -> dict[str, datetime | None]:
    """``next_fetch_after`` per source name for this run's failed feeds.

    ``results`` are keyed by source name, ``states`` (the state before this run) by URL,
    as ``fetch_states`` returns them. Pass the result to ``save_fetch_results``.
    """
    now = now or datetime.now(UTC)
    urls = {s.name: s.url for s in sources}
    plan: dict[str, datetime | None] = {}
    for name, result in results.items():
        if result.ok:
            continue
        state = states.get(urls.get(name, ""))
        failures = (state.consecutive_failures if state else 0) + 1
        wait = policy.interval(failures)
        plan[name] = now + wait if wait is not None else None
    return plan


@dataclass(frozen=True, slots=True)
class BackedOffSource:
    """A source currently backing off, for run summaries and the digest footer."""

    name: str
    url: str
    consecutive_failures: int
    last_error: str | None
    last_ok_at: datetime | None
    next_fetch_after: datetime | None

    def describe(self) -> str:
        since = f"last ok {self.last_ok_at:%Y-%m-%d}" if self.last_ok_at else "never ok"
        until = f"next try after {self.next_fetch_after:%Y-%m-%d %H:%M} UTC"
        if self.next_fetch_after is None:
            until = "next try at the next run"
        return (
            f"{self.name}: failed {self.consecutive_failures} runs in a row ({since}); "
            f"{until}; last error: {self.last_error or 'unknown'}"
        )


def backed_off_sources(
    con: duckdb.DuckDBPyConnection, *, policy: BackoffPolicy = DEFAULT_POLICY
) -> list[BackedOffSource]:
    """Every source with at least ``after_failures`` failures in a row, worst first."""
    rows = con.execute(
        "SELECT name, url, consecutive_failures, last_error, last_ok_at, next_fetch_after"
        " FROM store.sources WHERE consecutive_failures >= ?"
        " ORDER BY consecutive_failures DESC, name",
        [policy.after_failures],
    ).fetchall()
    return [BackedOffSource(*row) for row in rows]


def backoff_failures(sources: Iterable[BackedOffSource]) -> list[Failure]:
    """One ``backoff`` failure per backed-off source, for the run summary and store.failures."""
    return [Failure(stage="backoff", source=s.name, url=s.url, error=s.describe()) for s in sources]


# --- hosts within a run -------------------------------------------------------------


@dataclass(slots=True)
class HostPauses:
    """Per ``host:port``: the wall-clock time before which it must not be requested.

    Filled from ``FetchResult.retry_after_s`` (429/503 with Retry-After) as results arrive,
    so a Prefect retry of the same task also sees pauses noted by the failed attempt.
    """

    until: dict[str, float] = field(default_factory=dict)  # host -> time.time()
    clock: Callable[[], float] = time.time

    def note(self, result: FetchResult) -> None:
        if result.retry_after_s is None:
            return
        host = host_key(result.final_url or result.url)
        resume = self.clock() + result.retry_after_s
        self.until[host] = max(self.until.get(host, 0.0), resume)

    def note_all(self, results: Iterable[FetchResult]) -> None:
        for result in results:
            self.note(result)

    def remaining(self, url: str) -> float:
        """Seconds until ``url``'s host may be requested again (0 when it may now)."""
        return max(0.0, self.until.get(host_key(url), 0.0) - self.clock())


def fetch_pages_politely(
    entries: Sequence[FeedEntry],
    *,
    fetch_settings: FetchSettings,
    allowed_hosts: frozenset[str] = frozenset(),
    pauses: HostPauses,
    max_wait_s: float = 300.0,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[list[tuple[FeedEntry, FetchResult]], list[Failure]]:
    """Fetch a batch's pages, waiting out (or deferring) hosts paused by Retry-After.

    Entries on hosts that are free are fetched at once; entries on a paused host are
    fetched when its pause ends, or, if that is more than ``max_wait_s`` away, recorded
    as failures: they are not stored, so the next run fetches them (nothing is lost).
    """
    waves: dict[float, list[FeedEntry]] = {}
    failures: list[Failure] = []
    for entry in entries:
        wait = pauses.remaining(entry.url)
        if wait > max_wait_s:
            failures.append(
                Failure(
                    stage="fetch_article",
                    source=entry.source,
                    url=entry.url,
                    error=f"deferred to the next run: {host_key(entry.url)} asked to wait "
                    f"{wait:.0f}s (Retry-After), more than {max_wait_s:g}s",
                )
            )
        else:
            waves.setdefault(round(wait, 1), []).append(entry)
    pages: list[tuple[FeedEntry, FetchResult]] = []
    waited = 0.0
    for wait in sorted(waves):
        if wait > waited:
            sleep(wait - waited)
            waited = wait
        # a host may have been paused by an earlier wave: put its entries off again
        ready = [e for e in waves[wait] if pauses.remaining(e.url) <= 0]
        later = [e for e in waves[wait] if pauses.remaining(e.url) > 0]
        results = fetch_many(
            [e.url for e in ready],
            settings=fetch_settings,
            allowed_hosts=allowed_hosts,
            on_result=pauses.note,
        )
        for entry, result in zip(ready, results, strict=True):
            if result.error or not result.body:
                error = result.error or f"empty body (HTTP {result.status})"
                failures.append(Failure("fetch_article", error, entry.source, entry.url))
            else:
                pages.append((entry, result))
        failures.extend(
            Failure(
                "fetch_article",
                f"deferred to the next run: {host_key(e.url)} paused by Retry-After",
                e.source,
                e.url,
            )
            for e in later
        )
    return pages, failures
