-- Bank accounts (issue 11): plusgiro, the saved CSV mapping and who created the account;
-- IBAN and bankgiro normalised (no spaces, digits only) and unique per company, so a
-- statement file's account names one bank account at most.
ALTER TABLE `bank_accounts` ADD `plusgiro` text;
--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `csv_mapping` text;
--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `created_at` text;
--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `created_by` text;
--> statement-breakpoint
UPDATE `bank_accounts` SET `iban` = upper(replace(`iban`, ' ', '')), `bankgiro` = replace(replace(`bankgiro`, '-', ''), ' ', '');
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_accounts_iban` ON `bank_accounts` (`company_id`,`iban`);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_accounts_bankgiro` ON `bank_accounts` (`company_id`,`bankgiro`);
