"""Which events a signal refresh must re-cluster, so its cost follows the news, not the store.

Signals are session windows per chain (type and actor set), so a change at date ``t``
can only touch the chain's signals that come within ``window`` of ``t``; every other
signal keeps its events, its dates and its id. The scope of a refresh:

- seeds: each event tagged since the last refresh (``store.events.tagged_at``) at its
  date +- window, under its current chain; and the whole span of every stored signal
  that held an event deleted since (``store.removed_events``: a re-tagged article's old
  events, perhaps re-dated or re-typed);
- closure: every stored signal of the same chain whose span +- window meets a seed, then
  meets that signal's span +- window, and so on. A background event joins the nearest
  signal within the window, so the closure keeps every signal it could move between
  inside the scope;
- the scope's events: all events of those chains whose date lies in that region.

Re-clustering the scope's events alone gives exactly what a full rebuild gives there:
signals outside the region are separated from it by more than the window on both sides.
Keyed refreshes (``keys=``) add whole chains to that scope, read afresh from the view.

Where the events come from. ``store.signal_events`` holds every event of the ``events``
view as the last refresh read it: its signal (NULL for a background event that joined
none) and the columns clustering reads, but the evidence and URL. An event not tagged
since and not removed is unchanged, so the scope is found and re-clustered from those
rows, selected by one integer column (``chain``); only the new events are read from the
view, by their articles. Nothing here scans the view or the events table whole, so a
daily refresh costs the same on a store of a million events as on one of five.
tests/test_signal_refresh.py checks both kinds of refresh against a full rebuild on
randomised stores, ``store.signal_events`` included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import duckdb

from channelwatch.store.sql import count_rows

SignalKey = tuple[str, Sequence[str]]  # event type, actors (any order, repeats allowed)

# One row per event of the main ``events`` view, as clustering reads it: ``dated_at`` is
# the date it counts at (news: the article's effective date; background: its event_date).
# {where}: a filter on the view's own columns, applied before the (costly) list sorting.
EVENT_ROWS = """
SELECT *, md5_number_lower(type || '|' || actor_key) AS chain
FROM (
    SELECT
        event_id, article_id, type, status, direction, evidence, confidence,
        list_sort(list_distinct(actors)) AS actors,
        array_to_string(list_sort(list_distinct(actors)), '|') AS actor_key,
        source, url, is_background,
        CASE WHEN is_background THEN timezone('UTC', CAST(event_date AS TIMESTAMP))
             ELSE effective_at END AS dated_at,
        duplicate_of
    FROM main.events AS e
    {where}
)
"""

# the columns of store.signal_events, in order (_clustered has them all)
INDEX_COLUMNS = (
    "signal_id, event_id, chain, article_id, type, status, direction, confidence, actors,"
    " actor_key, source, is_background, dated_at, duplicate_of"
)

# a view filter by lists of ids: pushed down to the tables' scans, cheap for a day's
# news; above this many ids a join is cheaper than the per-row list lookups
LIST_FILTER_MAX = 5_000
_BY_LISTS = "WHERE list_contains($articles, e.article_id) AND list_contains($events, e.event_id)"
_BY_TABLE = "SEMI JOIN {table} AS t ON t.event_id = e.event_id"


def view_rows(con: duckdb.DuckDBPyConnection, target: str, select: str, ids_table: str) -> None:
    """``CREATE TEMP TABLE target AS SELECT select`` over the view rows (``EVENT_ROWS``) of
    the events in ``ids_table`` (event_id, article_id)."""
    ids = con.execute(f"SELECT event_id, article_id FROM {ids_table}").fetchall()
    sql = f"CREATE OR REPLACE TEMP TABLE {target} AS SELECT {select} FROM ({EVENT_ROWS})"
    if not ids:
        con.execute(sql.format(where="WHERE false"))
        return
    if len(ids) > LIST_FILTER_MAX:
        con.execute(sql.format(where=_BY_TABLE.format(table=ids_table)))
        return
    articles = sorted({article for _, article in ids})
    con.execute(sql.format(where=_BY_LISTS), {"articles": articles, "events": [e for e, _ in ids]})


_TOUCHED = """
CREATE OR REPLACE TEMP TABLE _touched AS
SELECT event_id, article_id FROM store.events WHERE tagged_at >= $since
"""

# index rows to delete at the end: those of removed events, of keyed chains, and of
# events whose signal changed
_DROP = "CREATE OR REPLACE TEMP TABLE _drop (rid BIGINT)"

_STALE = """
CREATE OR REPLACE TEMP TABLE _stale AS
SELECT rowid AS rid, signal_id FROM store.signal_events
WHERE event_id IN (SELECT event_id FROM store.removed_events)
"""
_NO_STALE = "CREATE OR REPLACE TEMP TABLE _stale (rid BIGINT, signal_id VARCHAR)"

# signals that lost an event, with the spans they had
_STALE_SIGNALS = """
CREATE OR REPLACE TEMP TABLE _stale_signals AS
SELECT signal_id, md5_number_lower(type || '|' || array_to_string(actors, '|')) AS chain,
    first_seen, last_seen
