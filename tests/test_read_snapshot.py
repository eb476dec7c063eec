"""The read snapshot: readers hold it open while runs write the store, and never block them.

Readers are real second processes holding a read-only DuckDB connection; the run is the
real daily flow on a loopback site, under Prefect's test harness.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from servers import LoopbackServer, Route
from store_builder import build_store
from test_pipeline import page, rss

from channelwatch.store import open_store, start_run
from channelwatch.store.labels import record_label
from channelwatch.store.snapshot import publish_snapshot, read_path
from flows.daily import daily_flow

# holds the snapshot open (one connection, re-reading it) until told to stop, then
# prints every count of completed runs it saw
READER = """
import sys, time, pathlib, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
seen = set()
ready, stop = pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
while True:
    seen.add(con.execute("SELECT count(*) FROM runs WHERE status = 'completed'").fetchall()[0][0])
    ready.touch()
    if stop.exists():
        break
    time.sleep(0.05)
print(sorted(seen))
"""
PAGES = ["oracle-openai-capacity-texas-new-mexico", "microsoft-openai-end-exclusive-resale"]


@pytest.fixture
def hold_open(tmp_path: Path) -> Iterator[object]:
    """``hold_open(path)`` starts a reader on ``path``; ``.stop()`` returns what it saw."""
    started: list[subprocess.Popen[str]] = []

    class Reader:
        def __init__(self, path: Path) -> None:
            self.ready, self.stopfile = tmp_path / "ready", tmp_path / "stop"
            self.proc = subprocess.Popen(
                [sys.executable, "-c", READER, str(path), str(self.ready), str(self.stopfile)],
                stdout=subprocess.PIPE,
                text=True,
            )
            started.append(self.proc)
            deadline = time.monotonic() + 30
            while not self.ready.exists():
                assert self.proc.poll() is None, "the reader died"
                assert time.monotonic() < deadline, "the reader did not start"
                time.sleep(0.05)

        def holding(self) -> bool:
            return self.proc.poll() is None

        def stop(self) -> str:
            self.stopfile.touch()
            out, _ = self.proc.communicate(timeout=30)
            return out.strip()

    yield Reader
    for proc in started:
        proc.kill()
        proc.wait()


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    monkeypatch.setenv("CHANNELWATCH_PER_HOST_DELAY", "0")
    server = LoopbackServer()
    feed = rss([(slug, server.url(f"/a/{slug}.html")) for slug in PAGES])
    server.routes.update({f"/a/{slug}.html": page(slug) for slug in PAGES})
    server.routes["/feed.xml"] = Route(headers={"Content-Type": "application/rss+xml"}, body=feed)
    with server:
        yield server


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_completes_while_a_reader_holds_the_snapshot(
    tmp_path: Path, site: LoopbackServer, hold_open
) -> None:
    db = tmp_path / "cw.duckdb"
    snapshot = tmp_path / "cw-snapshot.duckdb"
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "feed"\nurl = "{site.url("/feed.xml")}"\n')

    def run() -> str:
        return daily_flow(sources_path=sources, db_path=db, allowed_hosts=[site.host_key]).status

    assert run() == "completed"
    assert snapshot.exists()  # published next to the store
    reader = hold_open(snapshot)
    # a run opens the store read-write many times and publishes a new snapshot; had it
    # waited for the reader, it would wait for ever (the reader only stops below)
    assert run() == "completed"
    assert reader.holding()
    assert reader.stop() == "[1]"  # its open snapshot never changed under it
    with duckdb.connect(str(snapshot), read_only=True) as con:
        completed = con.execute("SELECT count(*) FROM runs WHERE status = 'completed'")
        assert completed.fetchall() == [(2,)]  # a fresh open sees the second run


def test_publishing_replaces_the_snapshot_under_an_open_reader(tmp_path: Path, hold_open) -> None:
    db = build_store(tmp_path / "cw.duckdb")
    snapshot = tmp_path / "cw-snapshot.duckdb"
    with open_store(db) as con:
        publish_snapshot(con, db, snapshot)
    reader = hold_open(snapshot)
    with open_store(db) as con:
        con.execute("UPDATE store.runs SET status = 'completed'")
        publish_snapshot(con, db, snapshot)
    assert reader.stop() == "[0]"
    assert not list(tmp_path.glob(".*partial"))  # no half-written copy left behind
    with duckdb.connect(str(snapshot), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'completed'").fetchall() == [
            (1,)
        ]


def test_readers_use_the_snapshot_when_there_is_one(tmp_path: Path) -> None:
    db = tmp_path / "cw.duckdb"
    assert read_path(db, tmp_path / "cw-snapshot.duckdb") == db  # none published yet
    assert read_path(db, None) == db  # snapshots off
    (tmp_path / "cw-snapshot.duckdb").touch()
    assert read_path(db, tmp_path / "cw-snapshot.duckdb") == tmp_path / "cw-snapshot.duckdb"


# a run in the middle of a write: holds the store's lock until told to stop
WRITER = """
import sys, time, pathlib, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("BEGIN TRANSACTION")
con.execute("DELETE FROM store.events")
pathlib.Path(sys.argv[2]).touch()
while not pathlib.Path(sys.argv[3]).exists():
    time.sleep(0.05)
con.execute("ROLLBACK")
"""


class HeldLock:
    """Another process holding the store's write lock, as a run does mid-write."""

    def __init__(self, db: Path, folder: Path) -> None:
        ready, self.stopfile = folder / "locked", folder / "unlock"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(ready), str(self.stopfile)]
        )
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert self.proc.poll() is None, "the writer died"
            assert time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)

    def release(self) -> None:
        self.stopfile.touch()
        self.proc.wait(timeout=30)


