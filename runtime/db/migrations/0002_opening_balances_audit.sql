CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_company_at` ON `audit_events` (`company_id`,`at`);--> statement-breakpoint
CREATE TABLE `opening_balances` (
	`company_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`account` text NOT NULL,
	`amount_minor` integer NOT NULL,
	PRIMARY KEY(`company_id`, `fiscal_year`, `account`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
