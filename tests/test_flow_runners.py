"""The daily flow on 2 worker processes (Prefect's process pool, or a Dask LocalCluster)
stores exactly what the default runner does.

Small on purpose (two demo feeds, 9 pages, batches of 2): CPU is shared. Both runs read
the same loopback server, so article ids (hashes of the URL) are comparable.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from channelwatch.demo import DEMO_DIR, serve_demo
from channelwatch.pipeline.summary import RunSummary
from channelwatch.store import open_store

FEEDS = ("modelmakers-newsroom", "infra-weekly")
StoreContents = dict[str, list[tuple[object, ...]]]


@pytest.fixture(scope="module")
def demo_feeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    sources = tmp_path_factory.mktemp("sources") / "sources.toml"
    with serve_demo(0, DEMO_DIR) as base:  # the port the kernel picks, kept for the module
        sources.write_text(
            "".join(
                f'[[source]]\nname = "demo-{name}"\nurl = "{base}/feeds/{name}.xml"\n\n'
                for name in FEEDS
            ),
            encoding="utf-8",
        )
        yield sources, base.removeprefix("http://")


def _store_contents(db: Path) -> StoreContents:
    with open_store(db, read_only=True) as con:
        return {
            "articles": con.execute(
                "SELECT article_id, url, source, title, text, duplicate_of"
                " FROM store.articles ORDER BY article_id"
            ).fetchall(),
            "events": con.execute(
                "SELECT event_id, article_id, type, status, actors, evidence, start_char,"
                " rule_id, rules_version FROM store.events ORDER BY event_id"
            ).fetchall(),
            "raw_pages": con.execute(
                "SELECT article_id, md5(html) FROM store.raw_pages ORDER BY article_id"
            ).fetchall(),
        }


@pytest.fixture(scope="module")
def flow_options(demo_feeds: tuple[Path, str]) -> dict[str, object]:
    sources, host = demo_feeds
    return {"sources_path": sources, "allowed_hosts": [host], "batch_size": 2}


@pytest.fixture(scope="module")
def threads_run(
    prefect_harness: None,
    flow_options: dict[str, object],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[RunSummary, StoreContents]:
    """The default runner's run summary and store, which each other runner must match."""
    from flows.daily import daily_flow

    db = tmp_path_factory.mktemp("threads") / "threads.duckdb"
    summary = daily_flow(db_path=db, **flow_options)
    expected = _store_contents(db)
    assert summary.status == "completed"
    assert len(expected["articles"]) == 9 and expected["events"]  # the checks have teeth
    return summary, expected


def test_dask_local_cluster_gives_the_same_store_as_the_default_runner(
    threads_run: tuple[RunSummary, StoreContents],
    flow_options: dict[str, object],
    tmp_path: Path,
) -> None:
    from channelwatch.commands.run import task_runner_for
    from flows.daily import daily_flow

    threads, expected = threads_run
    # the CLI's path: a LocalCluster started (and warmed) before the flow, by address
    with task_runner_for("dask", address=None, workers=2) as runner:
        dask = daily_flow.with_options(task_runner=runner)(
            db_path=tmp_path / "dask.duckdb", **flow_options
        )

    assert dask.status == "completed"
    got = _store_contents(tmp_path / "dask.duckdb")
    only_threads = [e for e in expected["events"] if e not in got["events"]]
    only_dask = [e for e in got["events"] if e not in expected["events"]]
    # A difference here has been a tagger whose tie-break followed set order, which
    # PYTHONHASHSEED changes from one worker process to the next.
    assert (only_threads, only_dask) == ([], [])
    assert got == expected
    assert dask.counts == threads.counts


def _spawned_workers(seen: dict[int, tuple[int, str]], stop: threading.Event) -> None:
    """Collect this process's multiprocessing descendants until ``stop``: pid -> (its parent,
    its start time and command line), so that a failure says which process was one too many.
    Once, in CI, a third such process came up beside a pool's two (no parent was recorded
    then; not reproduced in 3 + 6 runs since): the check now counts the pools' own workers
    and the processes those workers start, and no other process of the test."""
    me = psutil.Process()
    while not stop.wait(0.05):
        for child in me.children(recursive=True):
            try:
                cmdline = " ".join(child.cmdline())
                if "spawn_main" in cmdline and child.pid not in seen:
                    started = child.create_time() - me.create_time()
                    seen[child.pid] = (child.ppid(), f"+{started:.1f}s: {cmdline[:120]}")
            except psutil.Error:
                pass


