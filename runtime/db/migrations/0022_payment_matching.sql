-- Matching incoming payments to customer invoices (issue 11): what was decided about each
-- payment, the payments applied to each invoice, and a counter the matching cache checks.
CREATE TABLE `payment_decisions` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`bank_line_id` text NOT NULL,
	`run_id` text,
	`automation_id` text,
	`kind` text NOT NULL,
	`exception_reason` text,
	`score_milli` integer NOT NULL,
	`reasons` text NOT NULL,
	`allocations` text NOT NULL,
	`candidates` text NOT NULL,
	`excess_minor` integer,
	`remaining_minor` integer,
	`account` text,
	`voucher_id` text,
	`decided_at` text NOT NULL,
	`decided_by` text NOT NULL,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_decisions_line` ON `payment_decisions` (`company_id`,`bank_line_id`);
--> statement-breakpoint
CREATE TABLE `invoice_payments` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`invoice_number` text NOT NULL,
	`bank_line_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`voucher_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`paid_on` text NOT NULL,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_payments_invoice` ON `invoice_payments` (`company_id`,`invoice_id`);
--> statement-breakpoint
CREATE TABLE `receivables_generations` (
	`company_id` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL
);
--> statement-breakpoint
-- Records (as in 0014): never replaced, changed or deleted.
CREATE TRIGGER payment_decisions_no_replace BEFORE INSERT ON payment_decisions
WHEN EXISTS (SELECT 1 FROM payment_decisions WHERE company_id = NEW.company_id AND id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a payment decision cannot be replaced'); END;
--> statement-breakpoint
CREATE TRIGGER payment_decisions_no_update BEFORE UPDATE ON payment_decisions
BEGIN SELECT RAISE(ABORT, 'record_immutable: a payment decision cannot be changed; a new decision is a new row'); END;
--> statement-breakpoint
CREATE TRIGGER payment_decisions_no_delete BEFORE DELETE ON payment_decisions
BEGIN SELECT RAISE(ABORT, 'record_immutable: a payment decision cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_payments_no_replace BEFORE INSERT ON invoice_payments
WHEN EXISTS (SELECT 1 FROM invoice_payments WHERE company_id = NEW.company_id AND id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'record_immutable: an invoice payment cannot be replaced'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_payments_no_update BEFORE UPDATE ON invoice_payments
BEGIN SELECT RAISE(ABORT, 'record_immutable: an invoice payment cannot be changed; reverse its voucher'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_payments_no_delete BEFORE DELETE ON invoice_payments
BEGIN SELECT RAISE(ABORT, 'record_immutable: an invoice payment cannot be deleted'); END;
--> statement-breakpoint
-- The counter the matching cache checks: any new customer invoice or change of one moves it.
CREATE TRIGGER invoices_generation_insert AFTER INSERT ON invoices
BEGIN
  INSERT OR IGNORE INTO receivables_generations (company_id, generation) VALUES (NEW.company_id, 0);
  UPDATE receivables_generations SET generation = generation + 1 WHERE company_id = NEW.company_id;
END;
--> statement-breakpoint
CREATE TRIGGER invoices_generation_update AFTER UPDATE ON invoices
BEGIN
  INSERT OR IGNORE INTO receivables_generations (company_id, generation) VALUES (NEW.company_id, 0);
  UPDATE receivables_generations SET generation = generation + 1 WHERE company_id = NEW.company_id;
END;
--> statement-breakpoint
CREATE TRIGGER invoices_generation_delete AFTER DELETE ON invoices
BEGIN
  INSERT OR IGNORE INTO receivables_generations (company_id, generation) VALUES (OLD.company_id, 0);
  UPDATE receivables_generations SET generation = generation + 1 WHERE company_id = OLD.company_id;
END;
