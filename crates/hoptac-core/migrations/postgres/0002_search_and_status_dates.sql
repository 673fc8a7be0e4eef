-- Search by words of the folded name through a full-text index, and count organisations by status at
-- a date from an index. Kept in step with migrations/sqlite/0002_search_and_status_dates.sql.

-- Search text holds letters, digits and single spaces (a branch tax code's hyphen becomes a space).
UPDATE organisations SET search_text = replace(search_text, '-', ' ');

CREATE INDEX organisations_search ON organisations USING GIN (to_tsvector('simple', search_text));

-- "Active on a date" reads the current status when it began by then (see organisations::OrganisationFilter).
CREATE INDEX organisations_by_kind_dates ON organisations (kind, founding_date, status_since, status);
