"""Opening the DuckDB store and keeping its schema current.

DuckDB lets one process hold a read-write connection at a time, and that lock blocks
readers in other processes too. So every opener here waits for the lock with a clear
message instead of crashing, and writers keep their connections short (one per batch).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from channelwatch.errors import StoreBusyError, StoreError
from channelwatch.settings import SCHEMA_DIR

MIGRATION_FILE = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
VIEWS_FILE = "views.sql"
RESERVED_STEMS = frozenset({"store", "main", "temp", "system", "memory"})
_LOCK_HINTS = ("Could not set lock", "Conflicting lock")


def _is_lock_error(exc: Exception) -> bool:
    return any(hint in str(exc) for hint in _LOCK_HINTS)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        if _is_lock_error(exc):
            raise
        raise StoreError(
            f"cannot open the store {path}: {exc}. It is not a DuckDB file this version can "
            "read (corrupt, or written by a newer DuckDB); move it aside and run again, "
            "or upgrade channelwatch."
        ) from exc


@contextmanager
def open_store(
    path: Path,
    *,
    read_only: bool = False,
    wait_s: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the store, waiting up to ``wait_s`` for another process's write lock.

    A read-write open creates the file if needed and applies pending migrations.
    A read-only open of a missing file is an error that says how to create it.
    """
    path = Path(path)
    if path.stem.lower() in RESERVED_STEMS:
        raise StoreError(
            f"the store file may not be named {path.name}: DuckDB names the database after "
            f"the file, which would clash with the schema '{path.stem}'; rename it "
            "(e.g. channelwatch.duckdb)"
        )
    if read_only and not path.exists():
        raise StoreError(
            f"no store at {path}; run 'channelwatch demo --db {path}' or "
            f"'channelwatch run --db {path}' first"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    announced = False
    while True:
        try:
            con = _connect(path, read_only)
            break
        except duckdb.Error as exc:
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    f"the store {path} is locked by another process (a run is writing); "
                    f"waited {wait_s:.0f}s. Try again when it finishes. ({exc})"
                ) from exc
            if not announced and on_wait is not None:
                on_wait(f"the store {path} is being written by another process; waiting...")
                announced = True
            time.sleep(0.2)
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()


def _checksum(sql: str) -> str:
    return hashlib.sha256(sql.encode("utf-8")).hexdigest()[:16]


def migration_files(schema_dir: Path = SCHEMA_DIR) -> list[Path]:
    return sorted(p for p in schema_dir.glob("*.sql") if MIGRATION_FILE.match(p.name))


def migrate(con: duckdb.DuckDBPyConnection, schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Apply each numbered migration once, in order, and refresh the views if they changed.

    Each migration runs in its own transaction and is recorded in
    ``schema_migrations``; re-running is a no-op. Returns the names applied.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name VARCHAR PRIMARY KEY, checksum VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = dict(con.execute("SELECT name, checksum FROM schema_migrations").fetchall())
    applied: list[str] = []
    for path in migration_files(schema_dir):
        if path.name in done:
            continue
        _apply(con, path.name, path.read_text(encoding="utf-8"))
        applied.append(path.name)
    views = schema_dir / VIEWS_FILE
    if views.exists():
        sql = views.read_text(encoding="utf-8")
        if done.get(VIEWS_FILE) != _checksum(sql):
            _apply(con, VIEWS_FILE, sql, replace=True)
            applied.append(VIEWS_FILE)
    return applied


def _apply(con: duckdb.DuckDBPyConnection, name: str, sql: str, *, replace: bool = False) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql)
        if replace:
            con.execute("DELETE FROM schema_migrations WHERE name = ?", [name])
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [name, _checksum(sql)])
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"migration {name} failed: {exc}; the store is unchanged") from exc