FROM store.signals
WHERE signal_id IN (SELECT signal_id FROM _stale WHERE signal_id IS NOT NULL)
"""

# a new event moves the chain within the window of its date; a signal that lost an event
# changes over its whole span
_SEEDS = """
CREATE OR REPLACE TEMP TABLE _seeds AS
SELECT chain, dated_at - to_days($w) AS lo, dated_at + to_days($w) AS hi FROM _fresh
UNION ALL
SELECT chain, first_seen, last_seen FROM _stale_signals
"""

_CHAINS = "CREATE OR REPLACE TEMP TABLE _chains AS SELECT DISTINCT chain FROM _seeds"

# the index rows of those chains: found by the integer column alone, then read whole
_CHAIN_ROWS = """
CREATE OR REPLACE TEMP TABLE _chain_rows AS
SELECT rowid AS _rid, signal_id AS _was, * EXCLUDE (signal_id)
FROM store.signal_events
WHERE rowid IN (
    SELECT rowid FROM store.signal_events WHERE chain IN (SELECT chain FROM _chains)
)
"""

# the stored signals of those chains with their spans: from their rows, or for a signal
# that lost events, as stored (its old span is what the closure must cover)
_STORED = """
CREATE OR REPLACE TEMP TABLE _stored AS
SELECT *, first_seen - to_days($w) AS lo, last_seen + to_days($w) AS hi
FROM (
    SELECT _was AS signal_id, any_value(chain) AS chain,
        min(dated_at) FILTER (WHERE NOT is_background) AS first_seen,
        max(dated_at) FILTER (WHERE NOT is_background) AS last_seen
    FROM _chain_rows
    WHERE _was IS NOT NULL
      AND _was NOT IN (SELECT signal_id FROM _stale_signals)
    GROUP BY _was
    UNION ALL
    SELECT signal_id, chain, first_seen, last_seen FROM _stale_signals
)
WHERE first_seen IS NOT NULL
"""

# what can be re-clustered: the chains' unchanged rows and the new events
_CANDIDATES = """
CREATE OR REPLACE TEMP TABLE _candidates AS
SELECT * FROM _chain_rows WHERE _rid NOT IN (SELECT rid FROM _stale)
UNION ALL BY NAME
SELECT * FROM _fresh
"""

_FIRST_AFFECTED = """
CREATE OR REPLACE TEMP TABLE _affected AS
SELECT DISTINCT s.*
FROM _stored AS s
JOIN _seeds AS r ON r.chain = s.chain AND s.first_seen <= r.hi AND s.last_seen >= r.lo
"""

_REGION = """
CREATE OR REPLACE TEMP TABLE _region AS
SELECT chain, lo, hi FROM _seeds
UNION ALL
SELECT chain, lo, hi FROM _affected
"""

# a background event in the region may move to any signal whose window holds it
_MORE_AFFECTED = """
INSERT INTO _affected
SELECT DISTINCT s.*
FROM _stored AS s
JOIN _candidates AS b ON b.chain = s.chain AND b.dated_at BETWEEN s.lo AND s.hi
WHERE b.is_background
  AND s.signal_id NOT IN (SELECT signal_id FROM _affected)
  AND EXISTS (
    SELECT 1 FROM _region AS r
    WHERE r.chain = b.chain AND b.dated_at BETWEEN r.lo AND r.hi
  )
"""

# news: the new events and every event of an affected signal (signals' spans are disjoint,
# so these are the news events inside the affected spans); background: all in the region
_SCOPE_EVENTS = """
CREATE OR REPLACE TEMP TABLE _scope_events AS
SELECT * FROM _candidates
WHERE NOT is_background AND (_rid IS NULL OR _was IN (SELECT signal_id FROM _affected))
UNION ALL
SELECT ev.* FROM _candidates AS ev
WHERE ev.is_background AND EXISTS (
    SELECT 1 FROM _region AS r
    WHERE r.chain = ev.chain AND ev.dated_at BETWEEN r.lo AND r.hi
)
"""

# keyed chains are added to the scope whole, read afresh from the view: every signal,
# every event; all their index rows are replaced (and those of events that moved into them)
_KEYS = (
    "INSERT INTO _drop SELECT rowid FROM store.signal_events"
    " WHERE chain IN (SELECT chain FROM _keys) OR event_id IN (SELECT event_id FROM _keyed)",
    "INSERT INTO _affected SELECT signal_id, chain, first_seen, last_seen,"
    " first_seen - to_days($w), last_seen + to_days($w)"
    " FROM (SELECT signal_id, first_seen, last_seen,"
    " md5_number_lower(type || '|' || array_to_string(actors, '|')) AS chain"
    " FROM store.signals WHERE signal_id IN (SELECT signal_id FROM store.signal_events"
    " WHERE chain IN (SELECT chain FROM _keys))) WHERE chain IN (SELECT chain FROM _keys)",
    "DELETE FROM _scope_events WHERE chain IN (SELECT chain FROM _keys)"
    " OR event_id IN (SELECT event_id FROM _keyed)",
    "INSERT INTO _scope_events BY NAME SELECT * FROM _keyed",
)

# the articles that can hold an event of a keyed chain: those of its events at the last
# refresh (a changed event's old chain is a key too), the labelled ones (an event an
# analyst added is in no chain yet) and those tagged since (_fresh)
_KEY_ARTICLES = """
CREATE OR REPLACE TEMP TABLE _key_articles AS
SELECT article_id FROM store.signal_events WHERE chain IN (SELECT chain FROM _keys)
UNION SELECT article_id FROM store.labels
UNION SELECT article_id FROM _fresh
"""
# a keyed chain's events, read afresh from the view in those articles only: by a list
# (pushed down to the scans) when it is short, else by a join; never a scan of all
_KEYED_WHERE = """
WHERE {articles}
  AND (e.type, list_min(e.actors), list_max(e.actors)) IN (
    SELECT (type, first_actor, last_actor) FROM _keys
)
"""

DROP_SCOPE = tuple(
    f"DROP TABLE IF EXISTS {name}"
    for name in (
        "_touched",
        "_fresh",
        "_key_articles",
        "_drop",
        "_stale",
        "_stale_signals",
        "_seeds",
        "_chains",
        "_chain_rows",
        "_stored",
        "_candidates",
        "_affected",
        "_region",
        "_keys",
        "_keyed",
        "_scope_events",
    )
)


def last_refresh(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the last refresh read the events: events tagged since are new to the signals."""
    rows = con.execute("SELECT max(refreshed_at) FROM store.signal_refresh").fetchall()
    value = rows[0][0]
    return value if isinstance(value, datetime) else None


