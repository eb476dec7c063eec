"""``channelwatch serve``: run the daily ingest and weekly digest on their schedules.

Against the Prefect server named by ``PREFECT_API_URL`` (or the active Prefect profile),
or, when none is configured, against a local ``prefect server start`` that this command
starts on 127.0.0.1 and stops on exit (Prefect's in-process ephemeral server has no
scheduler, so schedules would never fire there). Stop with Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from channelwatch.allocators import tune_allocators
from channelwatch.commands.preflight import check_config
from channelwatch.settings import apply_prefect_defaults


@contextmanager
def _prefect_api(port: int) -> Iterator[str]:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.runners import local_prefect_server

    configured = PREFECT_API_URL.value()
    if configured:
        yield str(configured)
        return
    click.echo(f"no PREFECT_API_URL set: starting a local Prefect server on 127.0.0.1:{port}")
    with local_prefect_server(port) as url, temporary_settings(updates={PREFECT_API_URL: url}):
        click.echo(f"Prefect UI: {url.removesuffix('/api')}")
        yield url


@click.command(name="serve")
@click.option("--check", is_flag=True, help="Print the schedules and exit without serving.")
@click.option(
    "--local-port",
    default=4200,
    show_default=True,
    help="Port of the local Prefect server started when PREFECT_API_URL is not set.",
)
def command(check: bool, local_port: int) -> None:
    """Serve both deployments (daily ingest, weekly digest) until interrupted.

    The sources, rules and SMTP settings are checked first: the weekly digest sends mail,
    so CHANNELWATCH_SMTP_HOST, _FROM and CHANNELWATCH_DIGEST_TO must be set."""
    check_config(smtp_sending=True)  # before any work: a mistake is one line
    apply_prefect_defaults()
    tune_allocators()  # before any worker process starts: they inherit it
    from flows.schedules import build_deployments, schedule_specs

    specs = schedule_specs()
    deployments = build_deployments(specs)
    click.echo(f"channelwatch schedules ({len(specs)} deployments):")
    for spec in specs:
        click.echo(f"  {spec.describe()}")
    if check:
        return
    from prefect import serve

    with _prefect_api(local_port) as url:
        click.echo(f"serving on {url}; Ctrl-C to stop", nl=True)
        serve(*deployments, print_starting_message=False)
