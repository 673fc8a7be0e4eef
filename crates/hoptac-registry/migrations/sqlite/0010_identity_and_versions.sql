-- An organisation's legal identity (kind, tax code, registration, founding date, commune) is the
-- authorities'. A manager's change of it waits here until an officer in scope accepts or rejects it.
CREATE TABLE identity_proposals (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    -- The proposed identity, as an organisation input in stored spelling (JSON).
    proposed_json TEXT NOT NULL,
    proposed_by INTEGER REFERENCES users (id),
    proposer TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    -- pending, accepted, rejected or withdrawn
    state TEXT NOT NULL,
    decided_by INTEGER REFERENCES users (id),
    decider TEXT,
    decided_at TEXT,
    reason TEXT
);
-- One proposal waits at a time; a new one replaces it.
CREATE UNIQUE INDEX identity_proposals_one_pending ON identity_proposals (organisation_id) WHERE state = 'pending';

-- Every edit raises the version; an edit made from an older version is refused (409) so that no
-- one silently undoes another's save.
ALTER TABLE organisations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
