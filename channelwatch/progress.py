"""A process-wide progress hook: the CLI installs a display, the flow reports to it.

The flow body reports after each stage and batch (never from Dask workers), so the
display works the same on every task runner.
"""

from __future__ import annotations

from collections.abc import Callable

Reporter = Callable[[str, int, int], None]
_reporter: Reporter | None = None


def set_reporter(reporter: Reporter | None) -> None:
    global _reporter
    _reporter = reporter


def report(stage: str, done: int, total: int) -> None:
    if _reporter is not None:
        _reporter(stage, done, total)
