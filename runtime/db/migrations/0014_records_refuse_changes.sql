-- Every table whose rows are records refuses changes at the database level, whatever code
-- runs against it (issue 10, item 4). 0001 and 0003 already refuse UPDATE and DELETE on
-- vouchers, voucher_lines, automation_versions, audit_events and opening_balances.
--
-- REPLACE: `INSERT OR REPLACE`, `REPLACE INTO` (and a conflicting row under any UNIQUE
-- index) delete the old row WITHOUT firing DELETE triggers unless `PRAGMA recursive_triggers`
-- is on, which a remote libSQL server over HTTP does not keep per connection. So each record
-- table has a BEFORE INSERT trigger that looks for a row with the same key (every unique key
-- of the table) and stops the insert. The same trigger also fires for an UPSERT
-- (`ON CONFLICT DO UPDATE`) before its update, so that is covered too.
-- How it stops the insert depends on how the product inserts into the table:
--   * RAISE(ABORT) where the product inserts plainly (a conflict there is already an error):
--     vouchers, voucher_lines, voucher_sequences (the ledger reads-then-inserts, ledger.ts),
--     audit_events, automation_versions, runs, periods.
--   * RAISE(IGNORE) where the product relies on `ON CONFLICT DO NOTHING` to dedupe and reads
--     what was inserted back with RETURNING: opening_balances (SIE import keeps the existing
--     balance and warns), bank_lines (a line seen before adds no event), events (one event per
--     key), webhook_deliveries (a replayed webhook-id gets the first response),
--     schedule_occurrences (the claim that makes an occurrence run once). IGNORE skips the row
--     exactly as DO NOTHING does, so a REPLACE or UPSERT there leaves the stored row unchanged.
--
-- Where the runtime legitimately changes a row's state, only those columns may change:
-- a period's status, a sequence's last number (upwards only), a bank line's status, an
-- outbox event's processing state (until it is done or failed), a webhook delivery's move
-- marker, a schedule occurrence's event (once). Run records are never changed; the only
-- DELETE allowed anywhere is run retention's (a `no_match` run behind no voucher and no
-- exception; runner.ts pruneRuns).
-- Not records (edited by design): companies, the chart (accounts, series, VAT codes,
-- dimensions, fiscal years), customers, suppliers, invoices, bank accounts, drafts
-- (automations), people and access (users, memberships, sessions, tokens, settings),
-- publication requests, webhook endpoints, the exceptions inbox.

-- vouchers: UPDATE/DELETE refused by 0001. Every unique key: id, number, idempotency key, reversal.
CREATE TRIGGER vouchers_no_replace BEFORE INSERT ON vouchers
WHEN EXISTS (SELECT 1 FROM vouchers WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM vouchers WHERE company_id = NEW.company_id AND series = NEW.series AND fiscal_year = NEW.fiscal_year AND number = NEW.number)
  OR (NEW.idempotency_key IS NOT NULL AND EXISTS (SELECT 1 FROM vouchers WHERE company_id = NEW.company_id AND idempotency_key = NEW.idempotency_key))
  OR (NEW.reverses_voucher_id IS NOT NULL AND EXISTS (SELECT 1 FROM vouchers WHERE reverses_voucher_id = NEW.reverses_voucher_id))
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a posted voucher cannot be replaced; post a reversing voucher'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_lines_no_replace BEFORE INSERT ON voucher_lines
WHEN EXISTS (SELECT 1 FROM voucher_lines WHERE voucher_id = NEW.voucher_id AND line_no = NEW.line_no)
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a posted voucher line cannot be replaced'); END;
--> statement-breakpoint

-- voucher_sequences: the gap-free counter only moves forward, by the vouchers it numbers.
CREATE TRIGGER voucher_sequences_no_replace BEFORE INSERT ON voucher_sequences
WHEN EXISTS (SELECT 1 FROM voucher_sequences WHERE company_id = NEW.company_id AND series = NEW.series AND fiscal_year = NEW.fiscal_year)
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a voucher number sequence cannot be replaced; it only advances'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_sequences_only_advance BEFORE UPDATE ON voucher_sequences
WHEN NEW.company_id IS NOT OLD.company_id OR NEW.series IS NOT OLD.series OR NEW.fiscal_year IS NOT OLD.fiscal_year
  OR NEW.last_number IS NULL OR NEW.last_number <= OLD.last_number
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a voucher number sequence only advances (numbers are never reused)'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_sequences_no_delete BEFORE DELETE ON voucher_sequences
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a voucher number sequence cannot be deleted'); END;
--> statement-breakpoint

