-- The ledger is append-only (Bokföringslagen: vouchers are never changed or
-- deleted; corrections are new, reversing vouchers). The database itself
-- refuses UPDATE and DELETE, whatever code runs against it.
CREATE TRIGGER vouchers_no_update BEFORE UPDATE ON vouchers
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: posted vouchers cannot be changed; post a reversing voucher'); END;
--> statement-breakpoint
CREATE TRIGGER vouchers_no_delete BEFORE DELETE ON vouchers
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: posted vouchers cannot be deleted; post a reversing voucher'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_lines_no_update BEFORE UPDATE ON voucher_lines
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: voucher lines cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_lines_no_delete BEFORE DELETE ON voucher_lines
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: voucher lines cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER automation_versions_no_update BEFORE UPDATE ON automation_versions
BEGIN SELECT RAISE(ABORT, 'version_frozen: a published automation version cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER automation_versions_no_delete BEFORE DELETE ON automation_versions
BEGIN SELECT RAISE(ABORT, 'version_frozen: a published automation version cannot be deleted'); END;
