"""``channelwatch reprocess``: re-extract and re-tag stored articles with the current rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from channelwatch.commands.options import store_options
from channelwatch.commands.stores import existing_store_path, report_wait
from channelwatch.store.connection import open_store


@click.command(name="reprocess")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only articles first seen on or after this date (default: all).",
)
@store_options(wait_s=600.0)
@click.option("--batch-size", default=100, show_default=True, help="Articles per transaction.")
def command(since: datetime | None, db_path: Path | None, batch_size: int, wait_s: float) -> None:
    """Re-extract stored pages and re-tag them with the current rules; print what changed."""
    from channelwatch.allocators import tune_allocators
    from channelwatch.store.reprocess import reprocess
    from extractors.tagger import load_tagger

    db = existing_store_path(db_path)
    tune_allocators()
    tagger = load_tagger()
    with open_store(db, wait_s=wait_s, on_wait=report_wait) as con:
        report = reprocess(
            con, tagger, since=since.date() if since else None, batch_size=batch_size
        )
    for line in report.lines():
        click.echo(line)
