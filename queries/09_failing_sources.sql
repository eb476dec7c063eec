-- Failing sources: which feeds fail, since when, and how often in recent runs.
-- Parameters:
--   $days          INTEGER  look-back for failures recorded in runs (default: 7)
--   $min_failures  INTEGER  only sources failing at least this many times in a row
--                           or in the look-back (default: 1)
WITH params AS (
    SELECT
        coalesce(CAST($days AS INTEGER), 7) AS days,
        coalesce(CAST($min_failures AS INTEGER), 1) AS min_failures
),

recent_failures AS (
    SELECT
        f.source,
        count(*) AS n_failures,
        max(f.failed_at) AS last_failed_at,
        arg_max(f.stage || ': ' || f.error, f.failed_at) AS last_failure
    FROM failures AS f
    CROSS JOIN params AS p
    WHERE f.failed_at >= now() - to_days(p.days)
      AND f.source IS NOT NULL
    GROUP BY f.source
),

final AS (
    SELECT
        s.name AS source,
        s.consecutive_failures,
        coalesce(r.n_failures, 0) AS failures_in_period,
        s.last_status,
        coalesce(r.last_failure, s.last_error) AS last_error,
        s.last_ok_at,
        s.next_fetch_after,
        s.url
    FROM sources AS s
    CROSS JOIN params AS p
    LEFT JOIN recent_failures AS r ON r.source = s.name
    WHERE s.consecutive_failures >= p.min_failures
       OR coalesce(r.n_failures, 0) >= p.min_failures
    ORDER BY s.consecutive_failures DESC, failures_in_period DESC, s.name
)

SELECT * FROM final
