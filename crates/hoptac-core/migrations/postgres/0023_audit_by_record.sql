-- A record's history, and the count of its events that continues a re-created record's version
-- (yearly figures entered again), are found by the record, not by reading the whole trail.
CREATE INDEX audit_events_by_record ON audit_events (entity, entity_id, at);
