-- On SQLite this number makes import templates never take a number twice (AUTOINCREMENT). PostgreSQL's
-- identity sequences never gave one twice: nothing changes here. Kept in step with
-- migrations/sqlite/0030_import_templates_numbered_once.sql.
SELECT 1;
