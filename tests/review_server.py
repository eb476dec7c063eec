"""The review app on a real uvicorn server in a daemon thread on 127.0.0.1, for tests."""

from __future__ import annotations

from pathlib import Path

from channelwatch.review.app import Config
from channelwatch.review.security import Guard
from channelwatch.review.server import serve_in_thread as running_review

__all__ = ["review_config", "running_review"]


def review_config(db: Path, **changes: object) -> Config:
    return Config(db_path=db, reviewer="tester", guard=Guard(), **changes)  # type: ignore[arg-type]
