-- Linkage contracts and memoranda: their terms as versions never edited, the parties of the latest
-- version, each party's signature of a version, every change of state, and deliveries.
-- Kept in step with migrations/postgres/0032_market_contracts.sql.
CREATE TABLE market_contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    buyer_id INTEGER NOT NULL REFERENCES organisations (id),
    demand_id INTEGER REFERENCES market_demands (id),
    state TEXT NOT NULL,
    -- The latest version's number, and the version every party signed (NULL until then).
    latest_version INTEGER NOT NULL,
    signed_version INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX market_contracts_by_buyer ON market_contracts (buyer_id);

CREATE TABLE market_contract_versions (
    contract_id INTEGER NOT NULL REFERENCES market_contracts (id),
    number INTEGER NOT NULL,
    -- The terms as JSON (hoptac_market::domain::contracts::Terms).
    terms TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    value INTEGER NOT NULL,
    note TEXT,
    created_by INTEGER REFERENCES users (id),
    created_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (contract_id, number)
);

CREATE TABLE market_contract_parties (
    contract_id INTEGER NOT NULL REFERENCES market_contracts (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    -- buyer or seller
    role TEXT NOT NULL,
    PRIMARY KEY (contract_id, organisation_id)
);
CREATE INDEX market_contract_parties_by_organisation ON market_contract_parties (organisation_id);

CREATE TABLE market_contract_signatures (
    contract_id INTEGER NOT NULL REFERENCES market_contracts (id),
    version_number INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    signed_by INTEGER REFERENCES users (id),
    signed_by_name TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    PRIMARY KEY (contract_id, version_number, organisation_id)
);

CREATE TABLE market_contract_states (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES market_contracts (id),
    state TEXT NOT NULL,
    reason TEXT,
    changed_by INTEGER REFERENCES users (id),
    changed_by_name TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX market_contract_states_by_contract ON market_contract_states (contract_id, id);

CREATE TABLE market_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES market_contracts (id),
    -- The line of the signed version, from 1.
    line INTEGER NOT NULL,
    delivered_on TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    value INTEGER NOT NULL,
    note TEXT,
    recorded_by INTEGER REFERENCES users (id),
    recorded_by_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX market_deliveries_by_contract ON market_deliveries (contract_id, delivered_on);
