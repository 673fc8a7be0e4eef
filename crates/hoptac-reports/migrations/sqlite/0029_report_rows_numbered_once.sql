-- Entered report figures and plan targets never take a number again once it was given (AUTOINCREMENT): SQLite gives a new row one
-- more than the highest id left, so the number of a record just removed went to the next one
-- added, and the removal's undo, a form left open on the old record and the trail's history by
-- number met another record. The table is copied under its new key, the highest number ever given
-- (by the table or by the audit trail) kept as where numbering goes on. PostgreSQL's sequences
-- never gave a number twice: its migration of this number changes nothing.
CREATE TABLE report_entries_numbered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator TEXT NOT NULL,
    place_level TEXT NOT NULL,
    place_era TEXT NOT NULL,
    place_code TEXT NOT NULL,
    -- The 2025 province the place lies in (empty for the country): who may write it.
    province_code TEXT NOT NULL,
    period_kind TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    value INTEGER NOT NULL,
    source TEXT NOT NULL,
    entered_by INTEGER REFERENCES users (id),
    entered_at TEXT NOT NULL,
    CHECK (period_start <= period_end),
    UNIQUE (indicator, place_level, place_era, place_code, period_start, period_end)
);
INSERT INTO report_entries_numbered (id, indicator, place_level, place_era, place_code, province_code, period_kind, period_start, period_end, value, source, entered_by, entered_at) SELECT id, indicator, place_level, place_era, place_code, province_code, period_kind, period_start, period_end, value, source, entered_by, entered_at FROM report_entries;
DROP TABLE report_entries;
ALTER TABLE report_entries_numbered RENAME TO report_entries;
CREATE INDEX report_entries_by_period ON report_entries (period_start, period_end, indicator);
CREATE INDEX report_entries_by_province ON report_entries (province_code, period_start);
DELETE FROM sqlite_sequence WHERE name = 'report_entries';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'report_entries', COALESCE(MAX(n), 0) FROM (SELECT MAX(id) AS n FROM report_entries
        UNION ALL SELECT MAX(CAST(entity_id AS INTEGER)) FROM audit_events WHERE entity = 'report_entry');
CREATE TABLE report_targets_numbered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator TEXT NOT NULL,
    place_level TEXT NOT NULL,
    place_era TEXT NOT NULL,
    place_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    target INTEGER NOT NULL,
    note TEXT,
    entered_by INTEGER REFERENCES users (id),
    entered_at TEXT NOT NULL,
    UNIQUE (indicator, place_level, place_era, place_code, year)
);
INSERT INTO report_targets_numbered (id, indicator, place_level, place_era, place_code, province_code, year, target, note, entered_by, entered_at) SELECT id, indicator, place_level, place_era, place_code, province_code, year, target, note, entered_by, entered_at FROM report_targets;
DROP TABLE report_targets;
ALTER TABLE report_targets_numbered RENAME TO report_targets;
CREATE INDEX report_targets_by_province ON report_targets (province_code, year);
DELETE FROM sqlite_sequence WHERE name = 'report_targets';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'report_targets', COALESCE(MAX(n), 0) FROM (SELECT MAX(id) AS n FROM report_targets
        UNION ALL SELECT MAX(CAST(entity_id AS INTEGER)) FROM audit_events WHERE entity = 'report_target');
