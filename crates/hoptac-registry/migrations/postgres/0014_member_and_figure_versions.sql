-- Members and yearly figures carry a version like organisations: every edit raises it, and an edit
-- made from an older version is refused (409), so that no one silently undoes another's save.
ALTER TABLE members ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE yearly_figures ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
