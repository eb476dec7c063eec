"""Everything the pipeline writes to the store, batch by batch.

Rows go in as Arrow tables through ``INSERT ... SELECT`` inside one transaction per
batch: that is ~80x faster than row-by-row inserts, and a crash mid-batch leaves
nothing half-written.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from extractors.models import Article, Event, FetchResult, FetchState, Source


@dataclass(frozen=True, slots=True)
class Failure:
    """One thing that went wrong in a run, for ``store.failures``."""

    stage: str
    error: str
    source: str | None = None
    url: str | None = None


def now_utc() -> datetime:
    return datetime.now(UTC)


def event_id(article_id: str, event: Event) -> str:
    key = "|".join([article_id, event.type, ",".join(sorted(event.actors)), str(event.start_char)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> object:
    """The first value of a query. Uses fetchall: DuckDB 2 refuses ``register`` while a
    result is only partly fetched (as ``fetchone`` leaves it)."""
    rows = con.execute(sql, list(params)).fetchall()
    return rows[0][0] if rows else None


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows in ``table`` (a trusted name from this package, never user input)."""
    value = scalar(con, f"SELECT count(*) FROM {table}")
    return value if isinstance(value, int) else 0


def _insert_arrow(
    con: duckdb.DuckDBPyConnection,
    table: pa.Table,
    sql: str,
    params: Mapping[str, object] | None = None,
    name: str = "batch",
) -> None:
    con.register(name, table)
    try:
        con.execute(sql, dict(params or {}))
    finally:
        con.unregister(name)


