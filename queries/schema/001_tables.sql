-- 001: the tables underneath the analyst views.
-- Tables live in schema `store` and may change between versions; analysts query the
-- views in the main schema (queries/schema/views.sql), which are the stable contract.
-- Loading rule (dlt style): stateless rows append, stateful rows merge on a primary key.

CREATE SCHEMA IF NOT EXISTS store;

-- stateful: merged on name each run (fetch state for conditional GET and back-off)
CREATE TABLE store.sources (
    name                 VARCHAR PRIMARY KEY,
    url                  VARCHAR NOT NULL,
    tags                 VARCHAR[],
    etag                 VARCHAR,
    last_modified        VARCHAR,
    last_status          INTEGER,
    last_error           VARCHAR,
    last_fetched_at      TIMESTAMPTZ,
    last_ok_at           TIMESTAMPTZ,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_fetch_after     TIMESTAMPTZ
);

-- stateful: one row per canonical URL; first_seen_at never changes once written
CREATE TABLE store.articles (
    article_id      VARCHAR PRIMARY KEY,   -- hash of the canonical URL
    url             VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    title           VARCHAR,
    author          VARCHAR,
    sitename        VARCHAR,
    language        VARCHAR,
    text            VARCHAR NOT NULL,
    word_count      INTEGER NOT NULL,
    published_at    TIMESTAMPTZ,           -- the source's (feed's) date
    first_seen_at   TIMESTAMPTZ NOT NULL,  -- when channelwatch first stored it
    date_extracted  DATE,                  -- the extractor's estimate from the page
    fingerprint     VARCHAR,               -- SimHash of the text, for near-duplicates
    duplicate_of    VARCHAR,               -- article_id of the earlier copy, if syndicated
    run_id          VARCHAR,
    extracted_at    TIMESTAMPTZ NOT NULL
);

-- stateful: the raw HTML, compressed, so articles can be re-extracted without refetching
CREATE TABLE store.raw_pages (
    article_id   VARCHAR PRIMARY KEY,
    url          VARCHAR NOT NULL,
    content_type VARCHAR,
    fetched_at   TIMESTAMPTZ NOT NULL,
    compression  VARCHAR NOT NULL,         -- 'zlib'
    html         BLOB NOT NULL
);

-- replaced per article whenever it is (re)tagged, in one transaction
CREATE TABLE store.events (
    event_id      VARCHAR PRIMARY KEY,     -- hash of article, type, actors, offsets
    article_id    VARCHAR NOT NULL,
    type          VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,
    direction     VARCHAR,
    actors        VARCHAR[] NOT NULL,
    evidence      VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    rule_id       VARCHAR NOT NULL,
    rules_version VARCHAR NOT NULL,
    confidence    DOUBLE NOT NULL,
    tagged_at     TIMESTAMPTZ NOT NULL
);

-- stateless: one row per run, updated once when the run finishes
CREATE TABLE store.runs (
    run_id        VARCHAR PRIMARY KEY,
    kind          VARCHAR NOT NULL,        -- daily | demo | backfill | reprocess
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,        -- running | completed | failed
    rules_version VARCHAR,
    counts        JSON,                    -- per stage: {"feeds_ok": 3, "articles_new": 12, ...}
    timings       JSON,                    -- per stage, seconds
    error         VARCHAR,
    flow_run_id   VARCHAR
);

-- stateless: every failure of a run, per source or per article
CREATE TABLE store.failures (
    run_id   VARCHAR NOT NULL,
    stage    VARCHAR NOT NULL,             -- fetch_feed | parse_feed | fetch_article | extract | tag
    source   VARCHAR,
    url      VARCHAR,
    error    VARCHAR NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);

-- stateful: one row per ISO week and recipient once the digest was sent
CREATE TABLE store.digests (
    week       VARCHAR NOT NULL,           -- 2026-W48
    recipient  VARCHAR NOT NULL,
    sent_at    TIMESTAMPTZ NOT NULL,
    message_id VARCHAR,
    PRIMARY KEY (week, recipient)
);
