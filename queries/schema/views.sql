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

CREATE OR REPLACE VIEW events AS
SELECT
    e.event_id,
    e.article_id,
    e.type,
    e.status,
    e.direction,
    e.actors,
    e.evidence,
    e.start_char,
    e.end_char,
    e.rule_id,
    e.rules_version,
    e.confidence,
    coalesce(e.event_date, CAST(a.effective_at AS DATE)) AS event_date,
    coalesce(e.is_background, false) AS is_background,
    a.published_at,
    a.effective_at,
    a.url,
    a.source,
    a.duplicate_of
FROM store.events AS e
JOIN articles AS a USING (article_id);

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
SELECT signal_id, event_id FROM store.signal_events;

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
SELECT name, role FROM store.companies;
