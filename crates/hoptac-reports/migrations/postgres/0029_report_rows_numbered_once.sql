-- On SQLite this number makes entered report figures and plan targets never take a number twice (AUTOINCREMENT). PostgreSQL's
-- identity sequences never gave one twice: nothing changes here. Kept in step with
-- migrations/sqlite/0029_report_rows_numbered_once.sql.
SELECT 1;
