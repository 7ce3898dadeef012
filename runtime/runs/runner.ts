/**
 * Turns events into runs: stores what arrived, fires every published
 * automation with the matching trigger, and commits each run — its vouchers,
 * its run record and any exception — in one transaction.
 */
import { and, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import {
  inclusiveUntil, type BankLinesResponse, type BookedBy, type ExceptionItem, type ManualRunResponse, type RunDetail, type RunSummary, type TraceStep, type WorkQueue,
} from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf, type BankLine } from '../../shared/nodes/index.ts';
import type { AutomationStore } from '../automations/store.ts';
import { insertRows, rawExecutor, type Db } from '../db/client.ts';
import { auditEvents, bankLines, events, exceptions, runs, vouchers } from '../db/schema.ts';
import { executeRun } from '../engine/engine.ts';
import type { EngineContext, Logger, RunResult } from '../engine/types.ts';
import { loadChart, type Chart } from '../ledger/chart.ts';
import { checkVoucher } from '../ledger/check.ts';
import { postVouchersWithin, systemClock, type LedgerClock } from '../ledger/ledger.ts';
import { LedgerRefusal } from '../ledger/types.ts';
import { NotFound } from '../automations/store.ts';
import { failpoint } from './failpoints.ts';
import { bankLineEvent, bankLineKey, storeBankLines } from './bank-lines.ts';
import { fiscalYearEndOf, storeOriginal } from '../originals/store.ts';
import { moveAgain, moveReceivedDeliveries, refusedDeliveryOf, waitingDeliveries } from './intake.ts';

export interface ClaimedEvent {
  row: typeof events.$inferSelect;
  /** the fencing token: only the holder of an unexpired lease may commit */
  owner: string;
}

export interface ClaimedBatch {
  rows: (typeof events.$inferSelect)[];
  owner: string;
}

export interface EventOutcome {
  runs: RunSummary[];
  exceptionId: string | null;
}

/** This worker's lease on the event expired and someone else may hold it: commit nothing. */
export class LeaseLost extends Error {
  constructor(eventId: string) {
    super(`The lease on event ${eventId} was lost`);
    this.name = 'LeaseLost';
  }
}

async function assertLease(tx: Pick<Db, 'select'>, fence: { eventId: string; owner: string }, nowIso: string): Promise<void> {
  const [row] = await tx.select({ owner: events.leaseOwner, expires: events.leaseExpiresAt }).from(events).where(eq(events.id, fence.eventId));
  if (!row || row.owner !== fence.owner || !row.expires || row.expires < nowIso) throw new LeaseLost(fence.eventId);
}

/**
 * A bank line is money that moved once: it is booked by at most one
 * automation. Automations run in priority order; after one has posted, the
 * rest record why they did not run.
 */
function exclusivePosting(triggerType: string): boolean {
  return triggerType === 'bank-line-imported';
}

class AlreadyBooked extends Error {
  constructor(readonly automationId: string) {
    super(`already booked by ${automationId}`);
  }
}

