-- chart_version becomes a random stamp instead of a counter: a counter returns to an old
-- value after a rolled-back transaction that changed the chart, and a process could then
-- trust a cached chart that was never committed. A random stamp (53 bits, a safe integer) is not reused.
DROP TRIGGER accounts_insert_chart_version;
--> statement-breakpoint
CREATE TRIGGER accounts_insert_chart_version AFTER INSERT ON accounts
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER accounts_update_chart_version;
--> statement-breakpoint
CREATE TRIGGER accounts_update_chart_version AFTER UPDATE ON accounts
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER accounts_delete_chart_version;
--> statement-breakpoint
CREATE TRIGGER accounts_delete_chart_version AFTER DELETE ON accounts
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = OLD.company_id; END;
--> statement-breakpoint
DROP TRIGGER voucher_series_insert_chart_version;
--> statement-breakpoint
CREATE TRIGGER voucher_series_insert_chart_version AFTER INSERT ON voucher_series
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER voucher_series_update_chart_version;
--> statement-breakpoint
CREATE TRIGGER voucher_series_update_chart_version AFTER UPDATE ON voucher_series
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER voucher_series_delete_chart_version;
--> statement-breakpoint
CREATE TRIGGER voucher_series_delete_chart_version AFTER DELETE ON voucher_series
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = OLD.company_id; END;
--> statement-breakpoint
DROP TRIGGER vat_codes_insert_chart_version;
--> statement-breakpoint
CREATE TRIGGER vat_codes_insert_chart_version AFTER INSERT ON vat_codes
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER vat_codes_update_chart_version;
--> statement-breakpoint
CREATE TRIGGER vat_codes_update_chart_version AFTER UPDATE ON vat_codes
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER vat_codes_delete_chart_version;
--> statement-breakpoint
CREATE TRIGGER vat_codes_delete_chart_version AFTER DELETE ON vat_codes
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = OLD.company_id; END;
--> statement-breakpoint
DROP TRIGGER dimension_objects_insert_chart_version;
--> statement-breakpoint
CREATE TRIGGER dimension_objects_insert_chart_version AFTER INSERT ON dimension_objects
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER dimension_objects_update_chart_version;
--> statement-breakpoint
CREATE TRIGGER dimension_objects_update_chart_version AFTER UPDATE ON dimension_objects
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER dimension_objects_delete_chart_version;
--> statement-breakpoint
CREATE TRIGGER dimension_objects_delete_chart_version AFTER DELETE ON dimension_objects
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = OLD.company_id; END;
--> statement-breakpoint
DROP TRIGGER fiscal_years_insert_chart_version;
--> statement-breakpoint
CREATE TRIGGER fiscal_years_insert_chart_version AFTER INSERT ON fiscal_years
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER fiscal_years_update_chart_version;
--> statement-breakpoint
CREATE TRIGGER fiscal_years_update_chart_version AFTER UPDATE ON fiscal_years
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER fiscal_years_delete_chart_version;
--> statement-breakpoint
CREATE TRIGGER fiscal_years_delete_chart_version AFTER DELETE ON fiscal_years
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = OLD.company_id; END;
--> statement-breakpoint
DROP TRIGGER periods_insert_chart_version;
--> statement-breakpoint
CREATE TRIGGER periods_insert_chart_version AFTER INSERT ON periods
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER periods_update_chart_version;
--> statement-breakpoint
CREATE TRIGGER periods_update_chart_version AFTER UPDATE ON periods
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = NEW.company_id; END;
--> statement-breakpoint
DROP TRIGGER periods_delete_chart_version;
--> statement-breakpoint
CREATE TRIGGER periods_delete_chart_version AFTER DELETE ON periods
BEGIN UPDATE companies SET chart_version = abs(random() % 9007199254740991) WHERE id = OLD.company_id; END;
--> statement-breakpoint
UPDATE companies SET chart_version = abs(random() % 9007199254740991);
