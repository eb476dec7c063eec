-- Timeline of one relationship: every piece of evidence between two companies, in date order.
-- One row per event; a syndicated copy is shown but marked (copy_of), and each row names
-- the signal it belongs to, so repeated coverage of one event reads as one story.
-- Parameters:
--   $company  VARCHAR  one party, canonical name (default: OpenAI)
--   $partner  VARCHAR  the other party (default: Microsoft); pass the same name as
--                      $company to see everything that company did alone or with anyone
WITH params AS (
    SELECT
        coalesce(CAST($company AS VARCHAR), 'OpenAI') AS company,
        coalesce(CAST($partner AS VARCHAR), 'Microsoft') AS partner
),

relationship_events AS (
    SELECT e.*
    FROM events AS e
    CROSS JOIN params AS p
    WHERE list_contains(e.actors, p.company)
      AND list_contains(e.actors, p.partner)
),

with_signal AS (
    SELECT r.*, s.signal_id, s.label AS signal_label
    FROM relationship_events AS r
    LEFT JOIN signal_events AS se USING (event_id)
    LEFT JOIN signals AS s USING (signal_id)
),

final AS (
    SELECT
        CAST(effective_at AS DATE) AS date,
        type,
        status,
        actors,
        source,
        evidence,
        url,
        duplicate_of AS copy_of,
        signal_label
    FROM with_signal
    ORDER BY effective_at, type, source
)

SELECT * FROM final
