ALTER TABLE `working_copies` ADD `publish_at` text;--> statement-breakpoint
ALTER TABLE `working_copies` ADD `publish_by` text REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `working_copies` ADD `publish_note` text;--> statement-breakpoint
CREATE INDEX `working_copies_publish_at_idx` ON `working_copies` (`publish_at`);