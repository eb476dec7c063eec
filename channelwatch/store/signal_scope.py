"""Which events a signal refresh must re-cluster, so its cost follows the news, not the store.

Signals are session windows per chain (type and actor set), so a change at date ``t``
can only touch the chain's signals that come within ``window`` of ``t``; every other
signal keeps its events, its dates and its id. The scope of a refresh:

- seeds: each event tagged since the last refresh (``store.events.tagged_at``) at its
  date +- window, under its current chain; and the whole span +- window of every stored
  signal that holds one of those events (re-tagged, perhaps re-dated or re-typed) or an
  event the ``events`` view no longer has (deleted, or removed by a label);
- closure: every stored signal of the same chain whose span +- window meets a seed, then
  meets that signal's span +- window, and so on. A background event joins the nearest
  signal within the window, so the closure keeps every signal it could move between
  inside the scope;
- the scope's events: all events of those chains whose date lies in that region.

Re-clustering the scope's events alone gives exactly what a full rebuild gives there:
signals outside the region are separated from it by more than the window on both sides.
Keyed refreshes (``keys=``) add whole chains to that scope. tests/test_signal_refresh.py checks both
against a full rebuild on randomised stores.
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
SELECT
    event_id, article_id, type, status, direction, evidence, confidence,
    list_sort(list_distinct(actors)) AS actors,
    array_to_string(list_sort(list_distinct(actors)), '|') AS actor_key,
    source, url, is_background,
    CASE WHEN is_background THEN timezone('UTC', CAST(event_date AS TIMESTAMP))
         ELSE effective_at END AS dated_at,
    duplicate_of IS NOT NULL AS is_copy,
    coalesce(duplicate_of, article_id) AS story_id
FROM main.events AS e
{where}
"""

_TOUCHED = """
CREATE OR REPLACE TEMP TABLE _touched AS
SELECT event_id FROM store.events WHERE tagged_at >= $since
"""

# the stored signals of the chains in scope (sorted actors: first and last are min and max)
_STORED = """
CREATE OR REPLACE TEMP TABLE _stored AS
SELECT signal_id, type, array_to_string(actors, '|') AS actor_key, first_seen, last_seen,
    first_seen - to_days($w) AS lo, last_seen + to_days($w) AS hi
FROM store.signals
WHERE (type, actors[1], actors[-1]) IN (SELECT (type, first_actor, last_actor) FROM _chains)
  AND (type, array_to_string(actors, '|')) IN (SELECT (type, actor_key) FROM _chains)
"""

_STALE = """
CREATE OR REPLACE TEMP TABLE _stale AS
SELECT signal_id FROM store.signal_events
WHERE event_id IN (SELECT event_id FROM _touched)
UNION
SELECT signal_id FROM store.signal_events AS se ANTI JOIN main.events AS e USING (event_id)
"""

# a touched event moves the chain within the window of its date; a signal that held a
# touched or a vanished event changes over its whole span
_SEEDS = """
CREATE OR REPLACE TEMP TABLE _seeds AS
SELECT type, actor_key, dated_at - to_days($w) AS lo, dated_at + to_days($w) AS hi
FROM _touched_rows
UNION ALL
SELECT type, array_to_string(actors, '|'), first_seen, last_seen
FROM store.signals
WHERE signal_id IN (SELECT signal_id FROM _stale)
"""

# list_min/list_max ignore order and repeats, and are cheap: a prefilter for the chains
_CHAINS = """
CREATE OR REPLACE TEMP TABLE _chains AS
SELECT DISTINCT type, actor_key,
    string_split(actor_key, '|')[1] AS first_actor,
    string_split(actor_key, '|')[-1] AS last_actor
FROM {source}
"""

_CHAIN_WHERE = """
WHERE (e.type, list_min(e.actors), list_max(e.actors)) IN (
    SELECT (type, first_actor, last_actor) FROM _chains
)
"""

_CHAIN_EVENTS = f"""
CREATE OR REPLACE TEMP TABLE _chain_events AS
SELECT ev.* FROM ({EVENT_ROWS.format(where=_CHAIN_WHERE)}) AS ev
SEMI JOIN _chains USING (type, actor_key)
"""

_FIRST_AFFECTED = """
CREATE OR REPLACE TEMP TABLE _affected AS
SELECT DISTINCT s.*
FROM _stored AS s
JOIN _seeds AS r
  ON r.type = s.type AND r.actor_key = s.actor_key
 AND s.first_seen <= r.hi AND s.last_seen >= r.lo
"""

