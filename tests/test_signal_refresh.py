"""Incremental signal refresh equals a full rebuild, on real DuckDB files.

Stores are randomised (seeded): a few chains (type, actor set) with dense and sparse
dates, news and background events, then rounds of new articles, re-tagged articles and
deleted events, each followed by the incremental refresh a run does. After each round a
copy of the file is rebuilt in full and both must hold the same signals, row for row.
"""

from __future__ import annotations

import random
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from channelwatch.cli import cli
from channelwatch.store import (
    insert_articles,
    open_store,
    replace_events,
    signals,
    start_run,
    transaction,
)
from channelwatch.store.signals import refresh_signals
from extractors.models import Article, Event

TYPES = ("hosting_deal", "renegotiation")
ACTORS = (("OpenAI", "Oracle"), ("Anthropic", "Amazon"), ("Microsoft",))
STATUSES = ("confirmed", "reported", "talks", "denied")
START = datetime(2026, 6, 1, 9, tzinfo=UTC)
ROWS = (
    "SELECT * EXCLUDE (refreshed_at) FROM store.signals ORDER BY signal_id",
    "SELECT * FROM store.signal_events ORDER BY signal_id, event_id",
)


def article(key: str, published: datetime) -> Article:
    text = f"Story {key}: " + " ".join(f"sentence {n}." for n in range(8))
    return Article(
        article_id=f"a-{key}",
        url=f"https://outlet{len(key) % 3}.example/{key}",
        source=f"outlet{len(key) % 3}",
        text=text,
        title=f"Story {key}",
        language="en",
        published_at=published,
        raw_html=f"<p>{text}</p>".encode(),
    )


def event(
    type_: str,
    actors: tuple[str, ...],
    *,
    slot: int,
    status: str = "confirmed",
    background_on: date | None = None,
    confidence: float = 0.9,
) -> Event:
    return Event(
        type=type_,
        actors=actors,
        status=status,
        evidence=f"sentence {slot}.",
        start_char=slot * 12,
        end_char=slot * 12 + 11,
        rule_id=f"{type_}.test",
        rules_version="test-1",
        confidence=confidence,
        event_date=background_on,
        background=background_on is not None,
    )


def random_events(rng: random.Random, published: datetime) -> list[Event]:
    events = []
    for slot in range(rng.randint(0, 3)):
        background = rng.random() < 0.3
        on = (published - timedelta(days=rng.randint(0, 40))).date() if background else None
        actors = rng.choice(ACTORS)
        if rng.random() < 0.2:  # another order, a repeat: the same chain
            actors = (*rng.sample(actors, len(actors)), actors[0])
        events.append(
            event(
                rng.choice(TYPES),
                actors,
                slot=slot,
                status=rng.choice(STATUSES),
                background_on=on,
                confidence=round(rng.random(), 2),
            )
        )
    return events


Tagged = list[tuple[Article, list[Event]]]


def write(db: Path, articles: Tagged, *, stored: bool = False) -> None:
    with open_store(db) as con:
        run_id = start_run(con, kind="daily", rules_version="test-1")
        with transaction(con):
            if not stored:
                insert_articles(con, [a for a, _ in articles], run_id=run_id)
            replace_events(con, {a.article_id: evs for a, evs in articles})


def signal_rows(con: duckdb.DuckDBPyConnection) -> list[list[tuple[object, ...]]]:
    return [con.execute(q).fetchall() for q in ROWS]


def refresh_and_compare(db: Path, tmp_path: Path) -> list[list[tuple[object, ...]]]:
    """Incremental refresh of ``db``; a full rebuild of a copy must give the same rows."""
    with open_store(db) as con:
        refresh_signals(con)
        incremental = signal_rows(con)
    copy = tmp_path / "full.duckdb"
    shutil.copy(db, copy)
    with open_store(copy) as con:
        refresh_signals(con, full=True)
        full = signal_rows(con)
    copy.unlink()
    assert incremental == full
    return incremental


