"""The offline demo corpus in data/demo/ is complete and self-consistent.

These tests guard the corpus itself (feeds parse, links resolve, pages carry the metadata the
pipeline reads, the labels cover every type and status), not the pipeline's results on it.
"""

from __future__ import annotations

import difflib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
import trafilatura

from extractors.models import EVENT_TYPES, STATUSES

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"
FEEDS = sorted((DEMO / "feeds").glob("*.xml"))
ARTICLES = sorted((DEMO / "articles").glob("*.html"))
BASE = "http://127.0.0.1:8765"
# The demo date is 2026-11-29; the weekly digest needs about ten weeks of history.
WINDOW = (date(2026, 9, 1), date(2026, 11, 29))


def parse_feed(path: Path) -> Any:
    return feedparser.parse(path.read_text(encoding="utf-8").replace("{{BASE}}", BASE))


def expected_rows() -> list[dict[str, Any]]:
    lines = (DEMO / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def article_text(slug: str) -> str:
    html = (DEMO / "articles" / f"{slug}.html").read_text(encoding="utf-8")
    text = trafilatura.extract(html, include_comments=False)
    assert text, f"trafilatura found no text in {slug}.html"
    return text


def linked_slugs() -> dict[str, list[str]]:
    """Feed name -> slugs of the articles its items link to."""
    out: dict[str, list[str]] = {}
    for path in FEEDS:
        out[path.stem] = [Path(urlsplit(e.link).path).stem for e in parse_feed(path).entries]
    return out


def test_corpus_has_three_or_four_feeds_and_about_twenty_articles() -> None:
    assert 3 <= len(FEEDS) <= 4
    assert 18 <= len(ARTICLES) <= 25


@pytest.mark.parametrize("path", FEEDS, ids=lambda p: p.name)
def test_feed_parses_and_every_item_links_to_an_article(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    assert "{{BASE}}/articles/" in raw, "item links must use the {{BASE}} placeholder"
    parsed = parse_feed(path)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.get("title")
    assert len(parsed.entries) >= 3
    for entry in parsed.entries:
        assert entry.title
        parts = urlsplit(entry.link)
        assert f"{parts.scheme}://{parts.netloc}" == BASE
        assert parts.path.startswith("/articles/") and parts.path.endswith(".html")
        assert (DEMO / parts.path.lstrip("/")).is_file(), f"{entry.link} has no article file"
        published = entry.get("published_parsed")
        assert published, f"{entry.link} has no date"
        assert WINDOW[0] <= date(*published[:3]) <= WINDOW[1]


def test_every_article_is_linked_from_exactly_one_feed() -> None:
    linked = [slug for slugs in linked_slugs().values() for slug in slugs]
    assert sorted(linked) == sorted(p.stem for p in ARTICLES)


def test_one_feed_item_carries_tracking_parameters() -> None:
    links = [e.link for path in FEEDS for e in parse_feed(path).entries]
    tracked = [link for link in links if "utm_source=" in urlsplit(link).query]
    assert len(tracked) == 1


def test_dates_spread_over_weeks_with_most_in_november() -> None:
    days = [date(*e.published_parsed[:3]) for path in FEEDS for e in parse_feed(path).entries]
    weeks = {d.isocalendar()[:2] for d in days}
    assert len(weeks) >= 8
    assert sum(d.month == 11 for d in days) > len(days) / 2
    assert any(d.month == 9 for d in days) and any(d.month == 10 for d in days)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_is_a_full_page_with_title_date_and_boilerplate(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(html)
    assert tree.findtext(".//title").strip()
    meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.iter("meta")}
    assert meta.get("og:title") and meta.get("author")
    published = datetime.fromisoformat(meta["article:published_time"])
    assert WINDOW[0] <= published.date() <= WINDOW[1]
    for part in ("nav", "article", "footer"):
        assert tree.find(f".//{part}") is not None, f"no <{part}>"
    assert tree.find('.//section[@id="comments"]') is not None
    assert tree.find('.//section[@class="related"]') is not None
    paragraphs = tree.findall(".//div[@class='article-body']/p")
    assert 3 <= len(paragraphs) <= 8
    assert "{{BASE}}" not in html, "the placeholder belongs in feeds only"
    metadata = trafilatura.extract_metadata(html)
    assert metadata.title and metadata.date == published.date().isoformat()


def test_expected_covers_every_article_once() -> None:
    ids = [row["id"] for row in expected_rows()]
    assert len(ids) == len(set(ids))
    assert set(ids) == {p.stem for p in ARTICLES}


def test_expected_covers_every_event_type_and_status() -> None:
    events = [e for row in expected_rows() for e in row["events"]]
    assert {e["type"] for e in events} == set(EVENT_TYPES)
    assert {e["status"] for e in events} == set(STATUSES)
    for event in events:
        assert event["actors"] and len(event["actors"]) == len(set(event["actors"]))


def test_expected_has_traps_with_no_events() -> None:
    empty = [row["id"] for row in expected_rows() if not row["events"]]
    assert len(empty) >= 3


def test_expected_evidence_is_in_the_article_text() -> None:
    for row in expected_rows():
        text = article_text(row["id"])
        for event in row["events"]:
            assert event["evidence"] in text, (row["id"], event["evidence"])


def test_microsoft_openai_exclusivity_goes_from_talks_to_confirmed() -> None:
    statuses = [
        (row["published"], e["status"])
        for row in expected_rows()
        for e in row["events"]
        if e["type"] == "exclusivity_change" and set(e["actors"]) == {"Microsoft", "OpenAI"}
    ]
    ordered = [status for _, status in sorted(statuses)]
    assert ordered[0] == "talks" and ordered[-1] == "confirmed"
    assert "reported" in ordered and "denied" in ordered


def test_syndicated_copy_is_in_two_feeds_with_nearly_the_same_text() -> None:
    rows = [row for row in expected_rows() if row.get("duplicate_of")]
    assert len(rows) == 1
    copy, original = rows[0]["id"], rows[0]["duplicate_of"]
    feeds = linked_slugs()
    (copy_feed,) = [name for name, slugs in feeds.items() if copy in slugs]
    (original_feed,) = [name for name, slugs in feeds.items() if original in slugs]
    assert copy_feed != original_feed
    ratio = difflib.SequenceMatcher(None, article_text(copy), article_text(original)).ratio()
    assert ratio >= 0.9
    assert article_text(copy) != article_text(original)
    by_id = {row["id"]: row for row in expected_rows()}
    assert by_id[copy]["events"] == by_id[original]["events"]
