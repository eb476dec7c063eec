"""Serving the review app with uvicorn on 127.0.0.1, printing the address with its token."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn

from channelwatch.review.app import Config, create_app


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serve(
    config: Config,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve until interrupted; ``announce`` gets the address to open (token included)."""
    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    )
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    announce(f"review page at {base}/  (read only)")
    announce(f"to review, open {base}/login?token={config.guard.token}")
    server.run()
