CREATE TABLE `article_media` (
	`article_id` text NOT NULL,
	`media_id` text NOT NULL,
	PRIMARY KEY(`article_id`, `media_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_media_media_idx` ON `article_media` (`media_id`,`article_id`);--> statement-breakpoint
CREATE TABLE `working_copies` (
	`article_id` text PRIMARY KEY NOT NULL,
	`base_version` integer NOT NULL,
	`seq` integer NOT NULL,
	`content` text,
	`restored_from` integer,
	`updated_by` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `revisions` ADD `restored_from` integer;--> statement-breakpoint
-- Back-fill: every media item an existing article uses, featured or anywhere in its body.
INSERT OR IGNORE INTO `article_media` (`article_id`, `media_id`)
SELECT a.`id`, j.`value` FROM `articles` a, json_tree(a.`body`) j
WHERE j.`key` = 'media_id' AND j.`type` = 'text';--> statement-breakpoint
INSERT OR IGNORE INTO `article_media` (`article_id`, `media_id`)
SELECT `id`, `featured_media_id` FROM `articles` WHERE `featured_media_id` IS NOT NULL;
