-- Issue 12 (backtest): a draft (or any version) of an automation run over the company's stored events of a
-- period, compared with what the published versions did. A job: queued → running → done | cancelled | failed,
-- with its progress; the result (JSON) outlives the request so that the approver of a publication sees it.
-- `document` is the document evaluated (a draft changes; the backtest is of what it was), `document_hash` its
-- canonical SHA-256 (a publication request finds the backtests of exactly what it asks to publish).
CREATE TABLE `backtests` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`automation_id` text NOT NULL,
	`version` integer,
	`document` text NOT NULL,
	`document_hash` text NOT NULL,
	`publication_request_id` text,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`event_kinds` text,
	`status` text NOT NULL,
	`events_total` integer DEFAULT 0 NOT NULL,
	`events_done` integer DEFAULT 0 NOT NULL,
	`result` text,
	`error` text,
	`requested_by` text NOT NULL,
	`created_at` text NOT NULL,
	`started_at` text,
	`heartbeat_at` text,
	`finished_at` text,
	`cancelled_by` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `backtests_automation` ON `backtests` (`company_id`,`automation_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `backtests_document` ON `backtests` (`company_id`,`document_hash`,`created_at`);
--> statement-breakpoint
-- The backtest walks a company's events by arrival.
CREATE INDEX `events_company_created` ON `events` (`company_id`,`created_at`);
--> statement-breakpoint
-- As the records of 0014/0020: a backtest is not replaced, and one that finished (done, cancelled, failed) is what
-- the approver saw: it no longer changes.
CREATE TRIGGER backtests_no_replace BEFORE INSERT ON backtests
WHEN EXISTS (SELECT 1 FROM backtests WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'backtest_immutable: a backtest cannot be replaced'); END;
--> statement-breakpoint
CREATE TRIGGER backtests_finished_frozen BEFORE UPDATE ON backtests
WHEN OLD.status IN ('done', 'cancelled', 'failed')
BEGIN SELECT RAISE(ABORT, 'backtest_immutable: a finished backtest cannot change'); END;
