-- Issue 17. Tag and contributor feeds read one page of an index whatever the tag's size: each
-- article_tags and bylines row carries its article's status and published_at, and the triggers
-- below keep those copies in step inside whatever statement changes them (every writer: the API,
-- the cron's releases, trash, imports, the seed), so they can never drift from the article.
-- articles.body_html is the body rendered at save time (with placeholders filled when read); NULL
-- means "not rendered yet" and readers render the tree, as before.
ALTER TABLE `article_tags` ADD `status` text;--> statement-breakpoint
ALTER TABLE `article_tags` ADD `published_at` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `body_html` text;--> statement-breakpoint
ALTER TABLE `bylines` ADD `status` text;--> statement-breakpoint
ALTER TABLE `bylines` ADD `published_at` text;--> statement-breakpoint
UPDATE `article_tags` SET `status` = (SELECT a.`status` FROM `articles` a WHERE a.`id` = `article_tags`.`article_id`), `published_at` = (SELECT a.`published_at` FROM `articles` a WHERE a.`id` = `article_tags`.`article_id`);--> statement-breakpoint
UPDATE `bylines` SET `status` = (SELECT a.`status` FROM `articles` a WHERE a.`id` = `bylines`.`article_id`), `published_at` = (SELECT a.`published_at` FROM `articles` a WHERE a.`id` = `bylines`.`article_id`);--> statement-breakpoint
CREATE INDEX `article_tags_feed_idx` ON `article_tags` (`tag_id`,`status`,`published_at`,`article_id`);--> statement-breakpoint
CREATE INDEX `bylines_feed_idx` ON `bylines` (`contributor_id`,`status`,`published_at`,`article_id`);--> statement-breakpoint
-- Each new index starts with the old one's column, so it serves those look-ups too.
DROP INDEX `article_tags_tag_idx`;--> statement-breakpoint
DROP INDEX `bylines_contributor_idx`;--> statement-breakpoint
-- A child row takes its article's values when written (its article is always written first: the
-- foreign key requires the row to exist).
CREATE TRIGGER `article_tags_feed_fill` AFTER INSERT ON `article_tags` BEGIN
  UPDATE `article_tags` SET `status` = a.`status`, `published_at` = a.`published_at` FROM (SELECT `status`, `published_at` FROM `articles` WHERE `id` = NEW.`article_id`) a
  WHERE `article_id` = NEW.`article_id` AND `position` = NEW.`position`;
END;--> statement-breakpoint
CREATE TRIGGER `bylines_feed_fill` AFTER INSERT ON `bylines` BEGIN
  UPDATE `bylines` SET `status` = a.`status`, `published_at` = a.`published_at` FROM (SELECT `status`, `published_at` FROM `articles` WHERE `id` = NEW.`article_id`) a
  WHERE `article_id` = NEW.`article_id` AND `position` = NEW.`position`;
END;--> statement-breakpoint
-- And follows every change of the article's status or publication time.
CREATE TRIGGER `articles_feed_keys` AFTER UPDATE OF `status`, `published_at` ON `articles`
WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`published_at` IS NOT NEW.`published_at` BEGIN
  UPDATE `article_tags` SET `status` = NEW.`status`, `published_at` = NEW.`published_at` WHERE `article_id` = NEW.`id`;
  UPDATE `bylines` SET `status` = NEW.`status`, `published_at` = NEW.`published_at` WHERE `article_id` = NEW.`id`;
END;
