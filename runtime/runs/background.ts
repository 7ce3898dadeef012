/**
 * The background work of a runtime process: the worker loop (outbox events),
 * the schedule timer and run retention. `kontera serve` runs it beside the
 * HTTP server unless KONTERA_WORKER=off; `kontera worker` runs only this, so
 * web and worker processes can be scaled (and use cores) separately.
 */
import type { Database } from '../db/client.ts';
import type { Services } from '../kernel/services.ts';
import { ScheduleTimer } from '../timers/timer.ts';
import { Worker } from './worker.ts';

/**
 * Events a worker process's loop drains before it looks at its other jobs (schedules, retention) again:
 * many batches, so the decider thread decides batch N+1 while N commits all through a large statement
 * (a drain starts its pipeline afresh, the first batch's decisions waited for) — ≈ 3 s of work at a
 * 100 000-line statement's pace between two looks at the schedules. `npm run bench autopay` drains so too.
 */
export const workerDrainEvents = 10_000;

export function startBackgroundWork(database: Database, services: Services, options: { sharesThreadWithHttp?: boolean } = {}): Worker {
  if (process.env.KONTERA_LEASE_MS) services.runner.leaseMs = Number(process.env.KONTERA_LEASE_MS);
  // A process of its own (`kontera worker`, or serve with HTTP on another process) claims and commits bigger
  // batches: one commit per batch, so fewer and larger commits (KONTERA_WORKER_BATCH, default 500).
  const workerBatch = Number(process.env.KONTERA_WORKER_BATCH ?? 500);
  if (!(Number.isSafeInteger(workerBatch) && workerBatch >= 1 && workerBatch <= 5000)) {
    throw new Error(`KONTERA_WORKER_BATCH must be a whole number from 1 to 5000, not "${process.env.KONTERA_WORKER_BATCH}"`);
  }
  if (!options.sharesThreadWithHttp) services.runner.batchSize = workerBatch;
  const worker = new Worker(services.runner, {
    logger: services.runner.logger, pollMs: Number(process.env.KONTERA_POLL_MS ?? 250),
    // beside the HTTP server, short drains keep requests (webhook acknowledgements) from waiting long behind one
    perDrain: options.sharesThreadWithHttp ? 25 : Math.max(workerDrainEvents, workerBatch),
  });
  services.runner.onEnqueued = () => worker.wake();
  // Schedules: due occurrences are claimed in the database (exactly once across instances), at most twice a second.
  const timer = new ScheduleTimer(database.db, services.runner, { logger: services.runner.logger });
  let lastTickMs = 0;
  worker.tickJobs.push(async () => {
    if (Date.now() - lastTickMs < 500) return;
    lastTickMs = Date.now();
    await timer.tick();
  });
  // Runs that did nothing are pruned after KONTERA_RUN_RETENTION_DAYS (default 90; 0 keeps them); runs behind postings never.
  const retentionDays = Number(process.env.KONTERA_RUN_RETENTION_DAYS ?? 90);
  let lastPruneMs = 0;
  worker.tickJobs.push(async () => {
    if (Date.now() - lastPruneMs < 3_600_000) return;
    lastPruneMs = Date.now();
    await services.runner.pruneRuns(retentionDays);
    await services.idempotency.prune(); // Idempotency-Keys older than 24 h (an expired key is also claimed afresh on use)
  });
  worker.start();
  services.worker = worker;
  return worker;
}

/** Stops cleanly on SIGTERM/SIGINT: the loop finishes its batch, then the process exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop().finally(() => process.exit(0));
    });
  }
}
