-- Members never take a number again once it was given (AUTOINCREMENT): SQLite gives a new row one
-- more than the highest id left, so the number of a record just removed went to the next one
-- added, and the removal's undo, a form left open on the old record and the trail's history by
-- number met another record. The table is copied under its new key, the highest number ever given
-- (by the table or by the audit trail) kept as where numbering goes on. PostgreSQL's sequences
-- never gave a number twice: its migration of this number changes nothing.
-- The import's record of the members it wrote refers to them; dropping the old table would clear
-- those references (ON DELETE SET NULL), so they are kept aside and written back.
CREATE TEMP TABLE members_referred AS
    SELECT rowid AS record, member_id FROM import_records WHERE member_id IS NOT NULL;
CREATE TABLE members_numbered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    full_name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    id_number TEXT,
    birth_date TEXT,
    phone TEXT,
    address TEXT,
    membership TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    left_on TEXT,
    capital_contribution INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1, gender TEXT, birth_year INTEGER);
INSERT INTO members_numbered (id, organisation_id, kind, full_name, search_text, id_number, birth_date, phone, address, membership, joined_on, left_on, capital_contribution, created_at, updated_at, version, gender, birth_year) SELECT id, organisation_id, kind, full_name, search_text, id_number, birth_date, phone, address, membership, joined_on, left_on, capital_contribution, created_at, updated_at, version, gender, birth_year FROM members;
DROP TABLE members;
ALTER TABLE members_numbered RENAME TO members;
CREATE INDEX members_by_organisation ON members (organisation_id, full_name);
CREATE INDEX members_by_organisation_dates ON members (organisation_id, joined_on, left_on);
UPDATE import_records SET member_id =
    (SELECT member_id FROM members_referred WHERE record = import_records.rowid)
    WHERE rowid IN (SELECT record FROM members_referred);
DROP TABLE members_referred;
DELETE FROM sqlite_sequence WHERE name = 'members';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'members', COALESCE(MAX(n), 0) FROM (SELECT MAX(id) AS n FROM members
        UNION ALL SELECT MAX(CAST(entity_id AS INTEGER)) FROM audit_events WHERE entity = 'member');
