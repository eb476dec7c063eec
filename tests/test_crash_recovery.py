"""kill -9 in the middle of a run, then a re-run: the store ends up exactly as after one
uninterrupted run (nothing duplicated, nothing lost).

Real parts throughout: ``channelwatch run`` in a subprocess, a loopback server with one
feed of 42 article pages (the demo pages, each under two URLs), batches of 4. The server
holds the request for page 30 open; by then earlier batches are committed. The test
checks that some (not all) articles are stored, kills the process with SIGKILL, re-runs,
and compares with a fresh uninterrupted run into another store. Every process the killed
run started (its local Prefect server among them) must die with it, and the re-run marks
the killed run as crashed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import psutil
from servers import LoopbackServer, RequestHandler, Route

from channelwatch.demo import DEMO_DIR, PLACEHOLDER
from channelwatch.settings import ROOT
from channelwatch.store import open_store

N_PAGES = 42
HANG_AT = 30  # the request for this page hangs until the test releases it
RUN_TIMEOUT_S = 240


def _feed(base: str) -> bytes:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}/a/{i}.html</link>"
        f"<pubDate>{format_datetime(now - timedelta(hours=i))}</pubDate></item>"
        for i in range(N_PAGES)
    )
    rss = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )
    return rss.encode()


def _serve_corpus(server: LoopbackServer, hang: threading.Event, hanging: threading.Event) -> None:
    pages = sorted((DEMO_DIR / "articles").glob("*.html"))
    base = server.base_url.encode()
    server.routes["/feed.xml"] = Route(
        headers={"Content-Type": "application/rss+xml"}, body=_feed(server.base_url)
    )
    for i in range(N_PAGES):
        body = pages[i % len(pages)].read_bytes().replace(PLACEHOLDER, base)
        if i == HANG_AT:

            def handler(req: RequestHandler, body: bytes = body) -> None:
                if hang.is_set():
                    hanging.set()
                    req.pause(120)  # until the server stops; the client is killed first
                    return
                req.start(200, {"Content-Type": "text/html", "Content-Length": str(len(body))})
                req.write(body)

            server.routes[f"/a/{i}.html"] = Route(handler=handler)
        else:
            server.routes[f"/a/{i}.html"] = Route(
                headers={"Content-Type": "text/html; charset=utf-8"}, body=body
            )


def _run(sources: Path, db: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "CHANNELWATCH_ALLOW_PRIVATE_HOSTS": "1",  # the loopback test server
        "CHANNELWATCH_PER_HOST_DELAY": "0",
        "CHANNELWATCH_FETCH_TIMEOUT": "60",
    }
    env.pop("PREFECT_API_URL", None)  # each run starts its own local server
    cmd = [str(Path(sys.executable).parent / "channelwatch"), "run", "--sources", str(sources)]
    return subprocess.Popen(
        [*cmd, "--db", str(db), "--batch-size", "4", "--load-size", "4"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> str:
    out, _ = proc.communicate(timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, out
    return out


def _counts(db: Path) -> dict[str, object]:
    with open_store(db, read_only=True) as con:
        return {
            "articles": con.execute("SELECT count(*) FROM store.articles").fetchall()[0][0],
            "article_ids": sorted(
                r[0] for r in con.execute("SELECT article_id FROM store.articles").fetchall()
            ),
            "raw_pages": con.execute("SELECT count(*) FROM store.raw_pages").fetchall()[0][0],
            "events": con.execute("SELECT count(*) FROM store.events").fetchall()[0][0],
            "event_keys": con.execute(
                "SELECT count(DISTINCT (article_id, type, start_char)) FROM store.events"
            ).fetchall()[0][0],
        }


def _statuses(db: Path) -> list[str]:
    with open_store(db, read_only=True) as con:
        rows = con.execute("SELECT status FROM store.runs ORDER BY started_at").fetchall()
    return [r[0] for r in rows]


def test_kill_9_mid_run_then_rerun_equals_one_uninterrupted_run(tmp_path: Path) -> None:
    hang, hanging = threading.Event(), threading.Event()
    with LoopbackServer() as server:
        _serve_corpus(server, hang, hanging)
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "wire"\nurl = "{server.url("/feed.xml")}"\n', encoding="utf-8"
        )

        reference = tmp_path / "reference.duckdb"
        _finish(_run(sources, reference))
        expected = _counts(reference)
        assert expected["articles"] == N_PAGES and expected["events"]

        crashed = tmp_path / "crashed.duckdb"
        hang.set()
        proc = _run(sources, crashed)
        try:
            assert hanging.wait(RUN_TIMEOUT_S), "the run never reached the hanging page"
            started = psutil.Process(proc.pid).children(recursive=True)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        hang.clear()
        assert proc.returncode == -signal.SIGKILL
        assert any("uvicorn" in " ".join(p.cmdline()) for p in started), "no Prefect server?"
        _, alive = psutil.wait_procs(started, timeout=30)
        assert alive == [], f"processes of the killed run still running: {alive}"

        partial = _counts(crashed)
        assert 0 < int(partial["articles"]) < N_PAGES  # killed with whole batches stored
        assert partial["raw_pages"] == partial["articles"]  # batches are all-or-nothing
        assert _statuses(crashed) == ["running"]  # the killed run never finished it

        _finish(_run(sources, crashed))

    assert _counts(crashed) == expected
    assert _statuses(crashed) == ["crashed", "completed"]  # marked by the re-run