class transaction:
    """``with transaction(con):`` commits on success and rolls back on any error."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        self.con.execute("BEGIN TRANSACTION")
        return self.con

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")


# --- runs -------------------------------------------------------------------------


def start_run(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str,
    rules_version: str | None = None,
    flow_run_id: str | None = None,
) -> str:
    run_id = f"{now_utc():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    con.execute(
        "INSERT INTO store.runs (run_id, kind, started_at, status, rules_version, flow_run_id,"
        " pid, host) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)",
        [run_id, kind, now_utc(), rules_version, flow_run_id, os.getpid(), socket.gethostname()],
    )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    status: str,
    counts: Mapping[str, int],
    timings: Mapping[str, float],
    error: str | None = None,
) -> None:
    con.execute(
        "UPDATE store.runs SET finished_at = ?, status = ?, counts = ?, timings = ?, error = ?"
        " WHERE run_id = ?",
        [
            now_utc(),
            status,
            json.dumps(dict(counts)),
            json.dumps({k: round(v, 3) for k, v in timings.items()}),
            error,
            run_id,
        ],
    )


def record_failures(
    con: duckdb.DuckDBPyConnection, run_id: str, failures: Iterable[Failure]
) -> int:
    rows = [(run_id, f.stage, f.source, f.url, f.error, now_utc()) for f in failures]
    if rows:
        con.executemany("INSERT INTO store.failures VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


# --- sources and fetch state ------------------------------------------------------


def sync_sources(con: duckdb.DuckDBPyConnection, sources: Sequence[Source]) -> None:
    """Merge the configured sources on name; fetch state of known sources is kept."""
    rows = [(s.name, s.url, list(s.tags)) for s in sources]
    if not rows:
        return
    con.executemany(
        "INSERT INTO store.sources (name, url, tags) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET url = excluded.url, tags = excluded.tags",
        rows,
    )


def fetch_states(con: duckdb.DuckDBPyConnection) -> dict[str, FetchState]:
    """The stored fetch state per source *URL* (what conditional GET needs)."""
    rows = con.execute(
        "SELECT url, etag, last_modified, consecutive_failures, next_fetch_after FROM store.sources"
    ).fetchall()
    return {
        url: FetchState(
            etag=etag,
            last_modified=last_modified,
            consecutive_failures=failures or 0,
            next_fetch_after=after,
        )
        for url, etag, last_modified, failures, after in rows
    }


def save_fetch_results(
    con: duckdb.DuckDBPyConnection,
    results: Mapping[str, FetchResult],
    *,
    next_fetch_after: Mapping[str, datetime | None] | None = None,
) -> None:
    """Update each source's fetch state from its feed's result (keyed by source name)."""
    now = now_utc()
    for name, result in results.items():
        after = (next_fetch_after or {}).get(name)
        if result.ok:
            con.execute(
                "UPDATE store.sources SET"
                " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
                " last_status = ?, last_error = NULL, last_fetched_at = ?, last_ok_at = ?,"
                " consecutive_failures = 0, next_fetch_after = NULL WHERE name = ?",
                [result.etag, result.last_modified, result.status, now, now, name],
            )
        else:
            con.execute(
                "UPDATE store.sources SET last_status = ?, last_error = ?, last_fetched_at = ?,"
                " consecutive_failures = consecutive_failures + 1, next_fetch_after = ?"
                " WHERE name = ?",
                [result.status, result.error, now, after, name],
            )


# --- articles and events ----------------------------------------------------------


def known_article_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    rows = con.execute(
        "SELECT article_id FROM store.articles WHERE article_id IN (SELECT unnest(?))",
        [wanted],
    ).fetchall()
    return {r[0] for r in rows}


ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("sitename", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("word_count", pa.int32()),
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("date_extracted", pa.date32()),
        ("fingerprint", pa.string()),
        ("duplicate_of", pa.string()),
        ("html", pa.binary()),
        ("content_type", pa.string()),
    ]
)


HTML_COMPRESSION_LEVEL = 1


def compress_html(raw: bytes) -> bytes:
    """The stored form of a page's raw HTML (``raw_pages.compression = 'zlib'``).

    Level 1: on the real pages of ../shared/corpora it is 2.7x faster than level 6
    (1.7 vs 4.3 ms for a 160 KB page, ~5% of the extract+tag stage) for 17% more bytes
    (6.2 vs 5.3 MB per 150 pages). The pipeline calls this on the workers."""
    return zlib.compress(raw, HTML_COMPRESSION_LEVEL)


def articles_table(
    articles: Sequence[Article],
    compressed_html: Mapping[str, bytes] | None = None,
    content_types: Mapping[str, str | None] | None = None,
) -> pa.Table:
    """The batch as Arrow columns; HTML already compressed by ``compress_html`` is used
    as it is, the rest is compressed here."""
    done = compressed_html or {}
    types = content_types or {}
    columns: dict[str, list[object]] = {
        "article_id": [a.article_id for a in articles],
        "url": [a.url for a in articles],
        "source": [a.source for a in articles],
        "title": [a.title for a in articles],
        "author": [a.author for a in articles],
        "sitename": [a.sitename for a in articles],
        "language": [a.language for a in articles],
        "text": [a.text for a in articles],
        "word_count": [a.word_count for a in articles],
        "published_at": [a.published_at for a in articles],
        "date_extracted": [a.date_extracted for a in articles],
        "fingerprint": [a.fingerprint for a in articles],
        "duplicate_of": [None] * len(articles),  # set at load time, after dedup
        "html": [done.get(a.article_id) or compress_html(a.raw_html) for a in articles],
        "content_type": [types.get(a.article_id) for a in articles],
    }
    return pa.table(columns, schema=ARTICLE_SCHEMA)


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


def insert_articles(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article],
    *,
    run_id: str,
    content_types: Mapping[str, str | None] | None = None,
    duplicate_of: Mapping[str, str] | None = None,
    compressed_html: Mapping[str, bytes] | None = None,
    stored_ids: set[str] | None = None,
) -> int:
    """Insert new articles and their raw HTML; articles already stored are left as they are.

    Returns how many were new. Call inside a transaction together with ``replace_events``.
    """
    table = articles_table(articles, compressed_html, content_types)
    return insert_article_rows(
        con, table, run_id=run_id, duplicate_of=duplicate_of, stored_ids=stored_ids
    )


def insert_article_rows(
    con: duckdb.DuckDBPyConnection,
    table: pa.Table,
    *,
    run_id: str,
    duplicate_of: Mapping[str, str] | None = None,
    stored_ids: set[str] | None = None,
) -> int:
    """Insert the new rows of an ``articles_table`` (the first row of each id) with their
    raw HTML; returns how many were new.

    Stored ids are filtered out here rather than with ``ON CONFLICT``, which DuckDB checks
    row by row: the inserts stay plain bulk inserts. ``stored_ids`` (the ids already in
    the store, looked up in this transaction) saves looking them up again.
    """
    ids = table.column("article_id").to_pylist()
    stored = stored_ids if stored_ids is not None else known_article_ids(con, ids)
    keep = _first_rows(ids, skip=stored)
    if not keep:
        return 0
    if len(keep) < table.num_rows:
        table = table.take(keep)
        ids = [ids[k] for k in keep]
    if duplicate_of:
        links = pa.array([duplicate_of.get(i) for i in ids], pa.string())
        table = table.set_column(
            table.schema.get_field_index("duplicate_of"), "duplicate_of", links
        )
    params = {"now": now_utc(), "run_id": run_id}
    con.register("batch", table)
    try:
        con.execute(
            "INSERT INTO store.articles SELECT article_id, url, source, title, author,"
            " sitename, language, text, word_count, published_at, $now, date_extracted,"
            " fingerprint, duplicate_of, $run_id, $now FROM batch",
            params,
        )
        con.execute(
            "INSERT INTO store.raw_pages"
            " SELECT article_id, url, content_type, $now, 'zlib', html FROM batch",
            {"now": params["now"]},
        )
    finally:
        con.unregister("batch")
    return len(keep)


def _first_rows(keys: Sequence[str], *, skip: set[str] | frozenset[str] = frozenset()) -> list[int]:
    """Row numbers of the first occurrence of each key not in ``skip``."""
    seen = set(skip)
    keep = []
    for row, key in enumerate(keys):
        if key not in seen:
            seen.add(key)
            keep.append(row)
    return keep


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
    article in two batches) are written once."""
    ids = [i for i in dict.fromkeys(article_ids) if stored_ids is None or i in stored_ids]
    if ids:
        con.execute("DELETE FROM store.events WHERE article_id IN (SELECT unnest(?))", [ids])
    keep = _first_rows(table.column("event_id").to_pylist())
    if len(keep) < table.num_rows:
        table = table.take(keep)
    if table.num_rows:
        _insert_arrow(
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


def raw_html(con: duckdb.DuckDBPyConnection, article_id: str) -> bytes | None:
    rows = con.execute(
        "SELECT compression, html FROM store.raw_pages WHERE article_id = ?", [article_id]
    ).fetchall()
    if not rows:
        return None
    compression, blob = rows[0]
    return zlib.decompress(blob) if compression == "zlib" else bytes(blob)
