"""Two ``channelwatch digest`` runs started at the same moment send the week once.

Real parts: two console-script processes, one store, and the real aiosmtpd server of the
digest tests, whose DATA step is slowed so that both runs are sending at the same time
unless the second waits for the first (``channelwatch.digest.lock``).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from digest_store import build_digest_store
from test_digest_send import TO, Inbox, Server, sent_weeks, serve, smtp_env

from channelwatch.settings import ROOT

SLOW_DATA_S = 2.0


class SlowInbox(Inbox):
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(SLOW_DATA_S)  # a slow server: the window two runs would share
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    import test_digest_send

    monkeypatch.setattr(test_digest_send, "Inbox", SlowInbox)
    yield from serve()


def test_two_simultaneous_digest_runs_send_one_message(
    tmp_path: Path, slow_smtp_server: Server
) -> None:
    store = build_digest_store(tmp_path / "digest.duckdb")
    env = {**os.environ, **smtp_env(slow_smtp_server.port)}
    script = str(Path(sys.executable).parent / "channelwatch")
    runs = [
        subprocess.Popen(
            [script, "digest", "--db", str(store)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]

    assert [run.returncode for run in runs] == [0, 0], outputs
    assert len(slow_smtp_server.inbox.envelopes) == 1, outputs
    assert sum(f"sent to {TO}" in out for out in outputs) == 1, outputs
    assert sum(f"skipped {TO}: already sent" in out for out in outputs) == 1, outputs
    assert len(sent_weeks(store)) == 1
