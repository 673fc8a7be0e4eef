-- Roles held in a scope. Revoking a grant keeps its row and records when and by whom; the holder
-- loses the role at their next request. Kept in step with migrations/postgres/0006_roles.sql.

CREATE TABLE role_grants (
    id INTEGER PRIMARY KEY,
    -- NULL while the grant waits on an invitation that has not been accepted.
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    invitation_id INTEGER REFERENCES invitations (id) ON DELETE CASCADE,
    -- alliance_officer, commune_officer, manager, buyer, evaluator
    role TEXT NOT NULL,
    -- The scope: one of these is set, or none for an alliance officer of the whole country.
    -- province_code is a province of the 2025 scheme.
    province_code TEXT,
    commune_id INTEGER REFERENCES communes (id),
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
    round_id INTEGER,
    granted_by INTEGER REFERENCES users (id),
    granted_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by INTEGER REFERENCES users (id),
    CHECK (user_id IS NOT NULL OR invitation_id IS NOT NULL)
);
CREATE INDEX role_grants_by_user ON role_grants (user_id);
CREATE INDEX role_grants_by_invitation ON role_grants (invitation_id);
CREATE INDEX role_grants_by_organisation ON role_grants (organisation_id);
