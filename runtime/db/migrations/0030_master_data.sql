-- Master data you can maintain (issue 13, runtime/domains/masterdata/). Suppliers get what customers
-- have (e-mail, postal address as JSON, when created and last changed) and can be deactivated; VAT
-- codes can be deactivated (a code in use is never deleted). Guards: a supplier is never silently
-- replaced (the product inserts plainly after a look-up, as for invoices), and an account, a series
-- or a VAT code that vouchers use cannot be deleted (deactivate it instead).
ALTER TABLE `suppliers` ADD `email` text;
--> statement-breakpoint
ALTER TABLE `suppliers` ADD `address` text;
--> statement-breakpoint
ALTER TABLE `suppliers` ADD `active` integer DEFAULT true NOT NULL;
--> statement-breakpoint
ALTER TABLE `suppliers` ADD `created_at` text;
--> statement-breakpoint
ALTER TABLE `suppliers` ADD `updated_at` text;
--> statement-breakpoint
UPDATE `suppliers` SET `created_at` = (SELECT `created_at` FROM `companies` WHERE `companies`.`id` = `suppliers`.`company_id`),
  `updated_at` = (SELECT `created_at` FROM `companies` WHERE `companies`.`id` = `suppliers`.`company_id`);
--> statement-breakpoint
ALTER TABLE `vat_codes` ADD `active` integer DEFAULT true NOT NULL;
--> statement-breakpoint
CREATE TRIGGER suppliers_no_replace BEFORE INSERT ON suppliers
WHEN EXISTS (SELECT 1 FROM suppliers WHERE company_id = NEW.company_id AND id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a supplier cannot be replaced; its number is taken'); END;
--> statement-breakpoint
CREATE TRIGGER accounts_no_delete_used BEFORE DELETE ON accounts
WHEN EXISTS (SELECT 1 FROM voucher_lines WHERE company_id = OLD.company_id AND account = OLD.number)
BEGIN SELECT RAISE(ABORT, 'record_immutable: an account with postings cannot be deleted; deactivate it'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_series_no_delete_used BEFORE DELETE ON voucher_series
WHEN EXISTS (SELECT 1 FROM vouchers WHERE company_id = OLD.company_id AND series = OLD.code)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a voucher series with vouchers cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER voucher_series_code_fixed BEFORE UPDATE ON voucher_series
WHEN NEW.code IS NOT OLD.code OR NEW.company_id IS NOT OLD.company_id
BEGIN SELECT RAISE(ABORT, 'record_immutable: a voucher series keeps its code; only its name changes'); END;
--> statement-breakpoint
CREATE TRIGGER vat_codes_no_delete_used BEFORE DELETE ON vat_codes
WHEN EXISTS (SELECT 1 FROM voucher_lines WHERE company_id = OLD.company_id AND vat_code = OLD.code)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a VAT code in use cannot be deleted; deactivate it'); END;
