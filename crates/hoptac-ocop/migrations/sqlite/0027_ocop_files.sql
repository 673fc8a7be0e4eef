-- Files kept with OCOP records: a product's photos (public, on its page) and the documents of an
-- application's dossier (for the round's officers and council and the subject's keepers). The kind
-- of each file is read from its content when it is received; content_type is that kind.
-- Kept in step with migrations/postgres/0027_ocop_files.sql.
CREATE TABLE ocop_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL REFERENCES ocop_products (id),
    -- Set for a dossier's document, NULL for a product's photo.
    application_id INTEGER REFERENCES ocop_applications (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    byte_size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users (id)
);
CREATE INDEX ocop_files_by_product ON ocop_files (product_id, application_id);
CREATE INDEX ocop_files_by_application ON ocop_files (application_id);
