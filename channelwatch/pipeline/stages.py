"""Stage functions between the extractors and the store.

Each takes and returns plain values, so the flow can run it as one Prefect task per
stage or per batch, on threads or on Dask workers, and tests can call it directly.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa

from channelwatch.settings import FetchSettings
from channelwatch.store.articles import ARTICLE_SCHEMA, articles_table, compress_html
from channelwatch.store.events import EVENT_SCHEMA, events_table
from channelwatch.store.runs import Failure
from extractors.articles import extract_article
from extractors.feeds import parse_feed
from extractors.fetch import fetch_many
from extractors.models import Article, Event, FeedEntry, FetchResult, FetchState, Source
from extractors.tagger import load_tagger

# One batch at a time is extracted per process. lxml (under trafilatura, readability and
# justext) interns names in libxml2 dictionaries that module-level parsers share across
# threads, and libxml2 dictionaries are not thread-safe: with batches extracted in two
# threads at once, a run died of SIGSEGV in libxml2's dictionary code (lxml 6.1.3; seen
# once, 17 s into a 2,000-page run on the threads runner; dmesg named etree.so, just past
# xmlDictFree). The GIL serialises this work anyway; fetching, on the flow's own thread,
# still overlaps it. Dask workers run one task each.
_EXTRACTING = threading.Lock()


@dataclass(slots=True)
class FeedStage:
    """What fetching and parsing all feeds produced."""

    results: dict[str, FetchResult] = field(default_factory=dict)  # by source name
    entries: list[FeedEntry] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    not_modified: int = 0
    skipped_backoff: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoreRows:
    """A batch in the store's own form: Arrow rows for ``store.articles``/``raw_pages``
    and ``store.events``, and the ids of the articles tagged (whose events they replace)."""

    articles: pa.Table
    events: pa.Table
    tagged: list[str]


@dataclass(slots=True)
class ArticleBatch:
    """One batch of articles extracted and tagged, ready to load.

    The worker that made it calls ``seal``: the articles become ``StoreRows``, so the
    flow's single store writer receives columns to insert, not objects to convert (and
    the texts travel from a Dask worker once, in Arrow buffers)."""

    articles: list[Article] = field(default_factory=list)
    events: dict[str, list[Event]] = field(default_factory=dict)
    content_types: dict[str, str | None] = field(default_factory=dict)
    compressed_html: dict[str, bytes] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    fetched: int = 0
    sealed: list[StoreRows] = field(default_factory=list)

    def absorb(self, other: ArticleBatch) -> None:
        """Merge ``other`` into this batch, so several task batches load in one write."""
        self.articles.extend(other.articles)
        self.events.update(other.events)
        self.content_types.update(other.content_types)
        self.compressed_html.update(other.compressed_html)
        self.failures.extend(other.failures)
        self.fetched += other.fetched
        self.sealed.extend(other.sealed)

    def seal(self) -> None:
        """Turn the articles and their events into ``StoreRows`` (on the worker)."""
        if self.articles or self.events:
            rows = articles_table(self.articles, self.compressed_html, self.content_types)
            self.sealed.append(StoreRows(rows, events_table(self.events), list(self.events)))
        self.articles, self.events, self.content_types, self.compressed_html = [], {}, {}, {}

    def store_rows(self) -> StoreRows:
        """Everything to load as one ``StoreRows`` (sealing what is not sealed yet)."""
        self.seal()
        if len(self.sealed) == 1:
            return self.sealed[0]
        if not self.sealed:
            return StoreRows(ARTICLE_SCHEMA.empty_table(), EVENT_SCHEMA.empty_table(), [])
        # one chunk per column: DuckDB scans an Arrow table chunk by chunk, and 40 small
        # chunks made the inserts ~25 ms slower per 2,000 articles than ~5 ms of copying
        return StoreRows(
            pa.concat_tables([r.articles for r in self.sealed]).combine_chunks(),
            pa.concat_tables([r.events for r in self.sealed]).combine_chunks(),
            [i for r in self.sealed for i in r.tagged],
        )

    def article_count(self) -> int:
        return len(self.articles) + sum(r.articles.num_rows for r in self.sealed)

    def payload_bytes(self) -> int:
        """Roughly what the batch holds in memory: texts and compressed pages."""
        unsealed = sum(len(a.text) for a in self.articles) + sum(
            len(html) for html in self.compressed_html.values()
        )
        return unsealed + sum(r.articles.nbytes + r.events.nbytes for r in self.sealed)


def due_sources(
    sources: Sequence[Source], states: dict[str, FetchState], *, now: datetime | None = None
) -> tuple[list[Source], list[Source]]:
    """Split sources into those due now and those still backing off after failures."""
    now = now or datetime.now(UTC)
    due: list[Source] = []
    waiting: list[Source] = []
    for source in sources:
        state = states.get(source.url)
        if state and state.next_fetch_after and state.next_fetch_after > now:
            waiting.append(source)
        else:
            due.append(source)
    return due, waiting


def fetch_and_parse_feeds(
    sources: Sequence[Source],
    *,
    states: dict[str, FetchState],
    fetch_settings: FetchSettings,
    allowed_hosts: frozenset[str] = frozenset(),
) -> FeedStage:
    """Fetch every due feed (conditional GET) and parse the ones that changed."""
    due, waiting = due_sources(sources, states)
    stage = FeedStage(skipped_backoff=[s.name for s in waiting])
    results = fetch_many(
        [s.url for s in due],
        settings=fetch_settings,
        states=states,
        allowed_hosts=allowed_hosts,
    )
    seen: set[str] = set()
    for source, result in zip(due, results, strict=True):
        stage.results[source.name] = result
        if result.error:
            stage.failures.append(
                Failure(stage="fetch_feed", source=source.name, url=source.url, error=result.error)
            )
            continue
        if result.not_modified:
            stage.not_modified += 1
            continue
        parsed = parse_feed(
            result.body,
            source=source.name,
            base_url=result.final_url or source.url,
            content_type=result.content_type,
        )
        if parsed.bozo and not parsed.entries:
            stage.failures.append(
                Failure(stage="parse_feed", source=source.name, url=source.url, error=parsed.bozo)
            )
        for entry in parsed.entries:
            if entry.url not in seen:
                seen.add(entry.url)
                stage.entries.append(entry)
    return stage


def batched(items: Sequence[FeedEntry], size: int) -> Iterator[list[FeedEntry]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def extract_and_tag(pages: Sequence[tuple[FeedEntry, FetchResult]]) -> ArticleBatch:
    """Extract the text of each page and tag its events (the CPU-heavy stage)."""
    with _EXTRACTING:
        return _extract_and_tag(pages)


def _extract_and_tag(pages: Sequence[tuple[FeedEntry, FetchResult]]) -> ArticleBatch:
    batch = ArticleBatch(fetched=len(pages))
    for entry, result in pages:
        try:
            article = extract_article(
                result.body, url=entry.url, source=entry.source, published_at=entry.published_at
            )
        except Exception as exc:  # one bad page must not stop the batch
            batch.failures.append(
                Failure(stage="extract", source=entry.source, url=entry.url, error=repr(exc))
            )
            continue
        if article is None:
            batch.failures.append(
                Failure(
                    stage="extract", source=entry.source, url=entry.url, error="no article text"
                )
            )
            continue
        if article.title is None and entry.title:
            article.title = entry.title
        # compressed here, on the worker: the single store writer only inserts bytes,
        # and the raw page does not travel back to the flow's process
        batch.compressed_html[article.article_id] = compress_html(article.raw_html)
        article.raw_html = b""
        batch.articles.append(article)
        batch.content_types[article.article_id] = result.content_type
    _tag(batch)
    batch.seal()
    return batch


def _tag(batch: ArticleBatch) -> None:
    """Tag every article of ``batch``. Should the tagger fail on one, that article is
    left out with a failure (unstored, so the next run fetches and tags it again) and
    the rest of the batch is tagged one by one."""
    tagger = load_tagger()
    texts = [a.text for a in batch.articles]
    dates = [a.publication_date for a in batch.articles]
    try:
        # every text here is a whole page: read as an article, however short (an opening
        # of three paragraphs too), not as a snippet cut around its news
        tagged = list(tagger.tag_many(texts, published=dates, article=True))
    except Exception:  # find the culprit; the others keep their events
        tagged = []
        for article, text in zip(list(batch.articles), texts, strict=True):
            try:
                tagged.append(tagger.tag(text, published=article.publication_date, article=True))
            except Exception as exc:
                batch.articles.remove(article)
                batch.compressed_html.pop(article.article_id, None)
                batch.content_types.pop(article.article_id, None)
                batch.failures.append(
                    Failure(stage="tag", source=article.source, url=article.url, error=repr(exc))
                )
    for article, events in zip(batch.articles, tagged, strict=True):
        batch.events[article.article_id] = list(events)
