-- On SQLite this number makes members never take a number twice (AUTOINCREMENT). PostgreSQL's
-- identity sequences never gave one twice: nothing changes here. Kept in step with
-- migrations/sqlite/0028_members_numbered_once.sql.
SELECT 1;
