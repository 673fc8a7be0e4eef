-- A workbook uploaded to be imported, kept while its officer looks at what importing it would do;
-- import_id is set once it is saved. Only its uploader sees it.
CREATE TABLE import_uploads (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    province_code TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    import_id INTEGER REFERENCES imports (id)
);
CREATE INDEX import_uploads_by_user ON import_uploads (user_id, uploaded_at);
