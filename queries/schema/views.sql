-- The analyst contract: views in the main schema with stable names and columns.
-- Documented column by column in channelwatch/store/views.py (`channelwatch schema`);
-- tests/test_views.py fails when this file and that documentation disagree.
-- Re-applied by migrate() whenever this file changes, so every statement is
-- CREATE OR REPLACE.

-- Effective date of an article: the earliest of the three dates that is plausible.
--   published_at   the source's (feed's) date
--   date_extracted the extractor's estimate from the page (htmldate), at 00:00 UTC
--   first_seen_at  when channelwatch first stored it (always present)
-- A date later than first_seen_at + 1 day, or before 2000, is ignored as bogus. So a
-- week-old press release re-posted today is dated a week ago and never shows as new.
-- signals, the watch views and the queries all date things by effective_at.
CREATE OR REPLACE VIEW articles AS
SELECT
    a.article_id,
    a.url,
    a.source,
    a.title,
    a.published_at,
    a.first_seen_at,
    a.date_extracted,
    least(
        a.first_seen_at,
        CASE
            WHEN a.published_at <= a.first_seen_at + INTERVAL 1 DAY
             AND a.published_at >= TIMESTAMPTZ '2000-01-01 00:00:00+00'
            THEN a.published_at
        END,
        CASE
            WHEN a.date_extracted <= CAST(a.first_seen_at + INTERVAL 1 DAY AS DATE)
             AND a.date_extracted >= DATE '2000-01-01'
            THEN timezone('UTC', CAST(a.date_extracted AS TIMESTAMP))
        END
    ) AS effective_at,
    a.language,
    a.word_count,
    a.duplicate_of
FROM store.articles AS a;

-- Every tagger event with the analysts' current verdict on it, plus the events analysts
-- added (verdict 'missed', rule_id 'analyst'). A label applies to an event of the same
-- article and type whose evidence span is the label's, or, when a new extraction or
-- rules version moved the span, whose evidence sentence is the label's; of several
-- labels the latest not undone wins. This is the one place labels are matched: events
-- (and through it signals, the watch views, the digest) and the review page read it.
CREATE OR REPLACE VIEW event_reviews AS
WITH active AS (
    SELECT * FROM store.labels WHERE undone_at IS NULL
),
matched AS (
    SELECT e.event_id, l.label_id, l.labelled_at
    FROM store.events AS e
    JOIN active AS l
      ON l.article_id = e.article_id AND l.type = e.type
     AND l.start_char = e.start_char AND l.end_char = e.end_char
    UNION
    SELECT e.event_id, l.label_id, l.labelled_at
    FROM store.events AS e
    JOIN active AS l
      ON l.article_id = e.article_id AND l.type = e.type AND l.evidence = e.evidence
),
latest AS (
    SELECT event_id, arg_max(label_id, labelled_at) AS label_id FROM matched GROUP BY event_id
),
tagged AS (
    SELECT
        e.event_id, e.article_id, e.type, e.status, e.direction, e.actors, e.evidence,
        e.start_char, e.end_char, e.rule_id, e.rules_version, e.confidence, e.event_date,
        coalesce(e.is_background, false) AS is_background,
        l.verdict AS review, l.fixed_type, l.fixed_actors, l.fixed_status,
        l.label_id, l.reviewer, l.labelled_at
    FROM store.events AS e
    LEFT JOIN latest AS m USING (event_id)
    LEFT JOIN store.labels AS l ON l.label_id = m.label_id
),
added AS (
    SELECT *
    FROM active
    WHERE label_id NOT IN (SELECT label_id FROM matched)
    QUALIFY row_number() OVER (
        PARTITION BY article_id, type, start_char, end_char ORDER BY labelled_at DESC, label_id
    ) = 1
),
missed AS (
    SELECT
        substr(md5('analyst|' || article_id || '|' || type || '|' || start_char), 1, 16)
            AS event_id,
        article_id, type, fixed_status AS status, NULL::VARCHAR AS direction,
        fixed_actors AS actors, evidence, start_char, end_char,
        'analyst' AS rule_id, 'analyst' AS rules_version, 1.0::DOUBLE AS confidence,
        NULL::DATE AS event_date, false AS is_background,
        verdict AS review, fixed_type, fixed_actors, fixed_status,
        label_id, reviewer, labelled_at
    FROM added
    WHERE verdict = 'missed'
)
SELECT * FROM tagged
UNION ALL
SELECT * FROM missed;

-- The events analysts see: wrong events left out, fixed events as fixed, missed events
-- added. signals (refresh_signals) cluster this view, so a verdict reaches signals, the
-- watch views and the digest at the next refresh (the review page and `label` refresh).
CREATE OR REPLACE VIEW events AS
SELECT
    r.event_id,
    r.article_id,
    CASE WHEN r.review IN ('fixed', 'missed') THEN coalesce(r.fixed_type, r.type)
         ELSE r.type END AS type,
    CASE WHEN r.review IN ('fixed', 'missed') THEN coalesce(r.fixed_status, r.status)
         ELSE r.status END AS status,
    r.direction,
    CASE WHEN r.review IN ('fixed', 'missed') THEN coalesce(r.fixed_actors, r.actors)
         ELSE r.actors END AS actors,
    r.evidence,
    r.start_char,
    r.end_char,
    r.rule_id,
    r.rules_version,
    r.confidence,
    coalesce(r.event_date, CAST(a.effective_at AS DATE)) AS event_date,
    r.is_background,
    a.published_at,
    a.effective_at,
    a.url,
    a.source,
    a.duplicate_of,
    r.review
