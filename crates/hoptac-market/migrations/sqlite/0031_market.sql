-- Market linkage: cooperatives' listings of their products for sale and buyers' demands.
-- Quantities are whole numbers of the row's unit; prices are đồng per unit.
-- Kept in step with migrations/postgres/0031_market.sql.
CREATE TABLE market_listings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL REFERENCES ocop_products (id),
    -- The product's organisation when listed, kept for the reach of its keepers.
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    description TEXT,
    -- The listing's own words (its description), folded for search without diacritics.
    search_text TEXT NOT NULL,
    -- Bit m-1 set when month m is in season.
    season_mask INTEGER NOT NULL,
    unit TEXT NOT NULL,
    monthly_volume INTEGER NOT NULL,
    price_min INTEGER NOT NULL,
    price_max INTEGER NOT NULL,
    min_order INTEGER,
    -- TRUE when it delivers to the whole country; otherwise to market_listing_provinces and its own.
    delivers_nationwide INTEGER NOT NULL,
    vietgap INTEGER NOT NULL DEFAULT 0,
    organic INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX market_listings_by_state ON market_listings (state, id);
CREATE INDEX market_listings_by_organisation ON market_listings (organisation_id);
CREATE INDEX market_listings_by_product ON market_listings (product_id);

CREATE TABLE market_listing_provinces (
    listing_id INTEGER NOT NULL REFERENCES market_listings (id) ON DELETE CASCADE,
    province_code TEXT NOT NULL,
    PRIMARY KEY (listing_id, province_code)
);

CREATE TABLE market_demands (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    buyer_id INTEGER NOT NULL REFERENCES organisations (id),
    product TEXT NOT NULL,
    search_text TEXT NOT NULL,
    product_group TEXT,
    quantity INTEGER NOT NULL,
    unit TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    delivery_province TEXT NOT NULL,
    min_stars INTEGER,
    certificate_through_period INTEGER NOT NULL DEFAULT 0,
    vietgap INTEGER NOT NULL DEFAULT 0,
    organic INTEGER NOT NULL DEFAULT 0,
    price_ceiling INTEGER,
    notes TEXT,
    state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX market_demands_by_state ON market_demands (state, ends_on);
CREATE INDEX market_demands_by_buyer ON market_demands (buyer_id);
