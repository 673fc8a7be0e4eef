-- The catalogue at national scale (100,000 listings and more): what its filters and search read is
-- kept on the listing itself, so that a page is read from an index and stops at its end, and a
-- count does not join the products and producers. Triggers keep the copies in step with the
-- products and organisations they come from. And the product's place on the Cooperative
-- Alliance's e-commerce platform. Kept in step with migrations/sqlite/0036_market_catalogue_at_scale.sql.

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

CREATE FUNCTION market_listings_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT o.province_code, p.product_group, p.search_name, o.search_text || ' ' || NEW.search_text
      INTO NEW.province_code, NEW.product_group, NEW.product_words, NEW.words
      FROM ocop_products p, organisations o
     WHERE p.id = NEW.product_id AND o.id = NEW.organisation_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER market_listings_copy BEFORE INSERT OR UPDATE OF product_id, organisation_id, search_text
    ON market_listings FOR EACH ROW EXECUTE FUNCTION market_listings_copy();

CREATE FUNCTION market_listings_follow_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE market_listings SET product_group = NEW.product_group, product_words = NEW.search_name
     WHERE product_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER market_listings_follow_product AFTER UPDATE OF search_name, product_group
    ON ocop_products FOR EACH ROW EXECUTE FUNCTION market_listings_follow_product();

CREATE FUNCTION market_listings_follow_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE market_listings SET province_code = NEW.province_code, words = NEW.search_text || ' ' || search_text
     WHERE organisation_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER market_listings_follow_organisation AFTER UPDATE OF search_text, province_code
    ON organisations FOR EACH ROW EXECUTE FUNCTION market_listings_follow_organisation();

UPDATE market_listings l SET
    province_code = o.province_code,
    product_group = p.product_group,
    product_words = p.search_name,
    words = o.search_text || ' ' || l.search_text
  FROM ocop_products p, organisations o
 WHERE p.id = l.product_id AND o.id = l.organisation_id;

CREATE INDEX market_listings_by_province ON market_listings (state, province_code, product_group, id);
-- The listings delivering to a province, for "delivers to".
CREATE INDEX market_listing_provinces_by_province ON market_listing_provinces (province_code, listing_id);
CREATE INDEX market_listings_by_group ON market_listings (state, product_group, id);
-- The catalogue finds words by their beginnings, as the registry's names are; matching finds the
-- products named by a demand's words.
CREATE INDEX market_listings_search ON market_listings USING GIN (to_tsvector('simple', product_words || ' ' || words));
CREATE INDEX market_listings_products ON market_listings USING GIN (to_tsvector('simple', product_words));
