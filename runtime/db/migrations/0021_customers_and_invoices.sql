-- Customers and customer invoices you can create (issue 11). Customers get a bankgiro, a postal
-- address (JSON: street, street2, postalCode, city, country) and when they were created and last
-- changed; customers stay editable (upsert by customer number, runtime/domains/ar/customers.ts).
-- Invoices get the exchange rate of a foreign-currency invoice (a decimal string, base currency per
-- unit), the total in the company's base currency as booked, who created them and when; an invoice
-- number is unique per company and kind; open invoices are found by (company, kind, status).
ALTER TABLE `customers` ADD `bankgiro` text;
--> statement-breakpoint
ALTER TABLE `customers` ADD `address` text;
--> statement-breakpoint
ALTER TABLE `customers` ADD `created_at` text;
--> statement-breakpoint
ALTER TABLE `customers` ADD `updated_at` text;
--> statement-breakpoint
UPDATE `customers` SET `created_at` = (SELECT `created_at` FROM `companies` WHERE `companies`.`id` = `customers`.`company_id`),
  `updated_at` = (SELECT `created_at` FROM `companies` WHERE `companies`.`id` = `customers`.`company_id`);
--> statement-breakpoint
ALTER TABLE `invoices` ADD `exchange_rate` text;
--> statement-breakpoint
ALTER TABLE `invoices` ADD `total_base_minor` integer;
--> statement-breakpoint
ALTER TABLE `invoices` ADD `created_at` text;
--> statement-breakpoint
ALTER TABLE `invoices` ADD `created_by` text;
--> statement-breakpoint
UPDATE `invoices` SET `total_base_minor` = `total_minor`
WHERE `currency` = (SELECT `base_currency` FROM `companies` WHERE `companies`.`id` = `invoices`.`company_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`company_id`,`kind`,`invoice_number`);
--> statement-breakpoint
CREATE INDEX `invoices_open` ON `invoices` (`company_id`,`kind`,`status`);
--> statement-breakpoint
-- An invoice is a record behind a posted voucher: a REPLACE (or an UPSERT) must not silently swap it
-- (0014 explains why a BEFORE INSERT trigger, not the unique index alone). The product inserts
-- plainly after a look-up, so a conflict here is an error (ABORT).
CREATE TRIGGER invoices_no_replace BEFORE INSERT ON invoices
WHEN EXISTS (SELECT 1 FROM invoices WHERE company_id = NEW.company_id AND id = NEW.id)
  OR EXISTS (SELECT 1 FROM invoices WHERE company_id = NEW.company_id AND kind = NEW.kind AND invoice_number = NEW.invoice_number)
BEGIN SELECT RAISE(ABORT, 'record_immutable: an invoice cannot be replaced; its number is taken'); END;
--> statement-breakpoint
-- What was invoiced is fixed; what changes is how much is still open (settlement: never below 0,
-- never above the total), the status, the voucher once set, and the dates (a payment plan).
CREATE TRIGGER invoices_only_open_amount BEFORE UPDATE ON invoices
WHEN NEW.company_id IS NOT OLD.company_id OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind
  OR NEW.invoice_number IS NOT OLD.invoice_number OR NEW.counterparty_id IS NOT OLD.counterparty_id
  OR NEW.currency IS NOT OLD.currency OR NEW.total_minor IS NOT OLD.total_minor OR NEW.vat_minor IS NOT OLD.vat_minor
  OR NEW.ocr_reference IS NOT OLD.ocr_reference OR NEW.exchange_rate IS NOT OLD.exchange_rate OR NEW.total_base_minor IS NOT OLD.total_base_minor
  OR (OLD.voucher_id IS NOT NULL AND NEW.voucher_id IS NOT OLD.voucher_id)
  OR NEW.open_minor IS NULL OR (OLD.total_minor >= 0 AND (NEW.open_minor < 0 OR NEW.open_minor > OLD.total_minor))
  OR NEW.status NOT IN ('open', 'paid', 'credited')
BEGIN SELECT RAISE(ABORT, 'record_immutable: only an invoice''s open amount (between 0 and its total), status and dates can change'); END;
