-- Background exports (issue 17, "export files to R2"): the export document is written to R2 a step
-- at a time by the export Queue's consumer; the job row says how far it got, the segments name its
-- pieces in order. See src/editorial/export/jobs.ts.
CREATE TABLE `export_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`requested_by` text,
	`exported_at` text NOT NULL,
	`cursor` text NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`finished_at` text,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `export_jobs_created_idx` ON `export_jobs` (`created_at`);--> statement-breakpoint
CREATE INDEX `export_jobs_status_idx` ON `export_jobs` (`status`,`updated_at`);--> statement-breakpoint
-- At most one export being written: every active row has the same key (1) in this index.
CREATE UNIQUE INDEX `export_jobs_one_active_uq` ON `export_jobs` (("status" IN ('queued', 'running'))) WHERE "status" IN ('queued', 'running');--> statement-breakpoint
CREATE TABLE `export_job_segments` (
	`job_id` text NOT NULL,
	`seq` integer NOT NULL,
	`r2_key` text NOT NULL,
	`bytes` integer NOT NULL,
	PRIMARY KEY(`job_id`, `seq`),
	FOREIGN KEY (`job_id`) REFERENCES `export_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
