"""Processes left behind: what survives a ``channelwatch run`` killed with ``kill -9``, a
slice of the test suite that starts Prefect servers, and a pytest killed with ``kill -9``.

    .venv/bin/python -m bench.leftovers

Every process is started with a mark in its environment (``CHANNELWATCH_BENCH_MARK``, a
fresh uuid), which its children and their children inherit, orphans included. After each
case the bench waits for the marked processes to end (servers stopping take a moment) and
counts those still running. The target is 0 for each. Survivors are then stopped, by pid.

- run: ``channelwatch run`` with no Prefect API configured (so it starts its own server),
  on a loopback feed whose one article hangs; killed once the article was requested.
- tests: ``pytest tests/test_lifeline.py tests/test_read_snapshot.py`` (tethered parents
  killed, local Prefect servers, the session's Prefect harness running flows), to its end.
- killed tests: ``pytest tests/test_pipeline.py`` killed once its Prefect harness is up.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import psutil

from channelwatch.demo import LoopbackHTTPServer
from channelwatch.settings import ROOT

MARK = "CHANNELWATCH_BENCH_MARK"
WAIT_S = 30.0  # for processes that are stopping to be gone
START_TIMEOUT_S = 180.0
TEST_SLICE = ("tests/test_lifeline.py", "tests/test_read_snapshot.py")
KILLED_SLICE = ("tests/test_pipeline.py",)


def marked(mark: str) -> list[psutil.Process]:
    """Running (not zombie) processes whose environment carries ``mark``."""
    found = []
    for proc in psutil.process_iter():
        if proc.pid == os.getpid():
            continue
        with contextlib.suppress(psutil.Error):
            if proc.environ().get(MARK) == mark and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
    return found


def survivors(mark: str) -> list[str]:
    """The marked processes still running after ``WAIT_S``; they are then killed."""
    _, alive = psutil.wait_procs(marked(mark), timeout=WAIT_S)
    left = []
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            left.append(f"{proc.pid}: {' '.join(proc.cmdline())[:120]}")
            proc.kill()
    return left


def _env(mark: str) -> dict[str, str]:
    env = {**os.environ, MARK: mark, "CHANNELWATCH_ALLOW_PRIVATE_HOSTS": "1"}
    env["CHANNELWATCH_PER_HOST_DELAY"] = "0"
    env.pop("PREFECT_API_URL", None)  # each starts its own Prefect server, as a first run does
    return env


def _wait_for(check: Any, what: str, proc: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not check():
        if proc.poll() is not None:
            raise RuntimeError(f"{what}: the process ended first (exit {proc.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {START_TIMEOUT_S:.0f} s")
        time.sleep(0.2)


def _has_uvicorn(pid: int) -> bool:
    with contextlib.suppress(psutil.Error):
        return any("uvicorn" in " ".join(p.cmdline()) for p in psutil.Process(pid).children(True))
    return False


class _Hanging(BaseHTTPRequestHandler):
    server: _Site

    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            body = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                f"<item><title>a</title><link>{base}/a.html</link></item></channel></rss>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.server.requested.set()
        self.server.release.wait(120)  # until the bench stops the server

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Site(LoopbackHTTPServer):
    requested: threading.Event
    release: threading.Event


@contextlib.contextmanager
def _hanging_site() -> Iterator[_Site]:
    site = _Site(("127.0.0.1", 0), _Hanging)
    site.requested, site.release = threading.Event(), threading.Event()
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        site.shutdown()
        site.server_close()


def killed_run() -> list[str]:
    """``channelwatch run`` killed with ``kill -9`` mid-run: what survives it."""
    mark = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="cw-bench-left-") as tmp, _hanging_site() as site:
        sources = Path(tmp) / "sources.toml"
        url = f"http://127.0.0.1:{site.server_address[1]}/feed.xml"
        sources.write_text(f'[[source]]\nname = "hang"\nurl = "{url}"\n', encoding="utf-8")
        cli = str(Path(sys.executable).parent / "channelwatch")
        proc = subprocess.Popen(
            [cli, "run", "--sources", str(sources), "--db", str(Path(tmp) / "cw.duckdb")],
            cwd=ROOT,
            env=_env(mark),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(site.requested.is_set, "the run never requested the article", proc)
            _wait_for(lambda: _has_uvicorn(proc.pid), "no Prefect server in the run", proc)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        return survivors(mark)


def suite_slice(*, kill: bool) -> list[str]:
    """A slice of the test suite run to its end (``kill``: killed with ``kill -9`` once its
    Prefect harness is up): what survives it."""
    mark = uuid.uuid4().hex
    tests = KILLED_SLICE if kill else TEST_SLICE
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=ROOT,
        env=_env(mark),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if kill:
            _wait_for(lambda: _has_uvicorn(proc.pid), "no Prefect harness in pytest", proc)
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=900)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return survivors(mark)


def measure_leftovers() -> dict[str, object]:
    """The bench row: processes left after each case (target 0)."""
    cases = {
        "kill -9 of a run": killed_run,
        "a test slice": lambda: suite_slice(kill=False),
        "kill -9 of pytest": lambda: suite_slice(kill=True),
    }
    left = {name: case() for name, case in cases.items()}
    return {"left": {name: len(procs) for name, procs in left.items()}, "processes": left}


def main() -> None:
    result = measure_leftovers()
    for name, procs in result["processes"].items():  # type: ignore[attr-defined]
        print(f"{name}: {len(procs)} left" + "".join(f"\n  {p}" for p in procs))


if __name__ == "__main__":
    main()
