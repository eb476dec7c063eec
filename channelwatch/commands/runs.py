"""``channelwatch runs``: what the recent runs did, from ``store.runs`` and ``store.failures``.

One block per run, newest first: kind, status, when and how long, the rules version, the
counts per stage, the time per stage, and the failures grouped by source and stage.
A run whose process is gone (killed, or the machine stopped) shows as ``crashed``, whether
or not a later run has marked it so yet; its whole batches are stored and the next run
fetches the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import click
import duckdb

from channelwatch.commands.options import db_option
from channelwatch.commands.stores import report_wait, store_path
from channelwatch.store import open_store
from channelwatch.store.runs import crashed_run_ids

STAGE_COUNTS = (
    ("feeds", ("feeds_ok", "feeds_not_modified", "feeds_failed", "feeds_backing_off")),
    ("entries", ("entries", "entries_new")),
    ("articles", ("articles_fetched", "articles_new", "articles_duplicate")),
    ("events", ("events",)),
)


@dataclass(slots=True)
class RunRow:
    run_id: str
    kind: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    rules_version: str | None
    counts: dict[str, int]
    timings: dict[str, float]
    error: str | None
    failures: list[tuple[str, str, int]] = field(default_factory=list)  # source, stage, n

    def lines(self) -> list[str]:
        if self.finished_at:
            took = f"{(self.finished_at - self.started_at).total_seconds():.1f}s"
        elif self.status == "crashed":
            took = "never finished"
        else:
            took = "not finished (still running)"
        out = [
            f"{self.run_id}  {self.kind}  {self.status}  "
            f"started {self.started_at:%Y-%m-%d %H:%M:%S}  took {took}  "
            f"rules {self.rules_version or '-'}"
        ]
        for stage, keys in STAGE_COUNTS:
            shown = [
                f"{k.removeprefix(stage + '_')} {self.counts[k]}" for k in keys if k in self.counts
            ]
            if shown:
                out.append(f"  {stage}: " + ", ".join(shown))
        if self.timings:
            out.append("  time: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items()))
        if self.failures:
            total = sum(n for _, _, n in self.failures)
            out.append(f"  failures ({total}):")
            out += [f"    {source}  [{stage}] x{n}" for source, stage, n in self.failures]
        if self.error:
            out.append(f"  error: {self.error}")
        return out


def recent_runs(con: duckdb.DuckDBPyConnection, *, limit: int = 10) -> list[RunRow]:
    """The ``limit`` newest runs with their failures grouped by source and stage."""
    rows = con.execute(
        "SELECT run_id, kind, status, started_at, finished_at, rules_version, counts, timings,"
        " error FROM store.runs ORDER BY started_at DESC LIMIT ?",
        [limit],
    ).fetchall()
    runs = [
        RunRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            json.loads(r[6] or "{}"),
            json.loads(r[7] or "{}"),
            r[8],
        )
        for r in rows
    ]
    by_id = {run.run_id: run for run in runs}
    for run_id in crashed_run_ids(con):  # not marked yet: no run has started since
        if run_id in by_id:
            by_id[run_id].status = "crashed"
    if by_id:
        failures = con.execute(
            "SELECT run_id, coalesce(source, '-'), stage, count(*) FROM store.failures"
            " WHERE run_id IN (SELECT unnest(?)) GROUP BY ALL ORDER BY 4 DESC, 2, 3",
            [list(by_id)],
        ).fetchall()
        for run_id, source, stage, n in failures:
            by_id[run_id].failures.append((source, stage, n))
    return runs


@click.command(name="runs")
@db_option
@click.option("--limit", "-n", default=10, show_default=True, help="How many recent runs.")
def command(db_path: Path | None, limit: int) -> None:
    """List recent runs: counts per stage, failures by source, timings, rules version."""
    db = store_path(db_path)
    with open_store(db, read_only=True, on_wait=report_wait) as con:
        runs = recent_runs(con, limit=limit)
    if not runs:
        click.echo(f"no runs recorded in {db} yet; 'channelwatch run' records one")
        return
    for i, run in enumerate(runs):
        if i:
            click.echo("")
        for line in run.lines():
            click.echo(line)
