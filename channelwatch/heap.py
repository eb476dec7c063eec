"""Keeping CPython's cyclic garbage collector off the heap a long command starts with.

When ``channelwatch run`` starts its flow, the process holds about 190,000 objects that
live as long as it does: the modules of Prefect, pydantic, spaCy, DuckDB and Arrow, and
the tagger's pipeline and rules. A full collection walks every one of them: a 2,000-page
run made 10 of them, 1.1-1.2 s. At exit the interpreter's last collections tear them all
down one by one, 0.6-0.8 s after the command's own work is done, for memory the OS takes
back anyway (``python -m bench --only end_to_end``'s pages; the child's GC callbacks and
timestamps).

``gc.freeze`` moves every tracked object to the permanent generation, which collections
skip (after one collection, so that garbage already made is freed, not frozen: without it a
10,000-page run peaked 4-8 MB higher, peak RSS 1.21x of the 2,000-page run's, with it
1.17x); objects made afterwards (pages, trees, articles) are collected as usual, and frozen
ones that lose their last reference are still freed at once. ``start_up_heap_frozen``
freezes for the flow and unfreezes after it, so a command run in-process (the tests'
``CliRunner``) leaves the caller's collector as it was; ``skip_exit_collection`` freezes
again at interpreter exit, where it only saves the teardown (Python never promised that
``__del__`` runs at exit, and the store's connections are closed by then).
"""

from __future__ import annotations

import atexit
import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def start_up_heap_frozen() -> Iterator[None]:
    """Leave the objects that exist now out of collections until the block ends."""
    skip_exit_collection()
    gc.collect()  # what is garbage already is freed, not frozen for the whole run
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@functools.cache
def skip_exit_collection() -> None:
    """At interpreter exit, freeze the heap so the final collections do not tear it down
    (registered once per process)."""
    atexit.register(gc.freeze)
