"""The benchmark's loopback site: the corpus pages and RSS feeds listing them, served on
127.0.0.1 with a sources file that points at the feeds (``PER_FEED`` items per feed)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bench.corpus import Page
from channelwatch.demo import LoopbackHTTPServer

PER_FEED = 100


def _feed_xml(base: str, pages: Sequence[Page], k: int) -> bytes:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    items = "".join(
        f"<item><title>{escape(p.slug)}</title><link>{base}/a/{p.slug}.html</link>"
        f"<guid>{base}/a/{p.slug}.html</guid>"
        f"<pubDate>{format_datetime(start + timedelta(minutes=i))}</pubDate></item>"
        for i, p in enumerate(pages)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>bench feed {k}</title><link>{base}/</link><description>bench</description>"
        f"{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def do_GET(self) -> None:
        found = self.server.routes.get(self.path.split("?", 1)[0])
        if found is None:
            self.send_response(404)
            self.end_headers()
            return
        content_type, body = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Site(LoopbackHTTPServer):
    routes: dict[str, tuple[str, bytes]]


@dataclass(frozen=True, slots=True)
class Site:
    base: str
    sources_path: Path
    feeds: int


@contextlib.contextmanager
def serve(pages: Sequence[Page], workdir: Path, *, per_feed: int = PER_FEED) -> Iterator[Site]:
    """Serve ``pages`` and feeds listing them on 127.0.0.1; yields the site and sources file."""
    server = _Site(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes: dict[str, tuple[str, bytes]] = {
        f"/a/{p.slug}.html": ("text/html; charset=utf-8", p.html) for p in pages
    }
    lines = []
    chunks = [pages[i : i + per_feed] for i in range(0, len(pages), per_feed)] or [[]]
    for k, chunk in enumerate(chunks):
        routes[f"/feed/{k}.xml"] = ("application/rss+xml", _feed_xml(base, chunk, k))
        lines.append(f'[[source]]\nname = "bench-{k:04d}"\nurl = "{base}/feed/{k}.xml"\n')
    server.routes = routes
    workdir.mkdir(parents=True, exist_ok=True)
    sources_path = workdir / "sources.toml"
    sources_path.write_text("\n".join(lines), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(base, sources_path, len(chunks))
    finally:
        server.shutdown()
        server.server_close()
