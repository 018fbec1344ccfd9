-- Live blogs (issue 16): articles.kind and the coverage window; entries, their bylines and history;
-- the per-blog change log that push streams replay (D1 is the record, the Durable Object fans out).
CREATE TABLE `live_changes` (
	`article_id` text NOT NULL,
	`seq` integer NOT NULL,
	`public_seq` integer,
	`entry_id` text,
	`type` text NOT NULL,
	`public_type` text,
	`payload` text NOT NULL,
	`public_payload` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`article_id`, `seq`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_changes_public_uq` ON `live_changes` (`article_id`,`public_seq`) WHERE "live_changes"."public_seq" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `live_changes_created_idx` ON `live_changes` (`created_at`);--> statement-breakpoint
CREATE TABLE `live_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`title` text,
	`body` text NOT NULL,
	`body_text` text DEFAULT '' NOT NULL,
	`pinned` integer DEFAULT false NOT NULL,
	`key_event` integer DEFAULT false NOT NULL,
	`published_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	`updated_at` text NOT NULL,
	`updated_by` text,
	`deleted_at` text,
	`deleted_by` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `live_entries_public_idx` ON `live_entries` (`article_id`,`published_at`,`id`) WHERE "live_entries"."status" = 'published' AND "live_entries"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `live_entries_desk_idx` ON `live_entries` (`article_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `live_entry_bylines` (
	`entry_id` text NOT NULL,
	`position` integer NOT NULL,
	`contributor_id` text NOT NULL,
	`role` text,
	PRIMARY KEY(`entry_id`, `position`),
	FOREIGN KEY (`entry_id`) REFERENCES `live_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contributor_id`) REFERENCES `contributors`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_entry_bylines_entry_contributor_uq` ON `live_entry_bylines` (`entry_id`,`contributor_id`);--> statement-breakpoint
CREATE INDEX `live_entry_bylines_contributor_idx` ON `live_entry_bylines` (`contributor_id`);--> statement-breakpoint
CREATE TABLE `live_entry_revisions` (
	`entry_id` text NOT NULL,
	`version` integer NOT NULL,
	`article_id` text NOT NULL,
	`action` text NOT NULL,
	`snapshot` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`entry_id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `live_entry_revisions_article_idx` ON `live_entry_revisions` (`article_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `articles` ADD `kind` text DEFAULT 'article' NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `coverage_start_at` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `coverage_end_at` text;--> statement-breakpoint
CREATE INDEX `articles_kind_idx` ON `articles` (`kind`,`status`,`updated_at`) WHERE "articles"."kind" = 'live';