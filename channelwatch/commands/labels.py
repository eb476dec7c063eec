"""``channelwatch labels``: the analysts' verdicts as a gold set, and measured precision.

Both subcommands only read, so they open the read snapshot when one has been published
(a running run never makes them wait) and the store itself otherwise; verdicts given
since the last completed run are in the store only, which ``--live`` reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click
import duckdb

from channelwatch.commands.options import live_option, store_options
from channelwatch.commands.stores import reader_path, report_wait, store_path
from channelwatch.settings import load_settings
from channelwatch.store.connection import open_store
from channelwatch.store.gold import export_gold
from channelwatch.store.precision import precision_report

_SINCE = click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only verdicts given on or after this date (default: all).",
)


@contextmanager
def _read_labels(
    db_path: Path | None, *, live: bool, wait_s: float
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The snapshot (saying so on stderr) or, with ``live`` or no snapshot, the store."""
    settings = load_settings()
    db = store_path(db_path, settings)
    path = db if live else reader_path(db_path, settings)
    if path != db:
        click.echo(
            f"reading the snapshot {path}: verdicts as of the last completed run "
            "(--live reads the store, with those given since)",
            err=True,
        )
    with open_store(path, read_only=True, wait_s=wait_s, on_wait=report_wait) as con:
        yield con


@click.group(name="labels")
def command() -> None:
    """Reviewed events: export them as gold JSON lines, or measure the tagger's precision."""


@command.command(name="export")
@_SINCE
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (default: stdout).",
)
@store_options(wait_s=60.0)
@live_option
def export(
    since: datetime | None, out: Path | None, db_path: Path | None, wait_s: float, live: bool
) -> None:
    """Gold-format JSON lines (../shared/eval): each reviewed sentence with its neighbours
    as the text, and its events after review."""
    with _read_labels(db_path, live=live, wait_s=wait_s) as con:
        lines = [json.dumps(row, ensure_ascii=False) for row in export_gold(con, since=since)]
    body = "".join(line + "\n" for line in lines)
    if out is None:
        click.echo(body, nl=False)
    else:
        out.write_text(body, encoding="utf-8")
        click.echo(f"wrote {len(lines)} passages to {out}", err=True)


@command.command(name="stats")
@_SINCE
@store_options(wait_s=60.0)
@live_option
def stats(since: datetime | None, db_path: Path | None, wait_s: float, live: bool) -> None:
    """Precision of the reviewed events per event type, per source and per rules version."""
    with _read_labels(db_path, live=live, wait_s=wait_s) as con:
        report = precision_report(con, since=since)
    for line in report.lines():
        click.echo(line)
