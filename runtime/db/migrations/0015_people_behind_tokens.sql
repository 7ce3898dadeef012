-- Four-eyes follows the person (issue 10, item 3).
-- Every API token records the person (user) who created it. NULL means no person: the
-- KONTERA_BOOTSTRAP_TOKEN token, tokens made by server code or the CLI ("system:…"), and
-- older tokens whose creator cannot be traced to a user. Such a token is never the second
-- pair of eyes (runtime/auth/people.ts).
ALTER TABLE `api_tokens` ADD `created_by_user_id` text REFERENCES `users`(`id`);
--> statement-breakpoint
-- Existing tokens: created_by was written by the server from the signed-in user ("user:<id>").
UPDATE `api_tokens` SET `created_by_user_id` = substr(`created_by`, 6)
WHERE `created_by` LIKE 'user:%' AND substr(`created_by`, 6) IN (SELECT `id` FROM `users`);
--> statement-breakpoint
-- A token minted with a token belongs to the person behind that token; three levels of such
-- chains are followed, a longer chain stays unknown (never the second pair of eyes).
UPDATE `api_tokens` SET `created_by_user_id` = (SELECT p.`created_by_user_id` FROM `api_tokens` p WHERE 'token:' || p.`id` = `api_tokens`.`created_by`)
WHERE `created_by_user_id` IS NULL AND `created_by` LIKE 'token:%';
--> statement-breakpoint
UPDATE `api_tokens` SET `created_by_user_id` = (SELECT p.`created_by_user_id` FROM `api_tokens` p WHERE 'token:' || p.`id` = `api_tokens`.`created_by`)
WHERE `created_by_user_id` IS NULL AND `created_by` LIKE 'token:%';
--> statement-breakpoint
UPDATE `api_tokens` SET `created_by_user_id` = (SELECT p.`created_by_user_id` FROM `api_tokens` p WHERE 'token:' || p.`id` = `api_tokens`.`created_by`)
WHERE `created_by_user_id` IS NULL AND `created_by` LIKE 'token:%';
--> statement-breakpoint
-- Switching a four-eyes rule off waits (24 h) or needs a second admin; until then it is a
-- pending change, shown in the settings and decided once: applied, confirmed, cancelled or
-- withdrawn (the rule was switched on again).
CREATE TABLE `settings_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`setting` text NOT NULL,
	`value` integer NOT NULL,
	`requested_by` text NOT NULL,
	`requested_by_user_id` text,
	`requested_at` text NOT NULL,
	`effective_at` text NOT NULL,
	`status` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `settings_changes_company_status` ON `settings_changes` (`company_id`, `status`);
