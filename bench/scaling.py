"""What a second core buys: extract+tag, and the bare libraries, on 1 and 2 worker processes.

    .venv/bin/python -m bench.scaling              # the pages of ../shared/corpora/html
    .venv/bin/python -m bench.scaling --pages 40   # fewer pages, quicker

Two jobs run on a pool of 1 and then 2 spawned processes (``ProcessPoolExecutor``, as
Prefect's process pool runs the flow's batches), each worker warmed up before the clock
starts:

- the CPU stage of the daily flow (``stages.extract_and_tag``: trafilatura + the spaCy
  tagger), on batches, with no Prefect around it;
- the bare libraries on the same pages: ``trafilatura.extract`` then ``spacy.blank("en")``
  tokenisation of its text.

The bare libraries' speedup is the most two processes give on this machine (other work on
the shared cores, and two processes sharing caches and memory bandwidth, keep it under 2x);
the end-to-end 2-worker row is best read against it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from bench.corpus import Page, real_pages
from extractors.models import FeedEntry, FetchResult

BATCH_SIZE = 10
ROUNDS = 3
Batch = list[tuple[FeedEntry, FetchResult]]


@dataclass(frozen=True, slots=True)
class Throughput:
    workers: int
    pages: int
    articles: int
    events: int
    seconds: float

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def _batches(pages: Sequence[Page], size: int) -> list[Batch]:
    items = [
        (
            FeedEntry(source="bench", url=p.url),
            FetchResult(url=p.url, status=200, body=p.html, content_type="text/html"),
        )
        for p in pages
    ]
    return [items[i : i + size] for i in range(0, len(items), size)]


def _warm() -> None:
    """Each worker's set-up, before the clock: imports, the tagger, logging off."""
    import logging

    import spacy
    import trafilatura  # noqa: F401

    import channelwatch.pipeline.stages  # noqa: F401
    from extractors.tagger import load_tagger

    logging.disable(logging.WARNING)  # trafilatura logs every page it discards
    load_tagger()
    spacy.blank("en")


def _ready(_: int) -> None:
    """A no-op a worker runs once its ``_warm`` is done (to know the pool is up)."""


def _extract_and_tag(batch: Batch) -> tuple[int, int]:
    from channelwatch.pipeline.stages import extract_and_tag

    done = extract_and_tag(batch)
    return done.article_count(), sum(rows.events.num_rows for rows in done.sealed)


_BLANK: Any = None


def _bare(batch: Batch) -> tuple[int, int]:
    global _BLANK
    import spacy
    import trafilatura

    if _BLANK is None:
        _BLANK = spacy.blank("en")
    articles = 0
    for _, fetched in batch:
        text = trafilatura.extract(fetched.body)
        if text:
            _BLANK.make_doc(text)
            articles += 1
    return articles, 0


def measure(
    pages: Sequence[Page],
    workers: int,
    *,
    batch_size: int = BATCH_SIZE,
    job: Callable[[Batch], tuple[int, int]] = _extract_and_tag,
) -> Throughput:
    """Time ``job`` over ``pages`` in batches on a fresh pool of ``workers`` processes."""
    batches = _batches(pages, batch_size)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=_warm) as pool:
        list(pool.map(_ready, range(workers * 4)))  # every worker spawned and warm
        started = time.perf_counter()
        results = list(pool.map(job, batches))
        seconds = time.perf_counter() - started
    return Throughput(
        workers=workers,
        pages=len(pages),
        articles=sum(a for a, _ in results),
        events=sum(e for _, e in results),
        seconds=seconds,
    )


def _runs(runs: Sequence[Throughput]) -> dict[str, dict[str, Any]]:
    return {
        f"{r.workers}w": {
            "seconds": round(r.seconds, 2),
            "pages_per_s": round(r.pages_per_s, 2),
            "articles": r.articles,
            "events": r.events,
        }
        for r in runs
    }


def _speedups(runs: Sequence[Throughput]) -> dict[str, float | None]:
    base = runs[0].pages_per_s
    return {f"{r.workers}w": round(r.pages_per_s / base, 2) if base else None for r in runs}


def _median_run(runs: Sequence[Throughput]) -> Throughput:
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def measure_scaling(
    pages: Sequence[Page],
    *,
    workers: Sequence[int] = (1, 2),
    batch_size: int = BATCH_SIZE,
    rounds: int = ROUNDS,
) -> dict[str, Any]:
    """The figures for ``python -m bench``: pages/s per worker count and the speedup, for the
    stage and for the bare libraries.

    Every (job, worker count) is timed once per round, all of them in turns, and the median
    round counts: one pass of each gave speedups of 2.29x (the stage) and 1.54x (the bare
    libraries) in the same minute, because the machine's speed moved between the passes."""
    timed: dict[tuple[str, int], list[Throughput]] = {}
    for _ in range(rounds):
        for n in workers:
            timed.setdefault(("bare", n), []).append(
                measure(pages, n, batch_size=batch_size, job=_bare)
            )
            timed.setdefault(("stage", n), []).append(measure(pages, n, batch_size=batch_size))
    stage = [_median_run(timed["stage", n]) for n in workers]
    bare = [_median_run(timed["bare", n]) for n in workers]
    return {
        "rounds": rounds,
        "pages": len(pages),
        "batch_size": batch_size,
        "runs": _runs(stage),
        "speedup": _speedups(stage),
        "bare_runs": _runs(bare),
        "bare_speedup": _speedups(bare),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__)
    parser.add_argument("--pages", type=int, default=None, help="Use the first N pages.")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="the median round counts")
    args = parser.parse_args(argv)
    pages = [p for p in real_pages() if p.slug.startswith("html-")][: args.pages]
    result = measure_scaling(pages, batch_size=args.batch_size, rounds=args.rounds)
    print(f"{result['pages']} pages of ../shared/corpora/html, batches of {result['batch_size']},")
    print(f"a pool of spawned worker processes, the median of {result['rounds']} rounds:")
    for label, runs, speedup in (
        ("extract+tag", result["runs"], result["speedup"]),
        ("bare libraries", result["bare_runs"], result["bare_speedup"]),
    ):
        for name, run in runs.items():
            print(
                f"  {label:15s} {name}: {run['seconds']:7.2f} s  {run['pages_per_s']:6.2f} pages/s"
                f"  ({run['articles']} articles)  speedup x{speedup[name]}"
            )


if __name__ == "__main__":
    main()