def test_process_pool_gives_the_same_store_with_one_process_per_worker(
    threads_run: tuple[RunSummary, StoreContents],
    flow_options: dict[str, object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from channelwatch.commands.run import task_runner_for
    from flows.daily import daily_flow
    from flows.process_pool import WarmProcessPoolTaskRunner

    threads, expected = threads_run
    pools = _record_pool_processes(monkeypatch, WarmProcessPoolTaskRunner)
    seen: dict[int, tuple[int, str]] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_spawned_workers, args=(seen, stop), daemon=True)
    watcher.start()
    try:
        with task_runner_for("processes", address=None, workers=2) as runner:
            pool = daily_flow.with_options(task_runner=runner)(
                db_path=tmp_path / "pool.duckdb", **flow_options
            )
    finally:
        stop.set()
        watcher.join()

    assert pool.status == "completed"
    assert _store_contents(tmp_path / "pool.duckdb") == expected
    assert pool.counts == threads.counts
    # 5 batches ran on 2 processes started once: Prefect enters a copy of the runner around
    # each task run in a worker, and that copy once started 2 processes of its own per task
    started = [pid for pids in pools for pid in pids]
    said = f"this test is {os.getpid()}; process pools here started {pools}; seen: {seen}"
    assert len(started) == 2, said
    assert [pid for pid, (parent, _) in seen.items() if parent in started] == [], said


def _record_pool_processes(monkeypatch: pytest.MonkeyPatch, runner: type) -> list[list[int]]:
    """The worker pids of every process pool a ``runner`` entered in this process ran, one
    list per pool, filled as each pool shuts down. Other processes of the test process (a
    Dask worker of the test before, ending late) are no pool's and are not counted."""
    pools: list[list[int]] = []
    exit_ = runner.__exit__

    def recording_exit(self: Any, *exc: object) -> None:
        executor = self._executor
        pools.append(sorted(executor._processes) if executor is not None else [])
        exit_(self, *exc)

    monkeypatch.setattr(runner, "__exit__", recording_exit)
    return pools


def _stored_urls_and_runs(db: Path) -> tuple[set[str], list[tuple[object, ...]]]:
    with open_store(db, read_only=True) as con:
        urls = {row[0] for row in con.execute("SELECT url FROM store.articles").fetchall()}
        runs = con.execute("SELECT status, error FROM store.runs").fetchall()
    return urls, runs


def test_a_failed_batch_first_stores_the_batches_finished_before_it(
    threads_run: tuple[RunSummary, StoreContents],
    flow_options: dict[str, object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from channelwatch.pipeline import stages
    from flows.daily import daily_flow

    healthy = stages.extract_and_tag

    def fails_on_the_last_batch(pages: list[tuple[object, object]]) -> stages.ArticleBatch:
        # 9 pages in batches of 2: the last batch, and only it, holds one page
        if len(pages) == 1:
            raise RuntimeError("extract-and-tag broke on the last batch")
        return healthy(pages)  # type: ignore[arg-type]

    monkeypatch.setattr(stages, "extract_and_tag", fails_on_the_last_batch)
    db = tmp_path / "failed.duckdb"
    with pytest.raises(RuntimeError, match="broke on the last batch"):
        daily_flow(db_path=db, **flow_options)

    urls, runs = _stored_urls_and_runs(db)
    all_urls = {row[1] for row in threads_run[1]["articles"]}
    # batches are collected in order, so the 4 before the failed one were all finished
    assert len(urls) == 8 and urls < all_urls
    assert runs == [("failed", "RuntimeError('extract-and-tag broke on the last batch')")]


def test_a_worker_process_that_dies_stops_the_run_with_a_clear_error(
    prefect_harness: None, flow_options: dict[str, object], tmp_path: Path
) -> None:
    from channelwatch.commands.run import task_runner_for
    from channelwatch.errors import WorkerLostError
    from flows.daily import daily_flow

    def kill_the_first_worker(stop: threading.Event) -> None:
        me = psutil.Process()
        while not stop.wait(0.02):
            workers = []
            for child in me.children(recursive=True):
                try:
                    if "spawn_main" in " ".join(child.cmdline()):
                        workers.append(child)
                except psutil.Error:
                    pass
            # once the pool has started both workers (killing one while the pool is still
            # spawning the other breaks the pool's own start, not a batch)
            if len(workers) >= 2:
                workers[0].kill()  # as the kernel's OOM killer would
                return

    stop = threading.Event()
    killer = threading.Thread(target=kill_the_first_worker, args=(stop,), daemon=True)
    db = tmp_path / "lost.duckdb"
    killer.start()
    try:
        with (
            task_runner_for("processes", address=None, workers=2) as runner,
            pytest.raises(WorkerLostError, match="worker process died during extract-and-tag"),
        ):
            daily_flow.with_options(task_runner=runner)(db_path=db, **flow_options)
    finally:
        stop.set()
        killer.join()

    _, runs = _stored_urls_and_runs(db)
    [(status, error)] = runs
    assert status == "failed"
    assert "worker process died" in str(error) and "next run fetches the rest" in str(error)
