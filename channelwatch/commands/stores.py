"""How commands find and open the store: ``--db`` or the settings, the read snapshot for
readers, and a run's write lock reported on stderr while they wait."""

from __future__ import annotations

from pathlib import Path

import click

from channelwatch.errors import StoreError
from channelwatch.settings import Settings, load_settings
from channelwatch.store.snapshot import read_path


def store_path(db_path: Path | None, settings: Settings | None = None) -> Path:
    """``--db`` when given, else the settings' store (read from the environment only then)."""
    return Path(db_path or (settings or load_settings()).db_path)


def reader_path(db_path: Path | None, settings: Settings | None = None) -> Path:
    """What a read-only command opens: the snapshot of the last run when one has been
    published (so it never waits on a run), else the store itself."""
    settings = settings or load_settings()
    db = store_path(db_path, settings)
    return read_path(db, settings.snapshot_for(db))


def existing_store_path(db_path: Path | None, settings: Settings | None = None) -> Path:
    """The store, which must exist already: the command would otherwise work on nothing."""
    db = store_path(db_path, settings)
    if not db.exists():
        raise StoreError(f"no store at {db}; run 'channelwatch demo --db {db}' first")
    return db


def report_wait(message: str) -> None:
    """``open_store``'s ``on_wait``: say on stderr that a run holds the store's lock."""
    click.echo(message, err=True)
