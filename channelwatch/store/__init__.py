"""The DuckDB signal store: the only package that opens the database file."""

from channelwatch.store.articles import insert_articles, known_article_ids, raw_html
from channelwatch.store.connection import migrate, open_store
from channelwatch.store.events import replace_events
from channelwatch.store.runs import Failure, finish_run, record_failures, start_run
from channelwatch.store.sources import fetch_states, save_fetch_results, sync_sources
from channelwatch.store.sql import transaction

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
