"""A run's record in ``store.runs``: opened before any work, closed as failed on any error."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from channelwatch.pipeline.summary import RunSummary
from channelwatch.store import finish_run, open_store, start_run, sync_sources
from channelwatch.store.runs import mark_crashed_runs
from channelwatch.store.sources import fetch_states
from extractors.models import FetchState, Source


@contextmanager
def recorded_run(
    db: Path,
    *,
    kind: str,
    sources: Sequence[Source],
    rules_version: str,
    flow_run_id: str | None = None,
) -> Iterator[tuple[RunSummary, dict[str, FetchState]]]:
    """Mark earlier runs whose process is gone as crashed, sync the sources, start a run,
    and yield its summary with the sources' fetch state.

    If the body raises (a bug, Ctrl-C, a store error), the run is recorded as failed with
    the error before the exception goes on; the body records success itself, since what a
    completed run saves differs between flows.
    """
    with open_store(db) as con:
        mark_crashed_runs(con)  # earlier runs on this host whose process is gone
        sync_sources(con, sources)
        states = fetch_states(con)
        run_id = start_run(con, kind=kind, rules_version=rules_version, flow_run_id=flow_run_id)
    summary = RunSummary(run_id=run_id, rules_version=rules_version)
    try:
        yield summary, states
    except BaseException as exc:
        summary.status = "failed"
        with open_store(db) as con:
            finish_run(
                con,
                run_id,
                status="failed",
                counts=summary.counts,
                timings=summary.timings,
                error=repr(exc),
            )
        raise
