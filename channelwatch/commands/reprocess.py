"""``channelwatch reprocess``: re-extract and re-tag stored articles with the current rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from channelwatch.commands.options import db_option
from channelwatch.errors import StoreError
from channelwatch.settings import load_settings
from channelwatch.store.connection import open_store


@click.command(name="reprocess")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only articles first seen on or after this date (default: all).",
)
@db_option
@click.option("--batch-size", default=100, show_default=True, help="Articles per transaction.")
@click.option(
    "--wait",
    "wait_s",
    type=float,
    default=600.0,
    show_default=True,
    help="Seconds to wait while a run holds the store's write lock.",
)
def command(since: datetime | None, db_path: Path | None, batch_size: int, wait_s: float) -> None:
    """Re-extract stored pages and re-tag them with the current rules; print what changed."""
    from channelwatch.allocators import tune_allocators
    from channelwatch.store.reprocess import reprocess
    from extractors.tagger import load_tagger

    db = db_path or load_settings().db_path
    if not db.exists():
        raise StoreError(f"no store at {db}; run 'channelwatch demo --db {db}' first")
    tune_allocators()
    tagger = load_tagger()
    with open_store(db, wait_s=wait_s, on_wait=lambda msg: click.echo(msg, err=True)) as con:
        report = reprocess(
            con, tagger, since=since.date() if since else None, batch_size=batch_size
        )
    for line in report.lines():
        click.echo(line)
