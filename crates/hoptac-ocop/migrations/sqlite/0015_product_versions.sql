-- OCOP products carry a version like organisations: every edit raises it, and an edit made from an
-- older version is refused (409), so that no one silently undoes another's save.
ALTER TABLE ocop_products ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
