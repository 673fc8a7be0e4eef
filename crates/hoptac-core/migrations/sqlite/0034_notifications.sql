-- Notifications: what an organisation's people are told (a buyer's demand that fits its product, a
-- message in a conversation, a contract to sign), shown in the application to every account that
-- acts for the organisation and e-mailed to its address where the installation sends e-mail.
-- Kept in step with migrations/postgres/0034_notifications.sql.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    -- What it is about, told once to an organisation: `market-match:demand:7:listing:12`.
    topic TEXT NOT NULL,
    -- The id of its words in the catalogue of words, and their arguments as a JSON object.
    message TEXT NOT NULL,
    args TEXT NOT NULL,
    -- The page it leads to, a path of this site.
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- When it was e-mailed; NULL while it waits (or the organisation has no address).
    emailed_at TEXT,
    UNIQUE (organisation_id, topic)
);
CREATE INDEX notifications_by_organisation ON notifications (organisation_id, id);
CREATE INDEX notifications_unmailed ON notifications (emailed_at, created_at);

-- Who has read what: each account reads for itself.
CREATE TABLE notification_reads (
    notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at TEXT NOT NULL,
    PRIMARY KEY (notification_id, user_id)
);
