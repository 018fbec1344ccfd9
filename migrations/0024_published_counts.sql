-- Issue 17. The Ghost-compatible Content API's totals flat with the archive's size: how many stories
-- are published, in all, under each tag and by each contributor, kept as counts instead of counted
-- per request (meta.pagination.total counted every published story; tags/?include=count.posts counted
-- every tag's feed range, 450,000 index entries at 100,000 stories).
-- scope 'all' (id ''), 'tag' (a tag's id) or 'contributor' (a contributor's id); n > 0 always: a count
-- that falls to 0 is deleted, so a newsroom's rows are the same whichever way it reached its state
-- (an export → import round trip compares every table).
-- Kept in step by triggers on what they count, inside whatever statement changes it: the article's own
-- status for 'all', and the tag and byline rows' copies of it (migration 0015, themselves kept by
-- triggers) for the others, so every writer (saves, the cron's releases, trash, restore, imports, a
-- purge, a tag's deletion by cascade, the seed) keeps them with no statement of its own.
CREATE TABLE `published_counts` (
  `scope` text NOT NULL,
  `id` text NOT NULL,
  `n` integer NOT NULL,
  PRIMARY KEY (`scope`, `id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `published_counts` (`scope`, `id`, `n`) SELECT 'all', '', count(*) FROM `articles` WHERE `status` = 'published' HAVING count(*) > 0;
--> statement-breakpoint
INSERT INTO `published_counts` (`scope`, `id`, `n`) SELECT 'tag', `tag_id`, count(*) FROM `article_tags` WHERE `status` = 'published' GROUP BY `tag_id`;
--> statement-breakpoint
INSERT INTO `published_counts` (`scope`, `id`, `n`) SELECT 'contributor', `contributor_id`, count(*) FROM `bylines` WHERE `status` = 'published' GROUP BY `contributor_id`;
--> statement-breakpoint
CREATE TRIGGER `published_counts_article_insert` AFTER INSERT ON `articles` WHEN NEW.`status` = 'published' BEGIN
  INSERT INTO `published_counts` (`scope`, `id`, `n`) VALUES ('all', '', 1) ON CONFLICT (`scope`, `id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_article_delete` AFTER DELETE ON `articles` WHEN OLD.`status` = 'published' BEGIN
  UPDATE `published_counts` SET `n` = `n` - 1 WHERE `scope` = 'all' AND `id` = '';
  DELETE FROM `published_counts` WHERE `scope` = 'all' AND `id` = '' AND `n` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_article_publish` AFTER UPDATE OF `status` ON `articles`
WHEN NEW.`status` = 'published' AND OLD.`status` IS NOT 'published' BEGIN
  INSERT INTO `published_counts` (`scope`, `id`, `n`) VALUES ('all', '', 1) ON CONFLICT (`scope`, `id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_article_unpublish` AFTER UPDATE OF `status` ON `articles`
WHEN OLD.`status` = 'published' AND NEW.`status` IS NOT 'published' BEGIN
  UPDATE `published_counts` SET `n` = `n` - 1 WHERE `scope` = 'all' AND `id` = '';
  DELETE FROM `published_counts` WHERE `scope` = 'all' AND `id` = '' AND `n` <= 0;
END;
--> statement-breakpoint
-- A tag row is inserted with no status (migration 0015's fill trigger then UPDATEs its copy, which the
-- update triggers below count); a writer that inserts the copy itself is counted here.
CREATE TRIGGER `published_counts_tag_insert` AFTER INSERT ON `article_tags` WHEN NEW.`status` = 'published' BEGIN
  INSERT INTO `published_counts` (`scope`, `id`, `n`) VALUES ('tag', NEW.`tag_id`, 1) ON CONFLICT (`scope`, `id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_tag_delete` AFTER DELETE ON `article_tags` WHEN OLD.`status` = 'published' BEGIN
  UPDATE `published_counts` SET `n` = `n` - 1 WHERE `scope` = 'tag' AND `id` = OLD.`tag_id`;
  DELETE FROM `published_counts` WHERE `scope` = 'tag' AND `id` = OLD.`tag_id` AND `n` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_tag_leave` AFTER UPDATE OF `status`, `tag_id` ON `article_tags`
WHEN OLD.`status` = 'published' AND (NEW.`status` IS NOT 'published' OR NEW.`tag_id` IS NOT OLD.`tag_id`) BEGIN
  UPDATE `published_counts` SET `n` = `n` - 1 WHERE `scope` = 'tag' AND `id` = OLD.`tag_id`;
  DELETE FROM `published_counts` WHERE `scope` = 'tag' AND `id` = OLD.`tag_id` AND `n` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_tag_enter` AFTER UPDATE OF `status`, `tag_id` ON `article_tags`
WHEN NEW.`status` = 'published' AND (OLD.`status` IS NOT 'published' OR NEW.`tag_id` IS NOT OLD.`tag_id`) BEGIN
  INSERT INTO `published_counts` (`scope`, `id`, `n`) VALUES ('tag', NEW.`tag_id`, 1) ON CONFLICT (`scope`, `id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_byline_insert` AFTER INSERT ON `bylines` WHEN NEW.`status` = 'published' BEGIN
  INSERT INTO `published_counts` (`scope`, `id`, `n`) VALUES ('contributor', NEW.`contributor_id`, 1) ON CONFLICT (`scope`, `id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_byline_delete` AFTER DELETE ON `bylines` WHEN OLD.`status` = 'published' BEGIN
  UPDATE `published_counts` SET `n` = `n` - 1 WHERE `scope` = 'contributor' AND `id` = OLD.`contributor_id`;
  DELETE FROM `published_counts` WHERE `scope` = 'contributor' AND `id` = OLD.`contributor_id` AND `n` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_byline_leave` AFTER UPDATE OF `status`, `contributor_id` ON `bylines`
WHEN OLD.`status` = 'published' AND (NEW.`status` IS NOT 'published' OR NEW.`contributor_id` IS NOT OLD.`contributor_id`) BEGIN
  UPDATE `published_counts` SET `n` = `n` - 1 WHERE `scope` = 'contributor' AND `id` = OLD.`contributor_id`;
  DELETE FROM `published_counts` WHERE `scope` = 'contributor' AND `id` = OLD.`contributor_id` AND `n` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `published_counts_byline_enter` AFTER UPDATE OF `status`, `contributor_id` ON `bylines`
WHEN NEW.`status` = 'published' AND (OLD.`status` IS NOT 'published' OR NEW.`contributor_id` IS NOT OLD.`contributor_id`) BEGIN
  INSERT INTO `published_counts` (`scope`, `id`, `n`) VALUES ('contributor', NEW.`contributor_id`, 1) ON CONFLICT (`scope`, `id`) DO UPDATE SET `n` = `n` + 1;
END;
