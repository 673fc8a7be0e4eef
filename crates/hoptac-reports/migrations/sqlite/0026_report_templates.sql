-- Report templates an alliance saves beside the shipped ones (data/templates/): the sections of a
-- six-month or yearly review, their order and indicators, and the closing section. Kept in step
-- with migrations/postgres/0026_report_templates.sql.
CREATE TABLE report_templates (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    -- The 2025 province whose alliance keeps it; empty for a template every place may use.
    province_code TEXT NOT NULL,
    -- The template as domain::TemplateInput writes it, in JSON.
    body TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    saved_at TEXT NOT NULL
);
