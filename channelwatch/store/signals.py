"""Signals: events clustered into the real-world happenings analysts count.

Clustering rule. Two events belong to the same signal when they have the same ``type``,
the same set of actors (sorted, distinct canonical names), and effective dates (see the
``articles`` view) no more than ``SIGNAL_WINDOW_DAYS`` (14) days apart from the previous
event of that chain: a session window, so a story re-reported every few days stays one
signal, and the same pair doing the same kind of deal months later is a new signal.

Per signal:
- status: a denial kept visible. ``denied`` when the latest evidence is a denial (its
  effective date is later than every non-denial's) or all evidence is denials; otherwise
  the strongest non-denied evidence wins: confirmed > reported > talks. The ``denied``
  flag is true whenever any event of the signal is a denial.
- n_articles counts distinct stories: an article with ``duplicate_of`` set (a syndicated
  copy) counts as the article it copies. n_sources counts distinct outlets, copies
  included, so a wire story on two sites is one article from two sources.
- the representative evidence and URL: an event whose status equals the signal's, from
  an original rather than a copy, with the highest confidence, then the earliest.

The clusters are materialised into ``store.signals`` / ``store.signal_events`` by
:func:`refresh_signals`, because clustering a million events on every query would not
meet the 200 ms budget of the watch views. Call it after each load (outside a
transaction: it opens its own), and after reprocessing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import duckdb

from channelwatch.errors import InputError
from channelwatch.settings import DATA_DIR
from channelwatch.store.writes import count_rows, now_utc, transaction

GAZETTEER = DATA_DIR / "gazetteer.jsonl"
SIGNAL_WINDOW_DAYS = 14
ROLES = ("model_maker", "cloud", "platform", "chips", "other")

_CLUSTER_EVENTS = """
CREATE OR REPLACE TEMP TABLE _clustered AS
WITH ev AS (
    SELECT
        e.event_id, e.article_id, e.type, e.status, e.direction, e.evidence, e.confidence,
        list_sort(list_distinct(e.actors)) AS actors,
        array_to_string(list_sort(list_distinct(e.actors)), '|') AS actor_key,
        e.source, e.url, e.effective_at,
        e.duplicate_of IS NOT NULL AS is_copy,
        coalesce(e.duplicate_of, e.article_id) AS story_id
    FROM main.events AS e  -- label-aware: no wrong events, fixes applied, missed added
),
marked AS (
    SELECT *,
        CASE WHEN effective_at - lag(effective_at) OVER chain <= to_days($window_days)
             THEN 0 ELSE 1 END AS starts_signal
    FROM ev
    WINDOW chain AS (PARTITION BY type, actor_key ORDER BY effective_at, event_id)
),
numbered AS (
    SELECT *,
        sum(starts_signal) OVER (
            PARTITION BY type, actor_key ORDER BY effective_at, event_id
            ROWS UNBOUNDED PRECEDING
        ) AS signal_no
    FROM marked
),
final AS (
    SELECT *,
        substr(md5(type || '|' || actor_key || '|' || first_value(event_id) OVER (
            PARTITION BY type, actor_key, signal_no ORDER BY effective_at, event_id
        )), 1, 16) AS signal_id,
        CASE status WHEN 'confirmed' THEN 1 WHEN 'reported' THEN 2 WHEN 'talks' THEN 3
             ELSE 9 END AS strength
    FROM numbered
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
        max(effective_at) FILTER (WHERE status = 'denied') AS last_denial,
        max(effective_at) FILTER (WHERE status <> 'denied') AS last_claim,
        mode(direction) AS direction,
        min(effective_at) AS first_seen,
        max(effective_at) AS last_seen,
        count(DISTINCT story_id) AS n_articles,
        count(DISTINCT source) AS n_sources,
        count(*) AS n_events,
        list_sort(list_distinct(list(source))) AS sources
    FROM _clustered
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
representative AS (
    SELECT signal_id, evidence, url, article_id
    FROM (
        SELECT c.signal_id, c.evidence, c.url, c.article_id,
            row_number() OVER (
                PARTITION BY c.signal_id
                ORDER BY (c.status = s.status) DESC, c.is_copy, c.confidence DESC,
                         c.effective_at, c.event_id
            ) AS pick
        FROM _clustered AS c
        JOIN statused AS s USING (signal_id)
    )
    WHERE pick = 1
),
roles AS (
    SELECT
        signal_id,
        list(actor ORDER BY actor) FILTER (WHERE role = 'model_maker') AS model_makers,
        list(actor ORDER BY actor) FILTER (WHERE role = 'cloud') AS clouds
    FROM (SELECT signal_id, unnest(actors) AS actor FROM agg) AS a
    LEFT JOIN store.companies AS c ON c.name = a.actor
    GROUP BY signal_id
),
named AS (
    SELECT
        s.*,
        coalesce(r.model_makers, []) AS model_makers,
        coalesce(r.clouds, []) AS clouds,
        list_filter(s.actors, lambda x: NOT list_contains(coalesce(r.model_makers, []), x))
            AS partners,
        p.evidence, p.url, p.article_id
    FROM statused AS s
    JOIN representative AS p USING (signal_id)
    LEFT JOIN roles AS r USING (signal_id)
),
final AS (
    SELECT *,
        CASE
            WHEN type = 'hosting_deal' AND len(model_makers) > 0 AND len(partners) > 0
                THEN array_to_string(partners, ' & ') || ' hosts '
                     || array_to_string(model_makers, ' & ')
            WHEN type = 'distribution_expansion' AND len(model_makers) > 0
                 AND len(partners) > 0
                THEN array_to_string(model_makers, ' & ') || ' models via '
                     || array_to_string(partners, ' & ')
            ELSE array_to_string(actors, ' & ') || ' ' || replace(type, '_', ' ')
        END
        || ' (' || status
        || CASE WHEN denied AND status <> 'denied' THEN ', denial on record' ELSE '' END
        || ')' AS label
    FROM named
)
SELECT * FROM final
"""

_PUBLISH = (
    "DELETE FROM store.signals",
    "DELETE FROM store.signal_events",
    "INSERT INTO store.signals"
    " SELECT signal_id, type, actors, model_makers, clouds, status, denied, direction,"
    " first_seen, last_seen, n_articles, n_sources, n_events, sources,"
    " evidence, url, article_id, label, $now FROM _signals"
    " ORDER BY first_seen DESC, signal_id",  # the watch views' order, kept by their scans
    "INSERT INTO store.signal_events SELECT signal_id, event_id FROM _clustered",
    "DROP TABLE _signals",
    "DROP TABLE _clustered",
)


def load_companies(path: Path = GAZETTEER) -> list[tuple[str, str]]:
    """(canonical name, role) for each line of the gazetteer; [] when it is absent."""
    if not path.exists():
        return []
    companies: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            name, role = str(entry["id"]), str(entry.get("role") or "other")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{number} is not a gazetteer entry ({exc}); each line needs "
                '{"id": ..., "role": ...}'
            ) from exc
        if role not in ROLES:
            raise InputError(
                f"{path}:{number}: role {role!r} of {name!r} is not one of {', '.join(ROLES)}"
            )
        companies.append((name, role))
    return companies


def sync_companies(con: duckdb.DuckDBPyConnection, companies: Sequence[tuple[str, str]]) -> None:
    """Replace ``store.companies`` with these (name, role) pairs."""
    con.execute("DELETE FROM store.companies")
    if companies:
        now = now_utc()
        con.executemany(
            "INSERT INTO store.companies VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            [(name, role, now) for name, role in companies],
        )


def refresh_signals(
    con: duckdb.DuckDBPyConnection,
    *,
    window_days: int = SIGNAL_WINDOW_DAYS,
    gazetteer: Path = GAZETTEER,
) -> int:
    """Rebuild ``store.signals`` from all events in one transaction; returns signal count.

    Readers see the previous signals until it commits. Company roles are reloaded from
    the gazetteer first (the watch views and labels need them).
    """
    companies = load_companies(gazetteer)
    with transaction(con):
        if companies:
            sync_companies(con, companies)
        con.execute(_CLUSTER_EVENTS, {"window_days": window_days})
        con.execute(_AGGREGATE_SIGNALS)
        now = now_utc()
        for statement in _PUBLISH:
            con.execute(statement, {"now": now} if "$now" in statement else {})
    return count_rows(con, "store.signals")
