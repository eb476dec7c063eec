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


def new_entries(db_path: Path, entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """The entries whose article is not stored yet: a re-run fetches nothing twice."""
    with open_store(db_path) as con:
        known = known_article_ids(con, (article_id(e.url) for e in entries))
    return [e for e in entries if article_id(e.url) not in known]


def load_batch(db_path: Path, batch: ArticleBatch, *, run_id: str) -> dict[str, int]:
    """Store a batch's articles, events and failures atomically; returns counts."""
    with open_store(db_path) as con, transaction(con):
        duplicates = find_duplicates(con, batch.articles)
        new = insert_articles(
            con,
            batch.articles,
            run_id=run_id,
            content_types=batch.content_types,
            duplicate_of=duplicates,
            compressed_html=batch.compressed_html,
        )
        written = replace_events(con, batch.events)
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
