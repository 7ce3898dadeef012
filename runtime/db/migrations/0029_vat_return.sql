-- The VAT return (momsdeklaration): each VAT code says which of Skatteverket's boxes (rutor) its base and
-- its VAT go to, and a settled period is a record (never changed) pointing at its settlement voucher.
ALTER TABLE `vat_codes` ADD `base_box` text;
--> statement-breakpoint
ALTER TABLE `vat_codes` ADD `vat_box` text;
--> statement-breakpoint
UPDATE `vat_codes` SET `base_box` = CASE `code`
  WHEN 'MP1' THEN '05' WHEN 'MP2' THEN '05' WHEN 'MP3' THEN '05' WHEN 'MF' THEN '42' WHEN 'EXP' THEN '36'
  WHEN 'EUVF' THEN '35' WHEN 'EUTF' THEN '39' WHEN 'OTU' THEN '22' WHEN 'EUTI' THEN '21' WHEN 'EUVI' THEN '20' END,
  `vat_box` = CASE `code`
  WHEN 'MP1' THEN '10' WHEN 'MP2' THEN '11' WHEN 'MP3' THEN '12' WHEN 'I25' THEN '48' WHEN 'I12' THEN '48' WHEN 'I6' THEN '48'
  WHEN 'OTU' THEN '30' WHEN 'EUTI' THEN '30' WHEN 'EUVI' THEN '30' END
WHERE `code` IN ('MP1', 'MP2', 'MP3', 'MF', 'EXP', 'EUVF', 'EUTF', 'I25', 'I12', 'I6', 'OTU', 'EUTI', 'EUVI') AND `base_box` IS NULL AND `vat_box` IS NULL;
--> statement-breakpoint
INSERT INTO `vat_codes` (`company_id`, `code`, `name`, `rate_basis_points`, `kind`, `output_account`, `input_account`, `base_box`, `vat_box`)
SELECT `company_id`, 'EUVI', 'Varuförvärv från annat EU-land, 25 %', 2500, 'eu_goods', '2614', '2645', '20', '30'
FROM `vat_codes` WHERE `code` = 'EUTI' AND NOT EXISTS (SELECT 1 FROM `vat_codes` v WHERE v.`company_id` = `vat_codes`.`company_id` AND v.`code` = 'EUVI');
--> statement-breakpoint
CREATE TABLE `vat_settlements` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`voucher_id` text NOT NULL,
	`box49_minor` integer NOT NULL,
	`boxes` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	PRIMARY KEY(`company_id`, `id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voucher_id`) REFERENCES `vouchers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `vat_settlements_period` ON `vat_settlements` (`company_id`, `from_date`, `to_date`);
--> statement-breakpoint
CREATE TRIGGER vat_settlements_no_replace BEFORE INSERT ON vat_settlements
WHEN EXISTS (SELECT 1 FROM vat_settlements WHERE company_id = NEW.company_id AND id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a VAT settlement cannot be replaced'); END;
--> statement-breakpoint
CREATE TRIGGER vat_settlements_no_update BEFORE UPDATE ON vat_settlements
BEGIN SELECT RAISE(ABORT, 'record_immutable: a VAT settlement cannot be changed; reverse its voucher and settle the period again'); END;
--> statement-breakpoint
CREATE TRIGGER vat_settlements_no_delete BEFORE DELETE ON vat_settlements
BEGIN SELECT RAISE(ABORT, 'record_immutable: a VAT settlement cannot be deleted; reverse its voucher'); END;
