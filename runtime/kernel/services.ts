/**
 * Service wiring: the runtime's services over one database, as the HTTP app,
 * the worker and the CLI use them.
 */
import { AuthStore } from '../auth/store.ts';
import { loadSecretKey, SecretBox, type SecretKey } from '../auth/secret-key.ts';
import { AutomationStore } from '../automations/store.ts';
import type { Database } from '../db/client.ts';
import { BankLineReceiver } from '../domains/bank/receive.ts';
import { IdempotencyStore } from '../http/idempotency.ts';
import { Metrics } from '../http/metrics.ts';
import { Ledger } from '../ledger/ledger.ts';
import { runtimeLogger } from '../log.ts';
import { decidableUrl, DeciderThread, decideThreadWanted } from '../runs/decider.ts';
import { Runner } from '../runs/runner.ts';
import { WebhookService } from '../webhooks/endpoints.ts';

export interface Services {
  database: Database;
  store: AutomationStore;
  ledger: Ledger;
  runner: Runner;
  /** the bank domain: bank lines received over the API */
  bank: BankLineReceiver;
  auth: AuthStore;
  webhooks: WebhookService;
  metrics: Metrics;
  /** AES-256-GCM under the server's secret key (webhook secrets, stored idempotent answers) */
  secretBox: SecretBox;
  idempotency: IdempotencyStore;
  /** set by the server when this process runs the worker loop */
  worker?: { stats: { running: boolean; processed: number; lastPollAt: string | null; lastError: string | null } };
}

/** `secretKey`: the server's key (servers load it at startup); by default KONTERA_SECRET_KEY or the key file beside the database. */
export function createServices(database: Database, options: { secretKey?: SecretKey; /** default: KONTERA_DECIDE_THREAD */ decideOnThread?: boolean } = {}): Services {
  const secretBox = new SecretBox(options.secretKey ?? loadSecretKey(database.url).key);
  const store = new AutomationStore(database.db);
  const runner = new Runner(database.db, store, { logger: runtimeLogger });
  // KONTERA_DECIDE_THREAD=1: batches are decided on a thread of their own while this one commits (runs/decider.ts)
  if ((options.decideOnThread ?? decideThreadWanted()) && decidableUrl(database.url)) runner.decider = new DeciderThread(database.url, runner.ports, runtimeLogger);
  const metrics = new Metrics();
  runner.metrics = metrics;
  const webhooks = new WebhookService(database.db, runner, secretBox);
  webhooks.onBatchCommitted = (size) => metrics.webhookBatchCommitted(size);
  return {
    database, store, ledger: new Ledger(database.db), runner, bank: new BankLineReceiver(runner), auth: new AuthStore(database.db), webhooks, metrics,
    secretBox, idempotency: new IdempotencyStore(database.db, secretBox),
  };
}
