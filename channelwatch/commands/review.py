"""``channelwatch review``: the local review page (queue, signal timelines, verdicts)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from channelwatch.commands.options import db_option
from channelwatch.commands.stores import existing_store_path
from channelwatch.settings import load_settings


@click.command(name="review")
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; anything but loopback exposes the page to the network.",
)
@click.option(
    "--port", type=int, default=None, help="Port (default: $CHANNELWATCH_REVIEW_PORT or 8765)."
)
@click.option(
    "--by",
    "reviewer",
    default=None,
    help="Reviewer name on the labels (default: $CHANNELWATCH_REVIEWER).",
)
def command(db_path: Path | None, host: str, port: int | None, reviewer: str | None) -> None:
    """Serve the review page: this week's events to check, keyboard shortcuts to mark them
    correct (c) or wrong (w), a form to fix them, undo, and a timeline per signal.

    Prints the address with a write token; the page is read-only without it.
    """
    from channelwatch.review.app import Config
    from channelwatch.review.security import Guard
    from channelwatch.review.server import serve

    settings = load_settings()
    db = existing_store_path(db_path, settings)
    # Host headers accepted (a guard against DNS rebinding): loopback, the bound address,
    # and the team address the digest links to
    team_host = urlsplit(settings.review.url).hostname if settings.review.url else None
    hosts = tuple(dict.fromkeys(h for h in ("127.0.0.1", "localhost", host, team_host) if h))
    config = Config(
        db_path=db, reviewer=reviewer or settings.review.reviewer, guard=Guard(), hosts=hosts
    )
    serve(config, host=host, port=port or settings.review.port, announce=click.echo)
