"""How fast the four watch views answer on a large generated store.

    .venv/bin/python -m bench.queries                 # 1,000,000 events in a temp file
    .venv/bin/python -m bench.queries --events 100000 --db /tmp/bench.duckdb --keep

Rows go in through the real store writes (insert_articles, replace_events) in batches,
then refresh_signals() clusters them, then each watch view is fetched whole (as Arrow,
so Python object conversion is not what is timed) several times and the median is
printed next to the store size. Actor sets follow a Zipf law over 20,000 relationships
across the gazetteer's companies, dates spread over two years. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from channelwatch.store import insert_articles, open_store, replace_events, start_run, transaction
from channelwatch.store.queries import resolve_query, run_query
from channelwatch.store.signals import count_rows, load_companies, refresh_signals
from extractors.models import EVENT_TYPES, Article, Event

WATCH_VIEWS = ("watch_broadening", "watch_rival_clouds", "watch_packaging", "watch_renegotiations")
STATUSES = ("confirmed",) * 5 + ("reported",) * 3 + ("talks",) * 2 + ("denied",)
SOURCES = tuple(f"outlet-{n:02d}" for n in range(40))
EVENTS_PER_ARTICLE = 4
BATCH_ARTICLES = 10_000
N_RELATIONSHIPS = 20_000


def relationships(rng: random.Random, companies: list[str], n: int) -> list[tuple[str, ...]]:
    """Actor sets that recur, as in the news: mostly pairs, some single companies."""
    return [tuple(rng.sample(companies, k=rng.choice((1, 2, 2, 2, 2, 3)))) for _ in range(n)]


def generate_batch(
    rng: random.Random,
    start: int,
    count: int,
    actor_sets: list[tuple[str, ...]],
    weights: list[float],
    now: datetime,
) -> tuple[list[Article], dict[str, list[Event]], dict[str, str]]:
    articles: list[Article] = []
    events: dict[str, list[Event]] = {}
    duplicates: dict[str, str] = {}
    for n in range(start, start + count):
        article_id = f"bench-{n:08d}"
        published = now - timedelta(days=rng.uniform(0, 730))
        chosen = rng.choices(actor_sets, cum_weights=weights, k=EVENTS_PER_ARTICLE)
        text = f"Article {n}: " + " ".join(name for actors in chosen for name in actors)
        articles.append(
            Article(
                article_id=article_id,
                url=f"https://{rng.choice(SOURCES)}.example/{n}",
                source=rng.choice(SOURCES),
                text=text,
                title=f"Article {n}",
                language="en",
                published_at=published,
                date_extracted=published.date(),
                raw_html=f"<p>{text}</p>".encode(),
            )
        )
        if n > start and rng.random() < 0.05:
            duplicates[article_id] = f"bench-{n - 1:08d}"
        events[article_id] = [
            Event(
                type=rng.choice(EVENT_TYPES),
                actors=chosen[k],
                status=rng.choice(STATUSES),
                evidence=text[:80],
                start_char=k * 10,
                end_char=k * 10 + 80,
                rule_id="bench.rule",
                rules_version="bench",
                confidence=rng.random(),
            )
            for k in range(EVENTS_PER_ARTICLE)
        ]
    return articles, events, duplicates


def build(db: Path, n_events: int, seed: int) -> float:
    rng = random.Random(seed)
    companies = [name for name, _ in load_companies()] or [f"Company{n}" for n in range(100)]
    actor_sets = relationships(rng, companies, N_RELATIONSHIPS)
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(actor_sets))))  # Zipf
    now = datetime.now(UTC)
    n_articles = n_events // EVENTS_PER_ARTICLE
    started = time.perf_counter()
    with open_store(db) as con:
        run_id = start_run(con, kind="backfill", rules_version="bench")
        for start in range(0, n_articles, BATCH_ARTICLES):
            count = min(BATCH_ARTICLES, n_articles - start)
            articles, events, duplicates = generate_batch(
                rng, start, count, actor_sets, weights, now
            )
            with transaction(con):
                insert_articles(con, articles, run_id=run_id, duplicate_of=duplicates)
                replace_events(con, events)
    return time.perf_counter() - started


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="reuse/keep the store at --db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "bench.duckdb"
    if args.db.exists() and not args.keep:
        args.db.unlink()
    if not args.db.exists():
        seconds = build(args.db, args.events, args.seed)
        print(f"built {args.events:,} events in {seconds:.1f}s through the store writes")
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
