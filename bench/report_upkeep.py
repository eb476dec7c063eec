"""The benchmark rows of what a store that runs for years must keep flat (issue 16): the
signal refresh after a daily load, a daily run on a 5M-event store against an empty one,
and the processes left behind after killed runs and test sessions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bench.row import Row

REFRESH_TARGET = "<= 1 s at 1M, <= 2 s at 5M events"
REFRESH_LIMITS = {1_000_000: 1.0, 5_000_000: 2.0}  # seconds, the targets
GROWTH_TARGET = "<= 1.2x"
LEFTOVER_TARGET = "0 in each case"


def _refresh(r: Mapping[str, Any]) -> Row:
    """Incremental refresh beside the full rebuild, per store size."""
    sizes: Sequence[Mapping[str, Any]] = r["sizes"]
    figure = ", ".join(f"{s['incremental_s']:.2f} s at {s['events']:,}" for s in sizes)
    limit = ", ".join(f"full {s['full_s']:.1f} s" for s in sizes)
    ratio = ", ".join(f"{s['full_s'] / s['incremental_s']:.0f}x" for s in sizes)
    checked = [s for s in sizes if s["events"] in REFRESH_LIMITS]
    met = (
        all(s["incremental_s"] <= REFRESH_LIMITS[s["events"]] for s in checked)
        if len(checked) == len(REFRESH_LIMITS)
        else None
    )
    same = all(s["identical"] for s in sizes)
    note = f"{sizes[0]['daily_articles']} new articles; incremental equals the full rebuild: " + (
        "yes" if same else "NO"
    )
    return Row("signal refresh after a daily load", figure, limit, ratio, REFRESH_TARGET, met, note)


def _growth(r: Mapping[str, Any]) -> Row:
    """The daily run into a 5M-event store against the same run into an empty one."""
    ratio = float(r["ratio"])
    note = (
        f"{r['pages']} corpus pages served on 127.0.0.1, channelwatch run against a running"
        f" Prefect server, mean of {len(r['runs']['big'])} runs a side, alternating;"
        f" {r['events']:,}-event store {r['big_store_mb']:,.0f} MB; its read snapshot alone"
        f" {r['snapshot_s']:.1f} s"
    )
    big = r["runs"]["big"]
    if big and "signals" in big[0]["timings"]:
        refresh = sum(run["timings"]["signals"] for run in big) / len(big)
        note += f"; its signal refresh {refresh:.2f} s"
    return Row(
        "daily run, 5M-event store vs empty",
        f"{r['big_s']:.1f} s",
        f"{r['empty_s']:.1f} s (empty store)",
        f"{ratio:.2f}x",
        GROWTH_TARGET,
        ratio <= 1.2,
        note,
    )


def _leftovers(r: Mapping[str, Any]) -> Row:
    """Processes still running after each case."""
    left: Mapping[str, int] = r["left"]
    figure = ", ".join(f"{n} after {case}" for case, n in left.items())
    return Row(
        "processes left behind",
        figure,
        "",
        "",
        LEFTOVER_TARGET,
        all(n == 0 for n in left.values()),
        "processes marked by the bench's environment variable, counted 30 s after each case",
    )


# (row name, target, stage in the results, the row's builder)
UPKEEP_ROWS: tuple[tuple[str, str, str, Callable[[Mapping[str, Any]], Row]], ...] = (
    ("signal refresh after a daily load", REFRESH_TARGET, "signal_refresh", _refresh),
    ("daily run, 5M-event store vs empty", GROWTH_TARGET, "store_growth", _growth),
    ("processes left behind", LEFTOVER_TARGET, "leftovers", _leftovers),
)
