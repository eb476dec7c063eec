"""What the review page reads: the queue, a signal's timeline, one event, with paragraphs.

Every read goes through the analyst views (``event_reviews``, ``events``, ``signals``)
or, for the queue, through ``store.review_order``, the ``review_queue`` view without the
events' own columns: the page reads its first rows, then only the events shown. So the
page shows what the views say, verdicts included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from channelwatch.digest.content import safe_url
from channelwatch.store.labels import (
    EVENT_COLUMNS,
    NO_REVIEW,
    ReviewedEvent,
    reviewed_event,
    reviewed_events,
)

QUEUE_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Passage:
    """The paragraph around the evidence, cut so the evidence can be highlighted."""

    before: str
    evidence: str
    after: str


@dataclass(frozen=True, slots=True)
class Item:
    """One event on a page: the event with its verdict, where it comes from, its context."""

    event: ReviewedEvent
    passage: Passage
    url: str | None  # only http(s)
    title: str | None
    source: str
    seen_at: datetime
    signal_id: str | None = None
    signal_label: str | None = None
    reason: str | None = None
    watch_items: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Queue:
    items: list[Item]
    total: int


@dataclass(frozen=True, slots=True)
class SignalPage:
    signal_id: str
    label: str
    status: str
    first_seen: datetime
    last_seen: datetime
    n_sources: int
    items: list[Item]


def passage(text: str, start: int, end: int, *, context: int = 600) -> Passage:
    """The paragraph (line) holding ``[start, end)``, at most ``context`` chars each side."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    para_start = max(para_start, start - context)
    para_end = min(para_end, end + context)
    return Passage(text[para_start:start], text[start:end], text[end:para_end])


def in_list(values: Sequence[str]) -> str:
    """``(?, ?, ...)`` for ``values``: an IN list of constants is pushed into the table
    scan as a filter, far cheaper on a large store than list_contains or IN (subquery)."""
    return "(" + ", ".join("?" * len(values)) + ")" if values else "(NULL)"


def _articles(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, tuple[Any, ...]]:
    """(article_id, text, url, title, source, effective_at) by id."""
    wanted = sorted(ids)
    rows = con.execute(
        "SELECT a.article_id, s.text, a.url, a.title, a.source, a.effective_at"
        " FROM articles AS a"
        f" JOIN (SELECT article_id, text FROM store.articles WHERE article_id IN {in_list(wanted)})"
        " AS s USING (article_id)"
        f" WHERE a.article_id IN {in_list(wanted)}",
        [*wanted, *wanted],
    ).fetchall()
    return {str(r[0]): r for r in rows}


def _items(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[ReviewedEvent, dict[str, Any]]]
) -> list[Item]:
    """Items for (event, extra fields) rows, in that order, with their articles."""
    articles = _articles(con, {event.article_id for event, _ in rows})
    items = []
    for event, extra in rows:
        article = articles.get(event.article_id)
        if article is None:
            continue
        _, text, url, title, source, seen_at = article
        items.append(_item(event, text, url, title, source, seen_at, **extra))
    return items


def _item(
    event: ReviewedEvent,
    text: object,
    url: str | None,
    title: Any,
    source: object,
    seen_at: Any,
    **extra: Any,
) -> Item:
    """One card: the event, its evidence passage in the article text, the article's fields."""
    return Item(
        event=event,
        passage=passage(str(text), event.start_char, event.end_char),
        url=safe_url(url),
        title=title,
        source=str(source),
        seen_at=seen_at,
        **extra,
    )


def _by_id(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[str, dict[str, Any]]]
) -> list[tuple[ReviewedEvent, dict[str, Any]]]:
    events = reviewed_events(con, [event_id for event_id, _ in rows])
    return [(events[event_id], extra) for event_id, extra in rows if event_id in events]