FROM event_reviews AS r
JOIN articles AS a USING (article_id)
WHERE r.review IS DISTINCT FROM 'wrong';

-- signals are materialised by refresh_signals() (see channelwatch/store/signals.py for
-- the clustering rule: only news events start one; a background event joins the nearest
-- signal of its chain within the window at its event_date); the stable face of that table.
CREATE OR REPLACE VIEW signals AS
SELECT
    signal_id,
    type,
    actors,
    status,
    denied,
    first_seen,
    last_seen,
    n_articles,
    n_sources,
    n_events,
    sources,
    evidence,
    url,
    label,
    direction
FROM store.signals;

CREATE OR REPLACE VIEW signal_events AS
SELECT signal_id, event_id FROM store.signal_events WHERE signal_id IS NOT NULL;

-- The four watch views come out newest first (first_seen DESC, signal_id). refresh_signals()
-- replaces only the signals a run touched, so store.signals is no longer in that order and
-- each view sorts: 2x a bare scan on 1,000,000 events, still well under 200 ms
-- (python -m bench.queries).

-- Watch item 1: OpenAI broadens where and how its models are sold.
CREATE OR REPLACE VIEW watch_broadening AS
SELECT
    CAST(first_seen AS DATE) AS date,
    label,
    signal_id, type, actors, status, denied, first_seen, last_seen,
    n_articles, n_sources, evidence, url
FROM store.signals
WHERE type IN ('distribution_expansion', 'exclusivity_change')
  AND list_contains(actors, 'OpenAI')
ORDER BY first_seen DESC, signal_id;

-- Watch item 2: a cloud other than Microsoft hosts or distributes a model maker.
CREATE OR REPLACE VIEW watch_rival_clouds AS
SELECT
    CAST(first_seen AS DATE) AS date,
    label,
    signal_id, type, actors, status, denied, first_seen, last_seen,
    n_articles, n_sources, evidence, url
FROM store.signals
WHERE type IN ('hosting_deal', 'distribution_expansion')
  AND len(model_makers) > 0
  AND len(list_filter(clouds, lambda c: c <> 'Microsoft')) > 0
ORDER BY first_seen DESC, signal_id;

-- Watch item 3: pricing, bundling, tiers or licensing of model access change.
CREATE OR REPLACE VIEW watch_packaging AS
SELECT
    CAST(first_seen AS DATE) AS date,
    label,
    signal_id, type, actors, status, denied, first_seen, last_seen,
    n_articles, n_sources, evidence, url
FROM store.signals
WHERE type = 'packaging_change'
ORDER BY first_seen DESC, signal_id;

-- Watch item 4: partnerships renegotiated, revenue shares or exclusivities changed.
CREATE OR REPLACE VIEW watch_renegotiations AS
SELECT
    CAST(first_seen AS DATE) AS date,
    label,
    signal_id, type, actors, status, denied, first_seen, last_seen,
    n_articles, n_sources, evidence, url
FROM store.signals
WHERE type IN ('renegotiation', 'revenue_share_change', 'exclusivity_change')
ORDER BY first_seen DESC, signal_id;

CREATE OR REPLACE VIEW sources AS
SELECT
    name, url, tags, last_status, last_error, last_fetched_at, last_ok_at,
    consecutive_failures, next_fetch_after
FROM store.sources;

CREATE OR REPLACE VIEW failures AS
SELECT run_id, stage, source, url, error, failed_at FROM store.failures;

CREATE OR REPLACE VIEW runs AS
SELECT run_id, kind, started_at, finished_at, status, rules_version, counts, timings, error
FROM store.runs;

-- Company roles from data/gazetteer.jsonl, reloaded at each refresh_signals().
CREATE OR REPLACE VIEW companies AS
SELECT
    c.name,
    c.role,
    list(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL) AS roles
FROM store.companies AS c
LEFT JOIN store.company_roles AS r USING (name)
GROUP BY c.name, c.role;

