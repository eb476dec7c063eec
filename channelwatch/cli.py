"""The ``channelwatch`` command line: a click group whose commands load lazily.

Each command lives in ``channelwatch/commands/<name>.py`` as a click command named
``command``. Loading them lazily keeps quick commands (tag, sql, schema) from
importing Prefect, which costs seconds.
"""

from __future__ import annotations

import importlib
import sys

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


@click.group(cls=LazyGroup)
@click.version_option(package_name="channelwatch")
def cli() -> None:
    """channelwatch: partnership events between AI model makers and the platforms that sell them."""


def main() -> None:
    """Console entry point: domain errors become one line on stderr and exit code 2."""
    try:
        cli.main(standalone_mode=False)
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
