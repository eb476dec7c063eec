"""``channelwatch tag [FILE]``: tag JSON lines of snippets, print one JSON line of events each.

Input lines are ``{"id", "text", "published"?}``; output lines are ``{"id", "events": [...]}``
in input order, the shape ``../shared/eval/score.py`` reads. Never imports Prefect.
``--read-as`` says what the texts are: whole article pages (read as the daily run reads a
page) or snippets cut around their news; by default a text is an article from five sentences
naming companies, so that a labelled snippet stays a snippet.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterator
from typing import IO

import click

from channelwatch.errors import InputError

# what ``--read-as`` passes as the tagger's ``article``
READINGS: dict[str, bool | None] = {"auto": None, "article": True, "snippet": False}


def read_snippets(
    stream: IO[str], *, name: str, skip_bad: bool
) -> Iterator[tuple[str, str, datetime.date | None]]:
    """Yield (id, text, published) per JSON line; a bad line raises or is reported and skipped."""
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield parse_snippet(line, name=name, line_no=n)
        except InputError as exc:
            if not skip_bad:
                raise
            click.echo(f"skipped: {exc}", err=True)


def parse_snippet(line: str, *, name: str, line_no: int) -> tuple[str, str, datetime.date | None]:
    where = f"{name}:{line_no}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg}); write one JSON object a line") from exc
    if not isinstance(row, dict):
        raise InputError(f'{where}: expected an object like {{"id": ..., "text": ...}}')
    if "id" not in row or row["id"] is None or isinstance(row["id"], (dict, list)):
        raise InputError(f'{where}: missing "id"; give each line an id string')
    text = row.get("text")
    if not isinstance(text, str):
        raise InputError(f'{where}: "text" must be a string (id {row["id"]!r})')
    published = None
    raw = row.get("published")
    if raw not in (None, ""):
        try:
            published = datetime.date.fromisoformat(str(raw)[:10])
        except ValueError as exc:
            raise InputError(
                f'{where}: "published" {raw!r} is not an ISO date (YYYY-MM-DD)'
            ) from exc
    return str(row["id"]), text, published


@click.command(name="tag")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-", required=False)
@click.option("--skip-bad", is_flag=True, help="Report malformed lines on stderr and skip them.")
@click.option(
    "--read-as",
    type=click.Choice(sorted(READINGS)),
    default="auto",
    show_default=True,
    help="article: each text is a whole page, as the daily run reads one; snippet: each is "
    "cut around its news; auto: an article from five sentences naming companies.",
)
def command(file: IO[str], skip_bad: bool, read_as: str) -> None:
    """Tag partnership events in JSON lines from FILE (or stdin) and print JSON lines."""
    from extractors.tagger import load_tagger

    tagger = load_tagger()
    name = "<stdin>" if file.name in ("-", "<stdin>") else file.name
    snippets = list(read_snippets(file, name=name, skip_bad=skip_bad))
    out = sys.stdout
    texts = (text for _, text, _ in snippets)
    dates = [published for _, _, published in snippets]
    tagged = tagger.tag_many(texts, published=dates, article=READINGS[read_as])
    for (sid, _, _), events in zip(snippets, tagged, strict=True):
        out.write(json.dumps({"id": sid, "events": [e.to_json() for e in events]}) + "\n")
    out.flush()
