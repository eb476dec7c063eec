"""Writing the pipeline's output to the store: one short write connection per load."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from channelwatch.pipeline.stages import ArticleBatch
from channelwatch.pipeline.units import LOAD_BYTES, LOAD_EVERY_S
from channelwatch.store import known_article_ids, open_store, record_failures, transaction
from channelwatch.store.articles import insert_article_rows
from channelwatch.store.dedup import find_duplicates, keys_of_rows
from channelwatch.store.events import replace_event_rows
from extractors.models import FeedEntry
from extractors.urls import article_id


def new_entries(db_path: Path, entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """The entries whose article is not stored yet: a re-run fetches nothing twice."""
    with open_store(db_path) as con:
        known = known_article_ids(con, (article_id(e.url) for e in entries))
    return [e for e in entries if article_id(e.url) not in known]


def load_due(batch: ArticleBatch, *, load_size: int, seconds_since_load: float) -> bool:
    """Whether the articles waiting in ``batch`` should be written now."""
    count = batch.article_count()
    if not count:
        return False
    return (
        count >= load_size
        or batch.payload_bytes() >= LOAD_BYTES
        or seconds_since_load >= LOAD_EVERY_S
    )


def load_batch(db_path: Path, batch: ArticleBatch, *, run_id: str) -> dict[str, int]:
    """Store a batch's articles, events and failures atomically; returns counts."""
    rows = batch.store_rows()
    keys = keys_of_rows(rows.articles)
    with open_store(db_path) as con, transaction(con):
        # the stored ids are looked up once, for the three steps below
        stored = known_article_ids(con, keys.ids + rows.tagged)
        duplicates = find_duplicates(con, keys, stored_ids=stored)
        new = insert_article_rows(
            con, rows.articles, run_id=run_id, duplicate_of=duplicates, stored_ids=stored
        )
        written = replace_event_rows(con, rows.events, rows.tagged, stored_ids=stored)
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
