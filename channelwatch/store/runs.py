"""The runs table: each run's start, finish and failures, and runs whose process is gone.

A run records its pid and host (migration 005), so that a run whose process is gone can be
told apart from running ones and marked ``crashed`` by the next run on the same host. A pid
alone is not enough, since the system reuses them: a process with the run's pid that
started after the run did is another program, so the run's own process is gone.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import duckdb
import psutil

from channelwatch.store.sql import now_utc


@dataclass(frozen=True, slots=True)
class Failure:
    """One thing that went wrong in a run, for ``store.failures``."""

    stage: str
    error: str
    source: str | None = None
    url: str | None = None


# printf-style, filled in SQL with the row's pid and host
CRASHED_ERROR = (
    "the run's process (pid %d on %s) ended without finishing the run (killed, or the "
    "machine stopped); its whole batches are stored and the next run fetches the rest"
)


def this_host() -> str:
    """The host name each run records (``start_run``) beside its pid."""
    return socket.gethostname()


def process_gone(pid: int, started_at: datetime) -> bool:
    """True when no process started at or before ``started_at`` has this pid any more."""
    try:
        process = psutil.Process(pid)
        created = process.create_time()
        if process.status() == psutil.STATUS_ZOMBIE:  # dead, waiting for its parent
            return True
    except psutil.NoSuchProcess:
        return True
    except psutil.Error:  # exists, but cannot be inspected: assume it is the run
        return False
    return created > started_at.timestamp() + 1.0  # a newer process reuses the pid


def crashed_run_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Runs marked ``running`` whose process, on this host, is gone."""
    try:
        rows = con.execute(
            "SELECT run_id, pid, started_at FROM store.runs"
            " WHERE status = 'running' AND pid IS NOT NULL AND host = ?",
            [this_host()],
        ).fetchall()
    except duckdb.BinderException:  # a store opened read-only before migration 005
        return []
    return [run_id for run_id, pid, started in rows if process_gone(pid, started)]


def mark_crashed_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark the runs whose process is gone as ``crashed``; returns their ids."""
    crashed = crashed_run_ids(con)
    if crashed:
        con.execute(
            "UPDATE store.runs SET status = 'crashed', error = printf(?, pid, host)"
            " WHERE run_id IN (SELECT unnest(?))",
            [CRASHED_ERROR, crashed],
        )
    return crashed


def start_run(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str,
    rules_version: str | None = None,
    flow_run_id: str | None = None,
) -> str:
    run_id = f"{now_utc():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    con.execute(
        "INSERT INTO store.runs (run_id, kind, started_at, status, rules_version, flow_run_id,"
        " pid, host) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)",
        [run_id, kind, now_utc(), rules_version, flow_run_id, os.getpid(), this_host()],
    )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    status: str,
    counts: Mapping[str, int],
    timings: Mapping[str, float],
    error: str | None = None,
) -> None:
    con.execute(
        "UPDATE store.runs SET finished_at = ?, status = ?, counts = ?, timings = ?, error = ?"
        " WHERE run_id = ?",
        [
            now_utc(),
            status,
            json.dumps(dict(counts)),
            json.dumps({k: round(v, 3) for k, v in timings.items()}),
            error,
            run_id,
        ],
    )


def record_failures(
    con: duckdb.DuckDBPyConnection, run_id: str, failures: Iterable[Failure]
) -> int:
    rows = [(run_id, f.stage, f.source, f.url, f.error, now_utc()) for f in failures]
    if rows:
        con.executemany("INSERT INTO store.failures VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
