"""``channelwatch run``: the daily flow on the configured sources."""

from __future__ import annotations

from pathlib import Path

import click

from channelwatch.commands.display import print_summary, progress_display
from channelwatch.commands.options import db_option, sources_option
from channelwatch.settings import apply_prefect_defaults


@click.command(name="run")
@sources_option
@db_option
@click.option("--batch-size", default=50, show_default=True, help="Articles per Prefect task.")
def command(sources_path: Path | None, db_path: Path | None, batch_size: int) -> None:
    """Fetch the feeds, extract and tag new articles, and load them into the store."""
    apply_prefect_defaults()
    from flows.daily import daily_flow

    with progress_display():
        summary = daily_flow(sources_path=sources_path, db_path=db_path, batch_size=batch_size)
    print_summary(summary)
