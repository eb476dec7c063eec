"""articles-dev through the real pipeline: serve the pages on 127.0.0.1 with a feed listing
them, run the daily flow into a fresh store, and score its news events with
``../shared/eval/score_articles.py`` (``NOT is_background``), as the hidden article sets are.

    .venv/bin/python -m bench.articles_eval [--keep DB] [--errors]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from xml.sax.saxutils import escape

from channelwatch.demo import LoopbackHTTPServer
from channelwatch.settings import ROOT, apply_prefect_defaults

EVAL = ROOT.parent / "shared" / "eval"
ARTICLES = EVAL / "articles-dev"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def write_feed(folder: Path, base: str, gold: list[dict[str, object]]) -> Path:
    """An RSS feed in ``folder`` with one item per gold page, dated as the page is."""
    items = []
    for row in gold:
        url = f"{base}/{row['file']}"
        items.append(
            f"<item><title>{escape(str(row.get('title', row['file'])))}</title>"
            f"<link>{escape(url)}</link><guid>{escape(url)}</guid>"
            f"<pubDate>{row['published']}T09:00:00Z</pubDate></item>"
        )
    feed = folder / "feed.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>articles-dev</title><link>{base}/</link><description>eval</description>"
        + "".join(items)
        + "</channel></rss>",
        encoding="utf-8",
    )
    return feed


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    server = LoopbackHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="articles-dev", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_pipeline(db: Path, articles: Path = ARTICLES) -> None:
    """Ingest every articles-dev page into ``db`` with the daily flow."""
    apply_prefect_defaults()
    from flows.daily import daily_flow

    gold = [json.loads(x) for x in (articles / "gold.jsonl").read_text().splitlines() if x]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp, "site")
        site.mkdir()
        for page in articles.glob("*.html"):
            (site / page.name).write_bytes(page.read_bytes())
        with serve_folder(site) as base:
            host = base.removeprefix("http://")
            write_feed(site, base, gold)
            sources = Path(tmp, "sources.toml")
            sources.write_text(
                f'[[source]]\nname = "articles-dev"\nurl = "{base}/feed.xml"\n', encoding="utf-8"
            )
            daily_flow(
                sources_path=sources,
                db_path=db,
                kind="demo",
                allowed_hosts=[host],
                per_host_delay_s=0.0,
            )


def score_store(db: Path, *, errors: bool = False) -> str:
    """score_articles.py's report on ``db`` (its last line is ``strict_f1=...``)."""
    cmd = [sys.executable, str(EVAL / "score_articles.py"), str(db), str(ARTICLES / "gold.jsonl")]
    if errors:
        cmd.append("--errors")
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def evaluate(*, keep: Path | None = None, errors: bool = False) -> str:
    """Run the pipeline on articles-dev into a fresh store and return the score report."""
    with tempfile.TemporaryDirectory() as tmp:
        db = keep or Path(tmp, "articles-dev.duckdb")
        if db.exists():
            db.unlink()
        run_pipeline(db)
        return score_store(db, errors=errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the store here and keep it")
    parser.add_argument("--errors", action="store_true", help="list each page's misses")
    args = parser.parse_args()
    if not ARTICLES.is_dir():
        sys.exit(f"{ARTICLES} is missing: put ../shared beside the checkout")
    print(evaluate(keep=args.keep, errors=args.errors))


if __name__ == "__main__":
    main()
