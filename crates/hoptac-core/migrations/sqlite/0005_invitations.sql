-- One-time links: an invitation to create an account, or a password reset an administrator issued.
-- Only the link's SHA-256 is kept. Kept in step with migrations/postgres/0005_invitations.sql.

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    -- invitation or reset
    kind TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- Where the link was to be sent: an e-mail address or a phone number.
    contact TEXT NOT NULL,
    display_name TEXT NOT NULL,
    -- For a reset, the account whose password it sets.
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    invited_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX invitations_open ON invitations (used_at, expires_at);
