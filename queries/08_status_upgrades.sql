-- Status upgrades: relationships that went from talks (or a report) to confirmed.
-- Per event type and actor set, the first talks/reported evidence and the first
-- confirmation after it, whether in one signal or across signals months apart.
-- Parameters:
--   $since  DATE  only upgrades confirmed on or after this date (default: all time)
WITH params AS (
    SELECT CAST($since AS DATE) AS since
),

evidence AS (
    SELECT
        e.type,
        list_sort(list_distinct(e.actors)) AS actors,
        e.status,
        e.effective_at,
        e.evidence,
        e.url
    FROM events AS e
    WHERE e.status IN ('talks', 'reported', 'confirmed')
),

first_unconfirmed AS (
    SELECT type, actors,
        min(effective_at) AS first_unconfirmed_at,
        arg_min(status, effective_at) AS first_status
    FROM evidence
    WHERE status IN ('talks', 'reported')
    GROUP BY type, actors
),

first_confirmed_after AS (
    SELECT
        u.type,
        u.actors,
        u.first_status,
        u.first_unconfirmed_at,
        min(c.effective_at) AS confirmed_at,
        arg_min(c.evidence, c.effective_at) AS evidence,
        arg_min(c.url, c.effective_at) AS url
    FROM first_unconfirmed AS u
    JOIN evidence AS c
      ON c.type = u.type AND c.actors = u.actors
     AND c.status = 'confirmed' AND c.effective_at > u.first_unconfirmed_at
    GROUP BY u.type, u.actors, u.first_status, u.first_unconfirmed_at
),

final AS (
    SELECT
        f.type,
        f.actors,
        f.first_status || ' -> confirmed' AS upgrade,
        CAST(f.first_unconfirmed_at AS DATE) AS first_heard,
        CAST(f.confirmed_at AS DATE) AS confirmed,
        date_diff('day', f.first_unconfirmed_at, f.confirmed_at) AS days_to_confirm,
        f.evidence,
        f.url
    FROM first_confirmed_after AS f
    CROSS JOIN params AS p
    WHERE p.since IS NULL OR f.confirmed_at >= p.since
    ORDER BY f.confirmed_at DESC, f.type
)

SELECT * FROM final
