"""The configured sources and their fetch state (conditional GET, back-off), merged on name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import duckdb

from channelwatch.store.sql import now_utc
from extractors.models import FetchResult, FetchState, Source


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
