"""Choosing the task runner: threads by default, worker processes, or a Dask cluster.

- ``threads`` (default): Prefect's ``ThreadPoolTaskRunner`` in the flow's process. Fine for
  fetching (async I/O), but extraction and tagging hold the GIL, so they do not overlap.
- ``processes`` with ``workers=N`` (default: the usable cores): Prefect's process pool on
  this machine (``flows.process_pool``), the cheapest way to use several cores: on the
  bench's 2,000 pages with 2 workers it took 66-81 s where a 2-worker LocalCluster took
  77-98 s (``python -m bench.end_to_end 2000 1 2 dask-2``).
- ``dask`` with ``address="tcp://scheduler:8786"``: an existing Dask cluster (one machine or
  many); the flow process stays the only writer of the store.
- ``dask`` with ``workers=N``: a ``LocalCluster`` of N single-threaded worker processes,
  started and stopped with the flow run by ``warm_local_cluster``, which yields its
  address. The CLI starts it before it imports Prefect and the flows, and has each worker
  import the pipeline and load the tagger at once: those ~6 s per worker then overlap the
  flow's own start-up instead of delaying the first batch.

Dask workers report task runs to the Prefect API named in the flow's settings. With no
``PREFECT_API_URL`` Prefect would start one ephemeral server per worker (slow), and its
own server outlives a run killed with ``kill -9``; so ``own_prefect_api`` starts one
server the flow and its workers share, tethered to the run (``channelwatch.lifeline``).
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from channelwatch.errors import ConfigError

T = TypeVar("T")
RunnerKind = Literal["threads", "processes", "dask"]
RUNNER_KINDS: tuple[str, ...] = ("threads", "processes", "dask")


def make_task_runner(
    kind: str = "threads", *, address: str | None = None, workers: int | None = None
) -> Any:
    """The task runner for ``kind``: threads, a pool of ``workers`` processes, or the Dask
    scheduler at ``address`` (a local cluster's comes from ``warm_local_cluster``); errors
    name the bad option and the fix."""
    # for dask, --workers has been spent on the LocalCluster whose ``address`` comes here
    check_runner_options(kind, address=address, workers=workers if kind == "processes" else None)
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    if kind == "processes":
        from flows.process_pool import WarmProcessPoolTaskRunner

        return WarmProcessPoolTaskRunner(max_workers=workers or usable_cores())
    if not address:
        raise ConfigError(
            "--runner dask needs a cluster: --address tcp://HOST:PORT, or --workers N "
            "for a local one"
        )
    from prefect_dask import DaskTaskRunner

    _quiet_dask()
    return DaskTaskRunner(address=address)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def ship(data: T) -> T:
    """``data`` for a task the flow is about to submit, sent ahead to a Dask worker when
    the flow runs on Dask.

    Passed in the task's arguments, a batch of pages (several MB) would travel inside the
    task graph through the scheduler, and Dask would hash it to name the task (~0.1 s a
    batch, in the flow's process). Scattered, it goes straight to one worker, and the task
    gets a future that Dask resolves into the data on that worker. On any other runner
    ``data`` is returned as it is.
    """
    if "prefect_dask" not in sys.modules:
        return data
    from prefect.context import FlowRunContext
    from prefect_dask import DaskTaskRunner

    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if not isinstance(runner, DaskTaskRunner):
        return data
    future: T = runner.client.scatter(data, hash=False)
    return future


def check_runner_options(kind: str, *, address: str | None, workers: int | None) -> None:
    """Refuse option combinations that cannot work, naming the option and the fix."""
    if kind not in RUNNER_KINDS:
        raise ConfigError(f"unknown runner {kind!r}; use one of {', '.join(RUNNER_KINDS)}")
    if kind == "threads" and (address or workers):
        raise ConfigError(
            "--address and --workers do not apply to --runner threads; "
            "add --runner processes (--workers) or --runner dask, or drop them"
        )
    if kind == "processes" and address:
        raise ConfigError(
            f"--address {address} only applies to --runner dask; "
            "--runner processes runs on this machine (--workers N)"
        )
    if address and workers:
        raise ConfigError(
            f"--address {address} and --workers {workers} both given: a cluster at an address "
            "has its own workers; pass one of them"
        )
    if address and not address.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        raise ConfigError(
            f"--address {address!r} is not a Dask scheduler address; it looks like tcp://host:8786"
        )
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: need at least 1 worker")


def _quiet_dask() -> None:
    # the scheduler and nannies log every connection at INFO; keep runs as quiet as threads
    logging.getLogger("distributed").setLevel(logging.WARNING)


def _local_cluster_kwargs(workers: int | None) -> dict[str, Any]:
    # one thread per worker process: the CPU stages hold the GIL, processes give parallelism
    return {
        "n_workers": workers or 2,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": None,
    }


def warm_worker() -> str:
    """Import the CPU stage and load the tagger in a Dask worker; returns the rules version.

    Submitted to each worker as the cluster starts, so the flow's first batches find
    workers ready rather than each paying the imports (Prefect, trafilatura, spaCy) then."""
    import prefect.task_engine  # noqa: F401  (what every task run on the worker imports)

    import channelwatch.pipeline.stages  # noqa: F401
    from extractors.tagger import load_tagger

    return load_tagger().rules_version


@contextmanager
def warm_local_cluster(workers: int | None) -> Iterator[str]:
    """A ``LocalCluster`` of ``workers`` processes, each warming up in the background;
    yields the scheduler address for ``make_task_runner("dask", address=...)``.

    Call it before importing Prefect and the flows: the workers' imports then run while
    the flow's process does its own."""
    check_runner_options("dask", address=None, workers=workers)
    from distributed import Client, LocalCluster

    _quiet_dask()
    with (
        LocalCluster(**_local_cluster_kwargs(workers)) as cluster,
        Client(cluster) as client,
    ):
        # one warm-up per worker, pinned to it; held until the run ends so Dask keeps it
        warming = [
            client.submit(warm_worker, pure=False, workers=[address], allow_other_workers=False)
            for address in client.scheduler_info()["workers"]
        ]
        try:
            yield str(cluster.scheduler_address)
        finally:
            del warming


@functools.cache
def tethered_server_class() -> type:
    """Prefect's ``SubprocessASGIServer`` whose uvicorn process is tethered to this one."""
    import prefect
    from prefect.server.api.server import SubprocessASGIServer

    from channelwatch.lifeline import spawn_tethered

    class TetheredASGIServer(SubprocessASGIServer):
        """The ephemeral API server Prefect would start, started through the lifeline so
        that it dies with the run even after ``kill -9`` (``channelwatch.lifeline``)."""

        _instances: dict[int | None, SubprocessASGIServer] = {}  # noqa: RUF012 (own registry)

        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            # the same command and environment as SubprocessASGIServer._run_uvicorn_command
            from prefect.settings import get_current_settings

            args = ["--app-dir", str(prefect.__module_path__.parent), "--factory"]
            args += ["prefect.server.api.server:create_app", "--host", "127.0.0.1"]
            args += ["--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
            env = {
                **os.environ,
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT__SERVER_FINAL": "1",
                **get_current_settings().to_environment_variables(exclude_unset=True),
            }
            return spawn_tethered("uvicorn", args, env=env)

    return TetheredASGIServer


@contextmanager
def own_prefect_api() -> Iterator[None]:
    """Give a run (and its worker processes) one Prefect API server that dies with it.

    If a Prefect API URL is configured (a real server, Prefect Cloud, or the test
    harness) nothing changes. Otherwise one local server is started for the run and the
    flow (and so its workers) are pointed at it. Prefect would start the same server by
    itself, but as a plain child that a ``kill -9`` of the run leaves running for good;
    this one is tethered (``channelwatch.lifeline``). Workers with no API URL would also
    each start an ephemeral server of their own.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    server = tethered_server_class()(port=None)
    server.start()
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield
    finally:
        server.stop()


@contextmanager
def local_prefect_server(
    port: int = 4200, *, home: str | None = None, timeout_s: float = 120.0
) -> Iterator[str]:
    """Run ``prefect server start`` on 127.0.0.1:port (with its scheduler) for the duration.

    Prefect's ephemeral in-process server has no scheduler, so deployments served
    against it never run; a real server does. Yields the API URL. ``home`` sets
    ``PREFECT_HOME`` (where the server keeps its SQLite database) for the server only.
    """
    import time

    import httpx

    from channelwatch.lifeline import spawn_tethered

    url = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    if home:
        env["PREFECT_HOME"] = home
    args = ["server", "start", "--host", "127.0.0.1", "--port", str(port), "--analytics-off"]
    # tethered: the server dies with this process, even after kill -9 (channelwatch.lifeline)
    proc = spawn_tethered(
        "prefect", args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                said = [x.strip() for x in (proc.stderr.read() if proc.stderr else "").splitlines()]
                last = next((x for x in reversed(said) if x), "")[:300]  # one line, not a log
                raise ConfigError(
                    f"prefect server on 127.0.0.1:{port} exited with {proc.returncode} "
                    f"({last or 'no message'}); is the port taken? pass another --local-port"
                )
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise ConfigError(
                    f"prefect server on 127.0.0.1:{port} not healthy after {timeout_s:.0f}s"
                )
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
