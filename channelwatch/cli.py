"""The ``channelwatch`` command line: a click group whose commands load lazily.

Each command lives in ``channelwatch/commands/<name>.py`` as a click command named
``command``. Loading them lazily keeps quick commands (tag, sql, schema) from
importing Prefect, which costs seconds.

A domain error (``ChannelwatchError``: a bad config file or setting, a busy store...) is
one line on stderr and exit code 2; ``channelwatch --debug ...`` prints its traceback too.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from typing import Any

import click

from channelwatch.errors import UserError

# command name -> module under channelwatch.commands; one line per command
COMMANDS: dict[str, str] = {
    "run": "run",
    "demo": "demo",
    "tag": "tag",
    "digest": "digest",
    "runs": "runs",
    "sql": "sql",
    "schema": "schema",
    "reprocess": "reprocess",
    "serve": "serve",
    "backfill": "backfill",
    "train": "train",
    "label": "label",
    "labels": "labels",
    "review": "review",
    "refresh-signals": "refresh_signals",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"channelwatch.commands.{module_name}")
        command: click.Command = module.command
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            if ctx.params.get("debug"):
                click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=LazyGroup)
@click.version_option(package_name="channelwatch")
@click.option("--debug", is_flag=True, help="Show the traceback of an error, not only its line.")
def cli(debug: bool) -> None:
    """channelwatch: partnership events between AI model makers and the platforms that sell them."""


def main() -> None:
    """Console entry point: domain errors become one line on stderr and exit code 2."""
    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:  # ctx.exit(code) returns it in this mode
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except UserError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
