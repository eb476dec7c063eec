-- 002: materialised signals (clusters of events) and company roles for the watch views.
-- Both tables are rebuilt whole by channelwatch.store.signals.refresh_signals(con), which
-- the pipeline calls at the end of each load and `channelwatch reprocess` calls after
-- re-tagging: stateful, replaced in one transaction, never appended to.

-- stateful: one row per company named in data/gazetteer.jsonl, merged on name at refresh
CREATE TABLE store.companies (
    name      VARCHAR PRIMARY KEY,         -- canonical name, as events.actors spells it
    role      VARCHAR NOT NULL,            -- model_maker | cloud | platform | chips | other
    loaded_at TIMESTAMPTZ NOT NULL
);

-- stateful: one row per signal (a real-world event seen in one or more articles)
CREATE TABLE store.signals (
    signal_id    VARCHAR PRIMARY KEY,      -- hash of type, actors and the cluster's first event
    type         VARCHAR NOT NULL,
    actors       VARCHAR[] NOT NULL,       -- sorted, distinct canonical names
    model_makers VARCHAR[] NOT NULL,       -- the actors whose role is model_maker
    clouds       VARCHAR[] NOT NULL,       -- the actors whose role is cloud
    status       VARCHAR NOT NULL,         -- confirmed | reported | talks | denied
    denied       BOOLEAN NOT NULL,         -- any event of the cluster is a denial
    direction    VARCHAR,                  -- most frequent non-null direction of its events
    first_seen   TIMESTAMPTZ NOT NULL,     -- earliest effective date of its events
    last_seen    TIMESTAMPTZ NOT NULL,     -- latest effective date of its events
    n_articles   INTEGER NOT NULL,         -- distinct stories (a syndicated copy counts once)
    n_sources    INTEGER NOT NULL,         -- distinct outlets, syndicated copies included
    n_events     INTEGER NOT NULL,         -- events clustered, copies included
    sources      VARCHAR[] NOT NULL,       -- the outlets, sorted
    evidence     VARCHAR NOT NULL,         -- representative evidence sentence
    url          VARCHAR NOT NULL,         -- the article that sentence comes from
    article_id   VARCHAR NOT NULL,
    label        VARCHAR NOT NULL,         -- "Oracle hosts OpenAI (confirmed)"
    refreshed_at TIMESTAMPTZ NOT NULL
);

-- stateful: which events make up which signal (rebuilt with store.signals)
CREATE TABLE store.signal_events (
    signal_id VARCHAR NOT NULL,
    event_id  VARCHAR NOT NULL             -- no key: rebuilt whole, 1M rows insert faster
);
