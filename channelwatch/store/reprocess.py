"""Re-extract and re-tag stored articles from their kept raw HTML with the current rules.

Each batch is one transaction: the articles' text columns are updated and their events
replaced together, so a reader sees either the old or the new events of an article,
never a mix, and nothing of the old rules is left behind. An article whose page no
longer extracts keeps its text and events and is reported. Signals are rebuilt at the
end. ``duplicate_of`` links are kept as they were.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

import duckdb

from channelwatch.store.articles import raw_html
from channelwatch.store.events import replace_events
from channelwatch.store.runs import Failure, finish_run, record_failures, start_run
from channelwatch.store.signals import refresh_signals
from channelwatch.store.snapshot import publish_read_snapshot
from channelwatch.store.sql import now_utc, transaction
from extractors.articles import extract_article
from extractors.models import Article, Event

BATCH_SIZE = 100
EventKey = tuple[str, tuple[str, ...]]  # type, sorted distinct actors


class Tagger(Protocol):
    rules_version: str

    def tag_many(
        self,
        texts: Iterable[str],
        *,
        published: Iterable[date | None] | None = None,
        article: bool | None = None,
    ) -> Iterator[list[Event]]: ...


@dataclass(slots=True)
class EventDiff:
    """What re-tagging changed, counted by event type."""

    added: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    status_changes: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def update(self, other: EventDiff) -> None:
        self.added.update(other.added)
        self.removed.update(other.removed)
        self.status_changes.update(other.status_changes)


@dataclass(slots=True)
class ReprocessReport:
    rules_version: str
    run_id: str = ""
    articles: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    diff: EventDiff = field(default_factory=EventDiff)
    signals: int = 0
    background: Counter[str] = field(default_factory=Counter)  # events now background

    def lines(self) -> list[str]:
        d = self.diff
        out = [
            f"reprocessed {self.articles} articles with rules {self.rules_version} "
            f"({len(self.failures)} kept as they were: page no longer extracts)",
            f"events: {sum(d.added.values())} added, {sum(d.removed.values())} removed, "
            f"{sum(d.status_changes.values())} status changes; "
            f"{self.unchanged} articles unchanged",
        ]
        out += [f"  added    {t:<24} {n}" for t, n in sorted(d.added.items())]
        out += [f"  removed  {t:<24} {n}" for t, n in sorted(d.removed.items())]
        out += [
            f"  status   {t:<24} {old} -> {new}  {n}"
            for (t, old, new), n in sorted(d.status_changes.items())
        ]
        if self.background:
            out.append(
                f"{sum(self.background.values())} of the events are background (an earlier or "
                "standing arrangement retold): kept for the timeline, never a new signal"
            )
            out += [f"  background {t:<22} {n}" for t, n in sorted(self.background.items())]
        out += [f"  failed   {f.url}: {f.error}" for f in self.failures]
        out.append(f"signals: {self.signals} after refresh (run {self.run_id})")
        return out


def event_key(type_: str, actors: Iterable[str]) -> EventKey:
    return type_, tuple(sorted(set(actors)))


def diff_events(
    old: Sequence[tuple[EventKey, str]], new: Sequence[tuple[EventKey, str]]
) -> EventDiff:
    """Compare one article's (key, status) pairs before and after re-tagging.

    Same key and status: unchanged. Same key, other status: a status change. Otherwise
    added or removed.
    """
    diff = EventDiff()
    for key in {k for k, _ in old} | {k for k, _ in new}:
        before = Counter(s for k, s in old if k == key)
        after = Counter(s for k, s in new if k == key)
        same = before & after
        gone = list((before - same).elements())
        came = list((after - same).elements())
        for old_status, new_status in zip(sorted(gone), sorted(came), strict=False):
            diff.status_changes[(key[0], old_status, new_status)] += 1
        pairs = min(len(gone), len(came))
        if len(came) > pairs:
            diff.added[key[0]] += len(came) - pairs
        if len(gone) > pairs:
            diff.removed[key[0]] += len(gone) - pairs
    return diff


def articles_to_reprocess(
    con: duckdb.DuckDBPyConnection, *, since: date | None = None
) -> list[tuple[str, str, str, datetime | None, str | None]]:
    """(article_id, url, source, published_at, title) first seen on or after ``since``."""
    rows = con.execute(
        "SELECT article_id, url, source, published_at, title FROM store.articles"
        " WHERE ?::DATE IS NULL OR first_seen_at >= ?::DATE"
        " ORDER BY first_seen_at, article_id",
        [since, since],
    ).fetchall()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def _stored_events(
    con: duckdb.DuckDBPyConnection, ids: Sequence[str]
) -> dict[str, list[tuple[EventKey, str]]]:
    rows = con.execute(
        "SELECT article_id, type, actors, status FROM store.events"
        " WHERE article_id IN (SELECT unnest(?))",
        [list(ids)],
    ).fetchall()
    out: dict[str, list[tuple[EventKey, str]]] = {}
    for article_id, type_, actors, status in rows:
        out.setdefault(article_id, []).append((event_key(type_, actors), status))
    return out


def _update_articles(con: duckdb.DuckDBPyConnection, articles: Sequence[Article]) -> None:
    now = now_utc()
    con.executemany(
        "UPDATE store.articles SET text = ?, title = coalesce(?, title),"
        " language = coalesce(?, language), word_count = ?, date_extracted = ?,"
        " fingerprint = coalesce(?, fingerprint), extracted_at = ? WHERE article_id = ?",
        [
            (
                a.text,
                a.title,
                a.language,
                a.word_count,
                a.date_extracted,
                a.fingerprint,
                now,
                a.article_id,
            )
            for a in articles
        ],
    )


def _extract(
    con: duckdb.DuckDBPyConnection, row: tuple[str, str, str, datetime | None, str | None]
) -> Article | Failure:
    article_id, url, source, published_at, _ = row
    html = raw_html(con, article_id)
    if html is None:
        return Failure(stage="extract", source=source, url=url, error="no raw HTML kept")
    try:
        article = extract_article(html, url=url, source=source, published_at=published_at)
    except Exception as exc:  # one bad page must not stop the reprocess
        return Failure(stage="extract", source=source, url=url, error=repr(exc))
    if article is None:
        return Failure(stage="extract", source=source, url=url, error="no article text")
    if article.article_id != article_id:  # the URL canonicalises differently now
        article.article_id = article_id
    return article


def reprocess_batch(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[tuple[str, str, str, datetime | None, str | None]],
    tagger: Tagger,
    report: ReprocessReport,
) -> None:
    """Re-extract and re-tag one batch, replacing its events in one transaction."""
    articles: list[Article] = []
    for row in rows:
        result = _extract(con, row)
        if isinstance(result, Failure):
            report.failures.append(result)
        else:
            articles.append(result)
    if not articles:
        return
    tagged = dict(
        zip(
            (a.article_id for a in articles),
            tagger.tag_many(
                (a.text for a in articles),
                published=[a.publication_date for a in articles],
                article=True,  # stored pages, read as the daily run read them
            ),
            strict=True,
        )
    )
    before = _stored_events(con, list(tagged))
    with transaction(con):
        _update_articles(con, articles)
        replace_events(con, tagged)
    for article_id, events in tagged.items():
        report.background.update(e.type for e in events if e.background)
        diff = diff_events(
            before.get(article_id, []), [(event_key(e.type, e.actors), e.status) for e in events]
        )
        if not (diff.added or diff.removed or diff.status_changes):
            report.unchanged += 1
        report.diff.update(diff)
    report.articles += len(articles)


def reprocess(
    con: duckdb.DuckDBPyConnection,
    tagger: Tagger,
    *,
    since: date | None = None,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReprocessReport:
    """Re-extract and re-tag the articles first seen since ``since`` (all when None)."""
    report = ReprocessReport(rules_version=tagger.rules_version)
    rows = articles_to_reprocess(con, since=since)
    report.run_id = start_run(con, kind="reprocess", rules_version=tagger.rules_version)
    try:
        for start in range(0, len(rows), batch_size):
            reprocess_batch(con, rows[start : start + batch_size], tagger, report)
            if on_progress is not None:
                on_progress(min(start + batch_size, len(rows)), len(rows))
        report.signals = refresh_signals(con)
    except BaseException as exc:
        finish_run(
            con, report.run_id, status="failed", counts=_counts(report), timings={}, error=repr(exc)
        )
        raise
    record_failures(con, report.run_id, report.failures)
    finish_run(con, report.run_id, status="completed", counts=_counts(report), timings={})
    publish_read_snapshot(con)  # readers open the copy, never wait on a run
    return report


def _counts(report: ReprocessReport) -> Mapping[str, int]:
    d = report.diff
    return {
        "articles": report.articles,
        "articles_failed": len(report.failures),
        "events_added": sum(d.added.values()),
        "events_removed": sum(d.removed.values()),
        "status_changes": sum(d.status_changes.values()),
        "signals": report.signals,
    }
