/**
 * The second core for the runs: a worker thread that DECIDES batch N+1
 * (engine, match-payment against the in-memory matcher, the effects) while
 * the runner's thread COMMITS batch N (`Runner.drain` with a decider;
 * `kontera worker` with KONTERA_DECIDE_THREAD=1, the bench with
 * BENCH_AUTOPAY_DECIDE=thread). Deciding is pure JavaScript over reads; only
 * the runner's thread writes, so the two overlap without a second writer.
 *
 * Design (docs/bulk-runs.md, "The second core"):
 * - The runner stays generic. It ships claimed event rows (plain data) and
 *   gets back what its own decide loop makes (`Runner.decideEvents`: per
 *   event the runs with summary, status, reason, stored trace, effects,
 *   skipped automations; the summaries; automationCount) — structured-clone
 *   data: effects are plain (voucher drafts, payment decisions with their
 *   reasons as stored), the trace is sent as the JSON it is stored as. The
 *   answer travels as `v8.serialize` bytes whose buffer is transferred, and
 *   the runner reads it when it is about to commit that batch (`Decisions`),
 *   not while it commits the one before. The thread runs a Runner of its
 *   own over its own connection (reads only; WAL never blocks them) with its
 *   own automation store, chart reads and ports — built as
 *   bench/fixtures/worker-loop.ts builds services on a thread.
 * - Claims across the pipeline: while N+1 is decided, N is not committed. The
 *   runner passes N's claims (effect kinds' `claims`, e.g. `invoice:<id>`);
 *   an event of N+1 that claims any of them, or what an earlier event of N+1
 *   claims, is cut off with the rest of N+1 and decided again after N
 *   committed — the rule inside a batch, extended across the boundary. The
 *   runner checks the same again when it commits (it keeps the last word).
 * - Caches follow the writer instead of watching the database: the ports on
 *   the thread are created `follows` (kernel/ports.ts); the runner's ports
 *   forward every after-commit notice (`forwardNotices`: the matcher cache's
 *   `committed(base, after, allocations)` and `recheck`) and they are
 *   applied on the thread, in order, before it decides the next batch. The
 *   thread never reads the counter on its own during a batch, so the
 *   runner's commit of N cannot look like someone else's and make it read
 *   100 000 invoices again.
 * - Freshness is confirmed where it can be: inside the commit transaction
 *   (the write lock held) the runner checks that the counter now is the
 *   generation the thread's decisions read, moved only by this process's
 *   own commits since (`confirmSnapshot`). Otherwise someone else created,
 *   changed or settled an invoice meanwhile: the transaction writes nothing,
 *   the thread is told to look again, and the batch is decided on the
 *   runner's thread (verified as before). So a payment placed nowhere was
 *   placed nowhere on what is committed — a stronger guarantee than the
 *   inline path's "read the counter just now". Money never depends on it:
 *   the settlement's guarded UPDATE is unchanged.
 * - A batch N that does not commit cleanly (a refusal, the careful path,
 *   deferred events, stale decisions, a lost lease, an error): N+1's
 *   decisions are thrown away, the thread is told to look again, and N+1 is
 *   decided again. A thread that crashes or answers an error: that batch is
 *   decided on the runner's thread (its events stay claimed; nothing is lost)
 *   and the thread is not started again for `retryAfterMs`.
 * - Nothing is written on the thread; durability and re-delivery are the
 *   runner's, unchanged. An idle thread ends after `idleMs`; the next batch
 *   starts a new one (its caches read once again).
 */
import { availableParallelism } from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import { AutomationStore } from '../automations/store.ts';
import { openDatabase } from '../db/client.ts';
import type { Logger } from '../engine/types.ts';
import { systemClock } from '../kernel/clock.ts';
import type { EventRow } from '../kernel/outbox.ts';
import { applyNotice, createPorts, forwardNotices, recheckNotices, snapshotOf, type PortNotice, type RuntimePorts } from '../kernel/ports.ts';
import { deserialize, serialize } from 'node:v8';
import { Runner, rowsByCompany, silentLogger, type DecidedBatch, type DeciderPort, type Decisions } from './runner.ts';

