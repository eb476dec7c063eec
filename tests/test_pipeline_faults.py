"""Every fault class through the whole daily flow: one readable failure each, the run
goes on, and what was already stored stays as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from servers import LoopbackServer, Route
from test_pipeline import PAGES, page, rss

from flows.daily import daily_flow

pytestmark = pytest.mark.usefixtures("prefect_harness")

# fault path on the fault server -> what the recorded error must say
FAULTS = {
    "/slow-headers": "timed out",
    "/slow-drip": "timed out",
    "/truncated": "truncated",
    "/500": "HTTP 500",
    "/503": "HTTP 503",
    "/429": "HTTP 429",
    "/404": "HTTP 404",
    "/redirect-loop": "redirect loop",
    "/redirect-no-location": "Location",
    "/redirect-private": "private address",
    "/redirect-metadata": "169.254.169.254",
    "/redirect-file": "file:",
    "/chain/11": "too many redirects",
    "/big": "cap",
    "/big-declared": "cap",
    "/gzip-bomb": "cap",
    "/brotli": "Content-Encoding",
    "/feed-is-html": "not a feed",
}


def source_name(path: str) -> str:
    return "fault-" + path.strip("/").replace("/", "-")


def write_sources(path: Path, urls: dict[str, str]) -> Path:
    path.write_text(
        "".join(f'[[source]]\nname = "{n}"\nurl = "{u}"\n\n' for n, u in urls.items()),
        encoding="utf-8",
    )
    return path


def table_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: con.execute(f"SELECT count(*) FROM store.{t}").fetchall()[0][0]
            for t in ("articles", "events", "raw_pages")
        }


def test_each_fault_is_recorded_and_the_run_goes_on(
    fault_server: LoopbackServer,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHANNELWATCH_FETCH_TIMEOUT", "1.5")
    monkeypatch.setenv("CHANNELWATCH_MAX_BYTES", str(1024 * 1024))
    monkeypatch.setenv("CHANNELWATCH_PER_HOST_DELAY", "0")
    monkeypatch.setenv("CHANNELWATCH_PER_HOST_CONCURRENCY", "4")
    with LoopbackServer() as good:
        good.routes.update({f"/a/{slug}.html": page(slug) for slug in PAGES})
        good.routes["/feed.xml"] = Route(
            headers={"Content-Type": "application/rss+xml"},
            body=rss([(slug, good.url(f"/a/{slug}.html")) for slug in PAGES]),
        )
        hosts = [good.host_key, fault_server.host_key]
        good_only = write_sources(tmp_path / "good.toml", {"good": good.url("/feed.xml")})
        daily_flow(sources_path=good_only, db_path=db_path, allowed_hosts=hosts)
        before = table_counts(db_path)

        everything = {"good": good.url("/feed.xml")} | {
            source_name(p): fault_server.url(p) for p in FAULTS
        }
        sources = write_sources(tmp_path / "all.toml", everything)
        summary = daily_flow(sources_path=sources, db_path=db_path, allowed_hosts=hosts)

    assert summary.status == "completed"
    assert table_counts(db_path) == before, "stored articles are neither lost nor duplicated"
    assert before["articles"] == len(PAGES)
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "SELECT source, error FROM store.failures"
            " WHERE run_id = ? AND stage IN ('fetch_feed', 'parse_feed')",
            [summary.run_id],
        ).fetchall()
        states = dict(con.execute("SELECT name, last_error FROM store.sources").fetchall())
    recorded = dict(rows)
    for path, expected in FAULTS.items():
        name = source_name(path)
        assert name in recorded, f"{path}: no failure recorded ({sorted(recorded)})"
        assert expected.lower() in recorded[name].lower(), f"{path}: {recorded[name]}"
        assert len(recorded[name]) < 400, "errors are one readable line"
    assert states["fault-500"] and "500" in states["fault-500"]
    assert "good" not in recorded
