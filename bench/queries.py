"""How fast the four watch views answer on a large generated store.

    .venv/bin/python -m bench.queries                 # 1,000,000 events in a temp file
    .venv/bin/python -m bench.queries --events 100000 --db /tmp/bench.duckdb --keep

The store is generated in bulk: numpy draws every random value from one seeded
generator (the same seed gives the same rows, dated relative to now), and one
``INSERT ... SELECT`` per table writes articles, raw pages and events in one
transaction. Rows do not go through the pipeline's write path (insert_articles,
replace_events): ``bench/loading.py`` measures that; here only the shape matters.
Then refresh_signals() clusters them, as every run does (the watch views read its
table), and each watch query is timed as analysts run it (``queries/0N_watch_*.sql``,
default parameters: the last 90 days) and as its view fetched whole, as Arrow (so Python
object conversion is not what is timed), the median of several runs.
``measure_queries`` is the ``python -m bench`` row.

The shape: 4 events per article; actor sets drawn from 20,000 relationships over the
gazetteer's companies (mostly pairs, some singles and triples) with Zipf weights
1/(rank+1); event types uniform; statuses weighted as STATUSES; 40 sources; published
dates uniform over the last two years; ~5% of articles marked as copies of the one
before; confidence uniform; event ids as the pipeline computes them. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from channelwatch.store import open_store, start_run, transaction
from channelwatch.store.queries import resolve_query, run_query
from channelwatch.store.signals import count_rows, load_companies, refresh_signals
from extractors.models import EVENT_TYPES

WATCH_VIEWS = ("watch_broadening", "watch_rival_clouds", "watch_packaging", "watch_renegotiations")
STATUSES = ("confirmed",) * 5 + ("reported",) * 3 + ("talks",) * 2 + ("denied",)
SOURCES = tuple(f"outlet-{n:02d}" for n in range(40))
EVENTS_PER_ARTICLE = 4
N_RELATIONSHIPS = 20_000
DUPLICATE_SHARE = 0.05
DAYS_SPAN = 730


def relationships(rng: np.random.Generator, companies: list[str], n: int) -> list[tuple[str, ...]]:
    """Actor sets that recur, as in the news: mostly pairs, some single companies."""
    sizes = rng.choice(np.array([1, 2, 2, 2, 2, 3]), size=n)
    # the first k columns of a random permutation per row: k distinct companies
    order = np.argsort(rng.random((n, len(companies))), axis=1)
    return [tuple(companies[c] for c in row[:k]) for row, k in zip(order, sizes, strict=True)]


def zipf_picks(rng: np.random.Generator, n_items: int, size: int) -> np.ndarray:
    """Indices into ``n_items`` drawn with weights 1/(rank+1), as random.choices would."""
    cum = np.cumsum(1.0 / np.arange(1, n_items + 1))
    picks = np.searchsorted(cum, rng.random(size) * cum[-1], side="right")
    return np.minimum(picks, n_items - 1)


def generate_tables(
    rng: np.random.Generator, n_articles: int, companies: list[str], now: datetime
) -> tuple[pa.Table, pa.Table]:
    """(articles, events): the rows of the store, every random value drawn from ``rng``."""
    actor_sets = relationships(rng, companies, N_RELATIONSHIPS)
    actors = pa.array([list(a) for a in actor_sets], pa.list_(pa.string()))
    names = pa.array([" ".join(a) for a in actor_sets], pa.string())
    words = np.array([len(" ".join(a).split()) for a in actor_sets])
    keys = pa.array([",".join(sorted(a)) for a in actor_sets], pa.string())  # as event_id has it

    n_events = n_articles * EVENTS_PER_ARTICLE
    picks = zipf_picks(rng, len(actor_sets), n_events)
    chosen = picks.reshape(n_articles, EVENTS_PER_ARTICLE)  # article n's events, in order
    number = pc.cast(pa.array(np.arange(n_articles)), pa.string())
    article_id = pc.binary_join_element_wise("bench-", pc.utf8_lpad(number, 8, "0"), "")
    # the text names the actors of its events in order, as a tagged article would
    named = [names.take(chosen[:, k]) for k in range(EVENTS_PER_ARTICLE)]
    parts = [x for name in named for x in (" ", name)][1:]
    text = pc.binary_join_element_wise("Article ", number, ": ", *parts, "")
    age_us = (rng.uniform(0, DAYS_SPAN, n_articles) * 86_400e6).astype(np.int64)
    published = np.datetime64(now.replace(tzinfo=None), "us") - age_us.astype("timedelta64[us]")
    sources = pa.array(SOURCES)
    url_source = sources.take(rng.integers(0, len(SOURCES), n_articles))
    copy = rng.random(n_articles) < DUPLICATE_SHARE
    copy[:1] = False  # the first article has no previous one to copy
    previous = pa.concat_arrays([pa.nulls(1, pa.string()), article_id])[:n_articles]
    articles = pa.table(
        {
            "article_id": article_id,
            "url": pc.binary_join_element_wise("https://", url_source, ".example/", number, ""),
            "source": sources.take(rng.integers(0, len(SOURCES), n_articles)),
            "title": pc.binary_join_element_wise("Article ", number, ""),
            "text": text,
            "word_count": pa.array(2 + words[chosen].sum(axis=1), pa.int32()),
            "published_at": pa.array(published, pa.timestamp("us", tz="UTC")),
            "date_extracted": pa.array(published.astype("datetime64[D]"), pa.date32()),
            "duplicate_of": pc.if_else(pa.array(copy), previous, None),
            "html": pa.array([page_html(t) for t in text.to_pylist()], pa.binary()),
        }
    )

    article = np.repeat(np.arange(n_articles), EVENTS_PER_ARTICLE)
    start = np.tile(np.arange(EVENTS_PER_ARTICLE, dtype=np.int32), n_articles) * 10
    events = pa.table(
        {
            "article_id": article_id.take(article),
            "type": pa.array(EVENT_TYPES).take(rng.integers(0, len(EVENT_TYPES), n_events)),
            "status": pa.array(STATUSES).take(rng.integers(0, len(STATUSES), n_events)),
            "actors": actors.take(picks),
            "actor_key": keys.take(picks),
            "evidence": pc.utf8_slice_codeunits(text, 0, 80).take(article),
            "start_char": pa.array(start),
            "end_char": pa.array(start + 80),
            "confidence": pa.array(rng.random(n_events)),
        }
    )
    return articles, events


def page_html(text: str) -> bytes:
    """An article's raw page, ``<p>text</p>``, as a zlib stream that ``raw_html`` reads.

    Level 0 (stored blocks): level 1, which the pipeline uses, costs 14 us a page here
    (3.5 s for 250,000) and makes these short pages only ~10% smaller."""
    return zlib.compress(f"<p>{text}</p>".encode(), 0)


_ARTICLES = """
INSERT INTO store.articles (
    article_id, url, source, title, language, text, word_count, published_at,
    first_seen_at, date_extracted, duplicate_of, run_id, extracted_at
)
SELECT
    article_id, url, source, title, 'en', text, word_count, published_at,
    $now, date_extracted, duplicate_of, $run_id, $now
