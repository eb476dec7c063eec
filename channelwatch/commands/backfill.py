"""``channelwatch backfill``: older items from the sources' feeds (and sites), resumable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from channelwatch.allocators import tune_allocators
from channelwatch.commands.display import print_summary, progress_display
from channelwatch.commands.options import batch_size_option, db_option, sources_option
from channelwatch.commands.preflight import check_config
from channelwatch.commands.run import runner_options, task_runner_for
from channelwatch.heap import start_up_heap_frozen
from channelwatch.pipeline.units import batch_size_for
from channelwatch.settings import apply_prefect_defaults


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
    check_config(sources_path=sources_path)  # before any work: a mistake is one line
    apply_prefect_defaults()
    tune_allocators()  # before any worker process starts: they inherit it
    with task_runner_for(runner, address=address, workers=workers) as task_runner:
        from flows.backfill import backfill_flow
        from flows.runners import own_prefect_api

        flow = backfill_flow.with_options(task_runner=task_runner)
        with own_prefect_api(), progress_display(), start_up_heap_frozen():
            summary = flow(
                since.date(),
                sources_path=sources_path,
                db_path=db_path,
                sitemaps=sitemaps,
                max_per_source=max_per_source,
                batch_size=batch_size or batch_size_for(runner),
            )
    print_summary(summary)
