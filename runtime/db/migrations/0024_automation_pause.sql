-- Issue 12 (versions): an automation can be paused without a new version. While `paused_at` is set,
-- new events are not given to it (the runner's versions in force leave it out); resuming clears both.
ALTER TABLE `automations` ADD `paused_at` text;
--> statement-breakpoint
ALTER TABLE `automations` ADD `paused_by` text;