FROM _bench_articles
"""

_RAW_PAGES = """
INSERT INTO store.raw_pages (article_id, url, fetched_at, compression, html)
SELECT article_id, url, $now, 'zlib', html FROM _bench_articles
"""

# event_id: the hash channelwatch.store.writes.event_id makes of the same fields
_EVENTS = """
INSERT INTO store.events (
    event_id, article_id, type, status, actors, evidence, start_char, end_char,
    rule_id, rules_version, confidence, tagged_at
)
SELECT
    substr(sha256(article_id || '|' || type || '|' || actor_key || '|' || start_char), 1, 16),
    article_id, type, status, actors, evidence, start_char, end_char,
    'bench.rule', 'bench', confidence, $now
FROM _bench_events
"""


def build(db: Path, n_events: int, seed: int) -> float:
    """Write a generated store of ``n_events`` events to ``db``; returns the seconds taken."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    companies = [name for name, _ in load_companies()] or [f"Company{n}" for n in range(100)]
    now = datetime.now(UTC)
    articles, events = generate_tables(rng, n_events // EVENTS_PER_ARTICLE, companies, now)
    insert_tables(db, articles, events, now=now, kind="backfill")
    return time.perf_counter() - started


def insert_tables(
    db: Path, articles: pa.Table, events: pa.Table, *, now: datetime, kind: str
) -> None:
    """Insert generated article and event tables into ``db`` in one transaction, as one
    run of ``kind``."""
    with open_store(db) as con:
        run_id = start_run(con, kind=kind, rules_version="bench")
        con.register("_bench_articles", articles)
        con.register("_bench_events", events)
        try:
            with transaction(con):
                con.execute(_ARTICLES, {"now": now, "run_id": run_id})
                con.execute(_RAW_PAGES, {"now": now})
                con.execute(_EVENTS, {"now": now})
        finally:
            con.unregister("_bench_articles")
            con.unregister("_bench_events")


def store_arguments(description: str) -> argparse.Namespace:
    """The command line of a bench over a generated store (this one, ``bench.review``):
    --events, --db (default: a temporary file), --keep, --repeat, --seed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="reuse/keep the store at --db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=4)
    return parser.parse_args()


def prepare_store(db: Path, *, events: int, seed: int, keep: bool) -> float | None:
    """Generate a store of ``events`` at ``db``, unless ``keep`` and one is there already;
    returns the seconds the build took, or None when the store was kept."""
    if db.exists() and not keep:
        db.unlink()
    if db.exists():
        return None
    return build(db, events, seed)


def refresh_timed(db: Path) -> tuple[int, float]:
    """Refresh the signals of ``db`` as every run does: (signals, seconds)."""
    with open_store(db) as con:
        started = time.perf_counter()
        n_signals = refresh_signals(con)
        return n_signals, time.perf_counter() - started


def time_query(db: Path, sql: str, repeat: int) -> tuple[float, int]:
    times: list[float] = []
    rows = 0
    with open_store(db, read_only=True) as con:
        for _ in range(repeat):
            started = time.perf_counter()
            rows = con.sql(sql).to_arrow_table().num_rows
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def time_named_query(db: Path, name: str, repeat: int) -> tuple[float, int]:
    query = resolve_query(name)
    times: list[float] = []
    rows = 0
    with open_store(db, read_only=True) as con:
        for _ in range(repeat):
            started = time.perf_counter()
            rows = run_query(con, query).num_rows
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def measure_queries(
    *, events: int = 1_000_000, seed: int = 4, repeat: int = 5
) -> dict[str, object]:
    """The bench row: build a store of ``events``, refresh its signals as every run does,
    then time each watch query as analysts run it (``queries/0N_watch_*.sql``, default
    parameters: the last 90 days) and each watch view fetched whole (median ms)."""
    with tempfile.TemporaryDirectory(prefix="cw-bench-q-") as tmp:
        db = Path(tmp) / "q.duckdb"
        build_s = build(db, events, seed)
        n_signals, refresh_s = refresh_timed(db)
        ms: dict[str, float] = {}
        rows: dict[str, int] = {}
        view_ms: dict[str, float] = {}
        view_rows: dict[str, int] = {}
        for view in WATCH_VIEWS:
            ms[view], rows[view] = time_named_query(db, view, repeat)
            view_ms[view], view_rows[view] = time_query(db, f"SELECT * FROM {view}", repeat)
        size_mb = db.stat().st_size / 2**20
    return {
        "events": events,
        "signals": n_signals,
        "build_s": build_s,
        "refresh_signals_s": refresh_s,
        "store_mb": size_mb,
        "ms": ms,
        "rows": rows,
        "whole_view_ms": view_ms,
        "whole_view_rows": view_rows,
    }


def main() -> None:
    args = store_arguments(__doc__.splitlines()[0])
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "bench.duckdb"
    seconds = prepare_store(args.db, events=args.events, seed=args.seed, keep=args.keep)
    if seconds is not None:
        print(
            f"built {args.events:,} events in {seconds:.1f}s,"
            " generated in bulk (not through the store writes)"
        )
    with open_store(args.db) as con:
        started = time.perf_counter()
        n_signals = refresh_signals(con)
        refresh_s = time.perf_counter() - started
        n_events = count_rows(con, "store.events")
        n_articles = count_rows(con, "store.articles")
    size_mb = args.db.stat().st_size / 1e6
    print(
        f"store: {n_events:,} events, {n_articles:,} articles, {n_signals:,} signals, "
        f"{size_mb:,.0f} MB ({args.db})"
    )
    print(f"refresh_signals: {refresh_s * 1000:,.0f} ms")
    print(f"{'':<22} {'whole view':>22}   {'queries/ file, defaults (last 90 days)':>40}")
    for view in WATCH_VIEWS:
        ms, rows = time_query(args.db, f"SELECT * FROM {view}", args.repeat)
        qms, qrows = time_named_query(args.db, view, args.repeat)
        print(
            f"{view:<22} {ms:8.1f} ms {rows:>9,} rows   {qms:8.1f} ms {qrows:>9,} rows"
            f"   ({n_events:,} events, {size_mb:,.0f} MB)"
        )
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