def scope_since(con: duckdb.DuckDBPyConnection, since: datetime, *, window_days: int) -> int | None:
    """Build ``_affected`` (stored signals to replace), ``_scope_events`` (the events to
    re-cluster) and ``_drop`` (index rows to delete) for the events tagged at or after
    ``since`` and removed since; returns the events tagged, or None when the index does
    not agree with the events (an event tagged since is in it already): rebuild then."""
    w = {"w": window_days}
    con.execute(_TOUCHED, {"since": since})
    view_rows(con, "_fresh", "*, NULL::BIGINT AS _rid, NULL::VARCHAR AS _was", "_touched")
    con.execute(_DROP)
    con.execute(_STALE if count_rows(con, "store.removed_events") else _NO_STALE)
    con.execute("INSERT INTO _drop SELECT rid FROM _stale")
    con.execute(_STALE_SIGNALS)
    con.execute(_SEEDS, w)
    con.execute(_CHAINS)
    con.execute(_CHAIN_ROWS)
    indexed = con.execute(
        "SELECT count(*) FROM _chain_rows WHERE event_id IN (SELECT event_id FROM _fresh)"
        " AND _rid NOT IN (SELECT rid FROM _stale)"
    ).fetchall()[0][0]
    if indexed:
        return None
    con.execute(_STORED, w)
    con.execute(_CANDIDATES)
    con.execute(_FIRST_AFFECTED)
    con.execute(_REGION)
    while True:
        before = count_rows(con, "_affected")
        con.execute(_MORE_AFFECTED)
        if count_rows(con, "_affected") == before:
            break
        con.execute(_REGION)
    con.execute(_SCOPE_EVENTS)
    return count_rows(con, "_touched")


def add_keys(
    con: duckdb.DuckDBPyConnection, keys: Iterable[SignalKey], *, window_days: int
) -> None:
    """Widen the scope :func:`scope_since` built to whole chains: every signal and every
    event of these (type, actors) keys, read afresh from the view in the articles that
    can hold one (``_KEY_ARTICLES``): keyed refreshes follow an analyst's label, and the
    review page waits for them."""
    rows = sorted({(str(t), "|".join(sorted({str(a) for a in actors}))) for t, actors in keys})
    con.execute("CREATE OR REPLACE TEMP TABLE _keys (type VARCHAR, actor_key VARCHAR)")
    if rows:
        con.executemany("INSERT INTO _keys VALUES (?, ?)", rows)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _keys AS SELECT *,"
        " md5_number_lower(type || '|' || actor_key) AS chain,"
        " string_split(actor_key, '|')[1] AS first_actor,"
        " string_split(actor_key, '|')[-1] AS last_actor FROM _keys"
    )
    con.execute(_KEY_ARTICLES)
    articles = [str(r[0]) for r in con.execute("SELECT article_id FROM _key_articles").fetchall()]
    by_list = len(articles) <= LIST_FILTER_MAX
    where = _KEYED_WHERE.format(
        articles="list_contains($articles, e.article_id)"
        if by_list
        else "e.article_id IN (SELECT article_id FROM _key_articles)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _keyed AS"
        " SELECT ev.*, NULL::BIGINT AS _rid, NULL::VARCHAR AS _was"
        f" FROM ({EVENT_ROWS.format(where=where)}) AS ev"
        " WHERE chain IN (SELECT chain FROM _keys)",
        {"articles": articles} if by_list else {},
    )
    for statement in _KEYS:
        con.execute(statement, {"w": window_days} if "$w" in statement else {})
