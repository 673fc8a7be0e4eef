-- The OCOP programme: star rules as data, product sets, scorecard versions, products, evaluation
-- rounds, applications, scoring sheets, certificates and expiry notices.
-- Kept in step with migrations/postgres/0007_ocop.sql.

-- The thresholds, certificate validity and rating council of each star class, from a date.
CREATE TABLE ocop_star_rules (
    id INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL,
    source TEXT NOT NULL,
    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    min_score INTEGER NOT NULL CHECK (min_score BETWEEN 0 AND 100),
    validity_months INTEGER,
    level TEXT NOT NULL,
    UNIQUE (effective_from, stars)
);
-- Thresholds (DOMAIN.md): 90 five, 70 four, 50 three, 30 two; 36 months for 3 to 5 stars.
-- Levels: Decision 148 (24/02/2023) district for 3 stars, province 4, centre 5; Decision 1489
-- (01/07/2025) province for 3 and 4, centre 5. The 1048 rows repeat the 148 levels (unconfirmed).
INSERT INTO ocop_star_rules (effective_from, source, stars, min_score, validity_months, level) VALUES
    ('2019-08-21', '1048/QĐ-TTg', 1, 0, NULL, 'district'),
    ('2019-08-21', '1048/QĐ-TTg', 2, 30, NULL, 'district'),
    ('2019-08-21', '1048/QĐ-TTg', 3, 50, 36, 'district'),
    ('2019-08-21', '1048/QĐ-TTg', 4, 70, 36, 'province'),
    ('2019-08-21', '1048/QĐ-TTg', 5, 90, 36, 'central'),
    ('2023-02-24', '148/QĐ-TTg', 1, 0, NULL, 'district'),
    ('2023-02-24', '148/QĐ-TTg', 2, 30, NULL, 'district'),
    ('2023-02-24', '148/QĐ-TTg', 3, 50, 36, 'district'),
    ('2023-02-24', '148/QĐ-TTg', 4, 70, 36, 'province'),
    ('2023-02-24', '148/QĐ-TTg', 5, 90, 36, 'central'),
    ('2025-07-01', '1489/QĐ-TTg', 1, 0, NULL, 'province'),
    ('2025-07-01', '1489/QĐ-TTg', 2, 30, NULL, 'province'),
    ('2025-07-01', '1489/QĐ-TTg', 3, 50, 36, 'province'),
    ('2025-07-01', '1489/QĐ-TTg', 4, 70, 36, 'province'),
    ('2025-07-01', '1489/QĐ-TTg', 5, 90, 36, 'central');

-- Product sets (bộ sản phẩm) of either scheme, each in a product group of its scheme.
CREATE TABLE ocop_product_sets (
    id INTEGER PRIMARY KEY,
    scheme TEXT NOT NULL,
    product_group TEXT NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    UNIQUE (scheme, name_folded)
);

-- Scorecard versions. The tree (criteria, maxima, options, minimums) is one JSON document: a
-- version is never edited, a new one is loaded. No product set: the scheme's card by parts.
CREATE TABLE ocop_scorecards (
    id INTEGER PRIMARY KEY,
    scheme TEXT NOT NULL,
    product_set_id INTEGER REFERENCES ocop_product_sets (id),
    version INTEGER NOT NULL,
    tree TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by INTEGER REFERENCES users (id)
);
CREATE UNIQUE INDEX ocop_scorecards_version ON ocop_scorecards (scheme, COALESCE(product_set_id, 0), version);

CREATE TABLE ocop_products (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    product_group TEXT NOT NULL,
    product_set_id INTEGER REFERENCES ocop_product_sets (id),
    description TEXT,
    has_quality_declaration INTEGER NOT NULL DEFAULT 0,
    -- trademark, collective_mark, certification_mark, geographical_indication
    ip_protection TEXT,
    has_traceability INTEGER NOT NULL DEFAULT 0,
    is_value_chain INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ocop_products_by_organisation ON ocop_products (organisation_id);

CREATE TABLE ocop_rounds (
    id INTEGER PRIMARY KEY,
    -- A province of the 2025 scheme.
    province_code TEXT NOT NULL,
    name TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    -- The last day applications are received; NULL while open-ended.
    closes_on TEXT,
    level TEXT NOT NULL,
    -- The decision of the People's Committee approving the results; NULL while the round runs.
    decision_number TEXT,
    decision_date TEXT,
    decision_signer TEXT,
    decided_at TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id)
);
CREATE INDEX ocop_rounds_by_province ON ocop_rounds (province_code, opened_on);

CREATE TABLE ocop_applications (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES ocop_rounds (id),
    product_id INTEGER NOT NULL REFERENCES ocop_products (id),
    -- first, rerecognition, upgrade
    kind TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    scorecard_id INTEGER NOT NULL REFERENCES ocop_scorecards (id),
    -- The certificate held on applying (re-recognition and upgrade).
    previous_certificate_id INTEGER,
    previous_stars INTEGER,
    withdrawn_on TEXT,
    -- Set by the round's decision.
    outcome TEXT,
    stars INTEGER,
    score_sum INTEGER,
    score_count INTEGER,
    potential_five_stars INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    UNIQUE (round_id, product_id)
);
CREATE INDEX ocop_applications_by_product ON ocop_applications (product_id);

-- Scoring sheets: a subject's self-assessment (no application, no evaluator) or a council
-- member's sheet for an application. `points` is a JSON object of criterion code to points.
CREATE TABLE ocop_sheets (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES ocop_products (id),
    application_id INTEGER REFERENCES ocop_applications (id),
    evaluator_id INTEGER REFERENCES users (id),
    scorecard_id INTEGER NOT NULL REFERENCES ocop_scorecards (id),
    points TEXT NOT NULL,
    total INTEGER NOT NULL,
    submitted_at TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users (id),
    CHECK ((application_id IS NULL) = (evaluator_id IS NULL))
);
CREATE UNIQUE INDEX ocop_sheets_one_per_member ON ocop_sheets (application_id, evaluator_id);
CREATE INDEX ocop_sheets_by_product ON ocop_sheets (product_id, submitted_at);

CREATE TABLE ocop_certificates (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    -- What the QR code on the certificate carries: unguessable, unlike the number.
    verification_code TEXT NOT NULL UNIQUE,
    product_id INTEGER NOT NULL REFERENCES ocop_products (id),
    application_id INTEGER REFERENCES ocop_applications (id),
    stars INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
    issued_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    replaced_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX ocop_certificates_by_product ON ocop_certificates (product_id, issued_on);
CREATE INDEX ocop_certificates_by_expiry ON ocop_certificates (expires_on);

-- Notices sent to a subject, one per certificate and kind.
CREATE TABLE ocop_notices (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES ocop_certificates (id),
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    emailed_at TEXT,
    UNIQUE (certificate_id, kind)
);
