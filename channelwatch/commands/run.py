"""``channelwatch run``: the daily flow on the configured sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import click

from channelwatch.allocators import tune_allocators
from channelwatch.commands.display import print_summary, progress_display
from channelwatch.commands.options import F, batch_size_option, db_option, sources_option
from channelwatch.commands.preflight import check_config
from channelwatch.heap import start_up_heap_frozen
from channelwatch.pipeline.units import LOAD_SIZE, batch_size_for
from channelwatch.settings import apply_prefect_defaults


def runner_options(fn: F) -> F:
    """--runner/--address/--workers: where the CPU stages (extract + tag) run."""
    fn = click.option(
        "--workers",
        type=int,
        default=None,
        help="With --runner processes, or dask with no --address: N worker processes "
        "[default: the usable cores; 2 for dask].",
    )(fn)
    fn = click.option(
        "--address",
        default=None,
        metavar="tcp://HOST:PORT",
        help="With --runner dask: the scheduler of an existing Dask cluster.",
    )(fn)
    return click.option(
        "--runner",
        type=click.Choice(["threads", "processes", "dask"]),
        default="threads",
        show_default=True,
        help="Prefect task runner for the extract+tag batches: threads in this process, "
        "a pool of worker processes here, or a Dask cluster.",
    )(fn)


@click.command(name="run")
@sources_option
@db_option
@batch_size_option
@click.option(
    "--load-size",
    default=LOAD_SIZE,
    show_default=True,
    help="Articles per store transaction (a crash re-fetches at most this many).",
)
@runner_options
def command(
    sources_path: Path | None,
    db_path: Path | None,
    batch_size: int | None,
    load_size: int,
    runner: str,
    address: str | None,
    workers: int | None,
) -> None:
    """Fetch the feeds, extract and tag new articles, and load them into the store."""
    run_flow(
        _daily_flow,
        sources_path=sources_path,
        runner=runner,
        address=address,
        workers=workers,
        db_path=db_path,
        batch_size=batch_size or batch_size_for(runner),
        load_size=load_size,
    )


def _daily_flow() -> Any:
    from flows.daily import daily_flow  # imported once the config is known to be good

    return daily_flow


def run_flow(
    load_flow: Callable[[], Any],
    *,
    sources_path: Path | None,
    runner: str,
    address: str | None,
    workers: int | None,
    **params: Any,
) -> None:
    """What ``run`` and ``backfill`` share: the config checked before any work (a mistake is
    one line), Prefect's defaults and the allocators set before any worker starts, then the
    flow of ``load_flow()`` on the chosen task runner, with progress, and its summary."""
    check_config(sources_path=sources_path)
    apply_prefect_defaults()
    tune_allocators()  # before any worker process starts: they inherit it
    with task_runner_for(runner, address=address, workers=workers) as task_runner:
        from flows.runners import own_prefect_api

        flow = load_flow().with_options(task_runner=task_runner)
        with own_prefect_api(), progress_display(), start_up_heap_frozen():
            summary = flow(sources_path=sources_path, **params)
    print_summary(summary)


@contextmanager
def task_runner_for(runner: str, *, address: str | None, workers: int | None) -> Iterator[Any]:
    """The flow's task runner. For ``--runner dask`` without ``--address``, the local
    cluster is started first, so its workers warm up while this process imports Prefect."""
    from flows.runners import check_runner_options, make_task_runner, warm_local_cluster

    check_runner_options(runner, address=address, workers=workers)
    with ExitStack() as stack:
        if runner == "dask" and not address:
            address = stack.enter_context(warm_local_cluster(workers))
        yield make_task_runner(runner, address=address, workers=workers)
