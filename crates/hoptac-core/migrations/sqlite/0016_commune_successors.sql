-- How the 2008-era communes became the 2025 communes on 1 July 2025 (the National Assembly Standing
-- Committee's resolutions on the arrangement of commune-level units): one row per pair of an old
-- commune and the new commune it became, or became part of. An old commune split between several
-- new ones has a row for each. Loaded from the list shipped in the binary.
CREATE TABLE commune_successors (
    old_commune_id INTEGER NOT NULL REFERENCES communes (id),
    new_commune_id INTEGER NOT NULL REFERENCES communes (id),
    PRIMARY KEY (old_commune_id, new_commune_id)
);
CREATE INDEX commune_successors_by_new ON commune_successors (new_commune_id);

-- The 2025 commune an organisation counts in: its own commune when recorded in a 2025 commune, the
-- commune its old commune became part of otherwise, and empty while an old commune split between
-- several new ones leaves it unsettled. Kept by every write of the commune; what scopes and lists
-- of a 2025 commune go by.
ALTER TABLE organisations ADD COLUMN current_commune_id INTEGER REFERENCES communes (id);
CREATE INDEX organisations_by_current_commune ON organisations (current_commune_id);
