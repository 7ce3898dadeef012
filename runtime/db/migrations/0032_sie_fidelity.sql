-- SIE fidelity (issue 13). What an imported SIE file says beyond live vouchers and this year's
-- opening balances is kept as it was read, so it can be shown and exported back:
--   sie_balances: #IB/#UB/#RES of any year (previous years for comparison, when the company has
--     no vouchers for them), #OIB/#OUB object balances and #PSALDO period balances;
--   sie_voucher_origins: an imported voucher's number, registration date and signature in the
--     file, and its history (#BTRANS removed and #RTRANS added rows), beside the live voucher;
--   accounts.sru: the account's #SRU code (tax-return box).
-- Records: never changed, never deleted; the same key again is ignored (a file imported twice).
CREATE TABLE `sie_balances` (
	`company_id` text NOT NULL,
	`year_start` text NOT NULL,
	`year_end` text NOT NULL,
	`kind` text NOT NULL CHECK (`kind` IN ('IB', 'UB', 'RES', 'OIB', 'OUB', 'PSALDO')),
	`account` text NOT NULL,
	`objects` text DEFAULT '' NOT NULL,
	`period` text DEFAULT '' NOT NULL,
	`amount_minor` integer NOT NULL,
	`quantity` text,
	`original_id` text,
	PRIMARY KEY(`company_id`, `year_start`, `kind`, `account`, `objects`, `period`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TRIGGER sie_balances_no_update BEFORE UPDATE ON sie_balances
BEGIN SELECT RAISE(ABORT, 'record_immutable: imported SIE balances cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER sie_balances_no_delete BEFORE DELETE ON sie_balances
BEGIN SELECT RAISE(ABORT, 'record_immutable: imported SIE balances cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER sie_balances_no_replace BEFORE INSERT ON sie_balances
WHEN EXISTS (SELECT 1 FROM sie_balances WHERE company_id = NEW.company_id AND year_start = NEW.year_start AND kind = NEW.kind
  AND account = NEW.account AND objects = NEW.objects AND period = NEW.period)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint
CREATE TABLE `sie_voucher_origins` (
	`voucher_id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`series` text NOT NULL,
	`number` text NOT NULL,
	`registered_date` text,
	`sign` text,
	`history` text DEFAULT '[]' NOT NULL,
	`original_id` text,
	FOREIGN KEY (`voucher_id`) REFERENCES `vouchers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TRIGGER sie_voucher_origins_no_update BEFORE UPDATE ON sie_voucher_origins
BEGIN SELECT RAISE(ABORT, 'record_immutable: an imported voucher''s origin cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER sie_voucher_origins_no_delete BEFORE DELETE ON sie_voucher_origins
BEGIN SELECT RAISE(ABORT, 'record_immutable: an imported voucher''s origin cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER sie_voucher_origins_no_replace BEFORE INSERT ON sie_voucher_origins
WHEN EXISTS (SELECT 1 FROM sie_voucher_origins WHERE voucher_id = NEW.voucher_id)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint
ALTER TABLE `accounts` ADD `sru` text;
