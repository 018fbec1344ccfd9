CREATE TABLE `ghost_import_posts` (
	`import_id` text NOT NULL,
	`ghost_id` text NOT NULL,
	`outcome` text NOT NULL,
	`media_created` integer DEFAULT 0 NOT NULL,
	`media_updated` integer DEFAULT 0 NOT NULL,
	`media_unchanged` integer DEFAULT 0 NOT NULL,
	`sections_created` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`import_id`, `ghost_id`),
	FOREIGN KEY (`import_id`) REFERENCES `ghost_imports`(`id`) ON UPDATE no action ON DELETE cascade
);
