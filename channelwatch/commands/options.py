"""Options shared by several commands (reusable decorators, as in sqlite-utils)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from channelwatch.pipeline.units import BATCH_SIZE, WORKER_BATCH_SIZE

F = Callable[..., Any]


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="DuckDB store (default: $CHANNELWATCH_DB or data/channelwatch.duckdb).",
    )(fn)


def sources_option(fn: F) -> F:
    return click.option(
        "--sources",
        "sources_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Sources file (default: $CHANNELWATCH_SOURCES or data/sources.toml).",
    )(fn)


def batch_size_option(fn: F) -> F:
    """--batch-size: None means the runner's default (``batch_size_for``)."""
    return click.option(
        "--batch-size",
        type=int,
        default=None,
        help=f"Articles per Prefect task [default: {BATCH_SIZE} on threads, "
        f"{WORKER_BATCH_SIZE} on processes and dask].",
    )(fn)


def wait_option(default_s: float) -> Callable[[F], F]:
    """--wait: how long the command waits for a run's write lock. Quick commands wait a
    minute; those that rewrite much of the store (reprocess, refresh-signals) wait longer."""

    def decorate(fn: F) -> F:
        return click.option(
            "--wait",
            "wait_s",
            type=float,
            default=default_s,
            show_default=True,
            help="Seconds to wait while a run holds the store's write lock.",
        )(fn)

    return decorate


def live_option(fn: F) -> F:
    """--live: a reading command reads the store itself instead of the read snapshot."""
    return click.option(
        "--live",
        is_flag=True,
        help="Read the store itself, not the read snapshot of the last run (waits for a run).",
    )(fn)


def store_options(*, wait_s: float) -> Callable[[F], F]:
    """--db and --wait, for a command that opens the store itself (see ``commands.stores``)."""

    def decorate(fn: F) -> F:
        return db_option(wait_option(wait_s)(fn))

    return decorate
