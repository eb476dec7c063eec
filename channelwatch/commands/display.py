"""Terminal display for long commands: a rich progress bar, and the run summary."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from channelwatch import progress
from channelwatch.pipeline.summary import RunSummary


@contextmanager
def progress_display(enabled: bool | None = None) -> Iterator[None]:
    """Show stage progress on a terminal; stay silent when output is piped."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield
        return
    bar = Progress(
        TextColumn("{task.description:>10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def reporter(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    progress.set_reporter(reporter)
    try:
        with bar:
            yield
    finally:
        progress.set_reporter(None)


def print_summary(summary: RunSummary) -> None:
    for line in summary.lines():
        click.echo(line)
