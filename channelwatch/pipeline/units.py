"""How the flow cuts its work: Prefect tasks and store loads (no heavy imports, so the CLI
can show the defaults before it loads Prefect and the extractors)."""

from __future__ import annotations

BATCH_SIZE = 50  # articles per Prefect task (the unit of parallel CPU work), on threads
# In a worker process each task also pays Prefect's set-up (~0.5 s of API calls) and the
# trip of its pages; with 100 a task, two Dask workers ran 2,000 pages in 76 s against
# 90-94 s with 50 (twice each, bench/end_to_end.py's pages); a 2-process pool, 66-81 s with
# 100. The threads runner is better off with 50 (116 s vs 126-130).
WORKER_BATCH_SIZE = 100


def batch_size_for(runner: str) -> int:
    """The default articles per Prefect task on ``runner`` (threads, processes or dask)."""
    return BATCH_SIZE if runner == "threads" else WORKER_BATCH_SIZE


# A load (one short write connection, one transaction) happens when any of these is
# reached. Each load pays a fixed ~0.1 s (connect, commit, DuckDB's checkpoint on close)
# however small it is, so loads are large; the byte and time bounds keep memory and the
# work a crash loses (re-fetched by the next run) small on long runs.
LOAD_SIZE = 2000  # articles
LOAD_BYTES = 64 * 2**20  # text + compressed HTML waiting in the flow's process
LOAD_EVERY_S = 60.0  # seconds since the last load