# the queue's first rows in order, without the events' own columns: those are read for
# the rows shown only (the review_queue view joins every queued event to store.events)
_QUEUE = """
SELECT event_id, article_id, signal_id, signal_label, reason, watch_items, url, source,
       effective_at, count(*) OVER ()
FROM store.review_order
WHERE NOT list_contains(?::VARCHAR[], event_id)
LIMIT ?
"""


def review_queue(
    con: duckdb.DuckDBPyConnection, *, limit: int = QUEUE_LIMIT, skip: Sequence[str] = ()
) -> Queue:
    """The first ``limit`` rows of the review_queue view, and how many there are.

    ``skip``: event ids left out (the page already has them, their verdicts may still be
    on the way), so the page can fetch the queue's next cards. The order and the count
    come from ``store.review_order``; then only the events and articles shown are read,
    each by an IN list of ids.
    """
    rows = con.execute(_QUEUE, [list(skip), limit]).fetchall()
    total = int(rows[0][-1]) if rows else 0
    event_ids = [str(r[0]) for r in rows]
    events = {
        str(r[0]): reviewed_event(r)  # queue rows are unreviewed: no verdict
        for r in con.execute(
            f"SELECT {EVENT_COLUMNS}, {NO_REVIEW} FROM store.events"
            f" WHERE event_id IN {in_list(event_ids)}",
            event_ids,
        ).fetchall()
    }
    article_ids = sorted({str(r[1]) for r in rows})
    texts = {
        str(r[0]): (r[1], r[2])
        for r in con.execute(
            "SELECT article_id, title, text FROM store.articles"
            f" WHERE article_id IN {in_list(article_ids)}",
            article_ids,
        ).fetchall()
    }
    items = []
    for event_id, article_id, signal_id, label, reason, watch, url, source, seen_at, _ in rows:
        event = events.get(str(event_id))
        article = texts.get(str(article_id))
        if event is None or article is None:
            continue
        title, text = article
        items.append(
            _item(
                event,
                text,
                url,
                title,
                source,
                seen_at,
                signal_id=signal_id,
                signal_label=label,
                reason=reason,
                watch_items=tuple(watch or ()),
            )
        )
    return Queue(items, total)


def signal_page(con: duckdb.DuckDBPyConnection, signal_id: str) -> SignalPage | None:
    """A signal and every event of it, oldest first (its timeline); None when unknown."""
    found = con.execute(
        "SELECT signal_id, label, status, first_seen, last_seen, n_sources FROM signals"
        " WHERE signal_id = ?",
        [signal_id],
    ).fetchall()
    if not found:
        return None
    s = found[0]
    events = con.execute(
        "SELECT e.event_id FROM signal_events AS se JOIN events AS e USING (event_id)"
        " WHERE se.signal_id = ? ORDER BY e.effective_at, e.event_id",
        [signal_id],
    ).fetchall()
    items = _items(con, _by_id(con, [(str(r[0]), {"signal_id": signal_id}) for r in events]))
    return SignalPage(str(s[0]), str(s[1]), str(s[2]), s[3], s[4], int(s[5]), items)


def event_item(con: duckdb.DuckDBPyConnection, event_id: str) -> Item | None:
    """One event, wrong ones included, with its current signal if it has one."""
    signal = con.execute(
        "SELECT s.signal_id, s.label FROM signal_events AS se JOIN signals AS s USING (signal_id)"
        " WHERE se.event_id = ?",
        [event_id],
    ).fetchall()
    extra = {"signal_id": signal[0][0], "signal_label": signal[0][1]} if signal else {}
    items = _items(con, _by_id(con, [(event_id, extra)]))
    return items[0] if items else None


def recent_signals(con: duckdb.DuckDBPyConnection, *, limit: int = 300) -> list[tuple[Any, ...]]:
    """(signal_id, label, first_seen, last_seen, n_events), most recently seen first."""
    return con.execute(
        "SELECT signal_id, label, first_seen, last_seen, n_events FROM signals"
        " ORDER BY last_seen DESC, signal_id LIMIT ?",
        [limit],
    ).fetchall()
