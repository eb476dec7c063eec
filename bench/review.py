"""How fast the review page shows its queue on a large generated store.

    .venv/bin/python -m bench.review                  # 1,000,000 events in a temp file
    .venv/bin/python -m bench.review --events 100000 --db /tmp/review.duckdb --keep

The store is the one ``bench/queries.py`` generates (same seed, same shape: 4 events
per article over two years, dated relative to now), its signals refreshed as every run
does. Timed, median of ``repeat`` after one warm-up: the queue page as a browser gets it
(GET / on the real server: the ``review_queue`` view, the events and paragraphs of its
first 100 rows, the template), and beside it the view's first 100 rows alone.
``measure_review`` is the ``python -m bench`` row. Nothing is asserted.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.queries import build, prepare_store, refresh_timed, store_arguments, time_query
from channelwatch.review.app import Config
from channelwatch.review.security import Guard
from channelwatch.review.server import serve_in_thread
from channelwatch.store import open_store

QUEUE_SQL = "SELECT * FROM review_queue LIMIT 100"


def time_page(db: Path, repeat: int) -> tuple[float, int]:
    """(median ms, bytes) of GET / on a review server over ``db``."""
    config = Config(db_path=db, reviewer="bench", guard=Guard())
    times: list[float] = []
    size = 0
    with serve_in_thread(config) as base, httpx.Client(base_url=base, timeout=60) as client:
        client.get("/").raise_for_status()  # warm-up: the first open of the file
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/")
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            size = len(response.content)
    return statistics.median(times), size


def queue_size(db: Path) -> int:
    with open_store(db, read_only=True) as con:
        return int(con.execute("SELECT count(*) FROM review_queue").fetchall()[0][0])


def measure_review(*, events: int = 1_000_000, seed: int = 4, repeat: int = 5) -> dict[str, object]:
    """The bench row: the queue page of a generated store of ``events`` events."""
    with tempfile.TemporaryDirectory(prefix="cw-bench-r-") as tmp:
        db = Path(tmp) / "r.duckdb"
        build_s = build(db, events, seed)
        n_signals, _ = refresh_timed(db)
        page_ms, page_bytes = time_page(db, repeat)
        view_ms, _ = time_query(db, QUEUE_SQL, repeat)
        queued = queue_size(db)
    return {
        "events": events,
        "signals": n_signals,
        "build_s": build_s,
        "page_ms": page_ms,
        "page_bytes": page_bytes,
        "view_ms": view_ms,
        "queue_rows": queued,
    }


def main() -> None:
    args = store_arguments(__doc__.splitlines()[0])
    if args.db is None:
        print(measure_review(events=args.events, seed=args.seed, repeat=args.repeat))
        return
    if prepare_store(args.db, events=args.events, seed=args.seed, keep=args.keep) is not None:
        refresh_timed(args.db)
    page_ms, page_bytes = time_page(args.db, args.repeat)
    view_ms, _ = time_query(args.db, QUEUE_SQL, args.repeat)
    print(
        f"review queue page: {page_ms:.0f} ms ({page_bytes / 1024:.0f} KiB); the view's first "
        f"100 rows alone: {view_ms:.0f} ms; {queue_size(args.db):,} events queued ({args.db})"
    )


if __name__ == "__main__":
    main()
