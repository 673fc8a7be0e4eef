-- The audit trail: every write, who made it, when, from where, and the record before and after.
-- Kept in step with migrations/postgres/0003_audit_trail.sql.

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    -- The account that wrote; NULL for the command line and generated data.
    user_id INTEGER REFERENCES users (id),
    -- The actor's name at the time, kept even if the account changes.
    actor TEXT NOT NULL,
    address TEXT,
    -- create, update, delete, status
    action TEXT NOT NULL,
    -- organisation, member, yearly_figures
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    -- The organisation the record belongs to, for its page's history.
    organisation_id INTEGER,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_events_by_organisation ON audit_events (organisation_id, at);
CREATE INDEX audit_events_by_user ON audit_events (user_id, at);
CREATE INDEX audit_events_by_time ON audit_events (at);

-- The trail is written once and never changed, whatever path reaches the database.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'audit events cannot be changed');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'audit events cannot be deleted');
END;