_REGION = """
CREATE OR REPLACE TEMP TABLE _region AS
SELECT type, actor_key, lo, hi FROM _seeds
UNION ALL
SELECT type, actor_key, lo, hi FROM _affected
"""

# a background event in the region may move to any signal whose window holds it
_MORE_AFFECTED = """
INSERT INTO _affected
SELECT DISTINCT s.*
FROM _stored AS s
JOIN _chain_events AS b
  ON b.type = s.type AND b.actor_key = s.actor_key AND b.dated_at BETWEEN s.lo AND s.hi
WHERE b.is_background
  AND s.signal_id NOT IN (SELECT signal_id FROM _affected)
  AND EXISTS (
    SELECT 1 FROM _region AS r
    WHERE r.type = b.type AND r.actor_key = b.actor_key AND b.dated_at BETWEEN r.lo AND r.hi
  )
"""

_SCOPE_EVENTS = """
CREATE OR REPLACE TEMP TABLE _scope_events AS
SELECT ev.*
FROM _chain_events AS ev
WHERE CASE
    WHEN ev.is_background THEN EXISTS (
        SELECT 1 FROM _region AS r
        WHERE r.type = ev.type AND r.actor_key = ev.actor_key
          AND ev.dated_at BETWEEN r.lo AND r.hi
    )
    ELSE ev.event_id IN (SELECT event_id FROM _touched) OR EXISTS (
        SELECT 1 FROM _affected AS a
        WHERE a.type = ev.type AND a.actor_key = ev.actor_key
          AND ev.dated_at BETWEEN a.first_seen AND a.last_seen
    )
END
"""

# keyed chains are added to the scope whole: every signal and every event
_KEYS = (
    "INSERT INTO _affected SELECT * FROM _stored SEMI JOIN _keys USING (type, actor_key)",
    "DELETE FROM _scope_events WHERE (type, actor_key) IN (SELECT (type, actor_key) FROM _keys)",
    "INSERT INTO _scope_events SELECT * FROM _chain_events SEMI JOIN _keys USING (type, actor_key)",
)

DROP_SCOPE = tuple(
    f"DROP TABLE IF EXISTS {name}"
    for name in (
        "_touched",
        "_touched_rows",
        "_stored",
        "_stale",
        "_seeds",
        "_chains",
        "_chain_events",
        "_affected",
        "_region",
        "_keys",
        "_scope_events",
    )
)


def last_refresh(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the newest stored signals were refreshed: events tagged since are new to them."""
    rows = con.execute("SELECT max(refreshed_at) FROM store.signals").fetchall()
    value = rows[0][0]
    return value if isinstance(value, datetime) else None


def scope_since(con: duckdb.DuckDBPyConnection, since: datetime, *, window_days: int) -> int:
    """Build ``_affected`` (stored signals to replace) and ``_scope_events`` (the events to
    re-cluster) for the events tagged at or after ``since``; returns the events tagged."""
    w = {"w": window_days}
    con.execute(_TOUCHED, {"since": since})
    touched = count_rows(con, "_touched")
    where = "WHERE e.event_id IN (SELECT event_id FROM _touched)"
    con.execute(f"CREATE OR REPLACE TEMP TABLE _touched_rows AS {EVENT_ROWS.format(where=where)}")
    con.execute(_STALE)
    con.execute(_SEEDS, w)
    con.execute(_CHAINS.format(source="_seeds"))
    con.execute(_STORED, w)
    con.execute(_CHAIN_EVENTS)
    con.execute(_FIRST_AFFECTED)
    con.execute(_REGION)
    while True:
        before = count_rows(con, "_affected")
        con.execute(_MORE_AFFECTED)
        if count_rows(con, "_affected") == before:
            break
        con.execute(_REGION)
    con.execute(_SCOPE_EVENTS)
    return touched


def add_keys(
    con: duckdb.DuckDBPyConnection, keys: Iterable[SignalKey], *, window_days: int
) -> None:
    """Widen the scope :func:`scope_since` built to whole chains: every signal and every
    event of these (type, actors) keys."""
    rows = sorted({(str(t), "|".join(sorted({str(a) for a in actors}))) for t, actors in keys})
    con.execute("CREATE OR REPLACE TEMP TABLE _keys (type VARCHAR, actor_key VARCHAR)")
    if rows:
        con.executemany("INSERT INTO _keys VALUES (?, ?)", rows)
    con.execute(_CHAINS.format(source="_keys"))
    con.execute(_STORED, {"w": window_days})
    con.execute(_CHAIN_EVENTS)
    for statement in _KEYS:
        con.execute(statement)
