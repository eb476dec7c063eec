"""A small, realistic signal store written through the real store writes.

Dates are relative to today so "this week" queries see the recent rows. The corpus has
a syndicated wire copy, a talks -> confirmed chain, a denial after a report, a
press release re-posted a week late, and one of each event type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from channelwatch.store import insert_articles, open_store, replace_events, start_run, transaction
from channelwatch.store.signals import refresh_signals
from extractors.models import Article, Event

RULES_VERSION = "test-1"


def days_ago(n: int) -> datetime:
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    return today - timedelta(days=n)


@dataclass(frozen=True)
class Story:
    key: str
    source: str
    text: str
    published: int  # days ago
    events: tuple[tuple[str, tuple[str, ...], str, str], ...]  # type, actors, status, evidence
    duplicate_of: str | None = None
    extracted: int | None = None  # days ago, the page's own date


STORIES: tuple[Story, ...] = (
    Story(
        "oracle-talks",
        "theinformation",
        "OpenAI is in talks with Oracle to rent additional cloud capacity, people familiar said.",
        9,
        (
            (
                "hosting_deal",
                ("OpenAI", "Oracle"),
                "talks",
                "OpenAI is in talks with Oracle to rent additional cloud capacity",
            ),
        ),
    ),
    Story(
        "oracle-wire",
        "reuters",
        "Oracle will host OpenAI workloads in its Abilene data centre under a deal announced on "
        "Tuesday, the companies said.",
        6,
        (
            (
                "hosting_deal",
                ("Oracle", "OpenAI"),
                "confirmed",
                "Oracle will host OpenAI workloads in its Abilene data centre",
            ),
        ),
    ),
    Story(
        "oracle-copy",
        "yahoo-finance",
        "Oracle will host OpenAI workloads in its Abilene data centre under a deal announced on "
        "Tuesday, the companies said. (Reuters)",
        5,
        (
            (
                "hosting_deal",
                ("OpenAI", "Oracle"),
                "confirmed",
                "Oracle will host OpenAI workloads in its Abilene data centre",
            ),
        ),
        duplicate_of="oracle-wire",
    ),
    Story(
        "bedrock",
        "techcrunch",
        "OpenAI's open-weight models are now available on Amazon Bedrock, AWS said.",
        4,
        (
            (
                "distribution_expansion",
                ("OpenAI", "Amazon"),
                "confirmed",
                "OpenAI's open-weight models are now available on Amazon Bedrock",
            ),
        ),
    ),
    Story(
        "exclusivity-report",
        "bloomberg",
        "Microsoft and OpenAI agreed to end Microsoft's exclusive right to resell OpenAI models, "
        "Bloomberg reported.",
        3,
        (
            (
                "exclusivity_change",
                ("Microsoft", "OpenAI"),
                "reported",
                "Microsoft and OpenAI agreed to end Microsoft's exclusive right to resell OpenAI"
                " models",
            ),
        ),
    ),
    Story(
        "exclusivity-denial",
        "microsoft-blog",
        "Microsoft said nothing has changed: its exclusivity on OpenAI's API continues.",
        2,
        (
            (
                "exclusivity_change",
                ("Microsoft", "OpenAI"),
                "denied",
                "its exclusivity on OpenAI's API continues",
            ),
        ),
    ),
    Story(
        "pricing",
        "theverge",
        "Anthropic cut the price of Claude Opus on its API by two thirds.",
        1,
        (
            (
                "packaging_change",
                ("Anthropic",),
                "confirmed",
                "Anthropic cut the price of Claude Opus on its API by two thirds",
            ),
        ),
    ),
    Story(
        "renegotiation-talks",
        "ft",
        "Microsoft and OpenAI are in talks to rework the terms of their partnership.",
        30,
        (
            (
                "renegotiation",
                ("Microsoft", "OpenAI"),
                "talks",
                "Microsoft and OpenAI are in talks to rework the terms of their partnership",
            ),
        ),
    ),
    Story(
        "renegotiation-done",
        "reuters",
        "Microsoft and OpenAI signed a definitive agreement restructuring their partnership, "
        "which also caps the revenue share Microsoft receives.",
        2,
        (
            (
                "renegotiation",
                ("Microsoft", "OpenAI"),
                "confirmed",
                "Microsoft and OpenAI signed a definitive agreement restructuring their"
                " partnership",
            ),
            (
                "revenue_share_change",
                ("Microsoft", "OpenAI"),
                "confirmed",
                "which also caps the revenue share Microsoft receives",
            ),
        ),
    ),
    Story(
        "late-press-release",
        "prnewswire",
        "Google Cloud will supply TPU capacity to Anthropic under an expanded agreement.",
        0,
        (
            (
                "hosting_deal",
                ("Google", "Anthropic"),
                "confirmed",
                "Google Cloud will supply TPU capacity to Anthropic",
            ),
        ),
        extracted=8,
    ),
)


def article_of(story: Story) -> Article:
    extracted = story.extracted if story.extracted is not None else story.published
    return Article(
        article_id=f"a-{story.key}",
        url=f"https://{story.source}.example/{story.key}",
        source=story.source,
        text=story.text,
        title=story.text.split(",")[0],
        language="en",
        published_at=days_ago(story.published),
        date_extracted=date.fromordinal(days_ago(extracted).toordinal()),
        fingerprint=None,
        raw_html=f"<html><body><article><p>{story.text}</p></article></body></html>".encode(),
    )


def events_in(
    text: str,
    specs: tuple[tuple[str, tuple[str, ...], str, str], ...],
    *,
    rules_version: str = RULES_VERSION,
) -> list[Event]:
    """Events for (type, actors, status, evidence) specs, located in ``text``."""
    events = []
    for type_, actors, status, evidence in specs:
        start = text.index(evidence)
        events.append(
            Event(
                type=type_,
                actors=actors,
                status=status,
                evidence=evidence,
                start_char=start,
                end_char=start + len(evidence),
                rule_id=f"{type_}.test",
                rules_version=rules_version,
                confidence=0.9,
            )
        )
    return events


def events_of(story: Story) -> list[Event]:
    return events_in(story.text, story.events)


def build_store(path: Path, stories: tuple[Story, ...] = STORIES) -> Path:
    with open_store(path) as con:
        run_id = start_run(con, kind="demo", rules_version=RULES_VERSION)
        with transaction(con):
            insert_articles(
                con,
                [article_of(s) for s in stories],
                run_id=run_id,
                duplicate_of={
                    f"a-{s.key}": f"a-{s.duplicate_of}" for s in stories if s.duplicate_of
                },
            )
            replace_events(con, {f"a-{s.key}": events_of(s) for s in stories})
        refresh_signals(con)
    return path
