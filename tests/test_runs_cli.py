"""``channelwatch runs`` shows what each recent run did, from the run history in the store."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from channelwatch.cli import cli
from channelwatch.store import Failure, finish_run, open_store, record_failures, start_run


def _store_with_two_runs(db: Path) -> tuple[str, str]:
    with open_store(db) as con:
        first = start_run(con, kind="daily", rules_version="rules-1")
        record_failures(
            con,
            first,
            [
                Failure("fetch_feed", "HTTP 500 from http://a.example/feed", "a-blog", "u1"),
                Failure("fetch_article", "timed out", "b-news", "u2"),
                Failure("fetch_article", "timed out", "b-news", "u3"),
            ],
        )
        finish_run(
            con,
            first,
            status="completed",
            counts={"feeds_ok": 20, "feeds_failed": 1, "entries_new": 7, "articles_new": 5},
            timings={"feeds": 1.25, "load": 0.5},
        )
        killed = start_run(con, kind="backfill", rules_version="rules-2")
    return first, killed


def test_runs_lists_counts_timings_rules_and_failures_by_source(tmp_path: Path) -> None:
    db = tmp_path / "cw.duckdb"
    first, killed = _store_with_two_runs(db)

    result = CliRunner().invoke(cli, ["runs", "--db", str(db)])

    assert result.exit_code == 0, result.output
    out = result.output
    # newest first: the killed run (never finished) says so
    assert out.index(killed) < out.index(first)
    assert "backfill  running" in out and "not finished (still running)" in out
    block = out[out.index(first) :]
    assert "daily  completed" in block and "rules rules-1" in block
    assert "feeds: ok 20, failed 1" in block
    assert "entries: new 7" in block and "articles: new 5" in block
    assert "time: feeds 1.2s, load 0.5s" in block
    assert "failures (3):" in block
    assert "b-news  [fetch_article] x2" in block and "a-blog  [fetch_feed] x1" in block


def test_runs_limit_and_an_empty_store(tmp_path: Path) -> None:
    db = tmp_path / "cw.duckdb"
    with open_store(db):
        pass
    empty = CliRunner().invoke(cli, ["runs", "--db", str(db)])
    assert empty.exit_code == 0 and "no runs recorded" in empty.output

    first, killed = _store_with_two_runs(db)
    one = CliRunner().invoke(cli, ["runs", "--db", str(db), "-n", "1"])
    assert killed in one.output and first not in one.output
