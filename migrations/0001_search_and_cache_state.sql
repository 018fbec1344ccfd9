CREATE TABLE `site_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `articles` ADD `search_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `articles_search_id_uq` ON `articles` (`search_id`);