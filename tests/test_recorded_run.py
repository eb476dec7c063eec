"""A run that breaks is recorded as failed, with its error, before the error goes on."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from channelwatch.pipeline.runs import recorded_run
from extractors.models import Source

SOURCES = [Source(name="wire", url="https://example.com/feed.xml")]


def runs(db: Path) -> list[tuple[str, str, str | None]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT kind, status, error FROM store.runs").fetchall()


def test_an_error_in_the_body_marks_the_run_failed(db_path: Path) -> None:
    with (
        pytest.raises(RuntimeError, match="feed server exploded"),
        recorded_run(db_path, kind="daily", sources=SOURCES, rules_version="v1") as (summary, _),
    ):
        summary.counts["entries"] = 3
        raise RuntimeError("feed server exploded")
    [(kind, status, error)] = runs(db_path)
    assert (kind, status) == ("daily", "failed")
    assert error is not None and "feed server exploded" in error


def test_sources_are_synced_and_their_state_is_handed_over(db_path: Path) -> None:
    with recorded_run(db_path, kind="daily", sources=SOURCES, rules_version="v1") as (_, states):
        assert set(states) == {"https://example.com/feed.xml"}
    assert runs(db_path) == [("daily", "running", None)], "success is the body's to record"
