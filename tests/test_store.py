"""The store's own guarantees: migrations once, clear errors for files it cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwatch.errors import StoreError
from channelwatch.store import open_store


def test_migrations_apply_once(db_path: Path) -> None:
    with open_store(db_path) as con:
        first = con.execute("SELECT name, applied_at FROM schema_migrations").fetchall()
    with open_store(db_path) as con:
        second = con.execute("SELECT name, applied_at FROM schema_migrations").fetchall()
    assert first == second
    assert any(name.startswith("001_") for name, _ in first)


def test_a_file_that_is_not_a_store_gets_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "channelwatch.duckdb"
    bogus.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a DuckDB file"), open_store(bogus):
        pass
    assert bogus.read_bytes().startswith(b"this is not"), "the file is left as it was"


def test_a_store_named_like_its_schema_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="rename it"), open_store(tmp_path / "store.duckdb"):
        pass


def test_reading_a_missing_store_says_how_to_create_it(tmp_path: Path) -> None:
    absent = tmp_path / "absent.duckdb"
    with pytest.raises(StoreError, match="channelwatch demo"), open_store(absent, read_only=True):
        pass


def test_a_damaged_store_gets_a_clear_error_and_is_left_alone(db_path: Path) -> None:
    with open_store(db_path):
        pass
    damaged = bytearray(db_path.read_bytes())
    damaged[12:20] = (9999).to_bytes(8, "little")  # the header's version field
    db_path.write_bytes(damaged)
    with pytest.raises(StoreError, match="move it aside"), open_store(db_path):
        pass
    assert db_path.read_bytes() == damaged
