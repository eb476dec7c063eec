"""``channelwatch sql``: run SQL or a named query from queries/ against the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from channelwatch.commands.options import live_option, store_options
from channelwatch.commands.stores import reader_path, report_wait, store_path
from channelwatch.store.connection import open_store
from channelwatch.store.queries import (
    FORMATS,
    parse_params,
    query_files,
    resolve_query,
    run_query,
    write_result,
)


def _list_queries() -> None:
    for path in query_files():
        query = resolve_query(str(path))
        params = " ".join(f"${p}" for p in query.params)
        click.echo(f"{path.stem:<32} {query.description}" + (f"  [{params}]" if params else ""))


@click.command(name="sql")
@click.argument("query_or_file", required=False)
@store_options(wait_s=60.0)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind $NAME in the query (bound, never spliced); repeatable.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here."
)
@live_option
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
def command(
    query_or_file: str | None,
    db_path: Path | None,
    params: tuple[str, ...],
    fmt: str,
    out: Path | None,
    wait_s: float,
    live: bool,
    list_only: bool,
) -> None:
    """Run QUERY_OR_FILE (SQL, or a queries/ file such as 01_watch_broadening) read-only.

    \b
    channelwatch sql watch_rival_clouds --param since=2026-11-01
    channelwatch sql "SELECT label, url FROM watch_packaging" --format csv
    """
    if list_only or not query_or_file:
        _list_queries()
        return
    query = resolve_query(query_or_file)
    given = parse_params(params)
    db = store_path(db_path) if live else reader_path(db_path)
    with open_store(db, read_only=True, wait_s=wait_s, on_wait=report_wait) as con:
        table = run_query(con, query, given)
    write_result(table, fmt=fmt, out=out, stdout=sys.stdout)
