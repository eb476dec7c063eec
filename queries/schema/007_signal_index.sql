-- 007: what an incremental signal refresh needs so that its cost follows the day's news,
-- not the size of the store (channelwatch/store/signal_scope.py).
-- store.signal_events keeps, beside each event's signal, the columns clustering reads, as
-- the events view gave them at the last refresh, and also holds the background events
-- that joined no signal (signal_id NULL): a refresh finds the events of the chains it
-- touches by one integer column (chain) instead of scanning the events view.
-- store.removed_events lists the events deleted since the last refresh (a re-tagged
-- article's old events), so the signals that held them are found without an anti-join
-- of every signal event against the view. store.signal_refresh is when the last refresh
-- read the events: events tagged since are new to the signals.
-- Signals are derived data: they are emptied here and the next refresh (every run,
-- backfill and reprocess does one; or `channelwatch refresh-signals`) rebuilds them whole.

DELETE FROM store.signals;
-- the representative's event: its evidence and url are reused while it stays the pick
ALTER TABLE store.signals ADD COLUMN rep_event_id VARCHAR;
DROP TABLE store.signal_events;

-- stateful: one row per event of the events view (rebuilt with store.signals)
CREATE TABLE store.signal_events (
    signal_id     VARCHAR,                 -- NULL: a background event that joined no signal
    event_id      VARCHAR NOT NULL,
    chain         UBIGINT NOT NULL,        -- md5_number_lower(type || '|' || actor_key)
    article_id    VARCHAR,
    type          VARCHAR,
    status        VARCHAR,
    direction     VARCHAR,
    confidence    DOUBLE,
    actors        VARCHAR[],               -- sorted, distinct
    actor_key     VARCHAR,                 -- the actors joined with '|'
    source        VARCHAR,
    is_background BOOLEAN,
    dated_at      TIMESTAMPTZ,             -- the date the event counts at (see signals)
    duplicate_of  VARCHAR                  -- its article's, when that is a syndicated copy
);

-- stateless: event ids deleted since the last refresh, which consumes them
CREATE TABLE store.removed_events (
    event_id VARCHAR NOT NULL
);

-- stateful: one row, when the last refresh read the events
CREATE TABLE store.signal_refresh (
    refreshed_at TIMESTAMPTZ NOT NULL
);
