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
    """The store a command writes, which must exist already (the command would otherwise
    work on nothing) and must not be a read snapshot (the next run replaces that file, and
    what was written there with it)."""
    settings = settings or load_settings()
    db = store_path(db_path, settings)
    if not db.exists():
        raise StoreError(
            f"no store at {db}; check --db or CHANNELWATCH_DB ('channelwatch run' creates "
            "the store on its first run)"
        )
    store = snapshot_owner(db, settings)
    if store is not None:
        raise StoreError(
            f"{db} is the read snapshot of {store}, replaced after every run; write to the "
            f"store instead (--db {store})"
        )
    return db


def snapshot_owner(path: Path, settings: Settings) -> Path | None:
    """The store whose read snapshot ``path`` is, or None when it is no snapshot."""
    if settings.snapshot_path is not None and path.resolve() == settings.snapshot_path.resolve():
        return Path(settings.db_path)
    stem = path.stem.removesuffix("-snapshot")
    store = path.with_name(stem + path.suffix)
    if stem != path.stem and store.exists():
        snapshot = settings.snapshot_for(store)
        if snapshot is not None and snapshot.resolve() == path.resolve():
            return store
    return None


def report_wait(message: str) -> None:
    """``open_store``'s ``on_wait``: say on stderr that a run holds the store's lock."""
    click.echo(message, err=True)