function alreadyBooked(automationId: string): RunResult {
  return {
    status: 'no_match', reason: `The bank line was already booked by "${automationId}" (higher priority); it is booked once`,
    trace: [], vouchers: [], flags: [],
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {} };

/**
 * Lets the event loop serve what is waiting (other requests, timers) before
 * going on: the local database answers synchronously, so awaiting it alone
 * never yields to I/O.
 */
export const turnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number of 0 or more, not "${raw}"`);
  return value;
}

/** What "Run now" is asked (the route has checked the shapes). */
export interface ManualRunInput {
  /** a stored document, "bank-line:<id>" */
  source?: string;
  /** a test event */
  event?: Record<string, unknown>;
  /** post for real; otherwise a dry run */
  post: boolean;
  /** a test event posted for real: its identity (default: a hash of the event) */
  idempotencyKey?: string;
}

/** A manual run that cannot be asked that way (e.g. a bank line for an automation not triggered by one): 400, naming the field. */
export interface ManualRunRefused { refused: { path: string; message: string } }

/** JSON with object keys sorted at every level: the same event, however its keys were ordered, has one text (and one hash). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The answer to a bank-line request too large to run before answering: stored, counted, queued for the worker. */
export interface BankLinesQueued {
  received: number;
  duplicates: number;
  queued: number;
  receivedAt: string;
  originalId?: string;
}

export interface RunnerOptions {
  clock?: LedgerClock;
  logger?: Logger;
}

type RunRow = typeof runs.$inferSelect;

/** The columns of a run row, for the batched multi-row INSERT of the worker's hot path. */
const runColumns: [string, keyof typeof runs.$inferInsert][] = [
  ['id', 'id'], ['company_id', 'companyId'], ['automation_id', 'automationId'], ['automation_version', 'automationVersion'],
  ['trigger_type', 'triggerType'], ['source_ref', 'sourceRef'], ['event_key', 'eventKey'], ['status', 'status'], ['reason', 'reason'],
  ['event', 'event'], ['trace', 'trace'], ['started_at', 'startedAt'], ['duration_ms', 'durationMs'],
];

export class Runner {
  readonly clock: LedgerClock;
  readonly logger: Logger;

  constructor(readonly db: Db, readonly store: AutomationStore, options: RunnerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  private engineContext(chart: Chart): EngineContext {
    let proposals = 0;
    return {
      clock: { now: () => this.clock.now(), elapsedMs: () => performance.now() },
      newId: () => this.clock.newId(),
      logger: this.logger,
      ledger: {
        propose: (draft) => {
          try {
            checkVoucher(chart, draft);
            proposals++;
            return { ok: true, ref: `proposal-${proposals}` };
          } catch (error) {
            if (error instanceof LedgerRefusal) return { ok: false, code: error.code, message: error.message, lineIndex: error.lineIndex };
            throw error;
          }
        },
      },
    };
  }

  /** Runs a document on an event without writing anything: the trace and the vouchers it would post. */
  async dryRun(companyId: string, document: AutomationDocument, event: Record<string, unknown>): Promise<RunResult> {
    const chart = await this.requireChart(companyId);
    return executeRun({ runId: 'dry-run', document, event, eventKey: 'dry-run', sourceRef: null }, this.engineContext(chart));
  }

  private async requireChart(companyId: string): Promise<Chart> {
    const chart = await loadChart(this.db, companyId);
    if (!chart) throw new NotFound(`Company "${companyId}" does not exist`);
    return chart;
  }

  /**
   * Receives bank lines. Each line and its event are stored and committed
   * before anything runs, so nothing is lost; then this process tries to
   * handle the events at once (a worker picks up whatever it cannot). A line
   * seen before runs nothing again.
   *
   * The local database runs synchronously on this thread, so a big request
   * is stored in transactions of `bankLinesChunk` lines with a turn of the
   * event loop between them (other tenants' requests are served meanwhile),
   * and a request of more than `bankLinesInlineMax` lines is not run here:
   * it is answered once stored (`queued`), and the worker runs it in small
   * batches. Each line is its own event either way: booked once, and a
   * request sent again after a failure stores only what is missing.
   */
  async receiveBankLines(companyId: string, lines: BankLine[], original?: { bytes: Uint8Array; mediaType: string; receivedBy: string })
    : Promise<BankLinesResponse | BankLinesQueued> {
    await this.requireChart(companyId);
    const receivedAt = this.clock.now().toISOString();
    const fresh: { line: BankLine; eventId: string }[] = [];
    let duplicates = 0;
    let originalId: string | undefined;
    for (let start = 0; start < lines.length; start += this.bankLinesChunk) {
      if (start > 0) await turnOfTheEventLoop();
      const part = lines.slice(start, start + this.bankLinesChunk);
      await this.db.transaction(async (tx) => {
        const versions = await this.versionsInForce(tx, companyId, 'bank-line-imported');
        if (original && start === 0) {
          // The request body as received (BFL 7:2), in the same transaction as its lines; kept by the fiscal year of the latest line.
          const documentDate = lines.reduce((latest, line) => (line.bookingDate > latest ? line.bookingDate : latest), '') || null;
          const fiscalYearEnd = documentDate ? await fiscalYearEndOf(tx, companyId, documentDate) : null;
          originalId = (await storeOriginal(tx, { companyId, kind: 'bank-lines-request', ...original, receivedAt, documentDate, fiscalYearEnd })).id;
        }
        const stored = await storeBankLines(rawExecutor(tx), part.map((line) => ({ companyId, receivedAt, line, originalId })));
        const fresh_ = part.filter((line) => stored.has(bankLineKey(companyId, line.id)));
        const ids = await this.enqueueMany(tx, companyId, fresh_.map((line) => bankLineEvent(line, versions)));
        fresh_.forEach((line, i) => fresh.push({ line, eventId: ids[i] }));
      });
    }
    duplicates = lines.length - fresh.length;
    failpoint('after-store');
    if (lines.length > this.bankLinesInlineMax) {
      if (fresh.length) this.onEnqueued?.();
      return { received: lines.length, duplicates, queued: fresh.length, receivedAt, ...(originalId ? { originalId } : {}) };
    }
    const processed = new Map<string, EventOutcome>();
    for (let i = 0; i < fresh.length; i += this.batchSize) {
      if (i > 0) await turnOfTheEventLoop();
      const batch = await this.claimBatch(this.batchSize, fresh.slice(i, i + this.batchSize).map((f) => f.eventId));
      if (batch) for (const [id, outcome] of await this.processBatch(batch)) processed.set(id, outcome);
    }
    if (processed.size < fresh.length) this.onEnqueued?.();
    const freshIds = new Map(fresh.map((f) => [f.line.id, f.eventId]));
    const results: BankLinesResponse['results'] = [];
    for (const line of lines) {
      if (results.length && results.length % this.batchSize === 0) await turnOfTheEventLoop(); // a few queries per line already seen
      const sourceRef = `bank-line:${line.id}`;
      const eventId = freshIds.get(line.id);
      const outcome = eventId ? processed.get(eventId) : undefined;
      if (outcome) {
        results.push({ id: line.id, duplicate: false, runs: outcome.runs, exceptionId: outcome.exceptionId });
        continue;
      }
      const [exception] = await this.db.select({ id: exceptions.id }).from(exceptions)
        .where(and(eq(exceptions.companyId, companyId), eq(exceptions.sourceRef, sourceRef)));
      results.push({ id: line.id, duplicate: !eventId, runs: await this.runsFor(companyId, sourceRef), exceptionId: exception?.id ?? null });
    }
    return { received: lines.length, duplicates, results, ...(originalId ? { originalId } : {}) };
  }

  /**
   * "Run now": the published version of one automation, by hand. Either on
   * a stored document (`source: "bank-line:<id>"`) — its stored event, its
   * source ref on any voucher, and the book-once rule of automatic runs (a
   * line already booked runs nothing, and the answer says who booked it) —
   * or on a test event. Both are dry runs (nothing written: the trace and
   * the vouchers it would post) unless `post` is true. A test event posted
   * for real is identified by a SHA-256 of its canonical JSON (or by the
   * caller's idempotency key), so the same event posts once however often
   * it is sent. Who ran it for real is in the audit log.
   */
  async runManually(companyId: string, automationId: string, request: ManualRunInput, by: string): Promise<ManualRunResponse | ManualRunRefused> {
    const chart = await this.requireChart(companyId);
    const versions = await this.versionsInForce(this.db, companyId, '', automationId);
    const version = versions[automationId];
    const document = version === undefined ? null : await this.store.version(companyId, automationId, version);
    if (!document) throw new NotFound(`Automation "${automationId}" has no published version`);
    const triggerType = document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger')?.type ?? 'unknown';

    let event: Record<string, unknown>;
    let sourceRef: string;
    let bankLineId: string | null = null;
    if (request.source !== undefined) {
      bankLineId = request.source.slice('bank-line:'.length);
      if (triggerType !== 'bank-line-imported') {
        return { refused: { path: 'source', message: `Automation "${automationId}" is triggered by "${descriptorOf(triggerType)?.label ?? triggerType}", not by a bank line: run it on an event instead` } };
      }
      const [line] = await this.db.select().from(bankLines).where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, bankLineId)));
      if (!line) throw new NotFound(`Bank line "${bankLineId}" does not exist`);
      ({ payload: event, sourceRef } = bankLineEvent({
        id: line.id, bookingDate: line.bookingDate, amountMinor: line.amountMinor, currency: line.currency, text: line.text,
        reference: line.reference, counterparty: line.counterparty, bankAccount: line.bankAccount,
      }, versions));
    } else if (request.event !== undefined) {
      event = request.event;
      sourceRef = request.idempotencyKey !== undefined ? `manual:key:${request.idempotencyKey}` : `manual:event:${sha256Hex(canonicalJson(event))}`;
    } else {
      return { refused: { path: 'source', message: 'Give "source" (a stored document, "bank-line:<id>") or "event" (a test event)' } };
    }
    const base = { automationId, automationVersion: document.version, sourceRef };
    const bookedBy = bankLineId === null ? null : await this.bookedBy(companyId, sourceRef);

    if (!request.post) {
      const result = await executeRun({ runId: 'dry-run', document, event, eventKey: 'dry-run', sourceRef }, this.engineContext(chart));
      return { dryRun: true, ...base, bookedBy, status: result.status, reason: result.reason, trace: result.trace, vouchers: result.vouchers };
    }
    if (bookedBy) return { dryRun: false, ...base, bookedBy, repeated: false, runs: [], exceptionId: null };

    // A bank line: a new attempt each time (the book-once check decides); a test event: its identity, so a repeat finds the first.
    const eventKey = bankLineId !== null ? `${sourceRef}:manual:${this.clock.newId()}` : `manual:${automationId}:${sourceRef.slice('manual:'.length)}`;
    const [seen] = bankLineId !== null ? [] : await this.db.select({ id: events.id, status: events.status }).from(events)
      .where(and(eq(events.companyId, companyId), eq(events.eventKey, eventKey)));
    if (seen) {
      if (seen.status !== 'done') return { queued: seen.id };
      const rows = await this.db.select().from(runs).where(and(eq(runs.companyId, companyId), eq(runs.eventKey, eventKey)));
      const summaries: RunSummary[] = [];
      for (const row of rows) summaries.push(this.summaryOf(row, await this.voucherIdsOf(row.id)));
      const [exception] = rows.length ? await this.db.select({ id: exceptions.id }).from(exceptions)
        .where(and(eq(exceptions.companyId, companyId), inArray(exceptions.runId, rows.map((r) => r.id)))).limit(1) : [];
      return { dryRun: false, ...base, bookedBy: null, repeated: true, runs: summaries, exceptionId: exception?.id ?? null };
    }
    const eventId = await this.db.transaction(async (tx) => this.enqueue(tx, companyId, {
      triggerType: bankLineId !== null ? 'bank-line-imported' : 'manual', automationId, eventKey, sourceRef, payload: event,
      versions: { [automationId]: document.version },
    }));
    const outcome = await this.processNow(eventId);
    if (!outcome) return { queued: eventId };
    const posted = outcome.runs.find((r) => r.status === 'posted');
    await this.db.insert(auditEvents).values({
      id: this.clock.newId(), companyId, at: this.clock.now().toISOString(), actor: by, action: 'automation.run', subject: `automation:${automationId}`,
      details: JSON.stringify({ version: document.version, sourceRef, eventKey, runs: outcome.runs.map((r) => r.id), posted: !!posted }),
    });
    if (bankLineId !== null && posted) {
      // The line is booked now: its open inbox items (nothing handled it, a run failed) are resolved, saying by what.
      const open = await this.db.select({ id: exceptions.id }).from(exceptions)
        .where(and(eq(exceptions.companyId, companyId), eq(exceptions.sourceRef, sourceRef), eq(exceptions.status, 'open')));
      for (const item of open) {
        await this.resolveException(companyId, item.id, by, `Booked by a manual run: ${automationId} v${document.version}, run ${posted.id}`);
      }
    }
    // Booked meanwhile by someone else: the run says so, and the answer names the voucher.
    const bookedNow = bankLineId !== null && !posted ? await this.bookedBy(companyId, sourceRef) : null;
    return { dryRun: false, ...base, bookedBy: bookedNow, repeated: false, runs: outcome.runs, exceptionId: outcome.exceptionId };
  }

  /** The voucher that booked a source document, if one did (a bank line is booked once). */
  private async bookedBy(companyId: string, sourceRef: string): Promise<BookedBy | null> {
    const [voucher] = await this.db.select({
      voucherId: vouchers.id, series: vouchers.series, number: vouchers.number, automationId: vouchers.automationId,
      runId: vouchers.runId, registeredBy: vouchers.registeredBy,
    }).from(vouchers).where(and(eq(vouchers.companyId, companyId), eq(vouchers.sourceRef, sourceRef))).orderBy(vouchers.registeredAt).limit(1);
    return voucher ?? null;
  }

  /** Called after events were committed, e.g. to wake the worker loop. */
  onEnqueued?: () => void;

  /** The published version in force of each automation with this trigger (or of one automation): what an event will run on. */
  async versionsInForce(dbOrTx: unknown, companyId: string, triggerType: string, automationId?: string): Promise<Record<string, number>> {
    // Raw SQL: this runs inside every webhook group commit (a prepared statement, no query building).
    const { rows } = await rawExecutor(dbOrTx).execute({
      sql: `SELECT a.id, a.published_version FROM automations a
        JOIN automation_versions v ON v.company_id = a.company_id AND v.automation_id = a.id AND v.version = a.published_version
        WHERE a.company_id = ? AND ${automationId ? 'a.id = ?' : 'v.trigger_type = ?'}`,
      args: [companyId, automationId ?? triggerType],
    });
    const versions: Record<string, number> = {};
    for (const row of rows) versions[String(row.id)] = Number(row.published_version);
    return versions;
  }

  /** Stores an event in the outbox (inside the caller's transaction). The same key again is ignored. */
  async enqueue(tx: Pick<Db, 'insert' | 'select'>, companyId: string, input: {
    triggerType: string; eventKey: string; sourceRef: string | null; payload: Record<string, unknown>;
    versions: Record<string, number>; automationId?: string; availableAt?: string;
  }): Promise<string> {
    const id = this.clock.newId();
    const now = this.clock.now().toISOString();
    const inserted = await tx.insert(events).values({
      id, companyId, triggerType: input.triggerType, automationId: input.automationId ?? null, versions: JSON.stringify(input.versions),
      eventKey: input.eventKey, sourceRef: input.sourceRef, payload: JSON.stringify(input.payload), status: 'pending',
      availableAt: input.availableAt ?? now, createdAt: now,
    }).onConflictDoNothing().returning({ id: events.id });
    if (inserted.length) return id;
    const [existing] = await tx.select({ id: events.id }).from(events).where(and(eq(events.companyId, companyId), eq(events.eventKey, input.eventKey)));
    return existing.id;
  }

  /**
   * Stores several events of one company in the outbox with multi-row
   * inserts (inside the caller's transaction): `enqueue` for many. A key seen
   * before keeps its event. Returns the event ids in input order.
   */
  async enqueueMany(tx: unknown, companyId: string, inputs: {
    triggerType: string; eventKey: string; sourceRef: string | null; payload: Record<string, unknown>; versions: Record<string, number>;
  }[]): Promise<string[]> {
    const sqlOf = rawExecutor(tx);
    const now = this.clock.now().toISOString();
    const ids = inputs.map(() => this.clock.newId());
    const byKey = new Map<string, string>();
    const chunk = 500; // 9 values a row, well under SQLite's limit on bound values
    for (let start = 0; start < inputs.length; start += chunk) {
      const part = inputs.slice(start, start + chunk);
      const args: (string | null)[] = [];
      part.forEach((input, i) => args.push(ids[start + i], companyId, input.triggerType, JSON.stringify(input.versions), input.eventKey,
        input.sourceRef, JSON.stringify(input.payload), now, now));
      const { rows } = await sqlOf.execute({
        sql: `INSERT INTO events (id, company_id, trigger_type, versions, event_key, source_ref, payload, status, available_at, created_at) VALUES ${
          part.map(() => "(?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)").join(', ')} ON CONFLICT DO NOTHING RETURNING id, event_key`,
        args,
      });
      for (const row of rows) byKey.set(String(row.event_key), String(row.id));
    }
    const missing = inputs.filter((input) => !byKey.has(input.eventKey)).map((input) => input.eventKey);
    for (let start = 0; start < missing.length; start += chunk) {
      const part = missing.slice(start, start + chunk);
      const { rows } = await sqlOf.execute({
        sql: `SELECT id, event_key FROM events WHERE company_id = ? AND event_key IN (${part.map(() => '?').join(', ')})`, args: [companyId, ...part],
      });
      for (const row of rows) byKey.set(String(row.event_key), String(row.id));
    }
    return inputs.map((input) => byKey.get(input.eventKey)!);
  }

  private claimCounter = 0;
  /** This process, in lease owners and logs. */
  readonly instanceId = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  leaseMs = 30_000;
  attemptsMax = 5;

  /**
   * Claims one due event (or the given one) with a lease, atomically: one
   * that is pending and available, or processing with an expired lease (its
   * worker died). Each claim gets a new owner token: the fence.
   */
  async claim(eventId?: string): Promise<ClaimedEvent | null> {
    const now = this.clock.now();
    const owner = `${this.instanceId}:${++this.claimCounter}`;
    const expires = new Date(now.getTime() + this.leaseMs).toISOString();
    const nowIso = now.toISOString();
    const due = sql`((${events.status} = 'pending' AND ${events.availableAt} <= ${nowIso}) OR (${events.status} = 'processing' AND ${events.leaseExpiresAt} < ${nowIso} AND ${events.attempts} < ${this.attemptsMax}))`;
    const target = eventId
      ? eq(events.id, eventId)
      : sql`${events.id} = (SELECT id FROM events WHERE (status = 'pending' AND available_at <= ${nowIso}) OR (status = 'processing' AND lease_expires_at < ${nowIso} AND attempts < ${this.attemptsMax}) ORDER BY available_at LIMIT 1)`;
    const [row] = await this.db.update(events)
      .set({ status: 'processing', leaseOwner: owner, leaseExpiresAt: expires, attempts: sql`${events.attempts} + 1` })
      .where(and(target, due)).returning();
    return row ? { row, owner } : null;
  }

  /**
   * Claims up to `size` due events of one company at once (or the given ids),
   * under one lease owner: the batch is processed and committed together.
   */
  async claimBatch(size: number, ids?: string[]): Promise<ClaimedBatch | null> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const owner = `${this.instanceId}:${++this.claimCounter}`;
    const expires = new Date(now.getTime() + this.leaseMs).toISOString();
    const due = sql`((${events.status} = 'pending' AND ${events.availableAt} <= ${nowIso}) OR (${events.status} = 'processing' AND ${events.leaseExpiresAt} < ${nowIso} AND ${events.attempts} < ${this.attemptsMax}))`;
    // `+company_id` keeps SQLite on the events_due index (status, available_at) instead of
    // scanning every event of the company through the unique key's company_id prefix.
    const target = ids
      ? inArray(events.id, ids)
      : sql`${events.id} IN (SELECT id FROM events WHERE ((status = 'pending' AND available_at <= ${nowIso}) OR (status = 'processing' AND lease_expires_at < ${nowIso} AND attempts < ${this.attemptsMax}))
          AND +company_id = (SELECT company_id FROM events WHERE (status = 'pending' AND available_at <= ${nowIso}) OR (status = 'processing' AND lease_expires_at < ${nowIso} AND attempts < ${this.attemptsMax}) ORDER BY available_at LIMIT 1)
          ORDER BY available_at LIMIT ${size})`;
    const rows = await this.db.update(events)
      .set({ status: 'processing', leaseOwner: owner, leaseExpiresAt: expires, attempts: sql`${events.attempts} + 1` })
      .where(and(target, due)).returning();
    return rows.length ? { rows, owner } : null;
  }

  /**
   * Processes a claimed batch with a handful of statements: every run of every
   * event is executed first (the engine writes nothing), then one transaction
   * posts all their vouchers (multi-row), records all runs and marks the
   * events done — after checking the batch's lease. If the ledger refuses
   * anything, the batch falls back to one transaction per event, so one bad
   * event cannot hold up the others.
   */
  async processBatch(batch: ClaimedBatch): Promise<Map<string, EventOutcome>> {
    const outcomes = new Map<string, EventOutcome>();
    const byCompany = new Map<string, (typeof events.$inferSelect)[]>();
    for (const row of batch.rows) byCompany.set(row.companyId, [...(byCompany.get(row.companyId) ?? []), row]);
    for (const [companyId, rows] of byCompany) {
      try {
        for (const [id, outcome] of await this.processCompanyBatch(companyId, rows, batch.owner)) outcomes.set(id, outcome);
      } catch (error) {
        if (error instanceof LeaseLost) {
          this.logger.warn('lease lost on a batch; another worker owns it now', { owner: batch.owner, events: rows.length });
          continue;
        }
        // Refused or failed as a batch: one event at a time, each with its own retries.
        for (const row of rows) {
          const outcome = await this.process({ row, owner: batch.owner });
          if (outcome) outcomes.set(row.id, outcome);
        }
      }
    }
    return outcomes;
  }

  private async processCompanyBatch(companyId: string, rows: (typeof events.$inferSelect)[], owner: string): Promise<Map<string, EventOutcome>> {
    const chart = await this.requireChart(companyId);
    const keys = rows.map((r) => r.eventKey);
    const existing = await this.db.select({ key: runs.eventKey }).from(runs).where(and(eq(runs.companyId, companyId), inArray(runs.eventKey, keys)));
    if (existing.length) throw new Error('some runs exist already: take the careful path');
    const startedAt = this.clock.now().toISOString();
    type Pending = { row: (typeof events.$inferSelect); payload: Record<string, unknown>; automationCount: number; runs: { summary: RunSummary; result: RunResult; document: AutomationDocument }[] };
    const pending: Pending[] = [];
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      const versions = JSON.parse(row.versions) as Record<string, number>;
      const item: Pending = { row, payload, automationCount: Object.keys(versions).length, runs: [] };
      for (const document of await this.documentsFor(companyId, versions)) {
        const automationId = document.id;
        const runId = this.clock.newId();
        const started = performance.now();
        const bookedBy = exclusivePosting(row.triggerType) ? item.runs.find((r) => r.result.status === 'posted') : undefined;
        const result = bookedBy ? alreadyBooked(bookedBy.summary.automationId)
          : await executeRun({ runId, document, event: payload, eventKey: row.eventKey, sourceRef: row.sourceRef }, this.engineContext(chart));
        const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
        item.runs.push({
          document, result, summary: {
            id: runId, automationId, automationVersion: document.version, triggerType: result.trace[0]?.nodeType ?? 'unknown',
            sourceRef: row.sourceRef, status: result.status, reason: result.reason, startedAt, durationMs, voucherIds: [],
          },
        });
      }
      pending.push(item);
    }
    const outcomes = new Map<string, EventOutcome>();
    await this.db.transaction(async (tx) => {
      const nowIso = this.clock.now().toISOString();
      const [{ held }] = await tx.select({ held: sql<number>`count(*)` }).from(events)
        .where(and(inArray(events.id, rows.map((r) => r.id)), eq(events.leaseOwner, owner), sql`${events.leaseExpiresAt} >= ${nowIso}`));
      if (Number(held) !== rows.length) throw new LeaseLost(rows[0].id);
      const bookOnce = pending.filter((p) => exclusivePosting(p.row.triggerType) && p.row.sourceRef && p.runs.some((r) => r.result.vouchers.length));
      for (let i = 0; i < bookOnce.length; i += 500) {
        const refs = bookOnce.slice(i, i + 500).map((p) => p.row.sourceRef!);
        const [booked] = await tx.select({ id: vouchers.id }).from(vouchers).where(and(eq(vouchers.companyId, companyId), inArray(vouchers.sourceRef, refs))).limit(1);
        if (booked) throw new Error('a bank line in the batch was booked meanwhile: take the careful path');
      }
      const fresh = await loadChart(tx, companyId);
      const drafts = pending.flatMap((p) => p.runs.flatMap((r) => r.result.vouchers));
      const posted = await postVouchersWithin(tx, fresh!, drafts, this.clock);
      let next = 0;
      for (const p of pending) for (const r of p.runs) for (let i = 0; i < r.result.vouchers.length; i++) r.summary.voucherIds.push(posted[next++].voucher.id);
      failpoint('mid-run');
      const runRows = pending.flatMap((p) => p.runs.map(({ summary, result }) => ({
        id: summary.id, companyId, automationId: summary.automationId, automationVersion: summary.automationVersion, triggerType: summary.triggerType,
        sourceRef: p.row.sourceRef, eventKey: p.row.eventKey, status: result.status, reason: result.reason, event: p.row.payload,
        trace: JSON.stringify(result.trace), startedAt, durationMs: summary.durationMs,
      })));
      await insertRows(rawExecutor(tx), 'runs', runColumns, runRows, 200);
      const exceptionRows = pending.flatMap((p) => p.runs.filter(({ result }) => result.status === 'failed' || result.status === 'flagged').map(({ summary, result }) => ({
        id: this.clock.newId(), companyId, sourceRef: p.row.sourceRef ?? `run:${summary.id}`, reason: result.reason ?? result.status,
        runId: summary.id, automationId: summary.automationId, status: 'open' as const, payload: p.row.payload, createdAt: startedAt,
      })));
      if (exceptionRows.length) await tx.insert(exceptions).values(exceptionRows).onConflictDoNothing();
      const exceptionIds = await this.afterRunsMany(tx, companyId, pending.map((p) => ({
        row: p.row, payload: p.payload, summaries: p.runs.map((r) => r.summary), automationCount: p.automationCount,
      })));
      for (const p of pending) outcomes.set(p.row.id, { runs: p.runs.map((r) => r.summary), exceptionId: exceptionIds.get(p.row.id) ?? null });
      for (let i = 0; i < rows.length; i += 500) {
        const ids = rows.slice(i, i + 500).map((r) => r.id);
        await rawExecutor(tx).execute({
          sql: `UPDATE events SET status = 'done', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL WHERE id IN (${ids.map(() => '?').join(', ')})`,
          args: [nowIso, ...ids],
        });
      }
    });
    failpoint('after-commit');
    for (const p of pending) this.metrics?.eventProcessed(p.runs.map((r) => r.summary));
    this.logger.info('batch finished', { companyId, events: rows.length, runs: pending.reduce((n, p) => n + p.runs.length, 0) });
    return outcomes;
  }

  /** Claims and processes one event now, if nobody else has it. */
  async processNow(eventId: string): Promise<EventOutcome | null> {
    const claimed = await this.claim(eventId);
    return claimed ? this.process(claimed) : null;
  }

  /**
   * Events whose worker died (lease expired) after the last allowed attempt
   * are not claimed again: they fail into the exceptions inbox, so an event
   * that crashes its process cannot crash every process forever.
   */
  async failAbandoned(): Promise<number> {
    const nowIso = this.clock.now().toISOString();
    const abandoned = await this.db.update(events)
      .set({ status: 'failed', lastError: 'the worker stopped during the last allowed attempt (crash or hang)', finishedAt: nowIso, leaseOwner: null, leaseExpiresAt: null })
      .where(and(eq(events.status, 'processing'), sql`${events.leaseExpiresAt} < ${nowIso}`, sql`${events.attempts} >= ${this.attemptsMax}`))
      .returning();
    for (const row of abandoned) {
      await this.db.insert(exceptions).values({
        id: this.clock.newId(), companyId: row.companyId, sourceRef: row.sourceRef ?? `event:${row.id}`,
        reason: `Processing stopped ${row.attempts} times without finishing (crash or hang); not retried again`, runId: null,
        automationId: row.automationId, status: 'open', payload: row.payload, createdAt: nowIso,
      }).onConflictDoNothing();
      this.metrics?.eventFailed();
    }
    return abandoned.length;
  }

  /** Processes due events, in batches, until none is left (or about `max`). Returns how many. */
  async drain(max = 1000, batchSize = this.batchSize): Promise<number> {
    await this.failAbandoned();
    let n = 0;
    while (n < max) {
      // Webhook deliveries acknowledged since become their bank lines and events first (runs/intake.ts).
      try {
        await moveReceivedDeliveries(this.db, this, batchSize);
      } catch (error) {
        // Nothing moved (the next drain tries again); the events already in the outbox still run.
        this.logger.warn('could not move webhook deliveries into the outbox', { error: (error as Error).message });
      }
      const batch = await this.claimBatch(Math.min(batchSize, max - n));
      if (!batch) break;
      await this.processBatch(batch);
      n += batch.rows.length;
    }
    return n;
  }

  /** Events claimed and committed together by the worker. */
  batchSize = 100;

  /** Bank lines stored per transaction (one synchronous step of the local database) before other requests get a turn. */
  bankLinesChunk = 500;

  /**
   * A request with more bank lines than this is stored and answered at once
   * (202, `queued`); the worker runs the automations on it in small batches.
   * Up to this many are run before the answer, which lists each line's runs.
   */
  bankLinesInlineMax = positiveIntegerFromEnv('KONTERA_BANK_LINES_INLINE_MAX', 1000);

  /**
   * Runs every automation the event is for, each committed with a check that
   * this worker still holds the lease; then marks the event done. Transient
   * failures retry with exponential backoff and jitter, then fail into the
   * exceptions inbox.
   */
  async process({ row, owner }: ClaimedEvent): Promise<EventOutcome | null> {
    const fence = { eventId: row.id, owner };
    try {
      const chart = await this.requireChart(row.companyId);
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      const versions = JSON.parse(row.versions) as Record<string, number>;
      const summaries: RunSummary[] = [];
      for (const document of await this.documentsFor(row.companyId, versions)) {
        const bookedBy = exclusivePosting(row.triggerType) ? summaries.find((r) => r.status === 'posted') : undefined;
        summaries.push(await this.runAndCommit(chart, document, payload, row.eventKey, row.sourceRef, fence,
          bookedBy ? alreadyBooked(bookedBy.automationId) : undefined, exclusivePosting(row.triggerType)));
      }
      failpoint('after-commit');
      let exceptionId: string | null = null;
      await this.db.transaction(async (tx) => {
        await assertLease(tx, fence, this.clock.now().toISOString());
        exceptionId = (await this.afterRunsMany(tx, row.companyId, [{ row, payload, summaries, automationCount: Object.keys(versions).length }]))
          .get(row.id) ?? null;
        await tx.update(events).set({
          status: 'done', finishedAt: this.clock.now().toISOString(), leaseOwner: null, leaseExpiresAt: null,
          result: JSON.stringify({ runs: summaries.map((r) => r.id), exceptionId }),
        }).where(eq(events.id, row.id));
      });
      this.metrics?.eventProcessed(summaries);
      return { runs: summaries, exceptionId };
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.logger.warn('lease lost; another worker owns the event now', { eventId: row.id, owner });
        return null;
      }
      await this.retryOrFail(row, owner, error as Error);
      return null;
    }
  }

  /** Automation names by company and id, as last run (for reasons people read in the inbox). */
  private readonly automationNames = new Map<string, string>();

  /** The documents an event runs on, in priority order (lower first), then by id. */
  private async documentsFor(companyId: string, versions: Record<string, number>): Promise<AutomationDocument[]> {
    const documents: AutomationDocument[] = [];
    for (const [automationId, version] of Object.entries(versions)) {
      const document = await this.store.version(companyId, automationId, version);
      if (!document) continue;
      documents.push(document);
      this.automationNames.set(`${companyId}\u0000${automationId}`, document.name);
    }
    return documents.sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }


  metrics?: { eventProcessed(runs: RunSummary[]): void; eventRetried(): void; eventFailed(): void };

  private async retryOrFail(row: typeof events.$inferSelect, owner: string, error: Error): Promise<void> {
    const now = this.clock.now();
    const attempts = row.attempts; // counted when claimed
    this.logger.warn('event processing failed', { eventId: row.id, attempt: attempts, error: error.message });
    if (attempts >= this.attemptsMax) {
      await this.db.transaction(async (tx) => {
        const updated = await tx.update(events).set({ status: 'failed', lastError: error.message, finishedAt: now.toISOString(), leaseOwner: null, leaseExpiresAt: null })
          .where(and(eq(events.id, row.id), eq(events.leaseOwner, owner))).returning({ id: events.id });
        if (!updated.length) return;
        await tx.insert(exceptions).values({
          id: this.clock.newId(), companyId: row.companyId, sourceRef: row.sourceRef ?? `event:${row.id}`,
          reason: `Processing failed ${attempts} times; last error: ${error.message}`, runId: null, automationId: row.automationId,
          status: 'open', payload: row.payload, createdAt: now.toISOString(),
        }).onConflictDoNothing();
      });
      this.metrics?.eventFailed();
      return;
    }
    // Exponential backoff with jitter: about 1 s, 2 s, 4 s, 8 s (each × 0.5–1).
    const delayMs = Math.round(1000 * 2 ** (attempts - 1) * (0.5 + Math.random() / 2));
    await this.db.update(events).set({
      status: 'pending', lastError: error.message, availableAt: new Date(now.getTime() + delayMs).toISOString(), leaseOwner: null, leaseExpiresAt: null,
    }).where(and(eq(events.id, row.id), eq(events.leaseOwner, owner)));
    this.metrics?.eventRetried();
  }

  /**
   * What events leave besides their runs — for bank lines, the line's status
   * and one open inbox item when nothing handled it (a run again that changes
   * nothing updates its reason) — for one company's events in a few
   * statements: two UPDATEs, one look-up, one INSERT.
   */
  private async afterRunsMany(
    tx: Pick<Db, 'insert' | 'update' | 'select'>, companyId: string,
    items: { row: typeof events.$inferSelect; payload: Record<string, unknown>; summaries: RunSummary[]; automationCount: number }[],
  ): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    // A flagged or failed run made its inbox item when it was committed (or found the open one of its source and
    // automation): that is the event's exceptionId in the answer too.
    const flagged = items.flatMap((i) => {
      const run = i.summaries.find((r) => r.status === 'flagged' || r.status === 'failed');
      return run ? [{ eventId: i.row.id, sourceRef: i.row.sourceRef ?? `run:${run.id}`, automationId: run.automationId }] : [];
    });
    for (let i = 0; i < flagged.length; i += 500) {
      const part = flagged.slice(i, i + 500);
      const rows = await tx.select({ id: exceptions.id, sourceRef: exceptions.sourceRef, automationId: exceptions.automationId }).from(exceptions)
        .where(and(eq(exceptions.companyId, companyId), inArray(exceptions.sourceRef, part.map((f) => f.sourceRef))));
      for (const f of part) {
        const row = rows.find((r) => r.sourceRef === f.sourceRef && r.automationId === f.automationId);
        if (row) result.set(f.eventId, row.id);
      }
    }
    const lines = items.filter((i) => i.row.triggerType === 'bank-line-imported');
    if (!lines.length) return result;
    const handled: string[] = [];
    const unhandled: string[] = [];
    const inbox: { eventId: string; sourceRef: string; reason: string; payload: string }[] = [];
    for (const item of lines) {
      const posted = item.summaries.some((r) => r.status === 'posted');
      (posted ? handled : unhandled).push(String(item.payload.id));
      if (!posted && !item.summaries.some((r) => r.status === 'flagged' || r.status === 'failed')) {
        inbox.push({
          eventId: item.row.id, sourceRef: item.row.sourceRef ?? `event:${item.row.id}`, payload: item.row.payload,
          reason: item.automationCount === 0
            ? 'No published automation is triggered by "Bank line imported"'
            : `No automation handled this bank line: ${item.summaries.map((r) => `${this.automationNames.get(`${companyId}\u0000${r.automationId}`) ?? r.automationId}: ${r.reason}`).join('; ')}`,
        });
      }
    }
    for (const [status, ids] of [['handled', handled], ['unhandled', unhandled]] as const) {
      for (let i = 0; i < ids.length; i += 500) {
        await tx.update(bankLines).set({ status }).where(and(eq(bankLines.companyId, companyId), inArray(bankLines.id, ids.slice(i, i + 500))));
      }
    }
    if (inbox.length) {
      const open = new Map<string, string>();
      for (let i = 0; i < inbox.length; i += 500) {
        const rows = await tx.select({ id: exceptions.id, sourceRef: exceptions.sourceRef }).from(exceptions).where(and(eq(exceptions.companyId, companyId),
          inArray(exceptions.sourceRef, inbox.slice(i, i + 500).map((x) => x.sourceRef)), eq(exceptions.status, 'open'), isNull(exceptions.automationId)));
        for (const row of rows) open.set(row.sourceRef, row.id);
      }
      const createdAt = this.clock.now().toISOString();
      const fresh: (typeof exceptions.$inferInsert)[] = [];
      for (const item of inbox) {
        const existing = open.get(item.sourceRef);
        if (existing) {
          await tx.update(exceptions).set({ reason: item.reason }).where(eq(exceptions.id, existing));
          result.set(item.eventId, existing);
        } else {
          const id = this.clock.newId();
          fresh.push({ id, companyId, sourceRef: item.sourceRef, reason: item.reason, runId: null, automationId: null, status: 'open', payload: item.payload, createdAt });
          result.set(item.eventId, id);
        }
      }
      for (let i = 0; i < fresh.length; i += 200) await tx.insert(exceptions).values(fresh.slice(i, i + 200));
    }
    return result;
  }

  /**
   * Prunes run records that posted nothing and left nothing to follow up
   * ("no_match") once they are older than the retention. Runs behind a voucher
   * or an exception are processing history and are kept for good.
   */
  async pruneRuns(retentionDays: number): Promise<number> {
    if (!(retentionDays > 0)) return 0;
    const before = new Date(this.clock.now().getTime() - retentionDays * 86_400_000).toISOString();
    const deleted = await this.db.delete(runs).where(and(
      eq(runs.status, 'no_match'), lte(runs.startedAt, before),
      sql`NOT EXISTS (SELECT 1 FROM vouchers v WHERE v.run_id = ${runs.id})`,
      sql`NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.run_id = ${runs.id})`,
    )).returning({ id: runs.id });
    if (deleted.length) this.logger.info('pruned runs', { count: deleted.length, before });
    return deleted.length;
  }

  /** Depth of the outbox by status, for /metrics and /api/health. */
  /** Work not yet done, of one company (the Runs page shows it) or of the whole database. */
  async workQueue(companyId?: string): Promise<WorkQueue> {
    // Deliveries first: work only flows from deliveries to events, so a move committed between the two reads
    // is counted on one side or the other, never on neither (which would look settled when it is not).
    const received = await waitingDeliveries(this.db, companyId);
    const { rows } = await rawExecutor(this.db).execute({
      // `+company_id`: look up by status (events_due), not through every event the company ever had
      sql: `SELECT status, count(*) AS n, min(created_at) AS oldest FROM events
        WHERE status IN ('pending', 'processing', 'failed')${companyId ? ' AND +company_id = ?' : ''} GROUP BY status`,
      args: companyId ? [companyId] : [],
    });
    const queue: WorkQueue = { received: received.count, pending: 0, processing: 0, failed: 0, oldestWaitingSince: null };
    const waitingSince = [received.oldest];
    for (const row of rows) {
      queue[String(row.status) as 'pending' | 'processing' | 'failed'] = Number(row.n);
      if (row.status !== 'failed') waitingSince.push(String(row.oldest));
    }
    queue.oldestWaitingSince = waitingSince.filter((t): t is string => t !== null).sort()[0] ?? null;
    return queue;
  }

  /** The whole database's work queue as counts by status, those above zero (for /metrics and operators' /api/health). */
  async outboxDepth(): Promise<Record<string, number>> {
    const { oldestWaitingSince: _, ...counts } = await this.workQueue();
    return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  }

  /** One run, committed as one transaction: its vouchers, its record, its exception. */
  async runAndCommit(
    chart: Chart, document: AutomationDocument, event: Record<string, unknown>, eventKey: string, sourceRef: string | null,
    fence?: { eventId: string; owner: string },
    /** a result decided without running the graph (e.g. the bank line was already booked) */
    decided?: RunResult,
    /** the source document may be booked once (a bank line): checked again inside the posting transaction */
    bookOnce = false,
  ): Promise<RunSummary> {
    const companyId = chart.companyId;
    const [existing] = await this.db.select().from(runs)
      .where(and(eq(runs.companyId, companyId), eq(runs.automationId, document.id), eq(runs.eventKey, eventKey)));
    if (existing) return this.summaryOf(existing, await this.voucherIdsOf(existing.id));

    const runId = this.clock.newId();
    const startedAt = this.clock.now().toISOString();
    const started = performance.now();
    let result = decided ?? await executeRun({ runId, document, event, eventKey, sourceRef }, this.engineContext(chart));
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;

    const record = async (final: RunResult, tx: Pick<Db, 'insert'>) => {
      await tx.insert(runs).values({
        id: runId, companyId, automationId: document.id, automationVersion: document.version,
        triggerType: document.nodes.find((n) => n.id === final.trace[0]?.nodeId)?.type ?? 'unknown',
        sourceRef, eventKey, status: final.status, reason: final.reason, event: JSON.stringify(event),
        trace: JSON.stringify(final.trace), startedAt, durationMs,
      });
      if (final.status === 'failed' || final.status === 'flagged') {
        await tx.insert(exceptions).values({
          id: this.clock.newId(), companyId, sourceRef: sourceRef ?? `run:${runId}`, reason: final.reason ?? final.status,
          runId, automationId: document.id, status: 'open', payload: JSON.stringify(event), createdAt: startedAt,
        }).onConflictDoNothing();
      }
    };

    let voucherIds: string[] = [];
    try {
      voucherIds = await this.db.transaction(async (tx) => {
        if (fence) await assertLease(tx, fence, this.clock.now().toISOString());
        if (bookOnce && sourceRef && result.vouchers.length) {
          // Inside the write lock: a concurrent run (e.g. two retries of one exception) may have booked it meanwhile.
          const [booked] = await tx.select({ automationId: vouchers.automationId }).from(vouchers)
            .where(and(eq(vouchers.companyId, companyId), eq(vouchers.sourceRef, sourceRef))).limit(1);
          if (booked) throw new AlreadyBooked(booked.automationId ?? 'a person');
        }
        const fresh = await loadChart(tx, companyId);
        const posted = await postVouchersWithin(tx, fresh!, result.vouchers, this.clock);
        failpoint('mid-run');
        await record(result, tx);
        return posted.map((p) => p.voucher.id);
      });
    } catch (error) {
      if (!(error instanceof LedgerRefusal) && !(error instanceof AlreadyBooked)) throw error;
      // The ledger refused at commit (e.g. the period was locked meanwhile), or the line was booked meanwhile: nothing was posted.
      result = error instanceof AlreadyBooked
        ? alreadyBooked(error.automationId)
        : { ...result, status: 'failed', reason: `The ledger refused the voucher: ${error.message}`, vouchers: [] };
      await this.db.transaction(async (tx) => {
        if (fence) await assertLease(tx, fence, this.clock.now().toISOString());
        await record(result, tx);
      });
    }
    this.logger.info('run finished', { runId, automationId: document.id, status: result.status, sourceRef });
    return {
      id: runId, automationId: document.id, automationVersion: document.version,
      triggerType: document.nodes.find((n) => n.id === result.trace[0]?.nodeId)?.type ?? 'unknown',
      sourceRef, status: result.status, reason: result.reason, startedAt, durationMs, voucherIds,
    };
  }

  private async voucherIdsOf(runId: string): Promise<string[]> {
    const rows = await this.db.select({ id: vouchers.id }).from(vouchers).where(eq(vouchers.runId, runId));
    return rows.map((r) => r.id);
  }

  private summaryOf(row: RunRow, voucherIds: string[]): RunSummary {
    return {
      id: row.id, automationId: row.automationId, automationVersion: row.automationVersion, triggerType: row.triggerType,
      sourceRef: row.sourceRef, status: row.status, reason: row.reason, startedAt: row.startedAt, durationMs: row.durationMs, voucherIds,
    };
  }

  async runsFor(companyId: string, sourceRef: string): Promise<RunSummary[]> {
    return this.listRuns(companyId, { sourceRef });
  }

  async listRuns(companyId: string, filter: { automationId?: string; status?: string; sourceRef?: string; from?: string; to?: string; limit?: number } = {}): Promise<RunSummary[]> {
    const conditions: SQL[] = [eq(runs.companyId, companyId)];
    if (filter.automationId) conditions.push(eq(runs.automationId, filter.automationId));
    if (filter.status) conditions.push(eq(runs.status, filter.status as RunRow['status']));
    if (filter.sourceRef) conditions.push(eq(runs.sourceRef, filter.sourceRef));
    if (filter.from) conditions.push(gte(runs.startedAt, filter.from));
    if (filter.to) conditions.push(lte(runs.startedAt, inclusiveUntil(filter.to)));
    const rows = await this.db.select().from(runs).where(and(...conditions)).orderBy(desc(runs.startedAt)).limit(Math.min(filter.limit ?? 100, 1000));
    const out: RunSummary[] = [];
    for (const row of rows) out.push(this.summaryOf(row, await this.voucherIdsOf(row.id)));
    return out;
  }

  async getRun(companyId: string, runId: string): Promise<RunDetail> {
    const [row] = await this.db.select().from(runs).where(and(eq(runs.companyId, companyId), eq(runs.id, runId)));
    if (!row) throw new NotFound(`Run "${runId}" does not exist`);
    return { ...this.summaryOf(row, await this.voucherIdsOf(row.id)), event: JSON.parse(row.event), trace: JSON.parse(row.trace) as TraceStep[] };
  }

  async listExceptions(companyId: string, status?: 'open' | 'resolved'): Promise<ExceptionItem[]> {
    const where = status ? and(eq(exceptions.companyId, companyId), eq(exceptions.status, status)) : eq(exceptions.companyId, companyId);
    const rows = await this.db.select().from(exceptions).where(where).orderBy(desc(exceptions.createdAt)).limit(500);
    return rows.map(exceptionItem);
  }

  /** A person says what they did about an exception; it leaves the open inbox (audited). */
  async resolveException(companyId: string, exceptionId: string, by: string, note: string): Promise<ExceptionItem> {
    const now = this.clock.now().toISOString();
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(exceptions).where(and(eq(exceptions.companyId, companyId), eq(exceptions.id, exceptionId)));
      if (!row) throw new NotFound(`Exception "${exceptionId}" does not exist`);
      if (row.status === 'resolved') throw new ExceptionConflict(`The exception was already resolved${row.resolvedAt ? ` at ${row.resolvedAt}` : ''}`);
      const [updated] = await tx.update(exceptions).set({ status: 'resolved', resolvedAt: now, resolvedBy: by, resolution: note })
        .where(eq(exceptions.id, exceptionId)).returning();
      await tx.insert(auditEvents).values({
        id: this.clock.newId(), companyId, at: now, actor: by, action: 'exception.resolve', subject: `exception:${exceptionId}`,
        details: JSON.stringify({ sourceRef: row.sourceRef, note }),
      });
      return exceptionItem(updated);
    });
  }

  /**
   * Runs the published automations again on the bank line behind an exception
   * (after a rule was fixed or added). Refused when the line is already
   * booked. When a run posts, the exception is resolved by it.
   */
  async retryException(companyId: string, exceptionId: string, by: string): Promise<{ exception: ExceptionItem; runs: RunSummary[] }> {
    const [row] = await this.db.select().from(exceptions).where(and(eq(exceptions.companyId, companyId), eq(exceptions.id, exceptionId)));
    if (!row) throw new NotFound(`Exception "${exceptionId}" does not exist`);
    if (row.status === 'resolved') throw new ExceptionConflict('The exception is already resolved');
    const refusedDelivery = refusedDeliveryOf(row.sourceRef);
    if (refusedDelivery) return this.retryRefusedDelivery(companyId, row, refusedDelivery, by);
    const match = /^bank-line:(.+)$/.exec(row.sourceRef);
    if (!match) throw new ExceptionConflict(`Only bank lines and refused webhook deliveries can be run again here; run "${row.sourceRef}" again with a manual run`);
    const [booked] = await this.db.select({ id: vouchers.id }).from(vouchers).where(and(eq(vouchers.companyId, companyId), eq(vouchers.sourceRef, row.sourceRef)));
    if (booked) throw new ExceptionConflict('The bank line is already booked; resolve the exception instead');
    const [line] = await this.db.select().from(bankLines).where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, match[1])));
    if (!line) throw new NotFound(`Bank line "${match[1]}" does not exist`);
    const attempt = this.clock.newId();
    const eventId = await this.db.transaction(async (tx) => this.enqueue(tx, companyId, bankLineEvent({
      id: line.id, bookingDate: line.bookingDate, amountMinor: line.amountMinor, currency: line.currency, text: line.text,
      reference: line.reference, counterparty: line.counterparty, bankAccount: line.bankAccount,
    }, await this.versionsInForce(tx, companyId, 'bank-line-imported'), attempt)));
    const outcome = await this.processNow(eventId);
    const summaries = outcome?.runs ?? [];
    const posted = summaries.find((r) => r.status === 'posted');
    if (posted) {
      return { exception: await this.resolveException(companyId, exceptionId, by, `Booked by a retry: ${posted.automationId} v${posted.automationVersion}, run ${posted.id}`), runs: summaries };
    }
    return { exception: exceptionItem(row), runs: summaries };
  }

  /**
   * A webhook delivery the intake could not store (its exception has no run):
   * stored again now that the cause may be fixed, its events run at once, and
   * the exception resolved. If the database still refuses it, nothing
   * changes and the caller gets the reason (409).
   */
  private async retryRefusedDelivery(companyId: string, row: typeof exceptions.$inferSelect, delivery: { endpointId: string; webhookId: string }, by: string) {
    let eventIds: string[];
    try {
      eventIds = await moveAgain(this.db, this, delivery.endpointId, delivery.webhookId);
    } catch (error) {
      throw new ExceptionConflict(`The delivery still cannot be stored: ${(error as Error).message}`);
    }
    const summaries: RunSummary[] = [];
    for (const eventId of eventIds) summaries.push(...((await this.processNow(eventId))?.runs ?? []));
    const note = `Stored by a retry: ${eventIds.length} event${eventIds.length === 1 ? '' : 's'}${summaries.length ? `, runs ${summaries.map((r) => r.id).join(', ')}` : ''}`;
    return { exception: await this.resolveException(companyId, row.id, by, note), runs: summaries };
  }
}

/** The inbox item cannot change that way (already resolved, already booked): 409 with the reason. */
export class ExceptionConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExceptionConflict';
  }
}

function exceptionItem(r: typeof exceptions.$inferSelect): ExceptionItem {
  return {
    id: r.id, sourceRef: r.sourceRef, reason: r.reason, runId: r.runId, automationId: r.automationId,
    status: r.status, createdAt: r.createdAt, payload: JSON.parse(r.payload),
    resolvedAt: r.resolvedAt, resolvedBy: r.resolvedBy, resolution: r.resolution,
  };
}
