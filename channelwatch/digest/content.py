"""The week's digest as plain values: a section per watch item, status changes, the
weekly history for the chart, and the footer.

``build_content`` is the only function that reads the store; chart, templates and the
message work on these dataclasses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import duckdb

from channelwatch.digest import queries
from channelwatch.digest.queries import EventRow, SignalRow
from channelwatch.digest.weeks import IsoWeek
from channelwatch.store.precision import Precision, reviewed_precision
from channelwatch.watch import WATCH_ITEMS, WatchItem

HISTORY_WEEKS = 12

STATUS_RANK: dict[str, int] = {"talks": 1, "reported": 2, "confirmed": 3}
# order within a section: strongest first; a denial is news too, right after confirmed
_DISPLAY_RANK: dict[str, int] = {"confirmed": 4, "denied": 3, "reported": 2, "talks": 1}

# short headings for the four watch views (the questions come from channelwatch.watch)
TITLES: dict[str, str] = {
    "watch_broadening": "OpenAI broadens distribution",
    "watch_rival_clouds": "Rival clouds",
    "watch_packaging": "Packaging across channels",
    "watch_renegotiations": "Renegotiations",
}

TYPE_LABELS: dict[str, str] = {
    "exclusivity_change": "exclusivity change",
    "revenue_share_change": "revenue-share change",
    "distribution_expansion": "new distribution channel",
    "hosting_deal": "hosting / compute deal",
    "packaging_change": "packaging or pricing change",
    "renegotiation": "renegotiation",
}


def type_label(type_: str) -> str:
    return TYPE_LABELS.get(type_, type_.replace("_", " "))


def parties(actors: tuple[str, ...]) -> str:
    return " & ".join(actors) or "(no party named)"


@dataclass(frozen=True, slots=True)
class Signal:
    """One real-world event first seen this week, with its best evidence."""

    type: str
    actors: tuple[str, ...]
    status: str
    denied: bool  # a denial is on record, whatever the status
    label: str  # the store's short label: "Oracle hosts OpenAI (confirmed)"
    first_seen: datetime
    last_seen: datetime
    n_articles: int
    n_sources: int
    evidence: str
    url: str | None  # only http(s) URLs survive; anything else is dropped
    title: str | None
    source: str | None
    signal_id: str = ""
    review_link: str | None = None  # the signal's page on the review server

    @property
    def kind(self) -> str:
        return type_label(self.type)

    @property
    def parties(self) -> str:
        return parties(self.actors)

    @property
    def headline(self) -> str:
        """The store's label without its status suffix (the digest shows status apart)."""
        label = self.label or self.parties
        for suffix in (f" ({self.status}, denial on record)", f" ({self.status})"):
            if label.endswith(suffix):
                return label[: -len(suffix)]
        return label


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A relationship whose status moved this week: talks -> reported -> confirmed, or a
    denial of something reported or confirmed before."""

    type: str
    actors: tuple[str, ...]
    before: str
    after: str
    url: str | None
    evidence: str

    @property
    def kind(self) -> str:
        return type_label(self.type)

    @property
    def parties(self) -> str:
        return parties(self.actors)


@dataclass(frozen=True, slots=True)
class RelationshipChange:
    """One line per relationship (set of parties): what changed between them this week."""

    parties: str
    summary: str


@dataclass(slots=True)
class Section:
    item: WatchItem
    title: str
    signals: list[Signal] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    summary: list[RelationshipChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.signals or self.changes)

    def quoted_below(self, change: StatusChange) -> bool:
        """True when a new signal of this section shows the same relationship's evidence
        (the template then links the change's evidence instead of quoting it twice)."""
        return any(
            (s.type, s.actors, s.evidence) == (change.type, change.actors, change.evidence)
            for s in self.signals
        )


@dataclass(frozen=True, slots=True)
class History:
    """New signals per watch view per week, oldest week first (for the chart)."""

    weeks: tuple[IsoWeek, ...]
    counts: dict[str, tuple[int, ...]]  # view -> one count per week
    titles: dict[str, str]  # view -> legend label


@dataclass(frozen=True, slots=True)
class SourceLink:
    name: str
    url: str | None
    n_signals: int


@dataclass(frozen=True, slots=True)
class FailingSource:
    name: str
    url: str
    consecutive_failures: int
    last_error: str | None
    last_ok_at: datetime | None


@dataclass(slots=True)
class DigestContent:
    week: IsoWeek
    generated_at: datetime
    sections: list[Section]
    history: History
    sources: list[SourceLink]
    failing_sources: list[FailingSource]
    precision: Precision | None = None  # of the events reviewed this quarter

    @property
    def n_signals(self) -> int:
        """Distinct signals this week (one signal can answer two watch items)."""
        return len({(s.type, s.actors, s.first_seen) for x in self.sections for s in x.signals})

    @property
    def n_changes(self) -> int:
        return len({(c.type, c.actors, c.after) for x in self.sections for c in x.changes})

    @property
    def is_empty(self) -> bool:
        return all(section.is_empty for section in self.sections)


def safe_url(url: str | None) -> str | None:
    """Keep only http(s) URLs with a host: an article URL is untrusted input."""
    if not url:
        return None
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return text


def homepage(feed_url: str) -> str | None:
    """The site a feed belongs to (scheme and host): where a reader goes for the source."""
    url = safe_url(feed_url)
    if url is None:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _signal(row: SignalRow, review_url: str | None = None) -> Signal:
    return Signal(
        type=row.type,
        actors=row.actors,
        status=row.status,
        denied=row.denied,
        label=row.label,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        n_articles=row.n_articles,
        n_sources=row.n_sources,
        evidence=row.evidence,
        url=safe_url(row.url),
        title=row.title,
        source=row.source,
        signal_id=row.signal_id,
        review_link=f"{review_url}/signals/{quote(row.signal_id)}" if review_url else None,
    )


def signal_order(signal: Signal) -> tuple[int, int, float]:
    """Strongest first, then most sources, then newest."""
    return (
        -_DISPLAY_RANK.get(signal.status, 0),
        -signal.n_sources,
        -signal.last_seen.timestamp(),
    )


def status_changes(history: list[EventRow], *, week: IsoWeek) -> list[StatusChange]:
    """Relationships (type + parties) whose status rose, or was denied, during ``week``.

    ``before`` is the strongest status seen before the week (for a relationship first
    seen this week: its first event); a change is a stronger status reached in the week,
    or a denial later than the evidence it denies.
    """
    timelines: dict[tuple[str, tuple[str, ...]], list[EventRow]] = defaultdict(list)
    for event in history:
        timelines[(event.type, event.actors)].append(event)
    changes: list[StatusChange] = []
    for (type_, actors), events in timelines.items():
        during = [e for e in events if week.start <= e.seen_at < week.end]
        if not during:
            continue
        claims = [e for e in events if e.seen_at < week.start and e.status in STATUS_RANK]
        if not claims:
            claims = [e for e in during[:1] if e.status in STATUS_RANK]
        before = max(claims, key=lambda e: STATUS_RANK[e.status], default=None)
        if before is None:
            continue
        denial = next(
            (e for e in during if e.status == "denied" and e.seen_at > before.seen_at), None
        )
        best = max(
            (e for e in during if e.status in STATUS_RANK),
            key=lambda e: (STATUS_RANK[e.status], not e.is_copy, -e.seen_at.timestamp()),
            default=None,
        )
        if denial is not None:
            changes.append(
                StatusChange(
                    type_, actors, before.status, "denied", safe_url(denial.url), denial.evidence
                )
            )
        elif best is not None and STATUS_RANK[best.status] > STATUS_RANK[before.status]:
            changes.append(
                StatusChange(
                    type_, actors, before.status, best.status, safe_url(best.url), best.evidence
                )
            )
    return changes


def summarise(signals: list[Signal], changes: list[StatusChange]) -> list[RelationshipChange]:
    """One line per set of parties: the week's status changes and new signals between them."""
    phrases: dict[tuple[str, ...], list[str]] = defaultdict(list)
    changed = {(c.type, c.actors) for c in changes}
    for change in changes:
        verb = (
            f"denied (was {change.before})"
            if change.after == "denied"
            else f"{change.before} → {change.after}"
        )
        phrases[change.actors].append(f"{change.kind} {verb}")
    for signal in sorted(signals, key=signal_order):
        if (signal.type, signal.actors) in changed:
            continue
        phrase = f"{signal.kind} ({signal.status})"
        if phrase not in phrases[signal.actors]:
            phrases[signal.actors].append(phrase)
    return [RelationshipChange(parties(a), "; ".join(p)) for a, p in phrases.items()]


def _counts(rows: list[SignalRow], weeks: list[IsoWeek]) -> tuple[int, ...]:
    index = {week: i for i, week in enumerate(weeks)}
    counts = [0] * len(weeks)
    for row in rows:
        i = index.get(IsoWeek.of(row.first_seen.date()))
        if i is not None:
            counts[i] += 1
    return tuple(counts)


def quarter_start(now: datetime) -> datetime:
    """Midnight UTC of the first day of ``now``'s calendar quarter."""
    return datetime(now.year, 3 * ((now.month - 1) // 3) + 1, 1, tzinfo=UTC)


def build_content(
    con: duckdb.DuckDBPyConnection,
    *,
    week: IsoWeek,
    now: datetime,
    review_url: str | None = None,
) -> DigestContent:
    """Everything the week's digest says, read from the store's analyst views.

    ``review_url`` is the review page's address: each signal then links to its page.
    """
    queries.require_views(con)
    weeks = week.span(HISTORY_WEEKS)
    changes = status_changes(
        queries.fetch_history(con, since=week.start, until=week.end), week=week
    )
    sections: list[Section] = []
    counts: dict[str, tuple[int, ...]] = {}
    cited: dict[str, set[tuple[str, tuple[str, ...], datetime]]] = defaultdict(set)
    for item in WATCH_ITEMS:
        rows = queries.fetch_watch_signals(con, item.view, since=weeks[0].start, until=week.end)
        counts[item.view] = _counts(rows, weeks)
        new = [_signal(r, review_url) for r in rows if week.start <= r.first_seen < week.end]
        alive = {(r.type, r.actors) for r in rows if r.last_seen >= week.start}
        item_changes = [c for c in changes if (c.type, c.actors) in alive]
        signals = sorted(new, key=signal_order)
        sections.append(
            Section(
                item,
                TITLES.get(item.view, item.view),
                signals,
                item_changes,
                summarise(signals, item_changes),
            )
        )
        for signal in new:
            if signal.source:
                cited[signal.source].add((signal.type, signal.actors, signal.first_seen))

    sources = queries.fetch_sources(con)
    by_name = {s.name: s for s in sources}
    return DigestContent(
        week=week,
        generated_at=now,
        sections=sections,
        history=History(tuple(weeks), counts, {s.item.view: s.title for s in sections}),
        sources=[
            SourceLink(name, homepage(by_name[name].url) if name in by_name else None, len(keys))
            for name, keys in sorted(cited.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
        failing_sources=[
            FailingSource(s.name, s.url, s.consecutive_failures, s.last_error, s.last_ok_at)
            for s in sources
            if s.consecutive_failures > 0
        ],
        precision=reviewed_precision(con, since=quarter_start(now)),
    )
