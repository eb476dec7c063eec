"""Writing the pipeline's output to the store: one short write connection per load."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from channelwatch.pipeline.stages import ArticleBatch
from channelwatch.store import (
    insert_articles,
    known_article_ids,
    open_store,
    record_failures,
    replace_events,
    transaction,
)
from channelwatch.store.dedup import find_duplicates
from extractors.models import FeedEntry
from extractors.urls import article_id

# A load (one short write connection, one transaction) happens when any of these is
# reached. Each load pays a fixed ~0.1 s (connect, commit, DuckDB's checkpoint on close)
# however small it is, so loads are large; the byte and time bounds keep memory and the
# work a crash loses (re-fetched by the next run) small on long runs.
LOAD_SIZE = 2000  # articles
LOAD_BYTES = 64 * 2**20  # text + compressed HTML waiting in the flow's process
LOAD_EVERY_S = 60.0  # seconds since the last load


def new_entries(db_path: Path, entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """The entries whose article is not stored yet: a re-run fetches nothing twice."""
    with open_store(db_path) as con:
        known = known_article_ids(con, (article_id(e.url) for e in entries))
    return [e for e in entries if article_id(e.url) not in known]


def load_due(batch: ArticleBatch, *, load_size: int, seconds_since_load: float) -> bool:
    """Whether the articles waiting in ``batch`` should be written now."""
    if not batch.articles:
        return False
    return (
        len(batch.articles) >= load_size
        or batch.payload_bytes() >= LOAD_BYTES
        or seconds_since_load >= LOAD_EVERY_S
    )


def load_batch(db_path: Path, batch: ArticleBatch, *, run_id: str) -> dict[str, int]:
    """Store a batch's articles, events and failures atomically; returns counts."""
    ids = [a.article_id for a in batch.articles] + list(batch.events)
    with open_store(db_path) as con, transaction(con):
        stored = known_article_ids(con, ids)  # once, for all three steps below
        duplicates = find_duplicates(con, batch.articles, stored_ids=stored)
        new = insert_articles(
            con,
            batch.articles,
            run_id=run_id,
            content_types=batch.content_types,
            duplicate_of=duplicates,
            compressed_html=batch.compressed_html,
            stored_ids=stored,
        )
        written = replace_events(con, batch.events, stored_ids=stored)
        failed = record_failures(con, run_id, batch.failures)
    return {
        "articles_new": new,
        "articles_duplicate": len(duplicates),
        "events": written,
        "failures": failed,
    }


def sum_counts(total: dict[str, int], part: Mapping[str, int]) -> None:
    for key, value in part.items():
        total[key] = total.get(key, 0) + value
