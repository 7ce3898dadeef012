CREATE TABLE `accounts` (
	`company_id` text NOT NULL,
	`number` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`vat_code` text,
	`active` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`company_id`, `number`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `automation_versions` (
	`company_id` text NOT NULL,
	`automation_id` text NOT NULL,
	`version` integer NOT NULL,
	`document` text NOT NULL,
	`trigger_type` text NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL,
	PRIMARY KEY(`company_id`, `automation_id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `automation_versions_trigger` ON `automation_versions` (`company_id`,`trigger_type`);--> statement-breakpoint
CREATE TABLE `automations` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`trigger_type` text,
	`draft` text NOT NULL,
	`draft_version` integer NOT NULL,
	`published_version` integer,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bank_accounts` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`ledger_account` text NOT NULL,
	`iban` text,
	`bankgiro` text,
	`currency` text DEFAULT 'SEK' NOT NULL,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bank_lines` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`bank_account` text NOT NULL,
	`booking_date` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`text` text NOT NULL,
	`reference` text,
	`counterparty` text,
	`received_at` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `companies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`org_number` text NOT NULL,
	`base_currency` text DEFAULT 'SEK' NOT NULL,
	`time_zone` text DEFAULT 'Europe/Stockholm' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`org_number` text,
	`vat_number` text,
	`email` text,
	`peppol_id` text,
	`payment_terms_days` integer DEFAULT 30 NOT NULL,
	`receivable_account` text DEFAULT '1510' NOT NULL,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dimension_objects` (
	`company_id` text NOT NULL,
	`dimension` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`company_id`, `dimension`, `code`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dimensions` (
	`company_id` text NOT NULL,
	`number` integer NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`company_id`, `number`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`source_ref` text NOT NULL,
	`reason` text NOT NULL,
	`run_id` text,
	`automation_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `exceptions_company_status` ON `exceptions` (`company_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `exceptions_source_unique` ON `exceptions` (`company_id`,`source_ref`,`automation_id`);--> statement-breakpoint
CREATE TABLE `fiscal_years` (
	`company_id` text NOT NULL,
	`year` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	PRIMARY KEY(`company_id`, `year`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`kind` text NOT NULL,
	`counterparty_id` text NOT NULL,
	`invoice_number` text NOT NULL,
	`invoice_date` text NOT NULL,
	`due_date` text NOT NULL,
	`currency` text NOT NULL,
	`total_minor` integer NOT NULL,
	`vat_minor` integer NOT NULL,
	`open_minor` integer NOT NULL,
	`ocr_reference` text,
	`voucher_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoices_ocr` ON `invoices` (`company_id`,`ocr_reference`);--> statement-breakpoint
CREATE TABLE `periods` (
	`company_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`period` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	PRIMARY KEY(`company_id`, `period`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`automation_id` text NOT NULL,
	`automation_version` integer NOT NULL,
	`trigger_type` text NOT NULL,
	`source_ref` text,
	`event_key` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`event` text NOT NULL,
	`trace` text NOT NULL,
	`started_at` text NOT NULL,
	`duration_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runs_event_unique` ON `runs` (`company_id`,`automation_id`,`event_key`);--> statement-breakpoint
CREATE INDEX `runs_company_started` ON `runs` (`company_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `runs_source` ON `runs` (`company_id`,`source_ref`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`org_number` text,
	`vat_number` text,
	`bankgiro` text,
	`plusgiro` text,
	`iban` text,
	`bic` text,
	`peppol_id` text,
	`payment_terms_days` integer DEFAULT 30 NOT NULL,
	`payable_account` text DEFAULT '2440' NOT NULL,
	`default_expense_account` text,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `vat_codes` (
	`company_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`rate_basis_points` integer NOT NULL,
	`kind` text NOT NULL,
	`output_account` text,
	`input_account` text,
	PRIMARY KEY(`company_id`, `code`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `voucher_lines` (
	`voucher_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`company_id` text NOT NULL,
	`account` text NOT NULL,
	`debit_minor` integer DEFAULT 0 NOT NULL,
	`credit_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`foreign_amount_minor` integer,
	`foreign_currency` text,
	`rate_micros` integer,
	`vat_code` text,
	`dimensions` text DEFAULT '{}' NOT NULL,
	`text` text,
	PRIMARY KEY(`voucher_id`, `line_no`),
	FOREIGN KEY (`voucher_id`) REFERENCES `vouchers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `voucher_lines_account` ON `voucher_lines` (`company_id`,`account`);--> statement-breakpoint
CREATE TABLE `voucher_sequences` (
	`company_id` text NOT NULL,
	`series` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`last_number` integer NOT NULL,
	PRIMARY KEY(`company_id`, `series`, `fiscal_year`)
);
--> statement-breakpoint
CREATE TABLE `voucher_series` (
	`company_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`company_id`, `code`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `vouchers` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`series` text NOT NULL,
	`number` integer NOT NULL,
	`fiscal_year` integer NOT NULL,
	`date` text NOT NULL,
	`text` text NOT NULL,
	`source_ref` text,
	`registered_at` text NOT NULL,
	`registered_by` text NOT NULL,
	`automation_id` text,
	`automation_version` integer,
	`run_id` text,
	`reverses_voucher_id` text,
	`idempotency_key` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_number_unique` ON `vouchers` (`company_id`,`series`,`fiscal_year`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_idempotency_unique` ON `vouchers` (`company_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_reverses_unique` ON `vouchers` (`reverses_voucher_id`);--> statement-breakpoint
CREATE INDEX `vouchers_company_date` ON `vouchers` (`company_id`,`date`);--> statement-breakpoint
CREATE INDEX `vouchers_run` ON `vouchers` (`run_id`);