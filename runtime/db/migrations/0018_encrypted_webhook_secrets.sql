-- Webhook signing secrets are kept encrypted (AES-256-GCM under the server's
-- secret key, runtime/auth/secret-key.ts), with the id of the key that sealed
-- each one. SQL cannot encrypt (the key is not in the database): at startup
-- WebhookService.encryptPlaintextSecrets() seals what is left in `secret` and
-- `previous_secret` and empties them (`secret` stays NOT NULL, as '').
ALTER TABLE `webhook_endpoints` ADD `secret_key_id` text;
--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `secret_ciphertext` text;
--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `previous_secret_key_id` text;
--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `previous_secret_ciphertext` text;
