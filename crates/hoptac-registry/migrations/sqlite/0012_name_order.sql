-- Lists by name follow Vietnamese alphabetical order (a ă â b c d đ e ê ..., tones after the
-- letter): each name's collation key (ICU's, as hex), computed by hoptac when the name is written
-- and for rows written before (the registry's `prepare`).
ALTER TABLE organisations ADD COLUMN name_key TEXT;
DROP INDEX organisations_by_name;
CREATE INDEX organisations_by_name ON organisations (name_key, id);
