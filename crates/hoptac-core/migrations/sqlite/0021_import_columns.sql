-- How an officer corrected the reading of an upload's columns, sheet by sheet (JSON: for each sheet,
-- each heading's field), and the corrections kept under a name, for a province's importers, to read
-- next month's files the same way.
ALTER TABLE import_uploads ADD COLUMN columns TEXT;
CREATE TABLE import_templates (
    id INTEGER PRIMARY KEY,
    -- The 2025 province whose importers use it.
    province_code TEXT NOT NULL,
    name TEXT NOT NULL,
    -- JSON: each heading's field, "" for a column not read.
    columns TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    saved_at TEXT NOT NULL
);
CREATE UNIQUE INDEX import_templates_by_name ON import_templates (province_code, name);
