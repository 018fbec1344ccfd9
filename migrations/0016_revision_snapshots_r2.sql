ALTER TABLE `revisions` ADD `snapshot_key` text;--> statement-breakpoint
CREATE INDEX `revisions_inline_idx` ON `revisions` (`created_at`) WHERE "revisions"."snapshot_key" IS NULL AND "revisions"."action" <> 'delete';--> statement-breakpoint
CREATE INDEX `revisions_snapshot_key_idx` ON `revisions` (`snapshot_key`) WHERE "revisions"."snapshot_key" IS NOT NULL;