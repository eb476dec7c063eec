"""How the flow cuts its work: Prefect tasks and store loads (no heavy imports, so the CLI
can show the defaults before it loads Prefect and the extractors)."""

from __future__ import annotations

BATCH_SIZE = 50  # articles per Prefect task (the unit of parallel CPU work)

# A load (one short write connection, one transaction) happens when any of these is
# reached. Each load pays a fixed ~0.1 s (connect, commit, DuckDB's checkpoint on close)
# however small it is, so loads are large; the byte and time bounds keep memory and the
# work a crash loses (re-fetched by the next run) small on long runs.
LOAD_SIZE = 2000  # articles
LOAD_BYTES = 64 * 2**20  # text + compressed HTML waiting in the flow's process
LOAD_EVERY_S = 60.0  # seconds since the last load
