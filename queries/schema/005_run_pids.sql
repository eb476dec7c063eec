-- 005: which process, on which host, runs each run, so that a run whose process is gone
-- (killed with kill -9, the machine rebooted) can be told from one still running and
-- marked `crashed` by the next run (channelwatch/store/runs.py). Rows from before 005 have
-- NULL here and are left as they were.
ALTER TABLE store.runs ADD COLUMN pid INTEGER;
ALTER TABLE store.runs ADD COLUMN host VARCHAR;
