"""The digest's content, read from a store written by the real store writes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from digest_store import build_digest_store, target_week

from channelwatch.digest.content import DigestContent, build_content
from channelwatch.digest.weeks import IsoWeek
from channelwatch.errors import InputError
from channelwatch.store import open_store

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_digest_store(tmp_path_factory.mktemp("digest") / "digest.duckdb")


def content_of(store: Path, week: IsoWeek) -> DigestContent:
    with open_store(store, read_only=True) as con:
        return build_content(con, week=week, now=NOW)


@pytest.fixture(scope="module")
def content(store: Path) -> DigestContent:
    return content_of(store, target_week())


def section(content: DigestContent, view: str):  # type: ignore[no-untyped-def]
    return next(s for s in content.sections if s.item.view == view)


def test_all_four_watch_items_in_order(content: DigestContent) -> None:
    assert [s.item.view for s in content.sections] == [
        "watch_broadening",
        "watch_rival_clouds",
        "watch_packaging",
        "watch_renegotiations",
    ]


def test_syndicated_copy_is_one_signal_from_two_sources(content: DigestContent) -> None:
    hosting = [
        s for s in section(content, "watch_rival_clouds").signals if s.type == "hosting_deal"
    ]
    assert len(hosting) == 1
    assert (hosting[0].n_articles, hosting[0].n_sources) == (1, 2)
    assert hosting[0].status == "confirmed"


def test_only_signals_first_seen_in_the_week(content: DigestContent) -> None:
    actors = {s.actors for x in content.sections for s in x.signals}
    assert ("Anthropic", "Google") in actors  # packaging, in the week
    assert ("Microsoft", "Mistral AI") not in actors  # five weeks before
    assert all(
        content.week.start <= s.first_seen < content.week.end
        for x in content.sections
        for s in x.signals
    )
    renegotiation_types = {s.type for s in section(content, "watch_renegotiations").signals}
    assert "renegotiation" not in renegotiation_types  # the Google/Anthropic talks are next week


def test_status_upgrade_and_denial_are_reported(content: DigestContent) -> None:
    rival = section(content, "watch_rival_clouds").changes
    assert [(c.actors, c.before, c.after) for c in rival] == [
        (("OpenAI", "Oracle"), "talks", "confirmed")
    ]
    reneg = section(content, "watch_renegotiations").changes
    assert [(c.actors, c.before, c.after) for c in reneg] == [
        (("Microsoft", "OpenAI"), "reported", "denied")
    ]
    summary = {c.parties: c.summary for c in section(content, "watch_rival_clouds").summary}
    assert summary["OpenAI & Oracle"] == "hosting / compute deal talks → confirmed"


def test_strongest_signals_first(content: DigestContent) -> None:
    statuses = [s.status for s in section(content, "watch_broadening").signals]
    assert statuses == ["confirmed", "denied"]


def test_non_http_evidence_url_is_dropped(content: DigestContent) -> None:
    bedrock = next(s for s in section(content, "watch_broadening").signals if "Amazon" in s.actors)
    assert bedrock.url is None
    assert bedrock.title == "OpenAI models arrive on Amazon Bedrock"


def test_history_has_twelve_weeks_ending_with_the_week(content: DigestContent) -> None:
    weeks = content.history.weeks
    assert len(weeks) == 12 and weeks[-1] == content.week
    assert content.history.counts["watch_rival_clouds"][-1] == 2  # Oracle hosting, Bedrock
    assert content.history.counts["watch_renegotiations"][-5] == 1  # Mistral, five weeks back


def test_footer_lists_failing_sources_and_cited_sources(content: DigestContent) -> None:
    assert [(f.name, f.consecutive_failures, f.last_error) for f in content.failing_sources] == [
        ("broken-feed", 1, "HTTP 503")
    ]
    cited = {s.name: (s.url, s.n_signals) for s in content.sources}
    assert cited["reuters"] == ("https://www.reuters.com/", 1)


def test_an_empty_week_is_empty(store: Path) -> None:
    content = content_of(store, IsoWeek(2020, 1))
    assert content.is_empty and content.n_signals == 0
    assert all(s.is_empty for s in content.sections)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-W48", IsoWeek(2026, 48)), (" 2020-W53 ", IsoWeek(2020, 53))],
)
def test_week_parses(text: str, expected: IsoWeek) -> None:
    assert IsoWeek.parse(text) == expected


@pytest.mark.parametrize("text", ["2026-48", "2026-W54", "2021-W53", "last week"])
def test_bad_week_names_the_format(text: str) -> None:
    with pytest.raises(InputError, match=r"ISO week|does not exist"):
        IsoWeek.parse(text)


def test_default_week_is_the_last_complete_one() -> None:
    assert IsoWeek.last_complete(datetime(2026, 11, 29, 23, 0, tzinfo=UTC)) == IsoWeek(2026, 47)
    assert IsoWeek.last_complete(datetime(2026, 11, 30, 0, 1, tzinfo=UTC)) == IsoWeek(2026, 48)
