CREATE TABLE `import_staging` (
	`import_id` text NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`import_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `import_staging_kind_idx` ON `import_staging` (`import_id`,`kind`,`seq`);--> statement-breakpoint
CREATE TABLE `site_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text,
	`description` text,
	`language` text DEFAULT 'en' NOT NULL,
	`logo_media_id` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`logo_media_id`) REFERENCES `media`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `expires_at` text;--> statement-breakpoint
ALTER TABLE `login_attempts` ADD `blocked_until` text;--> statement-breakpoint
ALTER TABLE `login_attempts` ADD `expires_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `login_attempts_expires_idx` ON `login_attempts` (`expires_at`);--> statement-breakpoint
CREATE INDEX `revisions_action_created_idx` ON `revisions` (`action`,`created_at`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);