-- What to review first: the unreviewed events of this week's new or changed signals.
-- "This week" is the 7 days up to the newest evidence in the store (the latest
-- signals.last_seen), so a store read between runs, or the demo, still has a week; an
-- event is this week's when its article's effective date is, and its signal is then new
-- or changed this week by definition.
-- priority 1: a status change (the event is stronger than every claim for the same type
-- and parties in the 90 days before this week, or denies one); 2: a signal of watch item
-- 1 or 2; 3: the rest.
-- store.review_order is the queue without the events' own columns, in order: the review
-- page reads its first rows and then only those events (python -m bench.review). It reads
-- events as the analysts see them (wrong ones left out, fixes applied) from
-- store.signal_events, which every signal refresh keeps, as the queue's signal columns
-- always came from the last refresh: its chain is the type with the sorted parties, its
-- dated_at the article's effective date for news events, so a week's events are found
-- by a date filter instead of a scan of every event through event_reviews. Whether an
-- event is reviewed is read live from the labels.
CREATE OR REPLACE VIEW store.review_order AS
WITH week AS (
    SELECT max(last_seen) - INTERVAL 7 DAY AS start,
        max(last_seen) - INTERVAL 97 DAY AS window_start
    FROM store.signals
),
-- an article's effective date is at most its first_seen_at: a filter that skips old
-- blocks of a store written over the years
window_articles AS MATERIALIZED (
    SELECT article_id, url, source, effective_at,
        effective_at >= (SELECT start FROM week) AS this_week
    FROM main.articles
    WHERE first_seen_at >= (SELECT window_start FROM week)
      AND effective_at >= (SELECT window_start FROM week)
),
-- the events of this week and the 90 days before it: news events by their date, and
-- background events (dated by the happening they retell) of any date
indexed AS (
    SELECT event_id, article_id, signal_id, chain, status FROM store.signal_events
    WHERE dated_at >= (SELECT window_start FROM week)
    UNION ALL
    SELECT event_id, article_id, signal_id, chain, status FROM store.signal_events
    WHERE is_background
      AND (dated_at < (SELECT window_start FROM week) OR dated_at IS NULL)
),
dated AS MATERIALIZED (
    SELECT i.event_id, i.signal_id, i.chain, a.article_id, a.url, a.source, a.effective_at,
        a.this_week,
        CASE i.status WHEN 'confirmed' THEN 1 WHEN 'reported' THEN 2 WHEN 'talks' THEN 3
            ELSE 9 END AS strength
    FROM indexed AS i
    JOIN window_articles AS a USING (article_id)
),
-- the strongest claim for each type and set of parties in the 90 days before this week
before AS (
    SELECT chain, min(strength) AS best
    FROM dated
    WHERE NOT this_week AND strength < 9
    GROUP BY chain
),
-- events with a verdict: only the labelled articles' events are matched
reviewed AS (
    SELECT event_id FROM main.event_reviews
    WHERE review IS NOT NULL
      AND article_id IN (SELECT article_id FROM store.labels WHERE undone_at IS NULL)
),
-- events deleted since the last refresh (and not tagged again with the same id)
gone AS (
    SELECT event_id FROM store.removed_events
    EXCEPT
    SELECT event_id FROM store.events
    WHERE event_id IN (SELECT event_id FROM store.removed_events)
),
queued AS (
    SELECT * FROM dated
    WHERE signal_id IS NOT NULL AND this_week
      AND event_id NOT IN (SELECT event_id FROM reviewed)
      AND event_id NOT IN (SELECT event_id FROM gone)
),
-- the watch items of each signal: the watch views' conditions (tests/test_views.py
-- checks that the two agree)
flagged AS (
    SELECT q.*, s.label, s.last_seen,
        s.first_seen >= (SELECT start FROM week) AS is_new,
        list_filter([
            CASE WHEN s.type IN ('distribution_expansion', 'exclusivity_change')
                  AND list_contains(s.actors, 'OpenAI') THEN 1 END,
            CASE WHEN s.type IN ('hosting_deal', 'distribution_expansion')
                  AND len(s.model_makers) > 0
                  AND len(list_filter(s.clouds, lambda c: c <> 'Microsoft')) > 0 THEN 2 END,
            CASE WHEN s.type = 'packaging_change' THEN 3 END,
            CASE WHEN s.type IN ('renegotiation', 'revenue_share_change', 'exclusivity_change')
                THEN 4 END
        ], lambda item: item IS NOT NULL) AS watch_items,
        b.best IS NOT NULL AND (q.strength < b.best OR q.strength = 9) AS status_change
    FROM queued AS q
    JOIN store.signals AS s USING (signal_id)
    LEFT JOIN before AS b USING (chain)
)
SELECT
    CASE WHEN status_change THEN 1
         WHEN list_has_any(watch_items, [1, 2]) THEN 2
         ELSE 3 END AS priority,
    CASE WHEN status_change THEN 'status change'
         WHEN is_new THEN 'new signal'
         ELSE 'changed signal' END AS reason,
    watch_items, signal_id, label AS signal_label, event_id, article_id, effective_at, url,
    source, last_seen
FROM flagged
ORDER BY priority, last_seen DESC, signal_id, effective_at, event_id;

CREATE OR REPLACE VIEW review_queue AS
SELECT
    o.priority, o.reason, o.watch_items, o.signal_id, o.signal_label, o.event_id,
    o.article_id, e.type, e.status, e.actors, e.evidence, e.start_char, e.end_char,
    o.effective_at, o.url, o.source, e.rule_id, e.rules_version, e.confidence
FROM store.review_order AS o
JOIN store.events AS e USING (event_id)
ORDER BY o.priority, o.last_seen DESC, o.signal_id, o.effective_at, o.event_id;
