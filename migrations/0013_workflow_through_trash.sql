-- A story deleted to the trash keeps its amendments, notes and assignees, so an undelete brings them
-- back: the three tables are rebuilt without the cascading foreign key on article_id (SQLite cannot
-- drop a constraint in place; nothing references these tables, so no foreign-key pragma is needed).
-- The cron's purge removes them with the rest of the story's history (src/scheduled/purge.ts).
CREATE TABLE `__new_article_amendments` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	`public_at` text,
	`supersedes_id` text,
	`deleted_at` text,
	`deleted_by` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_article_amendments`("id", "article_id", "kind", "body", "created_at", "created_by", "public_at", "supersedes_id", "deleted_at", "deleted_by") SELECT "id", "article_id", "kind", "body", "created_at", "created_by", "public_at", "supersedes_id", "deleted_at", "deleted_by" FROM `article_amendments`;--> statement-breakpoint
DROP TABLE `article_amendments`;--> statement-breakpoint
ALTER TABLE `__new_article_amendments` RENAME TO `article_amendments`;--> statement-breakpoint
CREATE INDEX `article_amendments_article_idx` ON `article_amendments` (`article_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `article_amendments_public_idx` ON `article_amendments` (`public_at`,`id`);--> statement-breakpoint
CREATE TABLE `__new_article_assignees` (
	`article_id` text NOT NULL,
	`user_id` text NOT NULL,
	`assigned_by` text,
	`assigned_at` text NOT NULL,
	PRIMARY KEY(`article_id`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_article_assignees`("article_id", "user_id", "assigned_by", "assigned_at") SELECT "article_id", "user_id", "assigned_by", "assigned_at" FROM `article_assignees`;--> statement-breakpoint
DROP TABLE `article_assignees`;--> statement-breakpoint
ALTER TABLE `__new_article_assignees` RENAME TO `article_assignees`;--> statement-breakpoint
CREATE INDEX `article_assignees_user_idx` ON `article_assignees` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_article_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`parent_id` text,
	`author_id` text,
	`body` text NOT NULL,
	`anchor` text,
	`resolved_at` text,
	`resolved_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_article_notes`("id", "article_id", "parent_id", "author_id", "body", "anchor", "resolved_at", "resolved_by", "created_at", "updated_at") SELECT "id", "article_id", "parent_id", "author_id", "body", "anchor", "resolved_at", "resolved_by", "created_at", "updated_at" FROM `article_notes`;--> statement-breakpoint
DROP TABLE `article_notes`;--> statement-breakpoint
ALTER TABLE `__new_article_notes` RENAME TO `article_notes`;--> statement-breakpoint
CREATE INDEX `article_notes_article_idx` ON `article_notes` (`article_id`,`created_at`);