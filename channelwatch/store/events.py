"""Events: each article's events replaced as a whole whenever it is (re)tagged."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import duckdb
import pyarrow as pa

from channelwatch.store.articles import first_rows
from channelwatch.store.sql import insert_arrow, now_utc
from extractors.models import Event


def event_id(article_id: str, event: Event) -> str:
    key = "|".join([article_id, event.type, ",".join(sorted(event.actors)), str(event.start_char)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("article_id", pa.string()),
        ("type", pa.string()),
        ("status", pa.string()),
        ("direction", pa.string()),
        ("actors", pa.list_(pa.string())),
        ("evidence", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("rule_id", pa.string()),
        ("rules_version", pa.string()),
        ("confidence", pa.float64()),
        ("event_date", pa.date32()),
        ("is_background", pa.bool_()),
    ]
)


def events_table(events_by_article: Mapping[str, Sequence[Event]]) -> pa.Table:
    rows = [(article_id, ev) for article_id, events in events_by_article.items() for ev in events]
    unique: dict[str, tuple[str, Event]] = {}
    for article_id, ev in rows:
        unique.setdefault(event_id(article_id, ev), (article_id, ev))
    items = list(unique.items())
    columns: dict[str, list[object]] = {
        "event_id": [eid for eid, _ in items],
        "article_id": [aid for _, (aid, _) in items],
        "type": [ev.type for _, (_, ev) in items],
        "status": [ev.status for _, (_, ev) in items],
        "direction": [ev.direction for _, (_, ev) in items],
        "actors": [list(ev.actors) for _, (_, ev) in items],
        "evidence": [ev.evidence for _, (_, ev) in items],
        "start_char": [ev.start_char for _, (_, ev) in items],
        "end_char": [ev.end_char for _, (_, ev) in items],
        "rule_id": [ev.rule_id for _, (_, ev) in items],
        "rules_version": [ev.rules_version for _, (_, ev) in items],
        "confidence": [ev.confidence for _, (_, ev) in items],
        "event_date": [ev.event_date for _, (_, ev) in items],
        "is_background": [ev.background for _, (_, ev) in items],
    }
    return pa.table(columns, schema=EVENT_SCHEMA)


def replace_events(
    con: duckdb.DuckDBPyConnection,
    events_by_article: Mapping[str, Sequence[Event]],
    *,
    stored_ids: set[str] | None = None,
) -> int:
    """Replace all events of the given articles with these ones; returns rows written."""
    if not events_by_article:
        return 0
    return replace_event_rows(
        con, events_table(events_by_article), list(events_by_article), stored_ids=stored_ids
    )


def replace_event_rows(
    con: duckdb.DuckDBPyConnection,
    table: pa.Table,
    article_ids: Sequence[str],
    *,
    stored_ids: set[str] | None = None,
) -> int:
    """Replace all events of ``article_ids`` with the rows of an ``events_table``.

    With ``stored_ids`` (the articles that were in the store before this transaction),
    only their old events are deleted: a new article has none, and skipping the delete
    keeps a load of new articles a pure bulk insert. Rows repeating an event id (one
    article in two batches) are written once. The ids of the deleted events go to
    ``store.removed_events``, where the next signal refresh finds the signals they left."""
    ids = [i for i in dict.fromkeys(article_ids) if stored_ids is None or i in stored_ids]
    if ids:
        removed = con.execute(
            "DELETE FROM store.events WHERE article_id IN (SELECT unnest(?)) RETURNING event_id",
            [ids],
        ).fetchall()
        if removed:
            gone = pa.table({"event_id": pa.array([r[0] for r in removed], pa.string())})
            insert_arrow(con, gone, "INSERT INTO store.removed_events SELECT event_id FROM batch")
    keep = first_rows(table.column("event_id").to_pylist())
    if len(keep) < table.num_rows:
        table = table.take(keep)
    if table.num_rows:
        insert_arrow(
            con,
            table,
            "INSERT INTO store.events (event_id, article_id, type, status, direction, actors,"
            " evidence, start_char, end_char, rule_id, rules_version, confidence, tagged_at,"
            " event_date, is_background)"
            " SELECT event_id, article_id, type, status, direction, actors, evidence,"
            " start_char, end_char, rule_id, rules_version, confidence, $now, event_date,"
            " is_background FROM batch",
            {"now": now_utc()},
        )
    return table.num_rows
