-- New channels per model maker: partners a model maker's models reached for the first time.
-- A channel is a company in a distribution_expansion or hosting_deal signal with a model
-- maker (gazetteer role); it is new when that pair's first such signal falls in the period.
-- Parameters:
--   $since  DATE     first day of the period (default: 90 days ago)
--   $maker  VARCHAR  only this model maker (default: all)
WITH params AS (
    SELECT
        coalesce(CAST($since AS DATE), current_date - 90) AS since,
        CAST($maker AS VARCHAR) AS maker
),

makers AS (
    SELECT name FROM companies WHERE role = 'model_maker'
),

channel_signals AS (
    SELECT s.*, m.name AS model_maker, unnest(list_filter(s.actors, lambda a: a <> m.name))
        AS channel
    FROM signals AS s
    JOIN makers AS m ON list_contains(s.actors, m.name)
    WHERE s.type IN ('distribution_expansion', 'hosting_deal')
),

first_per_channel AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY model_maker, channel ORDER BY first_seen, signal_id
        ) AS nth
    FROM channel_signals
),

final AS (
    SELECT
        f.model_maker,
        f.channel,
        c.role AS channel_role,
        CAST(f.first_seen AS DATE) AS first_seen,
        f.type,
        f.status,
        f.label,
        f.n_sources,
        f.url
    FROM first_per_channel AS f
    CROSS JOIN params AS p
    LEFT JOIN companies AS c ON c.name = f.channel
    WHERE f.nth = 1
      AND f.first_seen >= p.since
      AND (p.maker IS NULL OR f.model_maker = p.maker)
    ORDER BY f.model_maker, f.first_seen DESC, f.channel
)

SELECT * FROM final
