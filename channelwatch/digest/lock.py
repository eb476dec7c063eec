"""One digest sender at a time per store, so two runs started together send once.

``run_digest`` holds this lock from reading who already got the week until the
recipients the server accepted are recorded: a second run waits, then reads them as
already sent and skips them. It is an ``flock`` on ``<store>.digest.lock`` beside the
DuckDB file: the kernel releases it when the holder exits, however it exits, so a killed
run never leaves a stale lock. It serves every process on the machine that holds the store
(which is where DuckDB's own single-writer lock holds too).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from channelwatch.errors import StoreBusyError

WAIT_S = 600.0  # a send retried by the weekly flow can take minutes
POLL_S = 0.2


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".digest.lock")


@contextmanager
def digest_lock(
    db_path: Path,
    *,
    wait_s: float = WAIT_S,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the store's digest lock for the body; wait up to ``wait_s`` for it."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreBusyError(
                        f"another digest run for {db_path} has held {path} for over "
                        f"{wait_s:.0f}s; let it finish, then run the digest again"
                    ) from None
                if on_wait is not None and not told:
                    on_wait(f"another digest run for {db_path} is sending; waiting for it")
                    told = True
                time.sleep(POLL_S)
        yield
    finally:
        os.close(fd)  # releases the lock
