"""``channelwatch backfill``: older items from the sources' feeds (and sites), resumable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from channelwatch.commands.options import batch_size_option, db_option, sources_option
from channelwatch.commands.run import run_flow, runner_options
from channelwatch.pipeline.units import batch_size_for


@click.command(name="backfill")
@sources_option
@db_option
@click.option(
    "--since",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Keep feed items published on or after this date (YYYY-MM-DD).",
)
@click.option(
    "--sitemaps/--no-sitemaps",
    default=False,
    show_default=True,
    help="Also discover article URLs from each site's sitemaps (trafilatura).",
)
@click.option(
    "--max-per-source", default=500, show_default=True, help="Cap on discovered URLs per site."
)
@batch_size_option
@runner_options
def command(
    sources_path: Path | None,
    db_path: Path | None,
    since: datetime,
    sitemaps: bool,
    max_per_source: int,
    batch_size: int | None,
    runner: str,
    address: str | None,
    workers: int | None,
) -> None:
    """Ingest older articles; re-run after a stop to continue (stored ones are skipped)."""
    run_flow(
        _backfill_flow,
        sources_path=sources_path,
        runner=runner,
        address=address,
        workers=workers,
        since=since.date(),
        db_path=db_path,
        sitemaps=sitemaps,
        max_per_source=max_per_source,
        batch_size=batch_size or batch_size_for(runner),
    )


def _backfill_flow() -> Any:
    from flows.backfill import backfill_flow  # imported once the config is known to be good

    return backfill_flow
