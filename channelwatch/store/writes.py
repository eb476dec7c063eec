"""Everything the pipeline writes to the store, under the names callers have always used.

The writes live in modules with one job each; this module re-exports them:

- ``channelwatch.store.sql``: one value, a row count, a transaction, an Arrow batch insert;
- ``channelwatch.store.runs``: a run's start, finish and failures;
- ``channelwatch.store.sources``: the configured sources and their fetch state;
- ``channelwatch.store.articles``: articles and their raw pages;
- ``channelwatch.store.events``: each article's events, replaced as a whole.
"""

from __future__ import annotations

from channelwatch.store.articles import (
    ARTICLE_SCHEMA,
    HTML_COMPRESSION_LEVEL,
    articles_table,
    compress_html,
    first_rows,
    insert_article_rows,
    insert_articles,
    known_article_ids,
    raw_html,
)
from channelwatch.store.events import (
    EVENT_SCHEMA,
    event_id,
    events_table,
    replace_event_rows,
    replace_events,
)
from channelwatch.store.runs import Failure, finish_run, record_failures, start_run
from channelwatch.store.sources import fetch_states, save_fetch_results, sync_sources
from channelwatch.store.sql import count_rows, insert_arrow, now_utc, scalar, transaction

__all__ = [
    "ARTICLE_SCHEMA",
    "EVENT_SCHEMA",
    "HTML_COMPRESSION_LEVEL",
    "Failure",
    "articles_table",
    "compress_html",
    "count_rows",
    "event_id",
    "events_table",
    "fetch_states",
    "finish_run",
    "first_rows",
    "insert_arrow",
    "insert_article_rows",
    "insert_articles",
    "known_article_ids",
    "now_utc",
    "raw_html",
    "record_failures",
    "replace_event_rows",
    "replace_events",
    "save_fetch_results",
    "scalar",
    "start_run",
    "sync_sources",
    "transaction",
]
