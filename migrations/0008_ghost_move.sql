CREATE TABLE `content_api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`hint` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `content_api_keys_key_hash_unique` ON `content_api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `ghost_import_notes` (
	`import_id` text NOT NULL,
	`seq` integer NOT NULL,
	`ghost_post_id` text,
	`slug` text,
	`code` text NOT NULL,
	`message` text NOT NULL,
	PRIMARY KEY(`import_id`, `seq`),
	FOREIGN KEY (`import_id`) REFERENCES `ghost_imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ghost_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`options` text NOT NULL,
	`total_posts` integer DEFAULT 0 NOT NULL,
	`processed_posts` integer DEFAULT 0 NOT NULL,
	`counts` text DEFAULT '{}' NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `ghost_map` (
	`kind` text NOT NULL,
	`ghost_id` text NOT NULL,
	`local_id` text NOT NULL,
	`ghost_uuid` text,
	`source_hash` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`kind`, `ghost_id`)
);
--> statement-breakpoint
CREATE INDEX `ghost_map_local_idx` ON `ghost_map` (`local_id`);--> statement-breakpoint
CREATE TABLE `redirects` (
	`id` text PRIMARY KEY NOT NULL,
	`from_path` text NOT NULL,
	`to_url` text NOT NULL,
	`status_code` integer DEFAULT 301 NOT NULL,
	`source` text DEFAULT 'editor' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `redirects_from_path_unique` ON `redirects` (`from_path`);--> statement-breakpoint
ALTER TABLE `media` ADD `source_url` text;--> statement-breakpoint
ALTER TABLE `tags` ADD `visibility` text DEFAULT 'public' NOT NULL;