"""Writing the pipeline's output to the store: one short write connection per batch."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
from extractors.models import FeedEntry


def _find_duplicates(con: object, batch: ArticleBatch) -> dict[str, str]:
    """Near-duplicate links for the batch, if the dedup module is available."""
    try:
        from channelwatch.store.dedup import find_duplicates
    except ImportError:  # dedup lands with the signal-store work
        return {}
    result: dict[str, str] = find_duplicates(con, batch.articles)  # type: ignore[arg-type]
    return result


def new_entries(db_path: Path, entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """The entries whose article is not stored yet: a re-run fetches nothing twice."""
    from extractors.urls import article_id

    with open_store(db_path) as con:
        known = known_article_ids(con, (article_id(e.url) for e in entries))
    return [e for e in entries if article_id(e.url) not in known]


def load_batch(
    db_path: Path,
    batch: ArticleBatch,
    *,
    run_id: str,
) -> dict[str, int]:
    """Store a batch's articles, events and failures atomically; returns counts."""
    with open_store(db_path) as con, transaction(con):
        duplicates = _find_duplicates(con, batch)
        new = insert_articles(
            con,
            batch.articles,
            run_id=run_id,
            content_types=batch.content_types,
            duplicate_of=duplicates,
        )
        written = replace_events(con, batch.events)
        failed = record_failures(con, run_id, batch.failures)
    return {
        "articles_new": new,
        "articles_duplicate": len(duplicates),
        "events": written,
        "failures": failed,
    }


def with_store(db_path: Path, fn: Callable[..., object], *args: object, **kwargs: object) -> object:
    """Run ``fn(con, *args, **kwargs)`` on a short write connection."""
    with open_store(db_path) as con:
        return fn(con, *args, **kwargs)


def sum_counts(total: dict[str, int], part: Mapping[str, int]) -> None:
    for key, value in part.items():
        total[key] = total.get(key, 0) + value
