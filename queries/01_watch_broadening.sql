-- Watch item 1: where and how is OpenAI broadening the sale of its models?
-- distribution_expansion and exclusivity_change signals involving OpenAI, newest first, one row per signal
-- (syndicated copies counted once in n_articles; their outlets counted in n_sources).
-- Parameters:
--   $since   DATE     only signals with evidence on or after this date
--                     (default: 90 days before the newest evidence in the store)
--   $status  VARCHAR  only this status: confirmed | reported | talks | denied (default: all)
WITH params AS (
    SELECT
        coalesce(
            CAST($since AS DATE),
            CAST((SELECT max(last_seen) FROM signals) AS DATE) - 90,
            DATE '1900-01-01'
        ) AS since,
        CAST($status AS VARCHAR) AS status
),

-- filter inside the CTE with scalar subqueries so DuckDB pushes it into the scan
watch AS (
    SELECT *
    FROM watch_broadening
    WHERE last_seen >= (SELECT since FROM params)
      AND coalesce(status = (SELECT status FROM params), true)
),

final AS (
    SELECT
        date,
        label,
        status,
        n_articles,
        n_sources,
        CAST(last_seen AS DATE) AS last_seen,
        evidence,
        url
    FROM watch
    ORDER BY date DESC, label
)

SELECT * FROM final
