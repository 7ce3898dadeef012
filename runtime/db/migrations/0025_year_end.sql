-- Year-end close and re-open (issue 13). Opening balances stay append-only (0003, 0014), so a
-- year-end cannot rewrite the next year's #IB. Instead each act adds a *carry* of rows: the
-- opening balance of an account is the sum of its rows over all carries. Carry 0 is what SIE
-- import sets; a close of year Y writes, into Y's next year, the difference between Y's closing
-- balance and the opening balance already there (carry = the act's number); a re-open writes the
-- negation of what that close carried. So a re-close after a re-open writes the new balances
-- correctly, and every earlier figure stays readable (who carried what, and when).
CREATE TABLE `opening_balances_carried` (
	`company_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`account` text NOT NULL,
	`carry` integer DEFAULT 0 NOT NULL,
	`amount_minor` integer NOT NULL,
	PRIMARY KEY(`company_id`, `fiscal_year`, `account`, `carry`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `opening_balances_carried` (`company_id`, `fiscal_year`, `account`, `carry`, `amount_minor`)
  SELECT `company_id`, `fiscal_year`, `account`, 0, `amount_minor` FROM `opening_balances`;
--> statement-breakpoint
DROP TABLE `opening_balances`;
--> statement-breakpoint
ALTER TABLE `opening_balances_carried` RENAME TO `opening_balances`;
--> statement-breakpoint
CREATE TRIGGER opening_balances_no_update BEFORE UPDATE ON opening_balances
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: opening balances cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER opening_balances_no_delete BEFORE DELETE ON opening_balances
BEGIN SELECT RAISE(ABORT, 'ledger_immutable: opening balances cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER opening_balances_no_replace BEFORE INSERT ON opening_balances
WHEN EXISTS (SELECT 1 FROM opening_balances WHERE company_id = NEW.company_id AND fiscal_year = NEW.fiscal_year AND account = NEW.account AND carry = NEW.carry)
BEGIN SELECT RAISE(IGNORE); END;
--> statement-breakpoint
-- The year-end acts: a close (its result voucher, if the year had a result) or a re-open (its
-- reversal voucher and reason), numbered per company and year. A year is closed when its last act
-- is a close. Records: never changed, never deleted, never replaced.
CREATE TABLE `year_end_acts` (
	`company_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`act` integer NOT NULL,
	`kind` text NOT NULL CHECK (`kind` IN ('close', 'reopen')),
	`voucher_id` text,
	`result_minor` integer NOT NULL,
	`carried_into` integer NOT NULL,
	`reason` text,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	PRIMARY KEY(`company_id`, `fiscal_year`, `act`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voucher_id`) REFERENCES `vouchers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TRIGGER year_end_acts_no_replace BEFORE INSERT ON year_end_acts
WHEN EXISTS (SELECT 1 FROM year_end_acts WHERE company_id = NEW.company_id AND fiscal_year = NEW.fiscal_year AND act = NEW.act)
BEGIN SELECT RAISE(ABORT, 'record_immutable: a year-end act cannot be replaced'); END;
--> statement-breakpoint
CREATE TRIGGER year_end_acts_no_update BEFORE UPDATE ON year_end_acts
BEGIN SELECT RAISE(ABORT, 'record_immutable: a year-end act cannot be changed; re-open or close the year again'); END;
--> statement-breakpoint
CREATE TRIGGER year_end_acts_no_delete BEFORE DELETE ON year_end_acts
BEGIN SELECT RAISE(ABORT, 'record_immutable: a year-end act cannot be deleted'); END;
