"""``python -m bench.instructions``: what it asks for before it spends minutes under valgrind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.instructions import COLLECTED
from channelwatch.settings import ROOT


def _run(*args: str, path: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path}
    cmd = [sys.executable, "-m", "bench.instructions", *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_without_valgrind_it_says_how_to_install_it(tmp_path: Path) -> None:
    proc = _run("--small", "1", "--large", "2", path=str(tmp_path))  # an empty PATH: no valgrind
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("error: valgrind is not installed; apt-get install -y valgrind")
    assert proc.stdout == ""


def test_the_second_run_must_be_the_larger() -> None:
    proc = _run("--small", "5", "--large", "5", path=os.environ.get("PATH", ""))
    assert proc.returncode == 2
    assert "--large must be more than --small" in proc.stderr


def test_reads_the_count_callgrind_prints() -> None:
    stderr = "==25269== Events    : Ir\n==25269== Collected : 11095660136\n==25269==\n"
    found = COLLECTED.search(stderr)
    assert found is not None and found.group(1) == "11095660136"
    assert COLLECTED.search("==1== Collected : 1,234,567")
