"""The review app on a real uvicorn server in a daemon thread on 127.0.0.1, for tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from channelwatch.review.app import Config, create_app
from channelwatch.review.security import Guard
from channelwatch.review.server import free_port


def review_config(db: Path, **changes: object) -> Config:
    return Config(db_path=db, reviewer="tester", guard=Guard(), **changes)  # type: ignore[arg-type]


@contextmanager
def running_review(config: Config) -> Iterator[str]:
    """Serve ``config`` until the block ends; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the review server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
