-- Cold history out of D1 (issue 17, docs/design/cold-history.md).
-- An article's cold revision rows move into one R2 object (history/revisions/<article id>/<pack_sha>);
-- this row points at it. WITHOUT ROWID: the primary key is the table (no second copy of the id).
CREATE TABLE `revision_packs` (
	`article_id` text PRIMARY KEY NOT NULL,
	`pack_sha` text NOT NULL,
	`revisions` integer NOT NULL,
	`through_version` integer NOT NULL
) WITHOUT ROWID;--> statement-breakpoint
-- The packer's walk: revision rows in the order they go cold.
CREATE INDEX `revisions_created_idx` ON `revisions` (`created_at`);--> statement-breakpoint
-- Audit entries past the retention, moved to R2 a part (≤ 1,000 entries of one month) at a time.
CREATE TABLE `audit_archive_parts` (
	`object_key` text PRIMARY KEY NOT NULL,
	`month` text NOT NULL,
	`part` integer NOT NULL,
	`entries` integer NOT NULL,
	`first_at` text NOT NULL,
	`last_at` text NOT NULL,
	`bytes` integer NOT NULL,
	`archived_at` text NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_archive_parts_month_part_uq` ON `audit_archive_parts` (`month`,`part`);--> statement-breakpoint
-- The audit log stays append-only, with one way out: a row whose time lies within a part already
-- recorded as archived (inserted in the same batch as the DELETE, src/scheduled/archive-audit.ts).
DROP TRIGGER `audit_log_no_delete`;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` WHEN NOT EXISTS (SELECT 1 FROM `audit_archive_parts` p WHERE p.`month` = substr(OLD.`at`, 1, 7) AND OLD.`at` BETWEEN p.`first_at` AND p.`last_at`) BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
