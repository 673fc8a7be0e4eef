-- An import writes records of every kind its sheets hold: organisations, members, OCOP products and
-- their certificates, entered report figures and plan targets. A row is listed with the record it
-- wrote (entity and entity_id, as the audit trail names it) and, where it has one, its organisation;
-- a row of report figures writes a value and a target, so a row may list several records.
CREATE TABLE import_records_new (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    row_number INTEGER NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    organisation_id INTEGER REFERENCES organisations (id),
    member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
    -- create or update
    action TEXT NOT NULL,
    PRIMARY KEY (import_id, row_number, entity)
);
INSERT INTO import_records_new (import_id, row_number, entity, entity_id, organisation_id, member_id, action)
SELECT import_id, row_number,
       CASE WHEN member_id IS NULL THEN 'organisation' ELSE 'member' END,
       COALESCE(member_id, organisation_id), organisation_id, member_id, action
FROM import_records;
DROP TABLE import_records;
ALTER TABLE import_records_new RENAME TO import_records;
CREATE INDEX import_records_by_organisation ON import_records (organisation_id);
