-- The registry: administrative units of both eras, organisations, members, yearly figures, users.
-- Kept in step with migrations/postgres/0001_registry.sql: same tables, same meaning.

CREATE TABLE provinces (
    era TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- For a 2008-era province, the 2025 province it became part of.
    successor_code TEXT,
    PRIMARY KEY (era, code)
);

CREATE TABLE districts (
    code TEXT PRIMARY KEY,
    province_code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE communes (
    id INTEGER PRIMARY KEY,
    era TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    province_code TEXT NOT NULL,
    district_code TEXT,
    search_name TEXT NOT NULL,
    UNIQUE (era, code)
);
CREATE INDEX communes_by_province ON communes (era, province_code, search_name);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT,
    search_text TEXT NOT NULL,
    tax_code TEXT UNIQUE,
    registration_number TEXT,
    registration_date TEXT,
    founding_date TEXT NOT NULL,
    address TEXT,
    commune_id INTEGER NOT NULL REFERENCES communes (id),
    -- The 2025 province, always known; the 2008 province, known unless a 2025 commune lies in a
    -- province formed from several.
    province_code TEXT NOT NULL,
    old_province_code TEXT,
    representative_name TEXT,
    representative_title TEXT,
    phone TEXT,
    email TEXT,
    website TEXT,
    is_new_model INTEGER NOT NULL DEFAULT 0,
    is_value_chain INTEGER NOT NULL DEFAULT 0,
    is_on_ecommerce INTEGER NOT NULL DEFAULT 0,
    charter_capital INTEGER,
    description TEXT,
    -- The latest row of organisation_statuses, kept here so lists filter by it without a join.
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_by_name ON organisations (search_text, id);
CREATE INDEX organisations_by_province ON organisations (province_code, kind, search_text);
CREATE INDEX organisations_by_old_province ON organisations (old_province_code, kind);
CREATE INDEX organisations_by_kind ON organisations (kind, status, search_text);
CREATE INDEX organisations_by_commune ON organisations (commune_id);
CREATE INDEX organisations_by_founding ON organisations (founding_date);

CREATE TABLE organisation_sectors (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    PRIMARY KEY (organisation_id, sector)
);
CREATE INDEX organisation_sectors_by_sector ON organisation_sectors (sector, organisation_id);

CREATE TABLE organisation_statuses (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    reason TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX organisation_statuses_by_organisation ON organisation_statuses (organisation_id, effective_date);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
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
    updated_at TEXT NOT NULL
);
CREATE INDEX members_by_organisation ON members (organisation_id, full_name);

CREATE TABLE yearly_figures (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    members INTEGER,
    regular_workers INTEGER,
    charter_capital INTEGER,
    revenue INTEGER,
    profit INTEGER,
    average_income INTEGER,
    rating TEXT,
    source TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (organisation_id, year)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
