ALTER TABLE `webhook_deliveries` ADD `company_id` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `trigger_type` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `payload` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `versions` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `moved_at` text;--> statement-breakpoint
-- Deliveries stored before this migration became their bank lines and events at once: nothing waits.
UPDATE `webhook_deliveries` SET `moved_at` = `received_at`;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_waiting` ON `webhook_deliveries` (`received_at`) WHERE moved_at IS NULL;