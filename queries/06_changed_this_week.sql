-- What changed this week: signals with evidence dated in the week, new or updated.
-- Dated by effective date (see the articles view), so a press release from last week
-- that was posted or found this week does not show as new.
-- change: new (no evidence before the week) | upgraded (stronger status than before the
-- week) | denied (a denial this week) | more coverage (same status, more articles).
-- Parameters:
--   $week_start  DATE  first day of the week (default: this week's Monday)
WITH params AS (
    SELECT
        coalesce(CAST($week_start AS DATE), CAST(date_trunc('week', current_date) AS DATE))
            AS week_start
),

bounds AS (
    SELECT week_start, week_start + INTERVAL 7 DAY AS week_end FROM params
),

signal_evidence AS (
    SELECT
        se.signal_id,
        e.status,
        e.effective_at,
        CASE e.status WHEN 'confirmed' THEN 1 WHEN 'reported' THEN 2 WHEN 'talks' THEN 3
            ELSE 9 END AS strength
    FROM signal_events AS se
    JOIN events AS e USING (event_id)
),

per_signal AS (
    SELECT
        v.signal_id,
        count(*) FILTER (WHERE v.effective_at < b.week_start) AS n_before,
        count(*) FILTER (WHERE v.effective_at >= b.week_start AND v.effective_at < b.week_end)
            AS n_this_week,
        min(v.strength) FILTER (WHERE v.effective_at < b.week_start) AS best_before,
        min(v.strength) FILTER (WHERE v.effective_at >= b.week_start
                                  AND v.effective_at < b.week_end) AS best_this_week,
        bool_or(v.status = 'denied' AND v.effective_at >= b.week_start
                AND v.effective_at < b.week_end) AS denied_this_week
    FROM signal_evidence AS v
    CROSS JOIN bounds AS b
    GROUP BY v.signal_id
),

final AS (
    SELECT
        CASE
            WHEN p.n_before = 0 THEN 'new'
            WHEN p.denied_this_week THEN 'denied'
            WHEN p.best_this_week < p.best_before THEN 'upgraded'
            ELSE 'more coverage'
        END AS change,
        s.label,
        s.type,
        s.status,
        p.n_this_week AS events_this_week,
        s.n_articles,
        s.n_sources,
        CAST(s.first_seen AS DATE) AS first_seen,
        s.evidence,
        s.url
    FROM per_signal AS p
    JOIN signals AS s USING (signal_id)
    WHERE p.n_this_week > 0
    ORDER BY
        CASE change WHEN 'new' THEN 1 WHEN 'upgraded' THEN 2 WHEN 'denied' THEN 3 ELSE 4 END,
        s.type,
        s.label
)

SELECT * FROM final
