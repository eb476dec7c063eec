"""What the digest reads from the store, and the one thing it writes: who got which week.

Reads go through the analyst views of ``queries/schema/views.sql`` (the stable
contract): the four ``watch_*`` views for the sections and the chart, ``articles`` for
titles and outlets, ``events`` (dated by ``effective_at``) for status histories.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from channelwatch.errors import StoreError
from channelwatch.store.sql import now_utc

REQUIRED_VIEWS = (
    "articles",
    "events",
    "signals",
    "sources",
    "watch_broadening",
    "watch_rival_clouds",
    "watch_packaging",
    "watch_renegotiations",
)


@dataclass(frozen=True, slots=True)
class SignalRow:
    signal_id: str
    type: str
    actors: tuple[str, ...]
    status: str
    denied: bool
    label: str
    first_seen: datetime
    last_seen: datetime
    n_articles: int
    n_sources: int
    evidence: str
    url: str | None
    title: str | None  # of the article the evidence comes from
    source: str | None  # its outlet


@dataclass(frozen=True, slots=True)
class EventRow:
    type: str
    actors: tuple[str, ...]
    status: str
    seen_at: datetime  # the article's effective date
    url: str | None
    evidence: str
    is_copy: bool  # from a syndicated copy (articles.duplicate_of set)


@dataclass(frozen=True, slots=True)
class SourceRow:
    name: str
    url: str
    consecutive_failures: int
    last_error: str | None
    last_ok_at: datetime | None


def require_views(con: duckdb.DuckDBPyConnection) -> None:
    """Raise a StoreError naming the fix when the store predates the analyst views."""
    rows = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main'"
        " AND view_name IN (SELECT unnest(?))",
        [list(REQUIRED_VIEWS)],
    ).fetchall()
    missing = sorted(set(REQUIRED_VIEWS) - {r[0] for r in rows})
    if missing:
        raise StoreError(
            f"the store has no view {', '.join(missing)}: it predates the analyst views; "
            "run 'channelwatch run' (or 'channelwatch demo') on it once to migrate it"
        )


def fetch_watch_signals(
    con: duckdb.DuckDBPyConnection, view: str, *, since: datetime, until: datetime
) -> list[SignalRow]:
    """Signals of one watch view alive in ``[since, until)`` (first seen before ``until``,
    last seen on or after ``since``), newest first."""
    if view not in REQUIRED_VIEWS or not view.startswith("watch_"):
        raise ValueError(f"not a watch view: {view!r}")
    sql = f"""
        WITH titles AS (
            SELECT url, any_value(title) AS title, any_value(source) AS source
            FROM articles GROUP BY url
        )
        SELECT w.signal_id, w.type, w.actors, w.status, w.denied, w.label, w.first_seen,
               w.last_seen, w.n_articles, w.n_sources, w.evidence, w.url, t.title, t.source
        FROM {view} AS w LEFT JOIN titles AS t USING (url)
        WHERE w.first_seen < $until AND w.last_seen >= $since
        ORDER BY w.first_seen DESC, w.signal_id
    """
    rows = con.execute(sql, {"since": since, "until": until}).fetchall()
    return [
        SignalRow(
            signal_id=str(r[0]),
            type=r[1],
            actors=tuple(r[2]),
            status=r[3],
            denied=bool(r[4]),
            label=r[5] or "",
            first_seen=r[6],
            last_seen=r[7],
            n_articles=int(r[8]),
            n_sources=int(r[9]),
            evidence=r[10] or "",
            url=r[11],
            title=r[12],
            source=r[13],
        )
        for r in rows
    ]


def fetch_history(
    con: duckdb.DuckDBPyConnection, *, since: datetime, until: datetime
) -> list[EventRow]:
    """Every event before ``until`` of the relationships (type + parties) with an event
    in ``[since, until)``, oldest first: what status changes are computed from."""
    sql = """
        WITH ev AS (
            SELECT type, list_sort(list_distinct(actors)) AS actors, status, effective_at,
                   url, evidence, duplicate_of IS NOT NULL AS is_copy
            FROM events
        ),
        active AS (
            SELECT DISTINCT type, actors FROM ev
            WHERE effective_at >= $since AND effective_at < $until
        )
        SELECT ev.type, ev.actors, ev.status, ev.effective_at, ev.url, ev.evidence, ev.is_copy
        FROM ev SEMI JOIN active USING (type, actors)
        WHERE ev.effective_at < $until
        ORDER BY ev.effective_at, ev.type
    """
    rows = con.execute(sql, {"since": since, "until": until}).fetchall()
    return [EventRow(r[0], tuple(r[1]), r[2], r[3], r[4], r[5] or "", bool(r[6])) for r in rows]


def fetch_sources(con: duckdb.DuckDBPyConnection) -> list[SourceRow]:
    rows = con.execute(
        "SELECT name, url, consecutive_failures, last_error, last_ok_at FROM sources ORDER BY name"
    ).fetchall()
    return [SourceRow(r[0], r[1], int(r[2] or 0), r[3], r[4]) for r in rows]


def sent_recipients(con: duckdb.DuckDBPyConnection, week: str) -> dict[str, datetime]:
    """Who already received ``week``'s digest (lower-cased address -> when)."""
    rows = con.execute(
        "SELECT recipient, sent_at FROM store.digests WHERE week = ?", [week]
    ).fetchall()
    return {r[0].lower(): r[1] for r in rows}


def record_sent(
    con: duckdb.DuckDBPyConnection, week: str, recipients: list[str], message_id: str | None
) -> None:
    """Mark ``week`` as sent to each recipient (a --force resend updates the row)."""
    if not recipients:
        return
    now = now_utc()
    con.executemany(
        "INSERT INTO store.digests (week, recipient, sent_at, message_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (week, recipient) DO UPDATE"
        " SET sent_at = excluded.sent_at, message_id = excluded.message_id",
        [(week, r.lower(), now, message_id) for r in recipients],
    )
