"""The daily flow end to end on real loopback servers, a real DuckDB file and Prefect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import duckdb
import pytest
from routes import conditional, redirect, slow
from servers import LoopbackServer, Route

from channelwatch.settings import DATA_DIR
from extractors.tagger import load_tagger
from flows.daily import daily_flow

pytestmark = pytest.mark.usefixtures("prefect_harness")

ARTICLES = DATA_DIR / "demo" / "articles"
PAGES = [
    "microsoft-openai-end-exclusive-resale",
    "oracle-openai-capacity-texas-new-mexico",
    "mistral-ceo-exclusive-interview",
]


def rss(items: list[tuple[str, str]]) -> bytes:
    """A small RSS 2.0 feed linking each (title, url)."""
    day = datetime(2026, 11, 20, tzinfo=UTC)
    entries = "".join(
        f"<item><title>{title}</title><link>{url}</link>"
        f"<pubDate>{format_datetime(day - timedelta(days=i))}</pubDate></item>"
        for i, (title, url) in enumerate(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<link>http://example.com/</link>{entries}</channel></rss>"
    ).encode()


def page(slug: str) -> Route:
    body = (ARTICLES / f"{slug}.html").read_bytes()
    return Route(headers={"Content-Type": "text/html; charset=utf-8"}, body=body)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> LoopbackServer:
    """One good feed (with an ETag), one failing with 500, one timing out, and one whose
    article redirects to a private address."""
    monkeypatch.setenv("CHANNELWATCH_FETCH_TIMEOUT", "1.5")
    monkeypatch.setenv("CHANNELWATCH_PER_HOST_DELAY", "0")
    monkeypatch.setenv("CHANNELWATCH_PER_HOST_CONCURRENCY", "4")
    server = LoopbackServer()
    good = rss([(slug, server.url(f"/a/{slug}.html?utm_source=feed")) for slug in PAGES])
    server.routes.update({f"/a/{slug}.html": page(slug) for slug in PAGES})
    server.routes["/good.xml"] = conditional(good, etag='"v1"', last_modified=None)
    server.routes["/broken.xml"] = Route(status=500, body=b"oops")
    server.routes["/slow.xml"] = slow(10)
    server.routes["/sneaky.xml"] = Route(
        headers={"Content-Type": "application/rss+xml"},
        body=rss([("internal", server.url("/to-private"))]),
    )
    server.routes["/to-private"] = redirect("http://10.0.0.1/admin")
    with server:
        yield server


def write_sources(tmp_path: Path, server: LoopbackServer) -> Path:
    names = ["good", "broken", "slow", "sneaky"]
    text = "".join(
        f'[[source]]\nname = "{n}"\nurl = "{server.url(f"/{n}.xml")}"\n\n' for n in names
    )
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(sources: Path, db: Path, server: LoopbackServer):
    return daily_flow(sources_path=sources, db_path=db, allowed_hosts=[server.host_key])


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: con.execute(f"SELECT count(*) FROM store.{t}").fetchall()[0][0]
            for t in ("articles", "events", "raw_pages", "runs")
        }


def failures(db: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT stage, source, error FROM store.failures").fetchall()


def test_failing_sources_are_recorded_while_others_load(
    site: LoopbackServer, tmp_path: Path, db_path: Path
) -> None:
    summary = run(write_sources(tmp_path, site), db_path, site)

    assert summary.status == "completed"
    assert counts(db_path)["articles"] == len(PAGES)
    recorded = {(stage, source): error for stage, source, error in failures(db_path)}
    assert "500" in recorded[("fetch_feed", "broken")]
    assert "timed out" in recorded[("fetch_feed", "slow")].lower()
    assert "private" in recorded[("fetch_article", "sneaky")].lower()
    with duckdb.connect(str(db_path), read_only=True) as con:
        states = dict(
            con.execute("SELECT name, consecutive_failures FROM store.sources").fetchall()
        )
        urls = [r[0] for r in con.execute("SELECT url FROM store.articles").fetchall()]
    assert states["broken"] == 1 and states["good"] == 0
    assert all("utm_source" not in url for url in urls), "tracking parameters are dropped"


def test_rerun_uses_conditional_get_and_adds_nothing(
    site: LoopbackServer, tmp_path: Path, db_path: Path
) -> None:
    sources = write_sources(tmp_path, site)
    run(sources, db_path, site)
    first = counts(db_path)

    second = run(sources, db_path, site)

    feed_requests = site.requests_for("/good.xml")
    assert feed_requests[-1].headers.get("if-none-match") == '"v1"'
    assert second.counts["feeds_not_modified"] == 1
    assert second.counts.get("articles_new", 0) == 0
    after = counts(db_path)
    assert {k: v for k, v in after.items() if k != "runs"} == {
        k: v for k, v in first.items() if k != "runs"
    }
    assert after["runs"] == first["runs"] + 1


def test_stored_events_are_what_the_tagger_prints(
    site: LoopbackServer, tmp_path: Path, db_path: Path
) -> None:
    run(write_sources(tmp_path, site), db_path, site)

    tagger = load_tagger()
    with duckdb.connect(str(db_path), read_only=True) as con:
        texts = con.execute(
            "SELECT article_id, text, CAST(published_at AS DATE) FROM store.articles"
        ).fetchall()
        stored = con.execute(
            "SELECT article_id, type, list_sort(actors), status, start_char, end_char,"
            " event_date, is_background FROM store.events"
        ).fetchall()
    expected = sorted(
        (
            aid,
            e.type,
            sorted(e.actors),
            e.status,
            e.start_char,
            e.end_char,
            e.event_date,
            e.background,
        )
        for aid, text, published in texts
        for e in tagger.tag(text, published=published)
    )
    assert sorted((a, t, list(ac), *rest) for a, t, ac, *rest in stored) == expected
    assert all(row[6] is not None for row in stored), "every stored event has its own date"
    assert any(t == "exclusivity_change" for _, t, *_ in stored), "the anchor story is tagged"
