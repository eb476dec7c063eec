"""Plain values passed between the pipeline stages.

Every stage takes and returns these dataclasses, so a stage can be tested, benchmarked
or run on a Dask worker without Prefect or the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, get_args

EventType = Literal[
    "exclusivity_change",
    "revenue_share_change",
    "distribution_expansion",
    "hosting_deal",
    "packaging_change",
    "renegotiation",
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
Status = Literal["confirmed", "reported", "talks", "denied"]
STATUSES: tuple[str, ...] = get_args(Status)


@dataclass(frozen=True, slots=True)
class Source:
    """One feed to watch, as declared in ``data/sources.toml``."""

    name: str
    url: str
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class FetchState:
    """What the previous fetch of a URL told us, for conditional GET and back-off."""

    etag: str | None = None
    last_modified: str | None = None
    consecutive_failures: int = 0
    next_fetch_after: datetime | None = None


@dataclass(slots=True)
class FetchResult:
    """The outcome of one HTTP fetch. ``error`` is set instead of raising."""

    url: str
    final_url: str | None = None
    status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None
    elapsed_s: float = 0.0
    retry_after_s: float | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and (self.not_modified or self.status == 200)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: the article it points to, not the article itself."""

    source: str
    url: str
    title: str | None = None
    published_at: datetime | None = None
    summary: str | None = None


@dataclass(slots=True)
class ParsedFeed:
    source: str
    entries: list[FeedEntry] = field(default_factory=list)
    title: str | None = None
    bozo: str | None = None  # the parser's complaint about a malformed feed, if any


@dataclass(slots=True)
class Article:
    """An extracted article: text plus metadata, and the raw HTML it came from."""

    article_id: str
    url: str
    source: str
    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    language: str | None = None
    published_at: datetime | None = None  # the feed's (source's) date
    date_extracted: date | None = None  # the extractor's estimate from the page
    fingerprint: str | None = None  # near-duplicate hash of the text (SimHash)
    raw_html: bytes = b""
    # counted once where the article is made (a worker), not by the single store writer
    word_count: int = field(init=False)

    def __post_init__(self) -> None:
        self.word_count = len(self.text.split())

    @property
    def publication_date(self) -> date:
        """The date "last month" and "next year" are read against: the source's date, else
        the page's, else today (the day it is first seen)."""
        if self.published_at is not None:
            return self.published_at.date()
        return self.date_extracted or date.today()


@dataclass(frozen=True, slots=True)
class Event:
    """One partnership event found in a text, with the sentence that supports it."""

    type: str
    actors: tuple[str, ...]
    status: str
    evidence: str
    start_char: int
    end_char: int
    rule_id: str
    rules_version: str
    confidence: float
    direction: str | None = None
    # the date the text gives for the happening itself ("in 2025", "last July"), resolved
    # against the article's publication date; None where the text gives none
    event_date: date | None = None
    # the sentence retells an earlier or standing arrangement instead of reporting news
    background: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "type": self.type,
            "actors": list(self.actors),
            "status": self.status,
            "direction": self.direction,
            "evidence": self.evidence,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "rule_id": self.rule_id,
            "rules_version": self.rules_version,
            "confidence": round(self.confidence, 3),
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "background": self.background,
        }
