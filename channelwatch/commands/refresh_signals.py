"""``channelwatch refresh-signals``: bring the materialised signals up to date, or rebuild them.

Runs, backfills and reprocessing already refresh what their events touch; this command is
for repair (``--full``: every signal re-clustered from the ``events`` view) and for a
gazetteer edit (company roles changed: a full rebuild happens by itself).
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from channelwatch.commands.options import store_options
from channelwatch.commands.stores import existing_store_path, report_wait
from channelwatch.store.connection import open_store


@click.command(name="refresh-signals")
@click.option(
    "--full", is_flag=True, help="Rebuild every signal instead of only what changed (repair)."
)
@store_options(wait_s=600.0)
def command(full: bool, db_path: Path | None, wait_s: float) -> None:
    """Re-cluster events into signals: what changed since the last refresh, or all (--full)."""
    from channelwatch.store.signals import refresh_signals

    db = existing_store_path(db_path)
    with open_store(db, wait_s=wait_s, on_wait=report_wait) as con:
        started = time.perf_counter()
        count = refresh_signals(con, full=full)
        seconds = time.perf_counter() - started
    how = "rebuilt in full" if full else "refreshed"
    click.echo(f"signals {how}: {count:,} in the store ({seconds:.1f}s)")
