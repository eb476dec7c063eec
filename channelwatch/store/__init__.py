"""The DuckDB signal store: the only package that opens the database file."""

from channelwatch.store.connection import migrate, open_store
from channelwatch.store.writes import (
    Failure,
    fetch_states,
    finish_run,
    insert_articles,
    known_article_ids,
    raw_html,
    record_failures,
    replace_events,
    save_fetch_results,
    start_run,
    sync_sources,
    transaction,
)

__all__ = [
    "Failure",
    "fetch_states",
    "finish_run",
    "insert_articles",
    "known_article_ids",
    "migrate",
    "open_store",
    "raw_html",
    "record_failures",
    "replace_events",
    "save_fetch_results",
    "start_run",
    "sync_sources",
    "transaction",
]
