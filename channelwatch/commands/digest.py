"""``channelwatch digest``: the week's digest, sent once per recipient or written for preview."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from channelwatch.commands.options import db_option
from channelwatch.commands.preflight import check_smtp
from channelwatch.commands.stores import reader_path, report_wait, store_path
from channelwatch.digest.run import run_digest
from channelwatch.digest.weeks import IsoWeek
from channelwatch.settings import load_settings


@click.command(name="digest")
@click.option(
    "--week",
    metavar="YYYY-Www",
    default=None,
    help="ISO week to report on (default: the last complete week), e.g. 2026-W48.",
)
@click.option(
    "--to",
    "recipients",
    multiple=True,
    metavar="ADDR",
    help="Recipient (repeatable; default: $CHANNELWATCH_DIGEST_TO, comma-separated).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Send nothing: write digest-<week>.eml and digest-<week>.html to --out.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for --dry-run files (default: the current folder).",
)
@click.option(
    "--force", is_flag=True, help="Send even to recipients who already got this week's digest."
)
@db_option
def command(
    week: str | None,
    recipients: tuple[str, ...],
    dry_run: bool,
    out_dir: Path | None,
    force: bool,
    db_path: Path | None,
) -> None:
    """Build the week's digest (four watch items, status changes, chart) and email it.

    Each recipient gets a week once: a repeated or retried run skips who already has it
    (recorded in store.digests) unless --force. SMTP comes from CHANNELWATCH_SMTP_HOST,
    _PORT, _USER, _PASSWORD, _FROM and _SECURITY (starttls | ssl | none).
    """
    if out_dir is not None and not dry_run:
        raise click.UsageError("--out only applies with --dry-run")
    settings = load_settings()
    to = [a.strip() for r in recipients for a in r.split(",") if a.strip()]
    # a preview only reads: the snapshot of the last run, never waiting on one
    db = reader_path(db_path, settings) if dry_run else store_path(db_path, settings)
    smtp = replace(settings.smtp, recipients=tuple(to) or settings.smtp.recipients)
    check_smtp(smtp, sending=not dry_run)  # before any work: a mistake is one line
    result = run_digest(
        db_path=db,
        smtp=settings.smtp,
        week=IsoWeek.parse(week) if week else None,
        recipients=to,
        dry_run=dry_run,
        out_dir=out_dir,
        force=force,
        on_wait=report_wait,
    )
    click.echo(f"digest {result.week}: {result.subject}")
    if result.empty:
        click.echo("  the week has no new signals; the digest says so")
    for path in result.files:
        click.echo(f"  wrote {path}")
    for address, when in result.skipped:
        click.echo(
            f"  skipped {address}: already sent {when:%Y-%m-%d %H:%M} UTC (--force to resend)"
        )
    for address in result.sent_to:
        click.echo(f"  sent to {address}")
    if result.refused:
        raise click.ClickException(
            "the SMTP server refused " + ", ".join(result.refused) + "; they were not marked "
            "as sent and will get the digest on the next run"
        )
