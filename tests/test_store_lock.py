"""A reader while another process writes: it waits with a message, then answers, or
gives up after --wait with one line. The writer is a real second process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_builder import build_store

WRITER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("BEGIN TRANSACTION")
con.execute("DELETE FROM store.events WHERE type = 'packaging_change'")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
con.execute("COMMIT")
con.close()
"""
READER = "from channelwatch.cli import main; main()"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "lock.duckdb")


@pytest.fixture
def hold_lock(tmp_path: Path) -> Iterator[object]:
    started: list[subprocess.Popen[bytes]] = []

    def hold(db: Path, seconds: float) -> None:
        ready = tmp_path / "ready"
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(ready), str(seconds)])
        started.append(proc)
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "writer did not start"
            time.sleep(0.05)

    yield hold
    for proc in started:
        proc.kill()
        proc.wait()


def read(db: Path, wait: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            READER,
            "sql",
            "SELECT count(*) AS n FROM events WHERE type = 'packaging_change'",
            "--db",
            str(db),
            "--format",
            "csv",
            "--wait",
            str(wait),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_reader_waits_for_the_writer_then_answers(db: Path, hold_lock) -> None:
    hold_lock(db, 3.0)
    result = read(db, 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["n", "0"]  # it sees the committed write
    assert "being written by another process; waiting" in result.stderr


def test_reader_gives_up_after_wait_with_one_line(db: Path, hold_lock) -> None:
    hold_lock(db, 30.0)
    result = read(db, 1)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: the store") and "locked by another process" in lines[-1]
    assert "Traceback" not in result.stderr
