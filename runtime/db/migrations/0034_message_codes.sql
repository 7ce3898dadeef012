-- Issue 12 (the server's text in Swedish): a stored reason keeps its message code and JSON parameters
-- (shared/i18n/catalogue.ts) beside its English text, so the inbox and the runs page show it in the
-- reader's language. Rows written before, or reasons without a code (a person's own words), keep only
-- the text and are shown as stored. Runs are never updated (migration 0014): the codes are written with
-- the row. A user's chosen language ("sv" or "en"; null: not chosen, the designer decides).
ALTER TABLE `exceptions` ADD `reason_code` text;
--> statement-breakpoint
ALTER TABLE `exceptions` ADD `reason_params` text;
--> statement-breakpoint
ALTER TABLE `runs` ADD `reason_code` text;
--> statement-breakpoint
ALTER TABLE `runs` ADD `reason_params` text;
--> statement-breakpoint
ALTER TABLE `users` ADD `language` text;
