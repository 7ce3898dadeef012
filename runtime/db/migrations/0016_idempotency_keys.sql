-- Idempotency-Key on creating POSTs (runtime/http/idempotency.ts). One row per
-- (company, caller, key): inserted as a claim before the request runs (status
-- NULL: in progress), then given the final answer, sealed with the server's
-- secret key. Rows expire 24 h after first use.
CREATE TABLE `idempotency_keys` (
	`company_id` text NOT NULL,
	`principal` text NOT NULL,
	`key` text NOT NULL,
	`target` text NOT NULL,
	`route` text NOT NULL,
	`body_hash` text NOT NULL,
	`claim_id` text NOT NULL,
	`claimed_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`status` integer,
	`response_key_id` text,
	`response` text,
	PRIMARY KEY(`company_id`, `principal`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_expires` ON `idempotency_keys` (`expires_at`);
