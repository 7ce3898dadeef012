ALTER TABLE `exceptions` ADD `resolved_at` text;--> statement-breakpoint
ALTER TABLE `exceptions` ADD `resolved_by` text;--> statement-breakpoint
ALTER TABLE `exceptions` ADD `resolution` text;