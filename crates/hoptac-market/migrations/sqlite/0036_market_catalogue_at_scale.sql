-- The catalogue at national scale (100,000 listings and more): what its filters and search read is
-- kept on the listing itself, so that a page is read from an index and stops at its end, and a
-- count does not join the products and producers. Triggers keep the copies in step with the
-- products and organisations they come from. And the product's place on the Cooperative
-- Alliance's e-commerce platform. Kept in step with migrations/postgres/0036_market_catalogue_at_scale.sql.

-- The producer's 2025 province and the product's OCOP group, as the catalogue filters them.
ALTER TABLE market_listings ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
ALTER TABLE market_listings ADD COLUMN product_group TEXT NOT NULL DEFAULT '';
-- The product's name, folded: what matching reads a demand's words in.
ALTER TABLE market_listings ADD COLUMN product_words TEXT NOT NULL DEFAULT '';
-- The producer's name and the listing's description, folded: what the catalogue's search reads
-- besides the product's name.
ALTER TABLE market_listings ADD COLUMN words TEXT NOT NULL DEFAULT '';
-- The product's page on the Alliance's e-commerce platform, when it is listed there.
ALTER TABLE market_listings ADD COLUMN platform_url TEXT;

-- Words found by their beginnings, as the registry's names are.
CREATE VIRTUAL TABLE market_listing_search USING fts5(
    product_words,
    words,
    content = 'market_listings',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

-- A new listing takes its copies (and so enters the search index: below).
CREATE TRIGGER market_listings_copy_insert AFTER INSERT ON market_listings BEGIN
    UPDATE market_listings SET
        province_code = (SELECT o.province_code FROM organisations o WHERE o.id = new.organisation_id),
        product_group = (SELECT p.product_group FROM ocop_products p WHERE p.id = new.product_id),
        product_words = (SELECT p.search_name FROM ocop_products p WHERE p.id = new.product_id),
        words = (SELECT o.search_text FROM organisations o WHERE o.id = new.organisation_id) || ' ' || new.search_text
    WHERE id = new.id;
END;

CREATE TRIGGER market_listings_copy_update AFTER UPDATE OF product_id, organisation_id, search_text ON market_listings BEGIN
    UPDATE market_listings SET
        province_code = (SELECT o.province_code FROM organisations o WHERE o.id = new.organisation_id),
        product_group = (SELECT p.product_group FROM ocop_products p WHERE p.id = new.product_id),
        product_words = (SELECT p.search_name FROM ocop_products p WHERE p.id = new.product_id),
        words = (SELECT o.search_text FROM organisations o WHERE o.id = new.organisation_id) || ' ' || new.search_text
    WHERE id = new.id;
END;

CREATE TRIGGER market_listings_follow_product AFTER UPDATE OF search_name, product_group ON ocop_products BEGIN
    UPDATE market_listings SET product_group = new.product_group, product_words = new.search_name
    WHERE product_id = new.id;
END;

CREATE TRIGGER market_listings_follow_organisation AFTER UPDATE OF search_text, province_code ON organisations BEGIN
    UPDATE market_listings SET
        province_code = new.province_code,
        words = new.search_text || ' ' || market_listings.search_text
    WHERE organisation_id = new.id;
END;

-- A listing's first words (its copies, just taken) enter the index; words that change are indexed
-- again.
CREATE TRIGGER market_listing_search_first AFTER UPDATE OF product_words, words ON market_listings
    WHEN old.product_words = '' BEGIN
    INSERT INTO market_listing_search (rowid, product_words, words) VALUES (new.id, new.product_words, new.words);
END;

CREATE TRIGGER market_listing_search_update AFTER UPDATE OF product_words, words ON market_listings
    WHEN old.product_words <> '' BEGIN
    INSERT INTO market_listing_search (market_listing_search, rowid, product_words, words)
        VALUES ('delete', old.id, old.product_words, old.words);
    INSERT INTO market_listing_search (rowid, product_words, words) VALUES (new.id, new.product_words, new.words);
END;

CREATE TRIGGER market_listing_search_delete AFTER DELETE ON market_listings BEGIN
    INSERT INTO market_listing_search (market_listing_search, rowid, product_words, words)
        VALUES ('delete', old.id, old.product_words, old.words);
END;

UPDATE market_listings SET
    province_code = (SELECT o.province_code FROM organisations o WHERE o.id = market_listings.organisation_id),
    product_group = (SELECT p.product_group FROM ocop_products p WHERE p.id = market_listings.product_id),
    product_words = (SELECT p.search_name FROM ocop_products p WHERE p.id = market_listings.product_id),
    words = (SELECT o.search_text FROM organisations o WHERE o.id = market_listings.organisation_id) || ' ' ||
            market_listings.search_text;
INSERT INTO market_listing_search (market_listing_search) VALUES ('rebuild');

CREATE INDEX market_listings_by_province ON market_listings (state, province_code, product_group, id);
-- The listings delivering to a province, for "delivers to".
CREATE INDEX market_listing_provinces_by_province ON market_listing_provinces (province_code, listing_id);
CREATE INDEX market_listings_by_group ON market_listings (state, product_group, id);
