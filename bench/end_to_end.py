"""End to end: ``channelwatch run`` (the real CLI and flow) on a loopback server.

The server (``bench.site``: a ``channelwatch.demo.LoopbackHTTPServer`` in this process) serves
the benchmark pages and RSS feeds listing them, ``PER_FEED`` items per feed; a sources file
points at the feeds. ``channelwatch run`` runs in a child process (so its peak RSS is its own:
``VmHWM`` read in the child, see ``peak_rss_kb``) on a fresh store, with politeness delays off
(one host serves everything) and loopback allowed.

Prefect: a scheduled daily run executes against a running ``prefect server start`` (the
ephemeral server cannot schedule), so when the caller provides ``PREFECT_API_URL`` the
timed runs use it, as production does. What a cold ``channelwatch run`` adds on a machine
with no server (Prefect's temporary API server, started per run) is measured separately
as ``startup_s`` with an empty feed, and reported beside the ratio.

Runners: "1 worker" is ``channelwatch run`` as it comes (the in-process runner, one CPU
stage at a time); "2 workers" is ``--runner processes --workers 2`` (Prefect's process
pool). ``dask-2`` and ``dask-1`` (a LocalCluster of 2 or 1 workers) can be added to compare
Dask and to separate its own overhead from its scaling.

The bare limit is the sum of the three bare figures on the same pages, measured here in
the same run: ``trafilatura.extract`` of every page, ``spacy.blank("en")`` tokenisation of
every extracted text, and one bulk Arrow insert of the stored rows in one transaction.
Identical copies of a page cost the same, so each distinct page is timed once and its
time counted once per copy.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import Page
from bench.site import serve
from flows.runners import usable_cores

CHILD_ENV = {
    "CHANNELWATCH_ALLOW_PRIVATE_HOSTS": "1",
    "CHANNELWATCH_PER_HOST_DELAY": "0",
    "CHANNELWATCH_PER_HOST_CONCURRENCY": "16",
}


# --- running the real CLI in a child ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunResult:
    wall_s: float  # the whole child: interpreter start, imports, Prefect, the flow
    flow_s: float  # inside the child, around the CLI command only
    maxrss_mb: float  # the child's own peak RSS (Dask workers are other processes)
    articles: int  # articles in the store afterwards
    store_mb: float
    timings: dict[str, float]  # the flow's own per-stage seconds (store.runs.timings)
    cpu_s: float = 0.0  # CPU (user + system) of the child and its workers, once reaped


def run_cli(sources: Path, db: Path, extra: Sequence[str] = (), *, cold: bool = False) -> RunResult:
    """``channelwatch run --sources S --db D [extra]`` in a child process, measured.

    ``cold``: without the caller's ``PREFECT_API_URL``, so the run starts Prefect's
    temporary server itself, as a first run on a bare machine does."""
    report = db.with_suffix(".child.json")
    args = ["run", "--sources", str(sources), "--db", str(db), *extra]
    env = {**os.environ, **CHILD_ENV}
    if cold:
        env.pop("PREFECT_API_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.end_to_end", "child", str(report), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0 or not report.exists():
        lines = proc.stderr.strip().splitlines() or ["(no output)"]
        print("\n".join(lines[-15:]), file=sys.stderr)
        raise RuntimeError(f"channelwatch {args[0]} failed (exit {proc.returncode}): {lines[-1]}")
    child = json.loads(report.read_text())
    articles, timings = _stored(db)
    return RunResult(
        wall_s=wall,
        flow_s=child["flow_s"],
        maxrss_mb=child["maxrss_kb"] / 1024,
        articles=articles,
        store_mb=db.stat().st_size / 2**20,
        timings=timings,
        cpu_s=cpu,
    )


def _stored(db: Path) -> tuple[int, dict[str, float]]:
    """Articles in the store, and the last run's per-stage timings."""
    from channelwatch.store import open_store

    with open_store(db, read_only=True) as con:
        articles = con.execute("SELECT count(*) FROM store.articles").fetchall()[0][0]
        rows = con.execute(
            "SELECT timings FROM store.runs ORDER BY started_at DESC LIMIT 1"
        ).fetchall()
    timings = json.loads(rows[0][0]) if rows and rows[0][0] else {}
    return int(articles), {str(k): float(v) for k, v in timings.items()}


