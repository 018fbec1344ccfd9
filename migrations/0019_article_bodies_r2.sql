-- Cold articles' body JSON moves to R2 (issue 17, "an archive that fits"; src/scheduled/archive-bodies.ts):
-- body_key names the object (bodies/<sha-256 of the stored text>) and `body` keeps a small marker.
ALTER TABLE `articles` ADD `body_key` text;--> statement-breakpoint
CREATE INDEX `articles_inline_body_idx` ON `articles` (`updated_at`) WHERE "articles"."body_key" IS NULL;--> statement-breakpoint
CREATE INDEX `articles_body_key_idx` ON `articles` (`body_key`) WHERE "articles"."body_key" IS NOT NULL;--> statement-breakpoint
-- Any statement that writes a body without naming its key (every save, a restore, a scheduled
-- update: none knows about R2) makes the article hot again, in that same statement: the body it
-- wrote is the truth, and the object, now unreferenced, is collected by the cron. The archiver sets
-- both columns together, so it is left alone; a writer that wrote the marker back unchanged too.
CREATE TRIGGER `articles_body_hot` AFTER UPDATE OF `body` ON `articles`
WHEN OLD.`body_key` IS NOT NULL AND NEW.`body_key` IS OLD.`body_key` AND NEW.`body` IS NOT OLD.`body` BEGIN
  UPDATE `articles` SET `body_key` = NULL WHERE `rowid` = NEW.`rowid`;
END;
