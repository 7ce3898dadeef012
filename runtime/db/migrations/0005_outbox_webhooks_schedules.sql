CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`trigger_type` text NOT NULL,
	`automation_id` text,
	`versions` text DEFAULT '{}' NOT NULL,
	`event_key` text NOT NULL,
	`source_ref` text,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`available_at` text NOT NULL,
	`lease_owner` text,
	`lease_expires_at` text,
	`last_error` text,
	`result` text,
	`created_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_key_unique` ON `events` (`company_id`,`event_key`);--> statement-breakpoint
CREATE INDEX `events_due` ON `events` (`status`,`available_at`);--> statement-breakpoint
CREATE TABLE `schedule_occurrences` (
	`company_id` text NOT NULL,
	`automation_id` text NOT NULL,
	`scheduled_at` text NOT NULL,
	`outcome` text NOT NULL,
	`automation_version` integer NOT NULL,
	`claimed_by` text NOT NULL,
	`claimed_at` text NOT NULL,
	`event_id` text,
	PRIMARY KEY(`company_id`, `automation_id`, `scheduled_at`)
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`endpoint_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`received_at` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`event_id` text,
	PRIMARY KEY(`endpoint_id`, `webhook_id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`trigger_type` text NOT NULL,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_expires_at` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`disabled_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_company` ON `webhook_endpoints` (`company_id`);