-- Issue 11: a bank line's statement fields as columns (until now only in its event's payload), so
-- lines can be listed and filtered by statement, and an event rebuilt from the row is the one that
-- arrived; and one row per imported statement with its balances (the bank reconciliation report).
ALTER TABLE `bank_lines` ADD `value_date` text;
--> statement-breakpoint
ALTER TABLE `bank_lines` ADD `counterparty_account` text;
--> statement-breakpoint
ALTER TABLE `bank_lines` ADD `reversal` integer;
--> statement-breakpoint
ALTER TABLE `bank_lines` ADD `transaction_code` text;
--> statement-breakpoint
ALTER TABLE `bank_lines` ADD `bank_account_id` text;
--> statement-breakpoint
ALTER TABLE `bank_lines` ADD `statement_id` text;
--> statement-breakpoint
-- Lines stored before: the fields from their first event (event key = source ref = bank-line:<id>).
-- The guard of 0014/0020 refuses any change but the status, so it is replaced after the fill.
DROP TRIGGER bank_lines_only_status;
--> statement-breakpoint
UPDATE `bank_lines` SET
  `value_date` = json_extract(e.payload, '$.valueDate'),
  `counterparty_account` = json_extract(e.payload, '$.counterpartyAccount'),
  `reversal` = json_extract(e.payload, '$.reversal'),
  `transaction_code` = json_extract(e.payload, '$.transactionCode'),
  `bank_account_id` = json_extract(e.payload, '$.bankAccountId'),
  `statement_id` = json_extract(e.payload, '$.statementId')
FROM `events` e
WHERE e.company_id = `bank_lines`.company_id AND e.event_key = 'bank-line:' || `bank_lines`.id AND json_valid(e.payload);
--> statement-breakpoint
-- The line as the bank sent it, the new fields included; only its status changes.
CREATE TRIGGER bank_lines_only_status BEFORE UPDATE ON bank_lines
WHEN NEW.company_id IS NOT OLD.company_id OR NEW.id IS NOT OLD.id OR NEW.bank_account IS NOT OLD.bank_account
  OR NEW.booking_date IS NOT OLD.booking_date OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.currency IS NOT OLD.currency
  OR NEW.text IS NOT OLD.text OR NEW.reference IS NOT OLD.reference OR NEW.counterparty IS NOT OLD.counterparty
  OR NEW.received_at IS NOT OLD.received_at OR NEW.original_id IS NOT OLD.original_id
  OR NEW.value_date IS NOT OLD.value_date OR NEW.counterparty_account IS NOT OLD.counterparty_account
  OR NEW.reversal IS NOT OLD.reversal OR NEW.transaction_code IS NOT OLD.transaction_code
  OR NEW.bank_account_id IS NOT OLD.bank_account_id OR NEW.statement_id IS NOT OLD.statement_id
  OR NEW.status NOT IN ('received', 'handled', 'unhandled')
BEGIN SELECT RAISE(ABORT, 'record_immutable: a stored bank line cannot be changed; only its status can'); END;
--> statement-breakpoint
CREATE INDEX `bank_lines_statement` ON `bank_lines` (`company_id`,`bank_account_id`,`statement_id`);
--> statement-breakpoint
CREATE INDEX `bank_lines_account_date` ON `bank_lines` (`company_id`,`bank_account`,`booking_date`);
--> statement-breakpoint
CREATE TABLE `bank_statements` (
	`company_id` text NOT NULL,
	`bank_account_id` text NOT NULL,
	`statement_id` text NOT NULL,
	`format` text NOT NULL,
	`currency` text NOT NULL,
	`from_date` text,
	`to_date` text,
	`opening_date` text,
	`closing_date` text,
	`opening_minor` integer,
	`closing_minor` integer,
	`credit_minor` integer NOT NULL,
	`debit_minor` integer NOT NULL,
	`line_count` integer NOT NULL,
	`original_id` text,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	PRIMARY KEY(`company_id`, `bank_account_id`, `statement_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- A record, as the lines (0014): importing the same statement again keeps the first row.
CREATE TRIGGER bank_statements_no_replace BEFORE INSERT ON bank_statements
WHEN EXISTS (SELECT 1 FROM bank_statements WHERE company_id = NEW.company_id AND bank_account_id = NEW.bank_account_id AND statement_id = NEW.statement_id)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint
CREATE TRIGGER bank_statements_no_update BEFORE UPDATE ON bank_statements
BEGIN SELECT RAISE(ABORT, 'record_immutable: a stored bank statement cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER bank_statements_no_delete BEFORE DELETE ON bank_statements
BEGIN SELECT RAISE(ABORT, 'record_immutable: a stored bank statement cannot be deleted'); END;