-- audit_events, automation_versions: UPDATE/DELETE refused by 0001/0003.
CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_immutable: an audit event cannot be replaced'); END;
--> statement-breakpoint
CREATE TRIGGER automation_versions_no_replace BEFORE INSERT ON automation_versions
WHEN EXISTS (SELECT 1 FROM automation_versions WHERE company_id = NEW.company_id AND automation_id = NEW.automation_id AND version = NEW.version)
BEGIN SELECT RAISE(ABORT, 'version_frozen: a published automation version cannot be replaced'); END;
--> statement-breakpoint

-- opening_balances: UPDATE/DELETE refused by 0003; SIE import inserts with DO NOTHING (IGNORE).
CREATE TRIGGER opening_balances_no_replace BEFORE INSERT ON opening_balances
WHEN EXISTS (SELECT 1 FROM opening_balances WHERE company_id = NEW.company_id AND fiscal_year = NEW.fiscal_year AND account = NEW.account)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint

-- periods: only the status (open/locked) changes, through setPeriodStatus (audited).
CREATE TRIGGER periods_no_replace BEFORE INSERT ON periods
WHEN EXISTS (SELECT 1 FROM periods WHERE company_id = NEW.company_id AND period = NEW.period)
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a period cannot be replaced; lock or unlock it'); END;
--> statement-breakpoint
CREATE TRIGGER periods_only_status BEFORE UPDATE ON periods
WHEN NEW.company_id IS NOT OLD.company_id OR NEW.fiscal_year IS NOT OLD.fiscal_year OR NEW.period IS NOT OLD.period
  OR NEW.start_date IS NOT OLD.start_date OR NEW.end_date IS NOT OLD.end_date OR NEW.status NOT IN ('open', 'locked')
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: only a period''s status (open or locked) can change'); END;
--> statement-breakpoint
CREATE TRIGGER periods_no_delete BEFORE DELETE ON periods
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: a period cannot be deleted'); END;
--> statement-breakpoint