@pytest.fixture(autouse=True)
def never_fall_back_to_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small stores make every round a large share: keep the incremental path under test."""
    monkeypatch.setattr(signals, "FULL_REBUILD_SHARE", 2.0)


@pytest.mark.parametrize("seed", range(8))
def test_incremental_refresh_equals_full_rebuild(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    db = tmp_path / "random.duckdb"
    stored: dict[str, Article] = {}
    count = 0
    for round_no in range(5):
        new: Tagged = []
        for _ in range(rng.randint(3, 25) if round_no else 40):
            count += 1
            a = article(f"{seed}-{count}", START + timedelta(days=rng.uniform(0, 150)))
            new.append((a, random_events(rng, a.published_at or START)))
            stored[a.article_id] = a
        write(db, new)
        if round_no:  # re-tag some stored articles: events change, move or vanish
            again = rng.sample(sorted(stored), k=min(len(stored), rng.randint(1, 6)))
            retag = [
                (a, [] if rng.random() < 0.4 else random_events(rng, a.published_at or START))
                for a in (stored[k] for k in again)
            ]
            write(db, retag, stored=True)
        rows = refresh_and_compare(db, tmp_path)
    assert rows[0], "the random store should hold signals"


def news_event() -> Event:
    return event("hosting_deal", ("OpenAI", "Oracle"), slot=0)


def background_event(on_day: int) -> Event:
    on = (START + timedelta(days=on_day)).date()
    return event("hosting_deal", ("Oracle", "OpenAI"), slot=1, background_on=on)


def chain_store(db: Path, days: list[int], *, background: dict[int, int] | None = None) -> None:
    """One chain: a news event on each day (days after START), background events too."""
    arts: Tagged = [
        (article(f"n{n}", START + timedelta(days=day)), [news_event()])
        for n, day in enumerate(days)
    ]
    for n, (published, on) in enumerate((background or {}).items()):
        arts.append((article(f"b{n}", START + timedelta(days=published)), [background_event(on)]))
    write(db, arts)


def signal_spans(db: Path) -> list[tuple[int, int, int]]:
    """(first day, last day, events) per signal, in date order."""
    with open_store(db, read_only=True) as con:
        rows = con.execute(
            "SELECT first_seen, last_seen, n_events FROM signals ORDER BY first_seen"
        ).fetchall()
    return [((f - START).days, (last - START).days, n) for f, last, n in rows]


def test_an_event_bridging_two_signals_merges_them(db_path: Path, tmp_path: Path) -> None:
    chain_store(db_path, [0, 10, 30, 40])
    refresh_and_compare(db_path, tmp_path)
    assert signal_spans(db_path) == [(0, 10, 2), (30, 40, 2)]
    write(db_path, [(article("bridge", START + timedelta(days=20)), [news_event()])])
    refresh_and_compare(db_path, tmp_path)
    assert signal_spans(db_path) == [(0, 40, 5)]


def test_deleting_the_bridge_splits_the_signal_again(db_path: Path, tmp_path: Path) -> None:
    chain_store(db_path, [0, 10, 20, 30, 40])
    refresh_and_compare(db_path, tmp_path)
    assert signal_spans(db_path) == [(0, 40, 5)]
    write(db_path, [(article("n2", START + timedelta(days=20)), [])], stored=True)
    refresh_and_compare(db_path, tmp_path)
    assert signal_spans(db_path) == [(0, 10, 2), (30, 40, 2)]


def test_a_background_event_alone_makes_no_signal(db_path: Path, tmp_path: Path) -> None:
    chain_store(db_path, [], background={50: 30})
    with open_store(db_path) as con:
        assert refresh_signals(con) == 0
        assert con.execute("SELECT count(*) FROM signal_events").fetchall() == [(0,)]
        watch = con.execute("SELECT count(*) FROM watch_rival_clouds").fetchall()
    assert watch == [(0,)]


def test_a_background_event_joins_the_signal_in_its_window(db_path: Path, tmp_path: Path) -> None:
    # news on days 0 and 10; background published on day 60 about day 20 (in the window)
    # and published on day 5 about day 90 (in no signal's window)
    chain_store(db_path, [0, 10], background={60: 20, 5: 90})
    refresh_and_compare(db_path, tmp_path)
    assert signal_spans(db_path) == [(0, 10, 3)]  # dated by its news, three events
    with open_store(db_path, read_only=True) as con:
        joined = con.execute(
            "SELECT e.event_date FROM signal_events JOIN events AS e USING (event_id)"
            " WHERE e.is_background"
        ).fetchall()
    assert joined == [((START + timedelta(days=20)).date(),)]


def test_a_background_event_never_bridges_two_signals(db_path: Path, tmp_path: Path) -> None:
    # news on day 1 and day 28 at 09:00 (27 days apart); background about day 15 (00:00):
    # within 14 days of both, it joins the nearer one and bridges nothing
    chain_store(db_path, [1, 28], background={40: 15})
    refresh_and_compare(db_path, tmp_path)
    assert signal_spans(db_path) == [(1, 1, 1), (28, 28, 2)]


def test_watch_views_show_no_background_only_signal(db_path: Path, tmp_path: Path) -> None:
    chain_store(db_path, [0], background={100: 100, 120: 119})
    refresh_and_compare(db_path, tmp_path)
    with open_store(db_path, read_only=True) as con:
        dates = con.execute("SELECT first_seen, n_articles FROM watch_rival_clouds").fetchall()
    assert [((d - START).days, n) for d, n in dates] == [(0, 1)]


def test_refresh_signals_command_repairs_the_table(db_path: Path, tmp_path: Path) -> None:
    chain_store(db_path, [0, 10, 30])
    refresh_and_compare(db_path, tmp_path)
    with open_store(db_path) as con:  # damage: signals lost behind the refresh's back
        con.execute("DELETE FROM store.signals WHERE first_seen > ?", [START])
    result = CliRunner().invoke(cli, ["refresh-signals", "--full", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "signals rebuilt in full: 2 in the store" in result.output
    assert signal_spans(db_path) == [(0, 10, 2), (30, 30, 1)]


def test_refresh_signals_command_names_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(cli, ["refresh-signals", "--db", str(missing)])
    assert result.exit_code == 2
    assert f"no store at {missing}" in result.output


@pytest.mark.parametrize("seed", range(4))
def test_keyed_refresh_follows_an_edit_made_behind_the_tagger(seed: int, tmp_path: Path) -> None:
    """An analyst's fix changes an event in place (no new tagged_at): refreshing its old
    and new chains by key equals a full rebuild."""
    rng = random.Random(seed)
    db = tmp_path / "keyed.duckdb"
    pairs = []
    for n in range(40):
        a = article(f"k{seed}-{n}", START + timedelta(days=rng.uniform(0, 120)))
        pairs.append((a, random_events(rng, a.published_at or START)))
    write(db, pairs)
    with open_store(db) as con:
        refresh_signals(con, full=True)
        rows = con.execute(
            "SELECT event_id, type, actors FROM store.events ORDER BY event_id"
        ).fetchall()
        for event_id, type_, actors in rng.sample(rows, k=5):
            new_type = TYPES[1 - TYPES.index(type_)]
            con.execute("UPDATE store.events SET type = ? WHERE event_id = ?", [new_type, event_id])
            refresh_signals(con, keys=[(type_, actors), (new_type, actors)])
        keyed = signal_rows(con)
        refresh_signals(con, full=True)
        assert keyed == signal_rows(con)
