"""``channelwatch label``: record an analyst's verdict on one event from the shell."""

from __future__ import annotations

from pathlib import Path

import click

from channelwatch.commands.options import store_options
from channelwatch.commands.stores import existing_store_path, report_wait
from channelwatch.errors import InputError
from channelwatch.settings import load_settings
from channelwatch.store.connection import open_store
from channelwatch.store.labels import (
    Fix,
    article_keys,
    record_label,
    record_missed,
    undo_label,
)
from channelwatch.store.signals import refresh_signals

_FIELDS = ("type", "parties", "status")


def parse_fix(pairs: tuple[str, ...]) -> Fix:
    """``type=… parties=A,B status=…`` -> Fix; a bad pair is an InputError naming it."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or name not in _FIELDS:
            raise InputError(
                f"{pair!r} is not a fix; give type=..., parties=A,B or status=... "
                "(e.g. type=hosting_deal parties=OpenAI,Oracle status=confirmed)"
            )
        values[name] = value.strip()
    parties = values.get("parties")
    return Fix(
        type=values.get("type") or None,
        actors=tuple(p for p in parties.split(",")) if parties is not None else None,
        status=values.get("status") or None,
    )


@click.command(name="label")
@click.argument("target", metavar="EVENT_ID")
@click.argument("fix_pairs", nargs=-1, metavar="[type=… parties=… status=…]")
@click.option("--correct", "verdict", flag_value="correct", help="The event is right.")
@click.option("--wrong", "verdict", flag_value="wrong", help="The event is not an event.")
@click.option("--fix", "verdict", flag_value="fixed", help="Right event, wrong details: fix them.")
@click.option(
    "--missed",
    "verdict",
    flag_value="missed",
    help="The tagger missed an event: EVENT_ID is then the ARTICLE_ID, with --evidence.",
)
@click.option("--undo", "verdict", flag_value="undo", help="Undo the verdict on the event.")
@click.option(
    "--evidence", default=None, help="With --missed: the sentence, as the article has it."
)
@click.option("--by", "reviewer", default=None, help="Reviewer (default: $CHANNELWATCH_REVIEWER).")
@store_options(wait_s=60.0)
def command(
    target: str,
    fix_pairs: tuple[str, ...],
    verdict: str | None,
    evidence: str | None,
    reviewer: str | None,
    db_path: Path | None,
    wait_s: float,
) -> None:
    """Mark EVENT_ID --correct, --wrong, or --fix type=… parties=A,B status=…; or --undo.

    The verdict survives re-tagging (it is keyed by article, evidence span and type). The
    store's signals, watch views and the sent digest follow it at once; the read snapshot
    that `sql`, `digest --dry-run` and `labels` open shows it after the next successful run
    (`sql` and `labels` take `--live`).
    """
    if verdict is None:
        raise click.UsageError("give one of --correct, --wrong, --fix, --missed, --undo")
    if fix_pairs and verdict not in ("fixed", "missed"):
        raise click.UsageError("type=/parties=/status= go with --fix or --missed")
    if verdict == "missed" and not evidence:
        raise click.UsageError("--missed needs --evidence 'the sentence'")
    fix = parse_fix(fix_pairs) if verdict in ("fixed", "missed") else None
    if verdict == "fixed" and fix == Fix():
        raise click.UsageError("--fix needs type=, parties= or status=")
    settings = load_settings()
    who = reviewer or settings.review.reviewer
    # a verdict belongs in the store the runs write: a mistyped --db must not start a new one
    db = existing_store_path(db_path, settings)
    with open_store(db, wait_s=wait_s, on_wait=report_wait) as con:
        before = article_keys(con, target)
        if verdict == "undo":
            label_id = undo_label(con, target)
            message = f"undid label {label_id} on event {target}"
        elif verdict == "missed":
            assert evidence is not None and fix is not None
            label_id = record_missed(con, target, evidence, fix, reviewer=who)
            message = f"added the missed event to article {target} (label {label_id})"
        else:
            label_id = record_label(con, target, verdict, reviewer=who, fix=fix)
            message = f"event {target}: {verdict} (label {label_id}, by {who})"
        signals = refresh_signals(con, keys=before | article_keys(con, target))
    click.echo(f"{message}; {signals} signals after refresh")
