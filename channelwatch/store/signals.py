"""Signals: events clustered into the real-world happenings analysts count.

Events are read from the main ``events`` view, the single source every reader shares
(analyst labels that remove, fix or add events act there).

Clustering rule. Only news events (``NOT is_background``) make signals. Two news events
belong to the same signal when they have the same ``type``, the same set of actors
(sorted, distinct canonical names), and effective dates (the article's, see the
``articles`` view) no more than ``SIGNAL_WINDOW_DAYS`` (14) days apart from the previous
news event of that chain: a session window, so a story re-reported every few days stays
one signal, and the same pair doing the same kind of deal months later is a new signal.

Background events (a sentence retelling an earlier or standing arrangement) never start
a signal and never bridge two. One joins the signal of its chain (same type and actors)
whose news lies within the window of its own date (``event_date``): the nearest such
signal, the earlier on a tie; with none it belongs to no signal. A signal is dated by its
news: first_seen and last_seen come from news events only; a joined background event adds
to the counts, sources and status at its own date.

Per signal:
- status: a denial kept visible. ``denied`` when the latest evidence is a denial (its
  date is later than every non-denial's) or all evidence is denials; otherwise the
  strongest non-denied evidence wins: confirmed > reported > talks. The ``denied`` flag
  is true whenever any event of the signal is a denial.
- n_articles counts distinct stories: an article with ``duplicate_of`` set (a syndicated
  copy) counts as the article it copies. n_sources counts distinct outlets, copies
  included, so a wire story on two sites is one article from two sources.
- the representative evidence and URL: an event whose status equals the signal's, news
  before background, from an original rather than a copy, with the highest confidence,
  then the earliest.

The clusters are materialised into ``store.signals`` / ``store.signal_events`` by
:func:`refresh_signals`, because clustering a million events on every query would not
meet the 200 ms budget of the watch views. After a run it re-clusters only what the
events tagged or removed since the last refresh can touch (see
``channelwatch.store.signal_scope``), and rewrites only the rows that change; with
``keys=`` whole chains too; with ``full=``, everything (``channelwatch refresh-signals
--full``). Call it outside a transaction: it opens its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from channelwatch.store.companies import (
    GAZETTEER,
    ROLES,
    load_companies,
    load_roles,
    sync_companies,
)
from channelwatch.store.signal_scope import (
    DROP_SCOPE,
    EVENT_ROWS,
    INDEX_COLUMNS,
    SignalKey,
    add_keys,
    last_refresh,
    scope_since,
    view_rows,
)
from channelwatch.store.sql import count_rows, now_utc, transaction

__all__ = [
    "GAZETTEER",
    "ROLES",
    "SIGNAL_WINDOW_DAYS",
    "count_rows",
    "load_companies",
    "refresh_signals",
    "sync_companies",
]

SIGNAL_WINDOW_DAYS = 14
# a refresh whose new events are more than this share of the store rebuilds everything:
# a reprocess of the whole store touches every chain anyway
FULL_REBUILD_SHARE = 0.2

# {source}: the events to cluster, rows shaped as signal_scope.EVENT_ROWS
_CLUSTER_EVENTS = """
CREATE OR REPLACE TEMP TABLE _clustered AS
WITH ev AS (
    SELECT * FROM {source}
),
marked AS (
    SELECT *,
        CASE WHEN dated_at - lag(dated_at) OVER chain <= to_days($window_days)
             THEN 0 ELSE 1 END AS starts_signal
    FROM ev
    WHERE NOT is_background
    WINDOW chain AS (PARTITION BY type, actor_key ORDER BY dated_at, event_id)
),
numbered AS (
    SELECT *,
        sum(starts_signal) OVER (
            PARTITION BY type, actor_key ORDER BY dated_at, event_id
            ROWS UNBOUNDED PRECEDING
        ) AS signal_no
    FROM marked
),
news AS (
    SELECT * EXCLUDE (starts_signal, signal_no),
        substr(md5(type || '|' || actor_key || '|' || first_value(event_id) OVER (
            PARTITION BY type, actor_key, signal_no ORDER BY dated_at, event_id
        )), 1, 16) AS signal_id
    FROM numbered
),
spans AS (
    SELECT signal_id, any_value(type) AS type, any_value(actor_key) AS actor_key,
        min(dated_at) AS first_at, max(dated_at) AS last_at
    FROM news
    GROUP BY signal_id
),
-- a background event joins the nearest signal of its chain within the window, if any;
-- with none it stays, with no signal (store.signal_events keeps it for the next refresh)
background AS (
    SELECT b.*, s.signal_id
    FROM ev AS b
    LEFT JOIN spans AS s
      ON s.type = b.type AND s.actor_key = b.actor_key
     AND b.dated_at >= s.first_at - to_days($window_days)
     AND b.dated_at <= s.last_at + to_days($window_days)
    WHERE b.is_background
    QUALIFY row_number() OVER (
        PARTITION BY b.event_id
        ORDER BY greatest(epoch(s.first_at) - epoch(b.dated_at),
                          epoch(b.dated_at) - epoch(s.last_at), 0),
                 s.first_at, s.signal_id
    ) = 1
),
final AS (
    SELECT *,
        CASE status WHEN 'confirmed' THEN 1 WHEN 'reported' THEN 2 WHEN 'talks' THEN 3
             ELSE 9 END AS strength
    FROM (SELECT * FROM news UNION ALL BY NAME SELECT * FROM background)
)
SELECT * FROM final
"""

_AGGREGATE_SIGNALS = """
CREATE OR REPLACE TEMP TABLE _signals AS
WITH agg AS (
    SELECT
        signal_id,
        any_value(type) AS type,
        any_value(actors) AS actors,
        min(strength) FILTER (WHERE status <> 'denied') AS best,
        max(dated_at) FILTER (WHERE status = 'denied') AS last_denial,
        max(dated_at) FILTER (WHERE status <> 'denied') AS last_claim,
        mode(direction) AS direction,
        min(dated_at) FILTER (WHERE NOT is_background) AS first_seen,
        max(dated_at) FILTER (WHERE NOT is_background) AS last_seen,
        count(DISTINCT coalesce(duplicate_of, article_id)) AS n_articles,
        count(DISTINCT source) AS n_sources,
        count(*) AS n_events,
        list_sort(list_distinct(list(source))) AS sources
    FROM _clustered
    WHERE signal_id IS NOT NULL
    GROUP BY signal_id
),
statused AS (
    SELECT *,
        CASE
            WHEN last_claim IS NULL OR last_denial > last_claim THEN 'denied'
            WHEN best = 1 THEN 'confirmed'
            WHEN best = 2 THEN 'reported'
            WHEN best = 3 THEN 'talks'
            ELSE 'confirmed'
        END AS status,
        last_denial IS NOT NULL AS denied
    FROM agg
),
-- evidence and url are NULL for rows from store.signal_events: filled in afterwards
representative AS (
    SELECT signal_id, evidence, url, article_id, event_id AS rep_event_id
    FROM (
        SELECT c.signal_id, c.evidence, c.url, c.article_id, c.event_id,
            row_number() OVER (
                PARTITION BY c.signal_id
                ORDER BY (c.status = s.status) DESC, c.is_background, c.duplicate_of IS NOT NULL,
                         c.confidence DESC, c.dated_at, c.event_id
            ) AS pick
        FROM _clustered AS c
        JOIN statused AS s USING (signal_id)
    )
    WHERE pick = 1
),
roles AS (
    SELECT
        signal_id,
        list(actor ORDER BY actor) FILTER (WHERE list_contains(k.roles, 'model_maker'))
            AS model_makers,
        list(actor ORDER BY actor) FILTER (WHERE list_contains(k.roles, 'cloud')) AS clouds,
        -- the label names as the maker a company whose first role is model_maker, and only
        -- when none is, one that also makes models ("Google hosts Anthropic", but
        -- "Google models via Oracle")
        list(actor ORDER BY actor) FILTER (WHERE k.role = 'model_maker') AS lead_makers
    FROM (SELECT signal_id, unnest(actors) AS actor FROM agg) AS a
    LEFT JOIN (
        SELECT c.name, c.role, list(r.role) AS roles  -- every role: Google is both
        FROM store.companies AS c LEFT JOIN store.company_roles AS r USING (name)
        GROUP BY c.name, c.role
    ) AS k ON k.name = a.actor
    GROUP BY signal_id
),
named AS (
    SELECT
        s.*,
        coalesce(r.model_makers, []) AS model_makers,
        coalesce(r.clouds, []) AS clouds,
        CASE WHEN len(coalesce(r.lead_makers, [])) > 0 THEN r.lead_makers
             ELSE coalesce(r.model_makers, []) END AS label_makers,
        p.evidence, p.url, p.article_id, p.rep_event_id
    FROM statused AS s
    JOIN representative AS p USING (signal_id)
    LEFT JOIN roles AS r USING (signal_id)
),
labelled AS (
    SELECT *, list_filter(actors, lambda x: NOT list_contains(label_makers, x)) AS partners
    FROM named
),
final AS (
    SELECT *,
        CASE
            WHEN type = 'hosting_deal' AND len(label_makers) > 0 AND len(partners) > 0
                THEN array_to_string(partners, ' & ') || ' hosts '
                     || array_to_string(label_makers, ' & ')
            WHEN type = 'distribution_expansion' AND len(label_makers) > 0
                 AND len(partners) > 0
                THEN array_to_string(label_makers, ' & ') || ' models via '
                     || array_to_string(partners, ' & ')
            ELSE array_to_string(actors, ' & ') || ' ' || replace(type, '_', ' ')
        END
        || ' (' || status
        || CASE WHEN denied AND status <> 'denied' THEN ', denial on record' ELSE '' END
        || ')' AS label
    FROM labelled
)
SELECT * FROM final
"""

_INSERT_SIGNALS = (
    "INSERT INTO store.signals"
    " SELECT signal_id, type, actors, model_makers, clouds, status, denied, direction,"
    " first_seen, last_seen, n_articles, n_sources, n_events, sources,"
    " evidence, url, article_id, label, $now, rep_event_id FROM _signals"
    " ORDER BY first_seen DESC, signal_id"
)
_FULL_WRITE = (
    "DELETE FROM store.signals",
    "DELETE FROM store.signal_events",
    _INSERT_SIGNALS,
    f"INSERT INTO store.signal_events SELECT {INDEX_COLUMNS} FROM _clustered",
)
# only the index rows whose signal changed are rewritten (and removed events' rows go):
# a long-running story that gains a day's article keeps its older rows as they are
_INCREMENTAL_WRITE = (
    "INSERT INTO _drop SELECT _rid FROM _clustered"
    " WHERE _rid IS NOT NULL AND _was IS DISTINCT FROM signal_id",
    "DELETE FROM store.signal_events WHERE rowid IN (SELECT rid FROM _drop)",
    f"INSERT INTO store.signal_events SELECT {INDEX_COLUMNS} FROM _clustered"
    " WHERE _rid IS NULL OR _was IS DISTINCT FROM signal_id",
    "DELETE FROM store.signals WHERE signal_id IN (SELECT signal_id FROM _affected)"
    " OR signal_id IN (SELECT signal_id FROM _stale_signals)",
    _INSERT_SIGNALS,
)
_DONE = (
    "DELETE FROM store.removed_events",
    "DELETE FROM store.signal_refresh",
    "INSERT INTO store.signal_refresh VALUES ($now)",
    "DROP TABLE IF EXISTS _signals",
    "DROP TABLE IF EXISTS _clustered",
    "DROP TABLE IF EXISTS _picks",
    "DROP TABLE IF EXISTS _picked",
)
# the representative evidence of signals whose pick came from store.signal_events
_FILL_EVIDENCE = (
    "UPDATE _signals SET evidence = p.evidence, url = p.url"
    " FROM _picked AS p WHERE _signals.rep_event_id = p.event_id AND _signals.evidence IS NULL"
)
# the events view passes a tagged event's evidence and its article's url through as
# stored: read them by key, each table on its own (so DuckDB looks the keys up in their
# indexes); the rest (events analysts added) from the view
_PICKED = (
    "SELECT e.event_id, e.evidence, a.url"
    " FROM (SELECT event_id, evidence, article_id FROM store.events"
    " WHERE event_id IN ({events})) AS e"
    " JOIN (SELECT article_id, url FROM store.articles WHERE article_id IN ({articles})) AS a"
    " USING (article_id)"
)
PICK_CHUNK = 2_000  # DuckDB looks an IN list of up to 2,048 values up in the key's index


def fill_evidence(con: duckdb.DuckDBPyConnection) -> None:
    """Fill in the representative evidence and URL of signals whose pick came from
    ``store.signal_events`` (which keeps neither): kept from the stored signal when its
    pick is the same event (as a day's news mostly leaves it), else looked up."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _picked AS SELECT rep_event_id AS event_id, evidence, url"
        " FROM store.signals WHERE signal_id IN (SELECT signal_id FROM _affected)"
    )
    con.execute(_FILL_EVIDENCE)
    picks = con.execute(
        "SELECT rep_event_id, article_id FROM _signals WHERE evidence IS NULL"
    ).fetchall()
    for start in range(0, len(picks), PICK_CHUNK):
        chunk = picks[start : start + PICK_CHUNK]
        events, articles = [e for e, _ in chunk], sorted({a for _, a in chunk})
        sql = _PICKED.format(
            events=", ".join("?" * len(events)), articles=", ".join("?" * len(articles))
        )
        con.execute(f"INSERT INTO _picked {sql}", [*events, *articles])
    con.execute(_FILL_EVIDENCE)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _picks AS SELECT rep_event_id AS event_id, article_id"
        " FROM _signals WHERE evidence IS NULL"
    )
    if count_rows(con, "_picks"):
        view_rows(con, "_picked", "event_id, evidence, url", "_picks")
        con.execute(_FILL_EVIDENCE)


