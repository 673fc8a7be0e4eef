-- Writes that may arrive twice (a double click, a retried request) carry a key: a form its one-time
-- submission token, an API call its Idempotency-Key. The first request with a key is carried out and
-- its answer kept here; a repeat gets the same answer instead of a second record.
CREATE TABLE submissions (
    -- The key, prefixed with the account it belongs to, so that keys of two people never meet.
    key TEXT PRIMARY KEY,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    -- NULL while the first request is being carried out.
    status INTEGER,
    location TEXT,
    content_type TEXT,
    body TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX submissions_by_time ON submissions (created_at);
