-- Currency (issue 13). A voucher line in another currency carries that currency, its amount and
-- the rate beside the base-currency (SEK) debit or credit: foreign_currency and
-- foreign_amount_minor (0000, unused until now) and rate, a decimal string (base currency per
-- unit, "11.4523"; rate_micros stays unused: a rate with more than 6 decimals must stay exact).
ALTER TABLE `voucher_lines` ADD `rate` text;
--> statement-breakpoint
-- A company's exchange rates: one rate per currency and day, set by hand or imported (CSV,
-- Riksbanken's published rates). A record: the key is never replaced and a row is never deleted;
-- a corrected rate changes only the rate and who set it, when (audited by the route). A voucher
-- keeps the rate it was booked at on its lines, so a later correction changes no voucher.
CREATE TABLE `exchange_rates` (
	`company_id` text NOT NULL,
	`currency` text NOT NULL,
	`date` text NOT NULL,
	`rate` text NOT NULL,
	`source` text NOT NULL,
	`set_at` text NOT NULL,
	`set_by` text NOT NULL,
	PRIMARY KEY(`company_id`, `currency`, `date`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TRIGGER exchange_rates_no_replace BEFORE INSERT ON exchange_rates
WHEN EXISTS (SELECT 1 FROM exchange_rates WHERE company_id = NEW.company_id AND currency = NEW.currency AND date = NEW.date)
BEGIN SELECT RAISE(ABORT, 'record_immutable: an exchange rate for that currency and day exists; correct it instead of replacing it'); END;
--> statement-breakpoint
CREATE TRIGGER exchange_rates_only_rate BEFORE UPDATE ON exchange_rates
WHEN NEW.company_id IS NOT OLD.company_id OR NEW.currency IS NOT OLD.currency OR NEW.date IS NOT OLD.date
BEGIN SELECT RAISE(ABORT, 'record_immutable: an exchange rate keeps its company, currency and day; only the rate can be corrected'); END;
--> statement-breakpoint
CREATE TRIGGER exchange_rates_no_delete BEFORE DELETE ON exchange_rates
BEGIN SELECT RAISE(ABORT, 'record_immutable: an exchange rate cannot be deleted (vouchers may cite it); correct it'); END;
