"""``channelwatch labels``: the analysts' verdicts as a gold set, and measured precision."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from channelwatch.commands.options import db_option
from channelwatch.commands.stores import store_path
from channelwatch.store.connection import open_store
from channelwatch.store.gold import export_gold
from channelwatch.store.precision import precision_report

_SINCE = click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only verdicts given on or after this date (default: all).",
)


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
@db_option
def export(since: datetime | None, out: Path | None, db_path: Path | None) -> None:
    """Gold-format JSON lines (../shared/eval): each reviewed sentence with its neighbours
    as the text, and its events after review."""
    with open_store(store_path(db_path), read_only=True) as con:
        lines = [json.dumps(row, ensure_ascii=False) for row in export_gold(con, since=since)]
    body = "".join(line + "\n" for line in lines)
    if out is None:
        click.echo(body, nl=False)
    else:
        out.write_text(body, encoding="utf-8")
        click.echo(f"wrote {len(lines)} passages to {out}", err=True)


@command.command(name="stats")
@_SINCE
@db_option
def stats(since: datetime | None, db_path: Path | None) -> None:
    """Precision of the reviewed events per event type, per source and per rules version."""
    with open_store(store_path(db_path), read_only=True) as con:
        report = precision_report(con, since=since)
    for line in report.lines():
        click.echo(line)
