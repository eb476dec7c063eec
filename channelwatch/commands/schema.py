"""``channelwatch schema``: the analyst views and their documented columns."""

from __future__ import annotations

import click

from channelwatch.errors import InputError
from channelwatch.store.views import VIEWS, view_doc


@click.command(name="schema")
@click.argument("view", required=False)
def command(view: str | None) -> None:
    """Print the views analysts query and what each column holds (or one VIEW)."""
    docs = VIEWS
    if view is not None:
        doc = view_doc(view)
        if doc is None:
            names = ", ".join(v.name for v in VIEWS)
            raise InputError(f"no view {view!r}; the views are: {names}")
        docs = (doc,)
    for n, doc in enumerate(docs):
        if n:
            click.echo()
        click.secho(doc.name, bold=True)
        click.echo(
            click.wrap_text(doc.description, width=92, initial_indent="  ", subsequent_indent="  ")
        )
        width = max(len(name) for name, _ in doc.columns)
        for name, what in doc.columns:
            click.echo(f"    {name:<{width}}  {what}")
