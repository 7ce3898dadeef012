-- Voucher contents (Bokföringslagen 5:7): who the business event was with, and the voucher's
-- underlag (attachments). Vouchers stay insert-only (0001/0014): nullable columns only.
ALTER TABLE `vouchers` ADD `counterparty_name` text;
--> statement-breakpoint
ALTER TABLE `vouchers` ADD `counterparty_id` text;
--> statement-breakpoint
-- A file attached to a voucher after it was posted (a receipt, an invoice PDF, an e-invoice XML).
-- The bytes are an original (kind 'voucher-attachment', same SHA-256 and retention as every
-- original, 0017); this row links it to the voucher with its file name. Never changed or removed:
-- a wrong attachment is followed by the right one, both kept.
CREATE TABLE `voucher_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`voucher_id` text NOT NULL REFERENCES `vouchers`(`id`),
	`original_id` text NOT NULL REFERENCES `originals`(`id`),
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	`byte_length` integer NOT NULL,
	`sha256` text NOT NULL,
	`attached_at` text NOT NULL,
	`attached_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `voucher_attachments_voucher` ON `voucher_attachments` (`company_id`,`voucher_id`,`attached_at`);
--> statement-breakpoint
CREATE TRIGGER voucher_attachments_no_replace BEFORE INSERT ON voucher_attachments
WHEN EXISTS (SELECT 1 FROM voucher_attachments WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a voucher attachment cannot be replaced; attach another file'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_attachments_no_update BEFORE UPDATE ON voucher_attachments
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a voucher attachment cannot be changed; attach another file'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_attachments_no_delete BEFORE DELETE ON voucher_attachments
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a voucher attachment cannot be removed'); END;