/** What the runner's thread asks: decide these rows, after applying these notices. */
export interface DecideRequest {
  id: number;
  rows: EventRow[];
  startedAt: string;
  /** the runner's clock now (the thread's clock follows it: a test's runner may run on another day) */
  nowMs: number;
  /** what the batch being committed meanwhile claims */
  claimed: string[];
  notices: PortNotice[];
  /** no rows: have the caches read what deciding this company's events reads (`DeciderPort.warm`) */
  warm?: string;
}

export type DecideAnswer =
  /** `decided`: the `[company, DecidedBatch][]` as v8.serialize made it, its buffer transferred (read when committed: `Decisions`) */
  | { id: number; decided: Uint8Array; loads: number }
  | { id: number; error: string };

/**
 * KONTERA_DECIDE_THREAD: `1` decides on a thread of its own, `0` on the runner's thread; unset, `fallback` — for
 * `kontera worker` whether the machine has a second core (`workerDecidesOnThread`), for `serve` no (its worker shares
 * the thread with HTTP and drains 25 events at a time).
 */
export function decideThreadWanted(env: NodeJS.ProcessEnv = process.env, fallback = false): boolean {
  const value = env.KONTERA_DECIDE_THREAD ?? (fallback ? '1' : '0');
  if (!['0', '1'].includes(value)) throw new Error(`KONTERA_DECIDE_THREAD must be 0 or 1, not "${value}"`);
  return value === '1';
}

/** A worker process decides on a thread of its own when the machine has a second core for it (unless KONTERA_DECIDE_THREAD says). */
export const workerDecidesOnThread = (env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()) => decideThreadWanted(env, cores >= 2);

/** Only a database file can be opened by a second connection (not `:memory:`, not a server). */
export const decidableUrl = (url: string) => url.startsWith('file:') && !url.includes(':memory:');

/** The runner's side: starts the thread when first asked, forwards the ports' notices, answers null when it cannot. */
export class DeciderThread implements DeciderPort {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, (answer: Decisions | null) => void>();
  private notices: PortNotice[] = [];
  private lastId = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private failedAt = -Infinity;
  private closed = false;
  /** companies whose caches the running thread was asked to read ahead (`warm`) */
  private readonly warmed = new Set<string>();
  /** how many times the thread's caches read the invoices (as of its last answer; for tests and the bench) */
  loads = 0;
  /** threads started, and answers that failed (for tests and the bench) */
  readonly stats = { started: 0, failed: 0 };

  constructor(
    private readonly url: string, ports: RuntimePorts, private readonly logger: Logger = silentLogger,
    private readonly options: { idleMs?: number; retryAfterMs?: number } = {},
  ) {
    // what this thread's commits tell its caches, the decider's caches are told too (before its next decision)
    forwardNotices(ports, (notice) => { if (this.worker) this.notices.push(notice); });
  }

