"""Smoke test of the weekly digest flow under Prefect's test harness."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from digest_store import build_digest_store, target_week
from test_digest_send import TO, Server, serve, smtp_env


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    yield from serve()


def test_weekly_flow_sends_once_then_skips(
    prefect_harness: None, tmp_path: Path, smtp_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.weekly import weekly_digest_flow

    store = build_digest_store(tmp_path / "digest.duckdb")
    for key, value in smtp_env(smtp_server.port).items():
        monkeypatch.setenv(key, value)
    first = weekly_digest_flow(db_path=store)
    second = weekly_digest_flow(week=str(target_week()), db_path=store)
    assert first.week == str(target_week()) and first.sent_to == (TO,)
    assert second.sent_to == () and [a for a, _ in second.skipped] == [TO]
    assert len(smtp_server.inbox.envelopes) == 1
