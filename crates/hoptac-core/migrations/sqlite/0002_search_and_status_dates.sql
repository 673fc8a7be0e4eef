-- Search by words of the folded name through a full-text index, and count organisations by status at
-- a date from an index. Kept in step with migrations/postgres/0002_search_and_status_dates.sql.

-- Search text holds letters, digits and single spaces (a branch tax code's hyphen becomes a space).
UPDATE organisations SET search_text = replace(search_text, '-', ' ');

CREATE VIRTUAL TABLE organisation_search USING fts5(
    search_text,
    content = 'organisations',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

CREATE TRIGGER organisation_search_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO organisation_search (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER organisation_search_delete AFTER DELETE ON organisations BEGIN
    INSERT INTO organisation_search (organisation_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER organisation_search_update AFTER UPDATE OF search_text ON organisations BEGIN
    INSERT INTO organisation_search (organisation_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO organisation_search (rowid, search_text) VALUES (new.id, new.search_text);
END;

INSERT INTO organisation_search (organisation_search) VALUES ('rebuild');

-- "Active on a date" reads the current status when it began by then (see organisations::OrganisationFilter).
CREATE INDEX organisations_by_kind_dates ON organisations (kind, founding_date, status_since, status);
