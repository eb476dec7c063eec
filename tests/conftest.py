"""Shared fixtures: a fresh store path, and one Prefect test harness per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import fault_server, loopback_server, second_loopback_server  # noqa: F401

from channelwatch.settings import ROOT, apply_prefect_defaults

apply_prefect_defaults()

SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect server and database for every flow test of the session.

    Starting it costs seconds, so only tests that run flows ask for it.
    """
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's DuckDB store lives (created by the first write)."""
    return tmp_path / "channelwatch.duckdb"
