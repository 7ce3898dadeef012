-- The audit trail is append-only, like the ledger.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_immutable: audit events cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_immutable: audit events cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER opening_balances_no_update BEFORE UPDATE ON opening_balances
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: opening balances cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER opening_balances_no_delete BEFORE DELETE ON opening_balances
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: opening balances cannot be deleted'); END;
