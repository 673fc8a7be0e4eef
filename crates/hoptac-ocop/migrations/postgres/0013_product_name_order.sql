-- Products by name follow Vietnamese alphabetical order: each name's collation key (ICU's, as
-- hex), computed by hoptac when the name is written and for rows written before (`prepare`).
ALTER TABLE ocop_products ADD COLUMN name_key TEXT COLLATE "C";
