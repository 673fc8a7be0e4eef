-- A file imported into the registry: who imported it, when, which file (its name and SHA-256), and
-- what came of it. The records it wrote are listed in import_records and are on the audit trail
-- under the importer's name.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users (id),
    actor TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    sheet TEXT NOT NULL,
    -- The 2025 province whose communes the rows were looked up in.
    province_code TEXT NOT NULL,
    -- organisations (what the sheet held)
    kind TEXT NOT NULL,
    created INTEGER NOT NULL,
    changed INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX imports_by_file ON imports (sha256);

-- The records an import created or changed, by the sheet's row they came from.
CREATE TABLE import_records (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    row_number INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    -- create or update
    action TEXT NOT NULL,
    PRIMARY KEY (import_id, row_number)
);
CREATE INDEX import_records_by_organisation ON import_records (organisation_id);
