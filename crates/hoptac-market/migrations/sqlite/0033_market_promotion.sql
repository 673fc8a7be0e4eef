-- Trade promotion: cooperation programmes between two provinces' alliances with their
-- activities, OCOP shops and points of sale with the products they carry, and trade fairs with
-- the cooperatives that took part; and the seller of each delivery. Amounts are đồng.
-- Kept in step with migrations/postgres/0033_market_promotion.sql.
CREATE TABLE market_programmes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- The name folded for search without diacritics.
    search_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    proposer_province TEXT NOT NULL,
    partner_province TEXT NOT NULL,
    state TEXT NOT NULL,
    signed_on TEXT,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    content TEXT,
    -- Why it was declined or withdrawn.
    answer_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX market_programmes_by_proposer ON market_programmes (proposer_province);
CREATE INDEX market_programmes_by_partner ON market_programmes (partner_province);

CREATE TABLE market_programme_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id INTEGER NOT NULL REFERENCES market_programmes (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    held_on TEXT NOT NULL,
    last_day TEXT,
    province_code TEXT,
    results TEXT,
    cooperatives INTEGER,
    sales INTEGER,
    agreements INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX market_programme_activities_by_programme ON market_programme_activities (programme_id, held_on);

CREATE TABLE market_shops (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- The name and address folded for search without diacritics.
    search_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    province_code TEXT NOT NULL,
    address TEXT NOT NULL,
    operator_id INTEGER REFERENCES organisations (id),
    operator_name TEXT,
    phone TEXT,
    open_since TEXT,
    state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX market_shops_by_province ON market_shops (province_code, state);
CREATE INDEX market_shops_by_operator ON market_shops (operator_id);

CREATE TABLE market_shop_products (
    shop_id INTEGER NOT NULL REFERENCES market_shops (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES ocop_products (id),
    PRIMARY KEY (shop_id, product_id)
);
CREATE INDEX market_shop_products_by_product ON market_shop_products (product_id);

CREATE TABLE market_fairs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    organiser_province TEXT NOT NULL,
    organiser TEXT,
    venue TEXT,
    venue_province TEXT NOT NULL,
    opening_day TEXT NOT NULL,
    closing_day TEXT NOT NULL,
    results TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX market_fairs_by_opening ON market_fairs (opening_day);
CREATE INDEX market_fairs_by_organiser ON market_fairs (organiser_province, opening_day);

CREATE TABLE market_fair_participants (
    fair_id INTEGER NOT NULL REFERENCES market_fairs (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    booths INTEGER,
    sales INTEGER,
    agreements INTEGER,
    agreement_value INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (fair_id, organisation_id)
);
CREATE INDEX market_fair_participants_by_organisation ON market_fair_participants (organisation_id);

CREATE TABLE market_fair_products (
    fair_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL REFERENCES ocop_products (id),
    PRIMARY KEY (fair_id, product_id),
    FOREIGN KEY (fair_id, organisation_id) REFERENCES market_fair_participants (fair_id, organisation_id) ON DELETE CASCADE
);

-- The cooperative that delivered, for the reports' counts of what each place's cooperatives sold:
-- the seller of the delivery's line in the signed terms (kept in the terms' JSON until now).
ALTER TABLE market_deliveries ADD COLUMN seller_id INTEGER REFERENCES organisations (id);
CREATE INDEX market_deliveries_by_seller ON market_deliveries (seller_id, delivered_on);