-- runs: the record of what ran. Inserted plainly after a look-up (ABORT); never changed; deleted
-- only by retention, and only a run that did nothing and that no voucher or exception refers to.
CREATE TRIGGER runs_no_replace BEFORE INSERT ON runs
WHEN EXISTS (SELECT 1 FROM runs WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM runs WHERE company_id = NEW.company_id AND automation_id = NEW.automation_id AND event_key = NEW.event_key)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a run record cannot be replaced'); END;
--> statement-breakpoint
CREATE TRIGGER runs_no_update BEFORE UPDATE ON runs
BEGIN SELECT RAISE(ABORT, 'record_immutable: a run record cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER runs_delete_only_pruned BEFORE DELETE ON runs
WHEN OLD.status IS NOT 'no_match'
  OR EXISTS (SELECT 1 FROM vouchers WHERE run_id = OLD.id)
  OR EXISTS (SELECT 1 FROM exceptions WHERE run_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a run record cannot be deleted (only runs that did nothing are pruned)'); END;
--> statement-breakpoint

-- bank_lines: the line as the bank sent it; only its status (received/handled/unhandled) changes.
CREATE TRIGGER bank_lines_no_replace BEFORE INSERT ON bank_lines
WHEN EXISTS (SELECT 1 FROM bank_lines WHERE company_id = NEW.company_id AND id = NEW.id)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint
CREATE TRIGGER bank_lines_only_status BEFORE UPDATE ON bank_lines
WHEN NEW.company_id IS NOT OLD.company_id OR NEW.id IS NOT OLD.id OR NEW.bank_account IS NOT OLD.bank_account
  OR NEW.booking_date IS NOT OLD.booking_date OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.currency IS NOT OLD.currency
  OR NEW.text IS NOT OLD.text OR NEW.reference IS NOT OLD.reference OR NEW.counterparty IS NOT OLD.counterparty
  OR NEW.received_at IS NOT OLD.received_at OR NEW.status NOT IN ('received', 'handled', 'unhandled')
BEGIN SELECT RAISE(ABORT, 'record_immutable: a stored bank line cannot be changed; only its status can'); END;
--> statement-breakpoint
CREATE TRIGGER bank_lines_no_delete BEFORE DELETE ON bank_lines
BEGIN SELECT RAISE(ABORT, 'record_immutable: a stored bank line cannot be deleted'); END;
--> statement-breakpoint

-- events (the outbox): what arrived (payload, key, versions in force) is fixed; the processing
-- state (status, attempts, lease, availability, last error, result) changes until the event is
-- done or failed, after which nothing changes.
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM events WHERE company_id = NEW.company_id AND event_key = NEW.event_key)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint
CREATE TRIGGER events_only_processing_state BEFORE UPDATE ON events
WHEN NEW.id IS NOT OLD.id OR NEW.company_id IS NOT OLD.company_id OR NEW.trigger_type IS NOT OLD.trigger_type
  OR NEW.automation_id IS NOT OLD.automation_id OR NEW.versions IS NOT OLD.versions OR NEW.event_key IS NOT OLD.event_key
  OR NEW.source_ref IS NOT OLD.source_ref OR NEW.payload IS NOT OLD.payload OR NEW.created_at IS NOT OLD.created_at
  OR NEW.status NOT IN ('pending', 'processing', 'done', 'failed')
BEGIN SELECT RAISE(ABORT, 'record_immutable: an event''s stored payload cannot be changed; only its processing state can'); END;
--> statement-breakpoint
CREATE TRIGGER events_finished_stay BEFORE UPDATE ON events
WHEN OLD.status IN ('done', 'failed')
BEGIN SELECT RAISE(ABORT, 'record_immutable: a finished event (done or failed) cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'record_immutable: an event cannot be deleted'); END;
--> statement-breakpoint

-- webhook_deliveries (the intake): the acknowledged payload and response are fixed; the move
-- marker is set (again, when a refused delivery is retried) and the first event is set once.
CREATE TRIGGER webhook_deliveries_no_replace BEFORE INSERT ON webhook_deliveries
WHEN EXISTS (SELECT 1 FROM webhook_deliveries WHERE endpoint_id = NEW.endpoint_id AND webhook_id = NEW.webhook_id)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_only_moved BEFORE UPDATE ON webhook_deliveries
WHEN NEW.endpoint_id IS NOT OLD.endpoint_id OR NEW.webhook_id IS NOT OLD.webhook_id OR NEW.received_at IS NOT OLD.received_at
  OR NEW.status IS NOT OLD.status OR NEW.response IS NOT OLD.response OR NEW.company_id IS NOT OLD.company_id
  OR NEW.trigger_type IS NOT OLD.trigger_type OR NEW.payload IS NOT OLD.payload OR NEW.versions IS NOT OLD.versions
  OR (OLD.moved_at IS NOT NULL AND NEW.moved_at IS NULL)
  OR (OLD.event_id IS NOT NULL AND NEW.event_id IS NOT OLD.event_id)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a stored webhook delivery cannot be changed; only its move into the outbox is recorded'); END;
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_no_delete BEFORE DELETE ON webhook_deliveries
BEGIN SELECT RAISE(ABORT, 'record_immutable: a stored webhook delivery cannot be deleted'); END;
--> statement-breakpoint

-- schedule_occurrences: the claim that an occurrence ran (or was skipped); its event is set once.
CREATE TRIGGER schedule_occurrences_no_replace BEFORE INSERT ON schedule_occurrences
WHEN EXISTS (SELECT 1 FROM schedule_occurrences WHERE company_id = NEW.company_id AND automation_id = NEW.automation_id AND scheduled_at = NEW.scheduled_at)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint
CREATE TRIGGER schedule_occurrences_only_event BEFORE UPDATE ON schedule_occurrences
WHEN NEW.company_id IS NOT OLD.company_id OR NEW.automation_id IS NOT OLD.automation_id OR NEW.scheduled_at IS NOT OLD.scheduled_at
  OR NEW.outcome IS NOT OLD.outcome OR NEW.automation_version IS NOT OLD.automation_version
  OR NEW.claimed_by IS NOT OLD.claimed_by OR NEW.claimed_at IS NOT OLD.claimed_at
  OR (OLD.event_id IS NOT NULL AND NEW.event_id IS NOT OLD.event_id)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a schedule occurrence cannot be changed; only its event is recorded, once'); END;
--> statement-breakpoint
CREATE TRIGGER schedule_occurrences_no_delete BEFORE DELETE ON schedule_occurrences
BEGIN SELECT RAISE(ABORT, 'record_immutable: a schedule occurrence cannot be deleted'); END;