def peak_rss_kb() -> int:
    """This process's own peak RSS in KiB.

    Linux keeps ``getrusage``'s ``ru_maxrss`` across ``exec``, so a child started by a big
    parent reports the parent's size when that is larger; ``VmHWM`` belongs to the
    process's own address space, so it is read first."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def _child(report: Path, args: list[str]) -> None:
    """Run the CLI in this process and write its timing and peak RSS to ``report``."""
    from channelwatch.cli import cli

    started = time.perf_counter()
    cli.main(args=args, standalone_mode=False)
    flow_s = time.perf_counter() - started
    report.write_text(json.dumps({"flow_s": flow_s, "maxrss_kb": peak_rss_kb()}))


# --- the bare limit on the same pages --------------------------------------------------------


def bare_seconds(pages: Sequence[Page]) -> dict[str, float]:
    """Seconds the three bare libraries need for ``pages`` (each distinct page timed once)."""
    import spacy
    import trafilatura

    from bench.loading import bulk_insert_seconds

    # per distinct page: (wall s, CPU s, text) of the extraction, then (wall s, CPU s) of
    # the tokenisation; the CPU side is steadier when other work shares the machine
    distinct: dict[bytes, tuple[float, float, str]] = {}
    for page in pages:
        if page.html not in distinct:
            started, cpu = time.perf_counter(), time.process_time()
            text = trafilatura.extract(page.html) or ""
            distinct[page.html] = (time.perf_counter() - started, time.process_time() - cpu, text)
    nlp = spacy.blank("en")
    tokenise: dict[bytes, tuple[float, float]] = {}
    for html, (_, _, text) in distinct.items():
        started, cpu = time.perf_counter(), time.process_time()
        nlp.make_doc(text)
        tokenise[html] = (time.perf_counter() - started, time.process_time() - cpu)
    extract_s = sum(distinct[p.html][0] for p in pages)
    tokenise_s = sum(tokenise[p.html][0] for p in pages)
    with tempfile.TemporaryDirectory(prefix="cw-bench-bare-") as tmp:
        tables = _stored_rows(pages, {h: t for h, (_, _, t) in distinct.items()})
        insert_s, _ = bulk_insert_seconds(Path(tmp) / "bare.duckdb", tables)
    cpu_s = sum(distinct[p.html][1] + tokenise[p.html][1] for p in pages)
    return {
        "extract_s": extract_s,
        "tokenise_s": tokenise_s,
        "insert_s": insert_s,
        "sum_s": extract_s + tokenise_s + insert_s,
        "cpu_sum_s": cpu_s + insert_s,  # the insert's wall time: DuckDB's own threads
    }


def _stored_rows(pages: Sequence[Page], texts: dict[bytes, str]) -> Any:
    """The rows a run stores for ``pages`` (one event per page), as the bulk side's tables."""
    from bench.loading import _bulk_tables, events_for
    from extractors.models import Article

    articles = [
        Article(
            article_id=f"{k:016x}",
            url=p.url,
            source="bench",
            text=texts[p.html] or "-",
            title=p.slug,
            raw_html=p.html,
        )
        for k, p in enumerate(pages)
    ]
    # the HTML is compressed while building the tables, before the timed insert
    return _bulk_tables(articles, events_for(articles, per_article=1))


# --- the measurement -------------------------------------------------------------------------

CORES = usable_cores()  # the cores this process (and its children) may use
RUNNERS: dict[str, list[str]] = {
    "1": [],  # channelwatch run as it comes: the in-process runner
    "2": ["--runner", "processes", "--workers", "2"],
    "dask-1": ["--runner", "dask", "--workers", "1"],
    "dask-2": ["--runner", "dask", "--workers", "2"],
}


