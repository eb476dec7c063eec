"""A run whose process is gone shows as crashed, and the next run marks it so in the store.

The "gone" process is a real one: a child that ran and exited, whose pid the run row
records, as ``kill -9`` of a run leaves it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from channelwatch.cli import cli
from channelwatch.pipeline.runs import recorded_run
from channelwatch.store import open_store, start_run
from extractors.models import Source

SOURCES = [Source(name="wire", url="https://example.com/feed.xml")]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _runs(db: Path) -> dict[str, tuple[str, str | None]]:
    with open_store(db, read_only=True) as con:
        rows = con.execute("SELECT run_id, status, error FROM store.runs").fetchall()
    return {run_id: (status, error) for run_id, status, error in rows}


def _store_with_a_killed_and_a_live_run(db: Path) -> tuple[str, str]:
    with open_store(db) as con:
        killed = start_run(con, kind="daily", rules_version="v1")
        live = start_run(con, kind="backfill", rules_version="v1")  # this very process
        con.execute("UPDATE store.runs SET pid = ? WHERE run_id = ?", [_dead_pid(), killed])
    return killed, live


def test_runs_shows_a_run_whose_process_is_gone_as_crashed(db_path: Path) -> None:
    killed, live = _store_with_a_killed_and_a_live_run(db_path)

    out = CliRunner().invoke(cli, ["runs", "--db", str(db_path)]).output

    killed_block = out[out.index(killed) :].splitlines()[0]
    live_block = out[out.index(live) :].splitlines()[0]
    assert "daily  crashed" in killed_block and "never finished" in killed_block
    assert "backfill  running" in live_block and "still running" in live_block


def test_the_next_run_marks_runs_whose_process_is_gone_as_crashed(db_path: Path) -> None:
    killed, live = _store_with_a_killed_and_a_live_run(db_path)

    with recorded_run(db_path, kind="daily", sources=SOURCES, rules_version="v1") as (new, _):
        pass

    runs = _runs(db_path)
    status, error = runs[killed]
    assert status == "crashed"
    assert error is not None and "ended without finishing the run" in error
    assert runs[live] == ("running", None)  # its process (this one) is alive
    assert runs[new.run_id][0] == "running"


def test_a_recycled_pid_does_not_keep_a_crashed_run_running(db_path: Path) -> None:
    # the pid now belongs to a process that started after the run: the run's is gone
    with open_store(db_path) as con:
        old = start_run(con, kind="daily", rules_version="v1")
        con.execute(
            "UPDATE store.runs SET started_at = started_at - INTERVAL 1 DAY WHERE run_id = ?", [old]
        )
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with open_store(db_path) as con:
            con.execute("UPDATE store.runs SET pid = ? WHERE run_id = ?", [sleeper.pid, old])
        with recorded_run(db_path, kind="daily", sources=SOURCES, rules_version="v1"):
            pass
    finally:
        sleeper.kill()
        sleeper.wait()
    assert _runs(db_path)[old][0] == "crashed"
