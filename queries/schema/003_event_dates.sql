-- 003: each event's own date and whether it is background rather than news.
-- event_date: the date the text gives for the happening ("in 2025", "last July"),
-- resolved against the article's date; NULL where the text gives none (the events view
-- then falls back to the article's effective date). is_background: the sentence retells
-- an earlier or standing arrangement; such events never start a signal.
-- Rows tagged before 003 have NULL / false until `channelwatch reprocess` re-tags them.
ALTER TABLE store.events ADD COLUMN event_date DATE;
ALTER TABLE store.events ADD COLUMN is_background BOOLEAN DEFAULT false;
