"""``python -m bench``: every stage measured against its bare library, in one run.

    .venv/bin/python -m bench                  # the full run (2 cores: about 8 minutes)
    .venv/bin/python -m bench --quick          # a few pages, every row, for CI
    .venv/bin/python -m bench --json out.json  # also write every figure as JSON

Each stage runs in turn and its figures go into one results mapping; a stage that fails
becomes a row saying so, and the table still prints every row. Stage benches owned
elsewhere (``bench/extraction.py``, ``bench/tagging.py``, ``bench/queries.py``,
``bench/scaling.py``) are imported, not copied.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import corpus
from bench.report import rows, table

STAGES = (
    "extraction",
    "tagging",
    "loading",
    "end_to_end",
    "memory",
    "queries",
    "review",
    "scaling",
    "signal_refresh",
    "store_growth",
    "leftovers",
)
# not in a plain full run, which must stay under 10 minutes: --only scaling runs it (the
# end-to-end row's CPU figures say what the cores allow more directly); --only
# signal_refresh builds 1M- and 5M-event stores (about 5 minutes on 2 cores); --only
# store_growth builds a 5M-event store and runs the daily flow four times (about 5
# minutes); --only leftovers kills runs and test sessions (about 2 minutes)
EXTRA_STAGES = ("scaling", "signal_refresh", "store_growth", "leftovers")


@dataclass(frozen=True, slots=True)
class Sizes:
    extraction_pages: int
    tagging_snippets: int
    loading_rows: int
    e2e_pages: int
    memory_counts: tuple[int, int]
    query_events: int
    refresh_events: tuple[int, ...] = (1_000_000, 5_000_000)
    cold_start: bool = False
    growth: tuple[int, int] = (200, 5_000_000)  # daily pages, events in the big store


FULL = Sizes(200, 5000, 2000, 2000, (2000, 10000), 1_000_000)
QUICK = Sizes(8, 300, 200, 12, (40, 200), 20_000, (20_000, 100_000), growth=(12, 100_000))


def run_extraction(sizes: Sizes) -> dict[str, Any]:
    from bench.extraction import measure_extraction

    return measure_extraction(list(corpus.real_pages())[: sizes.extraction_pages])


def run_tagging(sizes: Sizes) -> dict[str, Any]:
    from bench.tagging import measure_tagging

    return measure_tagging(corpus.snippets(sizes.tagging_snippets))


def run_loading(sizes: Sizes) -> dict[str, Any]:
    from bench.loading import measure_loading

    return measure_loading(rows=sizes.loading_rows)


def run_end_to_end(sizes: Sizes) -> dict[str, Any]:
    from bench.end_to_end import measure_end_to_end

    # the empty-run startup figure costs one more Prefect start: full runs only; a cold
    # start (Prefect's temporary server) one more again: --cold-start
    return measure_end_to_end(
        corpus.corpus_pages(sizes.e2e_pages),
        startup=sizes.e2e_pages >= 100,
        cold=sizes.cold_start,
    )


def run_memory(sizes: Sizes) -> dict[str, Any]:
    from bench.memory import measure_memory

    return measure_memory(sizes.memory_counts)


def run_queries(sizes: Sizes) -> dict[str, Any]:
    from bench.queries import measure_queries

    return measure_queries(events=sizes.query_events)


def run_review(sizes: Sizes) -> dict[str, Any]:
    from bench.review import measure_review

    return measure_review(events=sizes.query_events)


def run_scaling(sizes: Sizes) -> dict[str, Any]:
    from bench.scaling import measure_scaling

    return measure_scaling(list(corpus.real_pages())[: sizes.extraction_pages])


def run_signal_refresh(sizes: Sizes) -> dict[str, Any]:
    from bench.signal_refresh import measure_refresh

    return measure_refresh(sizes.refresh_events)


def run_store_growth(sizes: Sizes) -> dict[str, Any]:
    from bench.store_growth import measure_store_growth

    pages, events = sizes.growth
    return measure_store_growth(pages, events=events)


def run_leftovers(sizes: Sizes) -> dict[str, Any]:
    from bench.leftovers import measure_leftovers

    return measure_leftovers()


RUNNERS: dict[str, Callable[[Sizes], dict[str, Any]]] = {
    "extraction": run_extraction,
    "tagging": run_tagging,
    "loading": run_loading,
    "end_to_end": run_end_to_end,
    "memory": run_memory,
    "queries": run_queries,
    "review": run_review,
    "scaling": run_scaling,
    "signal_refresh": run_signal_refresh,
    "store_growth": run_store_growth,
    "leftovers": run_leftovers,
}


SERVER_STAGES = frozenset({"end_to_end", "memory"})  # their children use a Prefect API


def _run_stages(
    args: argparse.Namespace,
    sizes: Sizes,
    results: dict[str, Any],
    start_server: Callable[[], None] | None = None,
) -> None:
    """Each selected stage in turn; a failing stage becomes an error row, not a crash.
    ``start_server`` runs before the first stage that needs a Prefect server, not before:
    a server starting up beside the extraction stage cost its ratio about 0.03 (0.86-0.88x
    with it, 0.89-0.91x without, on the same pages)."""
    for stage in STAGES:
        if (args.only and stage not in args.only) or (not args.only and stage in EXTRA_STAGES):
            results[stage] = {"skipped": "not selected (--only)"}
            continue
        if start_server is not None and stage in SERVER_STAGES:
            start_server()
            start_server = None
        print(f"bench: {stage} ...", file=sys.stderr, flush=True)
        stage_started = time.perf_counter()
        try:
            results[stage] = RUNNERS[stage](sizes)
        except Exception as exc:
            traceback.print_exc()
            results[stage] = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0][:200]}
        results[stage]["stage_s"] = round(time.perf_counter() - stage_started, 1)
        print(f"bench: {stage} done in {results[stage]['stage_s']} s", file=sys.stderr, flush=True)
        if args.json:  # after every stage, so a run stopped part-way keeps what it measured
            args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few pages per stage (CI smoke)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--pages", type=int, help="pages for the end-to-end run")
    parser.add_argument(
        "--cold-start",
        action="store_true",
        help="also time an empty run that starts Prefect's temporary server (~20 s more)",
    )
    parser.add_argument(
        "--only", nargs="+", choices=STAGES, help="run only these stages (others show n/a)"
    )
    parser.add_argument(
        "--prefect-server",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the children against one 'prefect server start', as scheduled runs do "
        "(default: on for full runs, off for --quick, which uses Prefect's temporary server)",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    server = args.prefect_server if args.prefect_server is not None else not args.quick
    if args.pages:
        sizes = replace(sizes, e2e_pages=args.pages)
    if args.cold_start:
        sizes = replace(sizes, cold_start=True)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "sizes": asdict(sizes),
    }
    with contextlib.ExitStack() as stack:

        def start_server() -> None:
            from bench.end_to_end import prefect_server

            print("bench: starting a Prefect server for the runs ...", file=sys.stderr)
            results["prefect_api"] = stack.enter_context(prefect_server())

        _run_stages(args, sizes, results, start_server if server else None)
    results["total_s"] = round(time.perf_counter() - started, 1)
    table_rows = rows(results)
    results["rows"] = [r.to_json() for r in table_rows]
    print(table(table_rows))
    print(f"\n{results['machine']['cpus']} CPUs, total {results['total_s']} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
