"""Shared fixtures: a fresh store path, and one Prefect test harness per session; and a
check, at the end of the session, that no process the tests started is still running."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from prefect_harness import tethered_test_harness
from routes import fault_server  # noqa: F401
from servers import loopback_server, second_loopback_server  # noqa: F401

from channelwatch.settings import ROOT, apply_prefect_defaults

apply_prefect_defaults()

SHARED = ROOT.parent / "shared"

# Every process the tests start inherits this mark, also those that outlive their parent
# (an orphan is no longer a child of pytest, but it keeps its environment).
SESSION_MARK = "CHANNELWATCH_TEST_SESSION"
os.environ[SESSION_MARK] = uuid.uuid4().hex
LEFTOVER_WAIT_S = 20.0  # servers stopped at the end of the session take a moment to exit


def _marked_processes(mark: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        if proc.pid == os.getpid():
            continue
        try:
            if proc.environ().get(SESSION_MARK) != mark or proc.status() == "zombie":
                continue
            # multiprocessing's resource tracker (the process pools' spawn context) is
            # pytest's own child and ends when pytest does, by design: not a leftover
            tracker = "multiprocessing.resource_tracker" in " ".join(proc.cmdline())
            if not (tracker and proc.ppid() == os.getpid()):
                found.append(proc)
        except psutil.Error:  # gone meanwhile, or another user's
            continue
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session if a process it started outlives it (then stop those processes)."""
    _, alive = psutil.wait_procs(_marked_processes(os.environ[SESSION_MARK]), LEFTOVER_WAIT_S)
    if not alive:
        return
    lines = []
    for proc in alive:
        try:
            lines.append(f"  pid {proc.pid}: {' '.join(proc.cmdline())[:200]}")
            proc.kill()
        except psutil.Error:
            continue
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "\nprocesses started by the tests outlived them (now killed):\n" + "\n".join(lines)
    if reporter is not None:
        reporter.write_line(message, red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect server and database for every flow test of the session.

    Starting it costs seconds, so only tests that run flows ask for it. Its server is
    tethered to the session: a pytest killed with ``kill -9`` leaves no server behind.
    """
    with tethered_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's DuckDB store lives (created by the first write)."""
    return tmp_path / "channelwatch.duckdb"
