"""Every feed of ../shared/corpora (feeds/ and feeds-realworld/) through the feed stage.

One test per check, iterating all files and collecting failures, so a regression names the
files without producing 2,107 test ids.
"""

from __future__ import annotations

from typing import Any

import corpus
import pytest

from extractors.feeds import NOT_A_FEED, UNSAFE_DTD, FeedStats, parse_feed_with_stats
from extractors.models import ParsedFeed

pytestmark = pytest.mark.skipif(corpus.CORPORA is None, reason=corpus.SKIP_REASON)

# Where our bozo differs from feedparser's suite, on purpose:
BOZO_EXCEPTIONS = {
    # feedparser 6.0.14 has no JSON Feed support (SOURCES.md lists it as a known difference).
    "json/example.json",
    # A parameter entity pointing at an external DTD: our guard removes it and says so.
    "wellformed/rdf/doctype_contains_entity_decl.xml",
}


def _parse_feeds_row(relative: str, row: dict[str, Any]) -> tuple[ParsedFeed, FeedStats]:
    body = (corpus.corpus_dir("feeds") / relative).read_bytes()
    base_url, content_type = f"http://feeds.example/{relative}", None
    if row["feed_as"] == "http":  # upstream serves these with headers; pass the same ones
        headers = {k.lower(): v for k, v in (row["http_headers"] or {}).items()}
        content_type = headers.get("content-type", "text/xml")
        base_url = row["document_url"] or base_url
    return parse_feed_with_stats(
        body, source="corpus", base_url=base_url, content_type=content_type
    )


@pytest.fixture(scope="module")
def feedparser_suite() -> dict[str, tuple[dict[str, Any], ParsedFeed | str]]:
    """Every file of feeds/: (manifest row, parsed feed or the exception it raised)."""
    results: dict[str, tuple[dict[str, Any], ParsedFeed | str]] = {}
    for relative, row in corpus.feed_manifest().items():
        try:
            results[relative] = (row, _parse_feeds_row(relative, row)[0])
        except Exception as err:  # collected: the test lists every file that raised
            results[relative] = (row, f"{type(err).__name__}: {err}")
    return results


@pytest.fixture(scope="module")
def realworld() -> dict[str, tuple[dict[str, Any], ParsedFeed, FeedStats]]:
    results = {}
    for relative, row in corpus.realworld_manifest().items():
        body = (corpus.corpus_dir("feeds-realworld") / relative).read_bytes()
        feed, stats = parse_feed_with_stats(body, source="corpus", base_url="http://feeds.example/")
        results[relative] = (row, feed, stats)
    return results


def test_feedparser_suite_parses_without_exception(feedparser_suite: dict[str, Any]) -> None:
    assert len(feedparser_suite) == 2107
    raised = {name: r for name, (_, r) in feedparser_suite.items() if isinstance(r, str)}
    assert raised == {}


def test_feedparser_suite_bozo_matches_manifest(feedparser_suite: dict[str, Any]) -> None:
    mismatches = []
    checked = 0
    for name, (row, feed) in feedparser_suite.items():
        if row["bozo"] is None or isinstance(feed, str):
            continue
        checked += 1
        if (feed.bozo is not None) != row["bozo"] and name not in BOZO_EXCEPTIONS:
            mismatches.append((name, row["bozo"], feed.bozo))
    assert checked == 2100
    assert mismatches == []


def test_bozo_feeds_record_a_readable_error(feedparser_suite: dict[str, Any]) -> None:
    unreadable = [
        (name, feed.bozo)
        for name, (row, feed) in feedparser_suite.items()
        if row["bozo"] is True
        and not isinstance(feed, str)
        and not (feed.bozo and len(feed.bozo) > 5)
    ]
    assert unreadable == []


def test_realworld_feeds_lose_no_items(realworld: dict[str, Any]) -> None:
    """Entry counts match rss-parser's expected output for the 29 rows that give one.

    parse_feed keeps an item only with an http(s) link and once per canonical URL, so the
    comparison is on items seen = kept + skipped (no link) + duplicates. Today only
    incomplete-fields.atom and missing-fields.atom have a link-less item (1 each).
    """
    counted = [
        (n, row, s)
        for n, (row, _, s) in realworld.items()
        if row["upstream_item_count"] is not None
    ]
    assert len(counted) == 29
    wrong = [
        (name, row["upstream_item_count"], stats)
        for name, row, stats in counted
        if stats.kept + stats.no_link + stats.duplicates != row["upstream_item_count"]
    ]
    assert wrong == []
    kept = sum(stats.kept for _, _, stats in counted)
    expected = sum(row["upstream_item_count"] for _, row, _ in counted)
    assert kept >= expected - 2


def test_realworld_non_feeds_and_broken_feeds_are_recorded(realworld: dict[str, Any]) -> None:
    def bozo(name: str) -> str | None:
        feed: ParsedFeed = realworld[name][1]
        return feed.bozo

    assert bozo("node-feedparser/notafeed.html") == NOT_A_FEED
    assert bozo("rss-parser/input/unrecognized.rss") == NOT_A_FEED
    for gzipped in (
        "node-feedparser/compressed.xml",
        "node-feedparser/invalid-characters-gzipped.xml",
    ):
        assert realworld[gzipped][1].entries == [] and bozo(gzipped)
    saxerror = realworld["node-feedparser/saxerror.xml"][1]
    assert [e.title for e in saxerror.entries] == ["Good Item", "Bad Item", "Item After Error"]
    assert saxerror.bozo.startswith("not well-formed (invalid token) at line")
    assert not any((bozo(name) or "").startswith(UNSAFE_DTD) for name in realworld)


def test_realworld_relative_links_resolved_against_the_feed_url() -> None:
    body = (corpus.corpus_dir("feeds-realworld") / "node-feedparser/tpm.atom").read_bytes()
    feed_url = "http://talkingpointsmemo.com/account/feed/all/x"
    feed, _ = parse_feed_with_stats(body, source="tpm", base_url=feed_url)
    assert len(feed.entries) == 20
    assert feed.entries[0].url == (
        "http://talkingpointsmemo.com/livewire/"
        "hannity-announces-fox-hired-sebastian-gorka-national-security-strategist"
    )
    assert all(e.url.startswith("http://talkingpointsmemo.com/") for e in feed.entries)
