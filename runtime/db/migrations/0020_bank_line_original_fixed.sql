-- A bank line's link to its original (BFL 7:2, added in 0017) is as fixed as the rest of the line:
-- 0014's trigger listed every column but that one.
DROP TRIGGER bank_lines_only_status;
--> statement-breakpoint
CREATE TRIGGER bank_lines_only_status BEFORE UPDATE ON bank_lines
WHEN NEW.company_id IS NOT OLD.company_id OR NEW.id IS NOT OLD.id OR NEW.bank_account IS NOT OLD.bank_account
  OR NEW.booking_date IS NOT OLD.booking_date OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.currency IS NOT OLD.currency
  OR NEW.text IS NOT OLD.text OR NEW.reference IS NOT OLD.reference OR NEW.counterparty IS NOT OLD.counterparty
  OR NEW.received_at IS NOT OLD.received_at OR NEW.original_id IS NOT OLD.original_id
  OR NEW.status NOT IN ('received', 'handled', 'unhandled')
BEGIN SELECT RAISE(ABORT, 'record_immutable: a stored bank line cannot be changed; only its status can'); END;
--> statement-breakpoint
-- A statement may name its account by plusgiro alone: one account per plusgiro, as for IBAN and bankgiro.
CREATE UNIQUE INDEX `bank_accounts_plusgiro` ON `bank_accounts` (`company_id`,`plusgiro`);