def refresh_signals(
    con: duckdb.DuckDBPyConnection,
    *,
    keys: Iterable[SignalKey] | None = None,
    full: bool = False,
    window_days: int = SIGNAL_WINDOW_DAYS,
    gazetteer: Path = GAZETTEER,
) -> int:
    """Bring ``store.signals`` up to date with the ``events`` view in one transaction;
    returns the number of signals stored.

    By default only what changed since the last refresh is re-clustered: events tagged
    since then and signals that lost events (see ``signal_scope``). ``keys`` re-clusters
    whole chains (type, actors), e.g. after an analyst label changed their events: name
    both the chain an event left and the one it joined. ``full`` rebuilds everything
    (repair); so does a change of company roles, a store never refreshed, or new events
    above ``FULL_REBUILD_SHARE`` of the store. Readers see the previous signals until it
    commits.
    """
    companies = load_roles(gazetteer)
    now = now_utc()
    with transaction(con):
        roles_changed = sync_companies(con, companies) if companies else False
        since = last_refresh(con)
        rebuild = full or roles_changed or since is None
        if not rebuild and since is not None:
            touched = scope_since(con, since, window_days=window_days)
            rebuild = touched is None or touched > FULL_REBUILD_SHARE * count_rows(
                con, "store.events"
            )
            if keys is not None and not rebuild:
                add_keys(con, keys, window_days=window_days)
        source = f"({EVENT_ROWS.format(where='')})" if rebuild else "_scope_events"
        con.execute(_CLUSTER_EVENTS.format(source=source), {"window_days": window_days})
        con.execute(_AGGREGATE_SIGNALS)
        if not rebuild:
            fill_evidence(con)
        for statement in (*(_FULL_WRITE if rebuild else _INCREMENTAL_WRITE), *_DONE):
            con.execute(statement, {"now": now} if "$now" in statement else {})
        for statement in DROP_SCOPE:
            con.execute(statement)
    return count_rows(con, "store.signals")
