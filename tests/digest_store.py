"""A store for the digest tests, written through the real store writes.

Dates are relative to the last complete ISO week (the digest's default), so the store
always has one week with news, earlier weeks for the chart and the status history,
and the current week for "never show next week's news". It holds a talks -> confirmed
upgrade, a denial of an earlier report, a syndicated copy (two sources, one story), one
signal per watch view, a hostile title (markup and a header-injection attempt), a
``javascript:`` evidence URL, and a failing source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from store_builder import events_in

from channelwatch.digest.weeks import IsoWeek
from channelwatch.store import (
    insert_articles,
    open_store,
    replace_events,
    save_fetch_results,
    start_run,
    sync_sources,
    transaction,
)
from channelwatch.store.signals import refresh_signals
from extractors.models import Article, Event, FetchResult, Source

RULES_VERSION = "digest-test-1"
HOSTILE_TITLE = "<script>alert('x')</script> Oracle deal\r\nBcc: evil@example.com"


def target_week(now: datetime | None = None) -> IsoWeek:
    return IsoWeek.last_complete(now or datetime.now(UTC))


@dataclass(frozen=True)
class Story:
    key: str
    source: str
    day: int  # days after the target week's Monday (negative: earlier weeks)
    title: str
    events: tuple[tuple[str, tuple[str, ...], str, str], ...]  # type, actors, status, evidence
    duplicate_of: str | None = None
    url: str | None = None


STORIES: tuple[Story, ...] = (
    # history: talks three weeks before, then confirmed in the target week
    Story(
        "oracle-talks",
        "theinformation",
        -20,
        "OpenAI in talks with Oracle for more capacity",
        (("hosting_deal", ("OpenAI", "Oracle"), "talks", "OpenAI is in talks with Oracle"),),
    ),
    Story(
        "oracle-deal",
        "reuters",
        1,
        HOSTILE_TITLE,
        (
            (
                "hosting_deal",
                ("OpenAI", "Oracle"),
                "confirmed",
                "Oracle will host OpenAI <b>workloads</b>",
            ),
        ),
    ),
    Story(
        "oracle-copy",
        "yahoo",
        2,
        "Oracle will host OpenAI workloads (Reuters)",
        (
            (
                "hosting_deal",
                ("OpenAI", "Oracle"),
                "confirmed",
                "Oracle will host OpenAI <b>workloads</b>",
            ),
        ),
        duplicate_of="oracle-deal",
    ),
    Story(
        "bedrock",
        "theverge",
        3,
        "OpenAI models arrive on Amazon Bedrock",
        (
            (
                "distribution_expansion",
                ("Amazon", "OpenAI"),
                "confirmed",
                "OpenAI models will be available on Amazon Bedrock next month",
            ),
        ),
        url="javascript:alert(1)",
    ),
    Story(
        "pricing",
        "techcrunch",
        4,
        "Anthropic changes Claude pricing on Vertex AI",
        (
            (
                "packaging_change",
                ("Anthropic", "Google"),
                "confirmed",
                "Anthropic cut the price of Claude on Vertex AI",
            ),
        ),
    ),
    # a report four weeks before, denied in the target week
    Story(
        "excl-report",
        "bloomberg",
        -27,
        "Microsoft and OpenAI to end exclusivity, sources say",
        (
            (
                "exclusivity_change",
                ("Microsoft", "OpenAI"),
                "reported",
                "Microsoft will end its exclusive right to resell OpenAI models",
            ),
        ),
    ),
    Story(
        "excl-denial",
        "microsoft-blog",
        5,
        "Our partnership with OpenAI",
        (
            (
                "exclusivity_change",
                ("Microsoft", "OpenAI"),
                "denied",
                "Microsoft said its exclusivity continues unchanged",
            ),
        ),
    ),
    # earlier weeks, for the chart
    Story(
        "mistral",
        "reuters",
        -35,
        "Mistral models come to Azure",
        (
            (
                "renegotiation",
                ("Microsoft", "Mistral AI"),
                "confirmed",
                "Microsoft and Mistral AI amended their deal",
            ),
        ),
    ),
    # the current week: must not appear in the target week's digest
    Story(
        "next-week",
        "reuters",
        8,
        "Next week's story",
        (("renegotiation", ("Google", "Anthropic"), "talks", "Google and Anthropic are in talks"),),
    ),
)

FEEDS = {
    "reuters": "https://www.reuters.com/technology/rss",
    "theinformation": "https://www.theinformation.com/feed",
    "theverge": "https://www.theverge.com/rss/ai/index.xml",
    "techcrunch": "https://techcrunch.com/category/ai/feed/",
    "bloomberg": "https://feeds.bloomberg.com/technology/news.rss",
    "microsoft-blog": "https://blogs.microsoft.com/feed/",
    "yahoo": "https://finance.yahoo.com/rss/",
    "broken-feed": "https://broken.example/feed.xml",
}


def _when(week: IsoWeek, day: int) -> datetime:
    return week.start + timedelta(days=day, hours=10)


def _article(story: Story, week: IsoWeek) -> Article:
    text = " ".join(e[3] for e in story.events) + ". More text follows here."
    published = _when(week, story.day)
    return Article(
        article_id=f"a-{story.key}",
        url=story.url or f"https://{story.source}.example/{story.key}",
        source=story.source,
        text=text,
        title=story.title,
        language="en",
        published_at=published,
        date_extracted=date.fromordinal(published.toordinal()),
        raw_html=f"<html><body><p>{text}</p></body></html>".encode(),
    )


def _events(story: Story) -> list[Event]:
    text = " ".join(e[3] for e in story.events) + ". More text follows here."
    return events_in(text, story.events, rules_version=RULES_VERSION)


def build_digest_store(
    path: Path, *, week: IsoWeek | None = None, stories: tuple[Story, ...] = STORIES
) -> Path:
    """Write ``stories`` around ``week`` (default: the last complete week) into ``path``."""
    week = week or target_week()
    with open_store(path) as con:
        sync_sources(con, [Source(name, url) for name, url in FEEDS.items()])
        save_fetch_results(
            con,
            {"broken-feed": FetchResult(url=FEEDS["broken-feed"], status=503, error="HTTP 503")},
        )
        run_id = start_run(con, kind="demo", rules_version=RULES_VERSION)
        with transaction(con):
            insert_articles(
                con,
                [_article(s, week) for s in stories],
                run_id=run_id,
                duplicate_of={
                    f"a-{s.key}": f"a-{s.duplicate_of}" for s in stories if s.duplicate_of
                },
            )
            replace_events(con, {f"a-{s.key}": _events(s) for s in stories})
        refresh_signals(con)
    return path
