-- The audit log's last way round its triggers: INSERT OR REPLACE (and REPLACE INTO) with an existing
-- id deletes the old row without firing DELETE triggers. An insert that names an id already there
-- is now skipped instead, so an entry can never be overwritten; a plain or OR IGNORE insert of a
-- new id is unaffected (the import appends with OR IGNORE).
CREATE TRIGGER `audit_log_no_replace` BEFORE INSERT ON `audit_log` WHEN EXISTS (SELECT 1 FROM `audit_log` WHERE `id` = NEW.`id`) BEGIN SELECT RAISE(IGNORE); END;
