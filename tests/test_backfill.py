"""``backfill``: older feed items from a date on, resumable, with the views refreshed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from servers import LoopbackServer, Route
from test_pipeline import page, rss

from flows.backfill import backfill_flow

pytestmark = pytest.mark.usefixtures("prefect_harness")

# rss() dates item i on 2026-11-20 minus i days
SLUGS = [
    "microsoft-openai-end-exclusive-resale",  # 11-20
    "oracle-openai-capacity-texas-new-mexico",  # 11-19
    "amazon-anthropic-amended-collaboration",  # 11-18
    "microsoft-mistral-partnership-talks",  # 11-17
    "azure-openai-new-pricing-tiers",  # 11-16
]


def stored(db: Path) -> tuple[int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        articles = con.execute("SELECT count(*) FROM store.articles").fetchall()[0][0]
        signals = con.execute("SELECT count(*) FROM signals").fetchall()[0][0]
    return articles, signals


def test_backfill_keeps_items_since_the_date_and_resumes(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWATCH_PER_HOST_DELAY", "0")
    with LoopbackServer() as server:
        server.routes.update({f"/a/{slug}.html": page(slug) for slug in SLUGS})
        server.routes["/feed.xml"] = Route(
            headers={"Content-Type": "application/rss+xml"},
            body=rss([(slug, server.url(f"/a/{slug}.html")) for slug in SLUGS]),
        )
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "wire"\nurl = "{server.url("/feed.xml")}"\n')
        hosts = [server.host_key]

        first = backfill_flow(date(2026, 11, 18), sources, db_path, allowed_hosts=hosts)
        assert first.counts["entries_since"] == 3
        articles, signals = stored(db_path)
        assert articles == 3 and signals > 0, "the watch views see backfilled articles"

        wider = backfill_flow(date(2026, 11, 1), sources, db_path, allowed_hosts=hosts)
        assert wider.counts["entries_new"] == 2, "stored articles are skipped: it resumes"
        again = backfill_flow(date(2026, 11, 1), sources, db_path, allowed_hosts=hosts)
        assert again.counts["entries_new"] == 0
        fetched_pages = [r for r in server.requests if r.path.startswith("/a/")]
    assert stored(db_path)[0] == 5
    assert len(fetched_pages) == 5, "no page is fetched twice"


def test_backfill_with_sitemaps_fetches_them_politely(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWATCH_PER_HOST_DELAY", "0")
    with LoopbackServer() as server:
        server.routes.update({f"/a/{slug}.html": page(slug) for slug in SLUGS})
        server.routes["/feed.xml"] = Route(
            headers={"Content-Type": "application/rss+xml"},
            body=rss([(SLUGS[0], server.url(f"/a/{SLUGS[0]}.html"))]),
        )
        locs = "".join(f"<url><loc>{server.url(f'/a/{s}.html')}</loc></url>" for s in SLUGS)
        server.routes["/robots.txt"] = Route(body=f"Sitemap: {server.url('/map.xml')}\n".encode())
        server.routes["/map.xml"] = Route(
            headers={"Content-Type": "application/xml"},
            body=f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">{locs}</urlset>'.encode(),
        )
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "wire"\nurl = "{server.url("/feed.xml")}"\n')

        summary = backfill_flow(
            date(2026, 11, 1), sources, db_path, sitemaps=True, allowed_hosts=[server.host_key]
        )
        agents = {r.headers.get("user-agent") for r in server.requests}
    assert summary.counts["entries_discovered"] == len(SLUGS)
    assert stored(db_path)[0] == len(SLUGS)
    assert len(agents) == 1 and "channelwatch" in str(agents)  # no request of trafilatura's
