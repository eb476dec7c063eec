"""``channelwatch demo``: the daily flow, end to end, on the offline demo corpus."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from channelwatch.allocators import tune_allocators
from channelwatch.commands.display import print_summary, progress_display
from channelwatch.commands.options import db_option
from channelwatch.commands.preflight import check_config
from channelwatch.demo import DEMO_PORT, serve_demo, write_demo_sources
from channelwatch.settings import apply_prefect_defaults
from channelwatch.store import open_store
from channelwatch.watch import WATCH_ITEMS, watch_answers


@click.command(name="demo")
@db_option
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEMO_PORT,
    show_default=True,
    help="Loopback port for the demo server; keep using the same one (article ids include it).",
)
def command(db_path: Path | None, port: int) -> None:
    """Serve data/demo on 127.0.0.1, run the daily flow on it, and print the four watch items."""
    settings = check_config(sources=False)  # the demo writes its own sources file
    apply_prefect_defaults()
    tune_allocators()  # before any worker process starts: they inherit it
    from flows.daily import daily_flow
    from flows.runners import own_prefect_api

    db = Path(db_path or settings.db_path)
    with tempfile.TemporaryDirectory() as tmp, serve_demo(port) as base:
        sources = write_demo_sources(base, Path(tmp) / "sources.toml")
        click.echo(f"demo corpus served at {base}; store: {db}")
        with own_prefect_api(), progress_display():
            summary = daily_flow(
                sources_path=sources,
                db_path=db,
                kind="demo",
                allowed_hosts=[f"127.0.0.1:{port}"],
                per_host_delay_s=0.0,  # our own loopback server: no need to be polite
            )
    print_summary(summary)
    with open_store(db, read_only=True) as con:
        answers = watch_answers(con)
    for item in WATCH_ITEMS:
        click.echo("")
        click.echo(f"{item.number}. {item.question}  [{item.view}]")
        rows = answers[item.view]
        if not rows:
            click.echo("   (no signals yet)")
        for row in rows:
            click.echo(f"   {row}")
