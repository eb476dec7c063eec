"""A tethered child dies with its parent, even when the parent is killed with SIGKILL.

Real processes: a parent Python process starts a tethered sleeper (and, in the second
test, the real ``prefect server start`` that ``channelwatch serve`` uses), prints the
child's pid, and is then killed with ``kill -9``.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from channelwatch.settings import ROOT

SLEEPER = """
import sys
from channelwatch.lifeline import spawn_tethered
child = spawn_tethered("http.server", ["--bind", "127.0.0.1", "0"])
print(child.pid, flush=True)
sys.stdin.read()  # wait to be killed
"""


def _wait_gone(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def _parent(code: str, *args: str) -> tuple[subprocess.Popen[str], int]:
    """Run ``code`` in a parent process; returns it and the child pid it prints."""
    parent = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    line = parent.stdout.readline()
    assert line.strip().isdigit(), f"the parent printed {line!r}"
    return parent, int(line)


def test_a_tethered_child_dies_when_its_parent_is_killed_with_sigkill() -> None:
    parent, child_pid = _parent(SLEEPER)
    child = psutil.Process(child_pid)
    assert child.is_running() and child.ppid() == parent.pid
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)

    assert _wait_gone(child_pid, timeout_s=15), "the tethered child outlived its parent"


def test_a_tethered_child_runs_while_its_parent_lives() -> None:
    parent, child_pid = _parent(SLEEPER)
    try:
        time.sleep(1.0)
        assert psutil.Process(child_pid).status() != psutil.STATUS_ZOMBIE
    finally:
        parent.kill()
        parent.wait(timeout=10)
    assert _wait_gone(child_pid, timeout_s=15)


SERVER = """
import socket, sys
from flows.runners import local_prefect_server
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
with local_prefect_server(port, home=sys.argv[1]) as url:
    import psutil
    print(psutil.Process().children()[0].pid, flush=True)
    sys.stdin.read()
"""


def test_the_serve_commands_prefect_server_dies_with_it(tmp_path: Path) -> None:
    parent, server_pid = _parent(SERVER, str(tmp_path))
    server = psutil.Process(server_pid)
    started = [server, *server.children(recursive=True)]
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)

    survivors = [p.pid for p in started if not _wait_gone(p.pid, timeout_s=30)]
    assert survivors == [], f"processes of the killed parent still running: {survivors}"


HARNESS = """
import sys
sys.path.insert(0, "tests")
from channelwatch.settings import apply_prefect_defaults
apply_prefect_defaults()
from prefect_harness import tethered_test_harness
with tethered_test_harness():
    import psutil
    print(psutil.Process().children()[0].pid, flush=True)
    sys.stdin.read()
"""


def test_the_test_suites_prefect_server_dies_with_a_killed_pytest() -> None:
    """The session's Prefect harness (tests/conftest.py) in a process killed with kill -9,
    as a pytest interrupted that way is: its uvicorn server must not outlive it."""
    parent, server_pid = _parent(HARNESS)
    server = psutil.Process(server_pid)
    started = [server, *server.children(recursive=True)]
    assert any("uvicorn" in " ".join(p.cmdline()) for p in started), "no Prefect server?"
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)

    survivors = [p.pid for p in started if not _wait_gone(p.pid, timeout_s=30)]
    assert survivors == [], f"processes of the killed parent still running: {survivors}"
