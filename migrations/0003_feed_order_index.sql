DROP INDEX `articles_status_published_idx`;--> statement-breakpoint
CREATE INDEX `articles_status_published_id_idx` ON `articles` (`status`,`published_at`,`id`);