"""How long the signal refresh after a daily load takes as the store grows.

    .venv/bin/python -m bench.signal_refresh                  # 1M and 5M stored events
    .venv/bin/python -m bench.signal_refresh --events 1000000

For each size: a store generated in bulk as ``bench/queries.py`` makes it (same seed,
same shape), signals rebuilt in full, then a daily load of 500 articles (2,000 events,
the same relationships and weights, dated in the last two days) inserted the same way,
and timed: the incremental ``refresh_signals`` that a run does, then the full rebuild
(``channelwatch refresh-signals --full``) of the same store. The two results are
compared row for row (they must be identical) and the row says so. ``measure_refresh``
is the ``python -m bench`` row (``--only signal_refresh``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bench.queries import build, generate_tables, insert_tables
from channelwatch.store import open_store
from channelwatch.store.signals import load_companies, refresh_signals

DAILY_ARTICLES = 500
RECENT_DAYS = 2
SIZES = (1_000_000, 5_000_000)

_SIGNAL_ROWS = (
    "SELECT * EXCLUDE (refreshed_at) FROM store.signals ORDER BY signal_id",
    "SELECT * FROM store.signal_events ORDER BY signal_id, event_id",
)


def daily_tables(seed: int, now: datetime) -> tuple[pa.Table, pa.Table]:
    """A day's articles and events: the store's shape, new ids, published in the last days."""
    rng = np.random.default_rng(seed + 1)
    companies = [name for name, _ in load_companies()] or [f"Company{n}" for n in range(100)]
    articles, events = generate_tables(rng, DAILY_ARTICLES, companies, now)

    def renamed(column: pa.ChunkedArray) -> pa.ChunkedArray:
        return pc.replace_substring(column, "bench-", "daily-")

    age_us = (rng.uniform(0, RECENT_DAYS, DAILY_ARTICLES) * 86_400e6).astype(np.int64)
    published = np.datetime64(now.replace(tzinfo=None), "us") - age_us.astype("timedelta64[us]")
    for name in ("article_id", "duplicate_of"):
        articles = articles.set_column(
            articles.schema.get_field_index(name), name, renamed(articles[name])
        )
    articles = articles.set_column(
        articles.schema.get_field_index("url"),
        "url",
        pc.replace_substring(articles["url"], ".example/", ".example/daily-"),
    )
    articles = articles.set_column(
        articles.schema.get_field_index("published_at"),
        "published_at",
        pa.array(published, pa.timestamp("us", tz="UTC")),
    )
    articles = articles.set_column(
        articles.schema.get_field_index("date_extracted"),
        "date_extracted",
        pa.array(published.astype("datetime64[D]"), pa.date32()),
    )
    events = events.set_column(
        events.schema.get_field_index("article_id"), "article_id", renamed(events["article_id"])
    )
    return articles, events


def load_daily(db: Path, seed: int) -> None:
    now = datetime.now(UTC)
    articles, events = daily_tables(seed, now)
    insert_tables(db, articles, events, now=now, kind="daily")


def measure_size(events: int, seed: int = 4) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="cw-bench-s-") as tmp:
        db = Path(tmp) / "s.duckdb"
        build(db, events, seed)
        with open_store(db) as con:
            refresh_signals(con, full=True)
        load_daily(db, seed)
        with open_store(db) as con:
            started = time.perf_counter()
            n_signals = refresh_signals(con)
            incremental_s = time.perf_counter() - started
            incremental = [con.sql(q).fetchall() for q in _SIGNAL_ROWS]
            started = time.perf_counter()
            refresh_signals(con, full=True)
            full_s = time.perf_counter() - started
            rebuilt = [con.sql(q).fetchall() for q in _SIGNAL_ROWS]
    return {
        "events": events,
        "daily_articles": DAILY_ARTICLES,
        "signals": n_signals,
        "incremental_s": incremental_s,
        "full_s": full_s,
        "identical": incremental == rebuilt,
    }


def measure_refresh(sizes: tuple[int, ...] = SIZES) -> dict[str, object]:
    """The bench row: incremental refresh and full rebuild after a daily load, per size."""
    return {"sizes": [measure_size(n) for n in sizes]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    for events in args.events:
        r = measure_size(events)
        print(
            f"{r['events']:>10,} events, {r['signals']:,} signals: after {DAILY_ARTICLES} "
            f"articles, incremental {r['incremental_s']:.2f} s, full {r['full_s']:.2f} s, "
            f"identical: {'yes' if r['identical'] else 'NO'}",
            flush=True,
        )


if __name__ == "__main__":
    main()
