-- 004: analysts' verdicts on events (channelwatch review / channelwatch label).
-- A label is keyed by what survives a re-tag: the article, the evidence character span
-- and the event type the tagger gave. The evidence sentence is stored too, so when a new
-- extraction or rules version moves the span, the label re-matches by sentence text
-- (see the event_reviews view). event_id is only the id the event had when labelled.
-- Loading rule: stateless, append only. A new verdict on the same event is a new row
-- (the latest wins); undo stamps undone_at on the latest row, so the one before it
-- applies again and the history of who said what stays.

CREATE TABLE store.labels (
    label_id      VARCHAR PRIMARY KEY,     -- random hex
    article_id    VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,        -- evidence span in the article text
    end_char      INTEGER NOT NULL,
    type          VARCHAR NOT NULL,        -- the event type as tagged (for missed: as given)
    evidence      VARCHAR NOT NULL,        -- the evidence sentence, to re-match a moved span
    verdict       VARCHAR NOT NULL CHECK (verdict IN ('correct', 'wrong', 'fixed', 'missed')),
    fixed_type    VARCHAR,                 -- fixed and missed: the event as it should be
    fixed_actors  VARCHAR[],
    fixed_status  VARCHAR,
    event_id      VARCHAR,                 -- the event labelled (NULL for missed)
    actors        VARCHAR[],               -- the event's actors as tagged
    status        VARCHAR,                 -- the event's status as tagged
    rules_version VARCHAR,                 -- the rules that tagged it (precision per version)
    reviewer      VARCHAR NOT NULL,
    labelled_at   TIMESTAMPTZ NOT NULL,
    undone_at     TIMESTAMPTZ              -- set by undo; the row then no longer applies
);