@pytest.fixture
def hold_lock(tmp_path: Path) -> Iterator[Callable[[Path], HeldLock]]:
    """``hold_lock(db)`` takes the store's write lock in another process until released
    (or the test ends)."""
    held: list[HeldLock] = []

    def hold(db: Path) -> HeldLock:
        held.append(HeldLock(db, tmp_path))
        return held[-1]

    yield hold
    for lock in held:
        lock.release()


@pytest.fixture
def locked_store(tmp_path: Path, hold_lock: Callable[[Path], HeldLock]) -> Path:
    """A store with a published snapshot, its write lock held by another process."""
    db = build_store(tmp_path / "cw.duckdb")
    with open_store(db) as con:
        publish_snapshot(con, db, tmp_path / "cw-snapshot.duckdb")
    hold_lock(db)
    return db


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from channelwatch.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def test_sql_reads_the_snapshot_while_a_run_holds_the_store(locked_store: Path) -> None:
    query = "SELECT count(*) AS n FROM events WHERE type = 'hosting_deal'"
    result = cli("sql", query, "--db", str(locked_store), "--format", "csv", "--wait", "0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "n" and int(result.stdout.splitlines()[1]) > 0
    assert "waiting" not in result.stderr
    live = cli("sql", query, "--db", str(locked_store), "--live", "--wait", "0.5")
    assert live.returncode == 2
    assert "locked by another process" in live.stderr
    assert "Traceback" not in live.stderr


def test_digest_preview_reads_the_snapshot_while_a_run_holds_the_store(
    locked_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("digest", "--dry-run", "--out", str(out), "--db", str(locked_store))
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("digest-*.eml"))) == 1


# --- analysts' label reads: the snapshot when there is one, the waits said out loud ------


def first_event(db: Path) -> str:
    with open_store(db, read_only=True) as con:
        [(event_id,)] = con.execute("SELECT min(event_id) FROM events").fetchall()
    return str(event_id)


def test_labels_read_the_snapshot_while_a_run_holds_the_store(
    tmp_path: Path, hold_lock: Callable[[Path], HeldLock]
) -> None:
    db = build_store(tmp_path / "cw.duckdb")
    event_id = first_event(db)
    with open_store(db) as con:
        record_label(con, event_id, "correct", reviewer="tester")
        publish_snapshot(con, db, tmp_path / "cw-snapshot.duckdb")
    hold_lock(db)

    export = cli("labels", "export", "--db", str(db))
    stats = cli("labels", "stats", "--db", str(db))

    assert export.returncode == 0, export.stderr
    assert len(export.stdout.splitlines()) == 1  # the one reviewed passage
    assert stats.returncode == 0, stats.stderr
    assert "all reviewed events" in stats.stdout and "(1/1)" in stats.stdout
    for result in (export, stats):
        assert "waiting" not in result.stderr
        assert f"reading the snapshot {tmp_path / 'cw-snapshot.duckdb'}" in result.stderr
    live = cli("labels", "stats", "--db", str(db), "--live", "--wait", "1")
    assert live.returncode == 2
    assert "being written by another process; waiting" in live.stderr
    assert "locked by another process" in live.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "command", [["labels", "export"], ["labels", "stats"], ["runs"]], ids=" ".join
)
def test_reads_without_a_snapshot_say_they_wait_for_the_run_then_answer(
    command: list[str], tmp_path: Path, hold_lock: Callable[[Path], HeldLock]
) -> None:
    db = build_store(tmp_path / "cw.duckdb")  # no run has published a snapshot
    lock = hold_lock(db)
    code = "from channelwatch.cli import main; main()"
    reader = subprocess.Popen(
        [sys.executable, "-c", code, *command, "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stderr is not None
        said = reader.stderr.readline()  # before the lock is released: it must say why it waits
        assert f"the store {db} is being written by another process; waiting" in said
        lock.release()
        _out, err = reader.communicate(timeout=120)
    finally:
        reader.kill()
        reader.wait()
    assert reader.returncode == 0, err
    assert "snapshot" not in err


def test_a_verdict_goes_to_the_store_and_live_label_reads_see_it_at_once(tmp_path: Path) -> None:
    db = build_store(tmp_path / "cw.duckdb")
    snapshot = tmp_path / "cw-snapshot.duckdb"
    with open_store(db) as con:
        publish_snapshot(con, db, snapshot)

    marked = cli("label", first_event(db), "--wrong", "--db", str(db), "--by", "tester")
    assert marked.returncode == 0, marked.stderr

    def labels_in(path: Path) -> int:
        with duckdb.connect(str(path), read_only=True) as con:
            return int(con.execute("SELECT count(*) FROM store.labels").fetchall()[0][0])

    assert (labels_in(db), labels_in(snapshot)) == (1, 0)  # the snapshot is never written
    stale = cli("labels", "stats", "--db", str(db))
    assert "no reviewed events yet" in stale.stdout and "--live" in stale.stderr
    fresh = cli("labels", "stats", "--db", str(db), "--live")
    assert fresh.returncode == 0, fresh.stderr
    assert "all reviewed events" in fresh.stdout and "(0/1)" in fresh.stdout


def test_runs_reads_the_store_itself_for_the_run_in_progress(tmp_path: Path) -> None:
    db = build_store(tmp_path / "cw.duckdb")
    with open_store(db) as con:
        publish_snapshot(con, db, tmp_path / "cw-snapshot.duckdb")
        run_id = start_run(con, kind="daily")  # only ever in the store: snapshots follow runs
    result = cli("runs", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert f"{run_id}  daily  running" in result.stdout
