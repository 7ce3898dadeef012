-- Originals (Bokföringslagen 7:2): the exact bytes of every imported file and
-- delivery, with its SHA-256, kept until `retain_until` (the end of the
-- seventh calendar year after the year the document's fiscal year ended).
-- Written once, never changed; see runtime/originals/store.ts for the rule.
CREATE TABLE `originals` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`kind` text NOT NULL,
	`media_type` text NOT NULL,
	`byte_length` integer NOT NULL,
	`sha256` text NOT NULL,
	`content` blob NOT NULL,
	`received_at` text NOT NULL,
	`received_by` text NOT NULL,
	`source_ref` text,
	`document_date` text,
	`fiscal_year_end` text,
	`retain_until` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `originals_company_received` ON `originals` (`company_id`,`received_at`);
--> statement-breakpoint
CREATE INDEX `originals_company_kind` ON `originals` (`company_id`,`kind`,`received_at`);
--> statement-breakpoint
-- A webhook delivery's original lives in its own intake row (one row per delivery keeps the
-- acknowledgement as cheap as it was; a separate row cost a third of the web process's
-- throughput): the exact body, its SHA-256, the date it records and its retention. Its id in
-- the originals API is "wd." + hex(endpoint_id) + "." + hex(webhook_id) (runtime/originals).
-- 0014 already refuses DELETE and REPLACE of a delivery; the trigger below fixes these columns.
ALTER TABLE `webhook_deliveries` ADD `original` blob;
--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `original_sha256` text;
--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `original_document_date` text;
--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `original_retain_until` text;
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_original_fixed BEFORE UPDATE ON webhook_deliveries
WHEN NEW.original IS NOT OLD.original OR NEW.original_sha256 IS NOT OLD.original_sha256
  OR NEW.original_document_date IS NOT OLD.original_document_date OR NEW.original_retain_until IS NOT OLD.original_retain_until
BEGIN SELECT RAISE(ABORT, 'original_immutable: the original of a stored webhook delivery cannot be changed'); END;
--> statement-breakpoint
ALTER TABLE `bank_lines` ADD `original_id` text;
--> statement-breakpoint
-- A BEFORE INSERT trigger runs before conflict resolution, so INSERT OR REPLACE
-- (and REPLACE INTO) of an existing id is refused here; the DELETE triggers
-- would not see it (SQLite fires them on REPLACE only with recursive_triggers).
CREATE TRIGGER originals_no_replace BEFORE INSERT ON originals
WHEN EXISTS (SELECT 1 FROM originals WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'original_immutable: a stored original cannot be replaced'); END;
--> statement-breakpoint
-- What is stored must be what the row says: the byte count of a BLOB, a hex SHA-256,
-- and a retention date (31 December) that is not before the day it arrived.
CREATE TRIGGER originals_check BEFORE INSERT ON originals
WHEN typeof(NEW.content) <> 'blob' OR length(NEW.content) <> NEW.byte_length
  OR length(NEW.sha256) <> 64 OR NEW.sha256 GLOB '*[^0-9a-f]*'
  OR NEW.retain_until NOT GLOB '[0-9][0-9][0-9][0-9]-12-31' OR NEW.retain_until < substr(NEW.received_at, 1, 10)
BEGIN SELECT RAISE(ABORT, 'original_invalid: content must be a BLOB of byte_length bytes, sha256 64 hex digits, retain_until a 31 December not before received_at'); END;
--> statement-breakpoint
CREATE TRIGGER originals_no_update BEFORE UPDATE ON originals
BEGIN SELECT RAISE(ABORT, 'original_immutable: a stored original cannot be changed'); END;
--> statement-breakpoint
-- Deleting is refused until the retention has run out (by the database's own clock), so a
-- future purge needs no migration that lifts the protection for every row at once.
CREATE TRIGGER originals_no_delete BEFORE DELETE ON originals
WHEN strftime('%Y-%m-%d', 'now') <= OLD.retain_until
BEGIN SELECT RAISE(ABORT, 'original_retained: a stored original cannot be deleted before its retain_until (BFL 7:2)'); END;
