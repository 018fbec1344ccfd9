CREATE TABLE `article_amendments` (
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
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `article_amendments_article_idx` ON `article_amendments` (`article_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `article_amendments_public_idx` ON `article_amendments` (`public_at`,`id`);--> statement-breakpoint
CREATE TABLE `article_assignees` (
	`article_id` text NOT NULL,
	`user_id` text NOT NULL,
	`assigned_by` text,
	`assigned_at` text NOT NULL,
	PRIMARY KEY(`article_id`, `user_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `article_assignees_user_idx` ON `article_assignees` (`user_id`);--> statement-breakpoint
CREATE TABLE `article_notes` (
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
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `article_notes_article_idx` ON `article_notes` (`article_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_user_id` text,
	`actor_token_id` text,
	`actor_label` text NOT NULL,
	`actor_role` text,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text,
	`target_label` text,
	`summary` text DEFAULT '{}' NOT NULL,
	`request_id` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_target_idx` ON `audit_log` (`target_type`,`target_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_user_id`,`at`);--> statement-breakpoint
CREATE TABLE `workflow_stages` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`enter_role` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `articles` ADD `embargoed_until` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `stage` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `due_at` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `last_major_update_at` text;--> statement-breakpoint
CREATE INDEX `articles_stage_idx` ON `articles` (`stage`,`updated_at`);--> statement-breakpoint
ALTER TABLE `site_state` ADD `due_at` text;--> statement-breakpoint
-- Hand-written below (drizzle-kit knows no triggers or seed rows).
-- The audit log is append-only at the database itself: no route, script or bug can rewrite history.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
INSERT INTO `workflow_stages` (`id`, `name`, `position`, `enter_role`, `updated_at`) VALUES
  ('draft', 'Draft', 0, 'contributor', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('editing', 'Editing', 1, 'contributor', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('ready', 'Ready', 2, 'editor', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));--> statement-breakpoint
-- Until now every save was major: readers were told the last update time.
UPDATE `articles` SET `last_major_update_at` = `updated_at`;--> statement-breakpoint
-- Stories an author handed over ("Submit for editing") are in the editing stage.
UPDATE `articles` SET `stage` = 'editing' WHERE `status` = 'draft' AND `id` IN (SELECT `article_id` FROM `revisions` r WHERE r.`action` = 'submit' AND r.`version` = (SELECT `version` FROM `articles` a WHERE a.`id` = r.`article_id`));--> statement-breakpoint
UPDATE `site_state` SET `due_at` = (SELECT min(`scheduled_at`) FROM `articles` WHERE `status` = 'scheduled') WHERE `key` = 'content';