@contextlib.contextmanager
def prefect_server() -> Iterator[str | None]:
    """A running Prefect API for the children, as the scheduled runs have one: the
    caller's ``PREFECT_API_URL`` if set, else a ``prefect server start`` for the duration
    (exported in ``PREFECT_API_URL``). Yields the URL."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    import socket

    from flows.runners import local_prefect_server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        tempfile.TemporaryDirectory(prefix="cw-bench-prefect-") as home,
        local_prefect_server(port, home=home) as url,
    ):
        os.environ["PREFECT_API_URL"] = url
        try:
            yield url
        finally:
            os.environ.pop("PREFECT_API_URL", None)


def measure_end_to_end(
    pages: Sequence[Page],
    *,
    workers: Sequence[str] = ("1", "2"),
    bare: dict[str, float] | None = None,
    startup: bool = True,
    cold: bool = False,
) -> dict[str, object]:
    """``channelwatch run`` on ``pages`` per runner in ``workers`` (keys of ``RUNNERS``)
    vs the sum of the bare figures."""
    given = bare
    bare = bare or bare_seconds(pages)
    bare_runs = [bare]
    runs: dict[str, dict[str, Any]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="cw-bench-e2e-") as tmp,
        serve(pages, Path(tmp)) as site,
    ):
        for name in workers:
            result = run_cli(site.sources_path, Path(tmp) / f"w{name}.duckdb", RUNNERS[name])
            runs[name] = {
                "args": " ".join(RUNNERS[name]) or "(default runner)",
                "wall_s": result.wall_s,
                "flow_s": result.flow_s,
                "articles": result.articles,
                "maxrss_mb": result.maxrss_mb,
                "cpu_s": result.cpu_s,
                "flow_timings": result.timings,
            }
            if name == "1" and given is None:
                # the bare side again right after the run it is compared with: a shared
                # machine's load then weighs on both sides (the mean of the two is used)
                bare_runs.append(bare_seconds(pages))
        # the fixed cost of a run that has nothing to do (interpreter, imports, Prefect):
        # against the API the timed runs used, and (``cold``) with Prefect's temporary server
        if startup:
            with serve([], Path(tmp) / "empty") as nothing:
                idle_s = run_cli(nothing.sources_path, Path(tmp) / "idle.duckdb").wall_s
                if cold:
                    cold_s = run_cli(
                        nothing.sources_path, Path(tmp) / "cold.duckdb", cold=True
                    ).wall_s
    if len(bare_runs) > 1:
        bare = {key: sum(b[key] for b in bare_runs) / len(bare_runs) for key in bare_runs[0]}
    one = runs["1"]["wall_s"]
    out: dict[str, object] = {
        "pages": len(pages),
        "feeds": site.feeds,
        "prefect_api": "running server" if os.environ.get("PREFECT_API_URL") else "ephemeral",
        "bare": bare,
        "bare_sum_each_s": [b["sum_s"] for b in bare_runs],
        "runs": runs,
        "ratio_1": one / bare["sum_s"],
    }
    if runs["1"].get("cpu_s") and bare.get("cpu_sum_s"):
        out["ratio_1_cpu"] = runs["1"]["cpu_s"] / bare["cpu_sum_s"]
    if startup:
        out["startup_s"] = idle_s
        out["ratio_1_less_startup"] = (one - idle_s) / bare["sum_s"]
        if cold:
            out["cold_startup_s"] = cold_s
            out["ratio_1_cold"] = (one - idle_s + cold_s) / bare["sum_s"]
    if "2" in runs:
        out["speedup_2"] = one / runs["2"]["wall_s"]
        # the cores cannot finish the 2-worker run faster than its CPU time / CORES
        out["speedup_2_ceiling"] = one / max(runs["2"]["cpu_s"] / CORES, 1e-9)
    if "dask-2" in runs:
        out["speedup_dask_2"] = one / runs["dask-2"]["wall_s"]
        if "dask-1" in runs:
            out["speedup_dask"] = runs["dask-1"]["wall_s"] / runs["dask-2"]["wall_s"]
    return out


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "child":
        _child(Path(sys.argv[2]), sys.argv[3:])
    else:
        from bench.corpus import corpus_pages

        n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
        names = sys.argv[2:] or ["1", "2"]
        with prefect_server():
            print(json.dumps(measure_end_to_end(corpus_pages(n), workers=names), indent=2))
