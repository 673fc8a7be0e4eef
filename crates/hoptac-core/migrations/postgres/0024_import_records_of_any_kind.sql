-- An import writes records of every kind its sheets hold: organisations, members, OCOP products and
-- their certificates, entered report figures and plan targets. A row is listed with the record it
-- wrote (entity and entity_id, as the audit trail names it) and, where it has one, its organisation;
-- a row of report figures writes a value and a target, so a row may list several records.
ALTER TABLE import_records ADD COLUMN entity TEXT;
ALTER TABLE import_records ADD COLUMN entity_id BIGINT;
UPDATE import_records SET entity = CASE WHEN member_id IS NULL THEN 'organisation' ELSE 'member' END,
    entity_id = COALESCE(member_id, organisation_id);
ALTER TABLE import_records ALTER COLUMN entity SET NOT NULL;
ALTER TABLE import_records ALTER COLUMN organisation_id DROP NOT NULL;
ALTER TABLE import_records DROP CONSTRAINT import_records_pkey;
ALTER TABLE import_records ADD PRIMARY KEY (import_id, row_number, entity);
