"""Runner options that cannot work are refused before anything starts, naming the option."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from channelwatch.errors import ConfigError
from flows.runners import check_runner_options


@pytest.mark.parametrize(
    ("kind", "address", "workers", "culprit"),
    [
        ("threads", None, 2, "--runner processes"),
        ("threads", "tcp://127.0.0.1:8786", None, "--runner dask"),
        ("processes", "tcp://127.0.0.1:8786", None, "only applies to --runner dask"),
        ("processes", None, 0, "--workers 0"),
        ("dask", "tcp://127.0.0.1:8786", 2, "both given"),
        ("dask", "127.0.0.1:8786", None, "tcp://host:8786"),
        ("dask", None, 0, "--workers 0"),
        ("fibers", None, None, "unknown runner 'fibers'"),
    ],
)
def test_bad_combinations_are_refused(
    kind: str, address: str | None, workers: int | None, culprit: str
) -> None:
    with pytest.raises(ConfigError, match=culprit):
        check_runner_options(kind, address=address, workers=workers)


def test_good_combinations_pass() -> None:
    check_runner_options("threads", address=None, workers=None)
    check_runner_options("dask", address=None, workers=None)
    check_runner_options("dask", address=None, workers=3)
    check_runner_options("dask", address="tcp://10.0.0.5:8786", workers=None)
    check_runner_options("processes", address=None, workers=None)
    check_runner_options("processes", address=None, workers=2)


def test_cli_refuses_workers_without_dask_in_one_line() -> None:
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "channelwatch"), "run", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "error: --address and --workers do not apply to --runner threads; "
        "add --runner processes (--workers) or --runner dask, or drop them"
    )