  decide(rows: readonly EventRow[], startedAt: string, nowMs: number, claimed: readonly string[]): Promise<Decisions | null> {
    const worker = this.running();
    if (!worker) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.send(worker, { rows: [...rows], startedAt, nowMs, claimed: [...claimed] }, resolve);
      worker.ref(); // the process waits for the answer
    });
  }

  recheck(companyId: string): void {
    if (this.worker) this.notices.push(...recheckNotices(companyId));
  }

  /** Starts the thread and has it read the company's caches, once per company while it runs (answered like a decision of nothing). */
  warm(companyId: string): void {
    if (this.worker && this.warmed.has(companyId)) return;
    const worker = this.running();
    if (!worker) return;
    this.warmed.add(companyId);
    this.send(worker, { rows: [], startedAt: '', nowMs: Date.now(), claimed: [], warm: companyId }, () => {});
    if (this.pending.size === 1) worker.unref(); // only this: a process with nothing else to do does not wait for it
  }

  /** Posts a request with the notices given since the last one (applied on the thread before it), its answer to `resolve`. */
  private send(worker: Worker, request: Omit<DecideRequest, 'id' | 'notices'>, resolve: (answer: Decisions | null) => void): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const id = ++this.lastId;
    this.pending.set(id, resolve);
    worker.postMessage({ ...request, id, notices: this.notices } satisfies DecideRequest);
    this.notices = [];
  }

  /** Ends the thread now: its pending decisions answer null (decided on the runner's thread); the next decision starts a new one. */
  async stopThread(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.forget(worker);
    await worker.terminate();
  }

  close(): void {
    this.closed = true;
    void this.stopThread();
  }

  private running(): Worker | null {
    if (this.worker) return this.worker;
    if (this.closed || performance.now() - this.failedAt < (this.options.retryAfterMs ?? 60_000)) return null;
    const worker = new Worker(new URL('./decider-thread.mjs', import.meta.url), { workerData: this.url });
    this.worker = worker;
    this.stats.started++;
    worker.on('message', (answer: DecideAnswer) => this.answered(worker, answer));
    worker.on('error', (error) => this.failed(worker, error.message));
    worker.on('exit', (code) => this.failed(worker, `the thread stopped (exit code ${code})`));
    return worker;
  }

  private answered(worker: Worker, answer: DecideAnswer): void {
    const resolve = this.pending.get(answer.id);
    this.pending.delete(answer.id);
    if ('error' in answer) {
      this.stats.failed++;
      this.logger.warn('the decider thread could not decide a batch; deciding it here', { error: answer.error });
      resolve?.(null);
    } else {
      this.loads = answer.loads;
      const bytes = answer.decided;
      resolve?.(() => new Map(deserialize(bytes) as [string, DecidedBatch][]));
    }
    if (this.pending.size === 0 && this.worker === worker) {
      worker.unref();
      this.idleTimer = setTimeout(() => void this.stopThread(), this.options.idleMs ?? 30_000);
      this.idleTimer.unref();
    }
  }

  /** The thread crashed or could not start: what it had is decided here; not started again for a while. */
  private failed(worker: Worker, reason: string): void {
    if (this.worker !== worker) return; // stopped on purpose
    this.stats.failed++;
    this.failedAt = performance.now();
    this.logger.warn('the decider thread failed; batches are decided on the runner\'s thread for now', { error: reason });
    this.forget(worker);
  }

  private forget(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.notices = []; // a new thread reads its caches afresh
    this.warmed.clear();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const resolve of this.pending.values()) resolve(null);
    this.pending.clear();
  }
}

/**
 * The thread's side (started by decider-thread.mjs): its own connection,
 * automation store and ports that follow the runner's commits; answers each
 * request in the order they came.
 */
export async function serveDecisions(url: string, port: MessagePort): Promise<void> {
  const database = await openDatabase(url);
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs), newId: systemClock.newId };
  const ports = createPorts(database.db, undefined, { follows: true });
  const runner = new Runner(database.db, new AutomationStore(database.db), { clock, ports });
  const answer = async (request: DecideRequest): Promise<DecideAnswer> => {
    try {
      offsetMs = request.nowMs - Date.now();
      for (const notice of request.notices) applyNotice(ports, notice);
      if (request.warm !== undefined) {
        await runner.warm(request.warm);
        return { id: request.id, decided: serialize([]), loads: ports.openInvoices.loads };
      }
      const decided: [string, DecidedBatch][] = [];
      for (const [companyId, rows] of rowsByCompany(request.rows)) {
        const { events, names } = await runner.decideEvents(companyId, rows, request.startedAt, request.claimed);
        decided.push([companyId, { startedAt: request.startedAt, events, names, snapshot: snapshotOf(ports, companyId) }]);
      }
      return { id: request.id, decided: serialize(decided), loads: ports.openInvoices.loads };
    } catch (error) {
      return { id: request.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
  };
  let queue = Promise.resolve();
  port.on('message', (request: DecideRequest) => {
    queue = queue.then(async () => {
      const reply = await answer(request);
      // the serialized decisions move to the runner's thread (transferred, not copied): v8.serialize's buffer is its own
      const buffer = 'decided' in reply ? reply.decided.buffer : null;
      const own = buffer instanceof ArrayBuffer && 'decided' in reply && reply.decided.byteOffset === 0 && reply.decided.byteLength === buffer.byteLength;
      port.postMessage(reply, own ? [buffer] : []);
    });
  });
}
