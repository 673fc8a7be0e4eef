-- Plans and reports: values of report indicators entered by officers (many provinces hold only
-- totals for past years) and the yearly plan targets. Kept in step with
-- migrations/postgres/0008_reports.sql.

-- A place is stored as level ('country', 'province', 'commune'), era ('2008', '2025'; empty for the
-- country) and code (the statistics office's code; empty for the country).
CREATE TABLE report_entries (
    id INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL,
    place_level TEXT NOT NULL,
    place_era TEXT NOT NULL,
    place_code TEXT NOT NULL,
    -- The 2025 province the place lies in (empty for the country): who may write it.
    province_code TEXT NOT NULL,
    period_kind TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    value INTEGER NOT NULL,
    source TEXT NOT NULL,
    entered_by INTEGER REFERENCES users (id),
    entered_at TEXT NOT NULL,
    CHECK (period_start <= period_end),
    UNIQUE (indicator, place_level, place_era, place_code, period_start, period_end)
);
CREATE INDEX report_entries_by_period ON report_entries (period_start, period_end, indicator);
CREATE INDEX report_entries_by_province ON report_entries (province_code, period_start);

CREATE TABLE report_targets (
    id INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL,
    place_level TEXT NOT NULL,
    place_era TEXT NOT NULL,
    place_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    target INTEGER NOT NULL,
    note TEXT,
    entered_by INTEGER REFERENCES users (id),
    entered_at TEXT NOT NULL,
    UNIQUE (indicator, place_level, place_era, place_code, year)
);
CREATE INDEX report_targets_by_province ON report_targets (province_code, year);

-- Members on the register at a date, per organisation, from the index alone.
CREATE INDEX members_by_organisation_dates ON members (organisation_id, joined_on, left_on);
-- Status changes in a period (dissolutions) without reading every organisation's history.
CREATE INDEX organisation_statuses_by_date ON organisation_statuses (effective_date, status);
