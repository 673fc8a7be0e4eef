-- A workbook holds several sheets (the registry, the members of a cooperative...), each imported on
-- its own: an import names the upload it was read from, and each sheet of an upload is imported once
-- (import_uploads.import_id, which held one import per upload, is no longer written). A member's row
-- is listed with the member it wrote; removing the member keeps the line, without it.
ALTER TABLE imports ADD COLUMN upload_id INTEGER;
UPDATE imports SET upload_id = (SELECT u.id FROM import_uploads u WHERE u.import_id = imports.id);
CREATE UNIQUE INDEX imports_once_per_sheet ON imports (upload_id, sheet);
ALTER TABLE import_records ADD COLUMN member_id INTEGER REFERENCES members (id) ON DELETE SET NULL;
