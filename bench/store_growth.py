"""A daily run on a 5M-event store against the same run on an empty store.

    .venv/bin/python -m bench.store_growth                       # 200 pages, 5M events
    .venv/bin/python -m bench.store_growth --store /tmp/big.duckdb  # keep/reuse the big store

The run is the real one: ``channelwatch run`` in a child process (``bench.end_to_end``'s
``run_cli``) on a fixed corpus (``bench.corpus.corpus_pages``) served with its feeds on
127.0.0.1, against a running Prefect server as scheduled runs have. It goes (a) into an
empty store and (b) into a copy of a store of 5,000,000 events generated in bulk as
``bench/queries.py`` makes it, its signals refreshed in full. The corpus's articles are
new to both stores, so both runs do the same work but for what the store's size costs:
the dedup lookups, the signal refresh and the read snapshot (a copy of the whole file).
The runs alternate (a, b, a, b) and each side's figure is the mean of its two, so load
from other work on the machine weighs on both. The ratio b/a is held against the
issue's 1.2x. Beside it: the run's own stage timings on each side, and the read
snapshot of the big store timed on its own (the run does it after its last stage).
``measure_store_growth`` is the ``python -m bench`` row (``--only store_growth``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import corpus_pages
from bench.end_to_end import prefect_server, run_cli
from bench.queries import build
from bench.site import serve
from channelwatch.store import open_store
from channelwatch.store.signals import refresh_signals
from channelwatch.store.snapshot import publish_snapshot

DAILY_PAGES = 200
BIG_EVENTS = 5_000_000
ROUNDS = 2
TARGET_RATIO = 1.2


def big_store(path: Path, events: int) -> float:
    """Generate the big store at ``path`` (signals refreshed in full, checkpointed) unless
    it is there; returns the seconds spent building (0 when reused)."""
    if path.exists():
        return 0.0
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    build(partial, events, seed=4)
    with open_store(partial) as con:
        refresh_signals(con, full=True)
        con.execute("CHECKPOINT")
    partial.rename(path)
    return time.perf_counter() - started


def measure_store_growth(
    pages: int = DAILY_PAGES, *, events: int = BIG_EVENTS, store: Path | None = None
) -> dict[str, Any]:
    """The bench row: the same daily run into an empty store and into a copy of a store
    of ``events`` events (generated into ``store`` if given and missing, else a temp dir)."""
    corpus = corpus_pages(pages)
    with tempfile.TemporaryDirectory(prefix="cw-bench-grow-") as tmp:
        work = Path(tmp)
        source = store or work / "big-source.duckdb"
        build_s = big_store(source, events)
        runs: dict[str, list[dict[str, Any]]] = {"empty": [], "big": []}
        copy_s: list[float] = []
        with prefect_server(), serve(corpus, work / "site") as site:
            for n in range(ROUNDS):
                for side in ("empty", "big"):
                    db = work / f"{side}-{n}.duckdb"
                    if side == "big":
                        started = time.perf_counter()
                        shutil.copyfile(source, db)
                        copy_s.append(time.perf_counter() - started)
                    result = run_cli(site.sources_path, db)
                    runs[side].append(
                        {
                            "wall_s": result.wall_s,
                            "articles": result.articles,
                            "store_mb": result.store_mb,
                            "timings": result.timings,
                        }
                    )
                    if side == "big" and n == ROUNDS - 1:
                        with open_store(db) as con:
                            snapshot_s = publish_snapshot(con, db, work / "snap.duckdb")
                    for path in work.glob(f"{side}-{n}*.duckdb"):
                        path.unlink()
    empty = statistics.mean(r["wall_s"] for r in runs["empty"])
    big = statistics.mean(r["wall_s"] for r in runs["big"])
    return {
        "pages": pages,
        "events": events,
        "empty_s": empty,
        "big_s": big,
        "ratio": big / empty,
        "runs": runs,
        "big_store_mb": runs["big"][-1]["store_mb"],
        "snapshot_s": snapshot_s,
        "copy_s": statistics.mean(copy_s),
        "build_s": build_s,
    }


def stage_means(runs: list[dict[str, Any]]) -> dict[str, float]:
    stages = sorted({k for r in runs for k in r["timings"]})
    return {k: statistics.mean(r["timings"].get(k, 0.0) for r in runs) for k in stages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=DAILY_PAGES)
    parser.add_argument("--events", type=int, default=BIG_EVENTS)
    parser.add_argument("--store", type=Path, help="the big store: reused if there, else kept")
    args = parser.parse_args()
    r = measure_store_growth(args.pages, events=args.events, store=args.store)
    print(
        f"daily run of {r['pages']} pages: empty store {r['empty_s']:.1f} s, "
        f"{r['events']:,}-event store ({r['big_store_mb']:,.0f} MB) {r['big_s']:.1f} s: "
        f"{r['ratio']:.2f}x (target <= {TARGET_RATIO}x)"
    )
    for side in ("empty", "big"):
        stages = stage_means(r["runs"][side])
        print(f"  {side:>5}: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
    print(f"  read snapshot of the big store alone: {r['snapshot_s']:.2f} s")


if __name__ == "__main__":
    main()
