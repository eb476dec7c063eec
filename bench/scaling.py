"""Extract+tag throughput on a Dask LocalCluster with 1 and with 2 worker processes.

    .venv/bin/python -m bench.scaling              # the pages of ../shared/corpora/html
    .venv/bin/python -m bench.scaling --pages 40   # fewer pages, quicker

The CPU stage of the daily flow (``stages.extract_and_tag``, trafilatura + the spaCy
tagger, both holding the GIL) runs on batches, as the flow submits them to Prefect's
``DaskTaskRunner``; here the batches go to ``distributed`` directly, so the figure is the
stage's scaling, not Prefect's per-task overhead. Each worker loads the tagger before the
clock starts (a daily run pays that once per worker). The ratio shows what a second core
buys on this machine; other people's work on the same cores lowers it.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.corpus import Page, real_pages
from extractors.models import FeedEntry, FetchResult

BATCH_SIZE = 10


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


def _batches(pages: Sequence[Page], size: int) -> list[list[tuple[FeedEntry, FetchResult]]]:
    items = [
        (
            FeedEntry(source="bench", url=p.url),
            FetchResult(url=p.url, status=200, body=p.html, content_type="text/html"),
        )
        for p in pages
    ]
    return [items[i : i + size] for i in range(0, len(items), size)]


def _warm() -> str:
    from extractors.tagger import load_tagger

    return load_tagger().rules_version


def _extract_and_tag(batch: list[tuple[FeedEntry, FetchResult]]) -> tuple[int, int]:
    from channelwatch.pipeline.stages import extract_and_tag

    done = extract_and_tag(batch)
    return done.article_count(), sum(rows.events.num_rows for rows in done.sealed)


def measure(pages: Sequence[Page], workers: int, *, batch_size: int = BATCH_SIZE) -> Throughput:
    """Time extract+tag of ``pages`` on a fresh LocalCluster of ``workers`` processes."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    batches = _batches(pages, batch_size)
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)
        started = time.perf_counter()
        results = client.gather(client.map(_extract_and_tag, batches, pure=False))
        seconds = time.perf_counter() - started
    return Throughput(
        workers=workers,
        pages=len(pages),
        articles=sum(a for a, _ in results),
        events=sum(e for _, e in results),
        seconds=seconds,
    )


def measure_scaling(
    pages: Sequence[Page], *, workers: Sequence[int] = (1, 2), batch_size: int = BATCH_SIZE
) -> dict[str, Any]:
    """The figures for ``python -m bench``: pages/s per worker count and the speedup."""
    runs = [measure(pages, n, batch_size=batch_size) for n in workers]
    base = runs[0].pages_per_s
    return {
        "pages": len(pages),
        "batch_size": batch_size,
        "runs": {
            f"{r.workers}w": {
                "seconds": round(r.seconds, 2),
                "pages_per_s": round(r.pages_per_s, 2),
                "articles": r.articles,
                "events": r.events,
            }
            for r in runs
        },
        "speedup": {
            f"{r.workers}w": round(r.pages_per_s / base, 2) if base else None for r in runs
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__)
    parser.add_argument("--pages", type=int, default=None, help="Use the first N pages.")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    args = parser.parse_args(argv)
    pages = [p for p in real_pages() if p.slug.startswith("html-")][: args.pages]
    result = measure_scaling(pages, batch_size=args.batch_size)
    print(f"extract+tag on {result['pages']} pages of ../shared/corpora/html, ", end="")
    print(f"batches of {result['batch_size']}, Dask LocalCluster (1 thread per worker):")
    for name, run in result["runs"].items():
        print(
            f"  {name}: {run['seconds']:7.2f} s  {run['pages_per_s']:6.2f} pages/s"
            f"  ({run['articles']} articles, {run['events']} events)"
            f"  speedup x{result['speedup'][name]}"
        )


if __name__ == "__main__":
    main()
