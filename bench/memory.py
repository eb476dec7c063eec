"""Peak memory: ``channelwatch run`` on 2,000 and on 10,000 pages, each in a child process.

The pages are the generated set (the real corpus at 10,000 pages would take the whole
time budget on its own), served from loopback as feeds, exactly as ``bench.end_to_end``
does. The child reports its own peak RSS (``VmHWM``; see ``peak_rss_kb``). A streaming
pipeline keeps a bounded number of batches in memory, so the peak should not grow with
the page count beyond what DuckDB holds for a larger store; the store's size is reported
beside it.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.corpus import generated_pages
from bench.end_to_end import run_cli
from bench.site import serve

COUNTS = (2000, 10000)


def measure_memory(counts: Sequence[int] = COUNTS) -> dict[str, object]:
    """Peak RSS (MiB) of a run per page count, and the ratio of the largest to the smallest."""
    runs: dict[str, dict[str, float]] = {}
    for n in counts:
        pages = generated_pages(n, seed=n)
        with tempfile.TemporaryDirectory(prefix="cw-bench-mem-") as tmp:
            with serve(pages, Path(tmp)) as site:
                result = run_cli(site.sources_path, Path(tmp) / "mem.duckdb")
            runs[str(n)] = {
                "maxrss_mb": result.maxrss_mb,
                "store_mb": result.store_mb,
                "articles": result.articles,
                "wall_s": result.wall_s,
            }
    small, large = runs[str(min(counts))], runs[str(max(counts))]
    return {
        "counts": list(counts),
        "runs": runs,
        "ratio": large["maxrss_mb"] / small["maxrss_mb"],
        "growth_mb": large["maxrss_mb"] - small["maxrss_mb"],
        "store_growth_mb": large["store_mb"] - small["store_mb"],
    }


if __name__ == "__main__":
    counts = [int(a) for a in sys.argv[1:]] or list(COUNTS)
    print(json.dumps(measure_memory(counts), indent=2))
