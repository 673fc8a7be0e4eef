-- Saving a sheet of an upload, as a queue: the officer's request waits here until a worker of the
-- server takes it, and keeps what came of it. A job left running when the server stopped is taken
-- again (its save was one transaction, so nothing of it was kept); a lease bounds how long another
-- server waits for one whose server died.
CREATE TABLE import_jobs (
    id INTEGER PRIMARY KEY,
    upload_id INTEGER NOT NULL,
    sheet TEXT NOT NULL,
    valid_rows_only INTEGER NOT NULL,
    -- The fingerprint of the plan the officer saw; a registry changed since refuses the job.
    plan_digest TEXT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    -- The language the officer's messages are written in (vi, en).
    lang TEXT NOT NULL,
    -- queued, running, done, failed
    state TEXT NOT NULL,
    leased_until TEXT,
    import_id INTEGER REFERENCES imports (id),
    -- Why a failed job saved nothing, in the officer's language.
    refusal TEXT,
    rows_total INTEGER,
    queued_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX import_jobs_waiting ON import_jobs (state, id);
