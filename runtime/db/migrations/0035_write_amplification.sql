-- Fewer index entries a posted line (issue 11: a 100 000-line statement writes ≈ 35 a matched line).
-- runs_event_unique becomes (company, event, automation): it answers both "this automation's run of this
-- event" and "the runs of this event", so runs_event (company, event) goes. vouchers_reverses_unique
-- becomes partial: most vouchers reverse nothing, and each wrote a NULL entry (uniqueness of the
-- non-NULL ones, and look-ups by `reverses_voucher_id = ?`, are as before).
DROP INDEX `runs_event`;--> statement-breakpoint
DROP INDEX `runs_event_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `runs_event_unique` ON `runs` (`company_id`,`event_key`,`automation_id`);--> statement-breakpoint
DROP INDEX `vouchers_reverses_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_reverses_unique` ON `vouchers` (`reverses_voucher_id`) WHERE "vouchers"."reverses_voucher_id" IS NOT NULL;