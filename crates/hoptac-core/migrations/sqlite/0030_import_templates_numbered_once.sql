-- Kept readings of columns (import templates) never take a number again once it was given (AUTOINCREMENT): SQLite gives a new row one
-- more than the highest id left, so the number of a record just removed went to the next one
-- added, and the removal's undo, a form left open on the old record and the trail's history by
-- number met another record. The table is copied under its new key, the highest number ever given
-- (by the table or by the audit trail) kept as where numbering goes on. PostgreSQL's sequences
-- never gave a number twice: its migration of this number changes nothing.
CREATE TABLE import_templates_numbered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The 2025 province whose importers use it.
    province_code TEXT NOT NULL,
    name TEXT NOT NULL,
    -- JSON: each heading's field, "" for a column not read.
    columns TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    saved_at TEXT NOT NULL
);
INSERT INTO import_templates_numbered (id, province_code, name, columns, user_id, saved_at) SELECT id, province_code, name, columns, user_id, saved_at FROM import_templates;
DROP TABLE import_templates;
ALTER TABLE import_templates_numbered RENAME TO import_templates;
CREATE UNIQUE INDEX import_templates_by_name ON import_templates (province_code, name);
DELETE FROM sqlite_sequence WHERE name = 'import_templates';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'import_templates', COALESCE(MAX(n), 0) FROM (SELECT MAX(id) AS n FROM import_templates);
