-- Traceability: the GS1 identifiers of products and places, and EPCIS 2.0 events (GS1 EPCIS 2.0,
-- see crates/hoptac-trace/src/domain/epcis.rs). Events are never edited or deleted: a correction
-- is a new event that declares an earlier one wrong.
-- Kept in step with migrations/postgres/0037_trace_events.sql.

-- A product's GTIN, when it has one (products without keep their local code, their id).
CREATE TABLE trace_products (
    product_id INTEGER PRIMARY KEY REFERENCES ocop_products (id),
    -- 14 digits.
    gtin TEXT NOT NULL UNIQUE
);

-- The places an organisation's events happen at: farms, plots, workshops, warehouses, shops. A
-- place has a GLN, or a local code, or both.
CREATE TABLE trace_locations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    -- 13 digits.
    gln TEXT UNIQUE,
    -- The 2025 commune it lies in.
    commune_code TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX trace_locations_by_organisation ON trace_locations (organisation_id);

CREATE TABLE trace_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The organisation the event was captured for.
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    event_type TEXT NOT NULL,
    -- In UTC; the offset where it happened is in the body (eventTimeZoneOffset).
    event_time TEXT NOT NULL,
    record_time TEXT NOT NULL,
    -- The canonical hash, ni:///sha-256;…?ver=CBV2.0: an organisation's event captured twice is
    -- refused (another organisation may record the same happening).
    event_hash TEXT NOT NULL,
    -- The eventID it was sent with.
    event_id TEXT,
    action TEXT,
    biz_step TEXT,
    disposition TEXT,
    read_point TEXT,
    biz_location TEXT,
    -- For an error declaration, the event it declares wrong.
    declares_wrong INTEGER REFERENCES trace_events (id),
    captured_by INTEGER REFERENCES users (id),
    -- The event as sent, with its recordTime and eventID.
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX trace_events_once ON trace_events (organisation_id, event_hash);
CREATE INDEX trace_events_by_time ON trace_events (event_time, id);
CREATE INDEX trace_events_by_step ON trace_events (biz_step, event_time);
CREATE INDEX trace_events_by_organisation ON trace_events (organisation_id, event_time);
CREATE INDEX trace_events_by_event_id ON trace_events (organisation_id, event_id) WHERE event_id IS NOT NULL;
CREATE UNIQUE INDEX trace_events_declared_once ON trace_events (declares_wrong) WHERE declares_wrong IS NOT NULL;

-- What each event names, by canonical key (a GS1 Digital Link path such as
-- /01/08935001234562/10/CHE-2611, or the URI as sent): the query by EPC and a lot's journey
-- read this.
CREATE TABLE trace_event_things (
    thing TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES trace_events (id),
    -- object, parent, child, input, output.
    role TEXT NOT NULL,
    quantity REAL,
    -- A UN/CEFACT Recommendation 20 code (KGM); none when the quantity counts items.
    uom TEXT,
    PRIMARY KEY (thing, event_id, role)
) WITHOUT ROWID;
CREATE INDEX trace_event_things_by_event ON trace_event_things (event_id);
