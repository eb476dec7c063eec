"""Serving the review app with uvicorn on 127.0.0.1, printing the address with its token."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn

from channelwatch.errors import ConfigError
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
    """Serve until interrupted; ``announce`` gets the address to open (token included).

    The socket is bound before anything is announced, so a busy port is one clear error.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"cannot listen on {host}:{port} ({exc.strerror}); pass --port or set "
            "CHANNELWATCH_REVIEW_PORT to a free port"
        ) from exc
    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    )
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    announce(f"review page at {base}/  (read only)")
    announce(f"to review, open {base}/login?token={config.guard.token}")
    server.run(sockets=[sock])


@contextmanager
def serve_in_thread(config: Config, *, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve on a free port in a daemon thread until the block ends; yields the base URL.

    For tests and benchmarks: the thread dies with the process whatever happens.
    """
    port = free_port(host)
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host=host, port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("the review server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
