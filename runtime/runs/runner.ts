/**
 * The run loop: claims events from the outbox (kernel/outbox.ts), runs every
 * published automation the event is for, and commits each run — its
 * effects (kernel/effects.ts: vouchers, inbox items, …), its run record and
 * what its source kind leaves (kernel/sources.ts) — in one transaction
 * fenced by the lease. Also "Run now" (manual runs) and the run history.
 * What a source document is (a bank line…) is its source kind's business.
 */
import { and, desc, eq, gte, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import {
  inclusiveUntil, type BookedBy, type ExceptionItem, type ManualRunResponse, type RunDetail, type RunSummary, type TraceStep, type WorkQueue,
} from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { isBookedOnce, sourceKindOf, sourceKinds, sourceRef as makeSourceRef } from '../../shared/sources.ts';
import type { AutomationStore } from '../automations/store.ts';
import { insertRows, rawExecutor, type Db } from '../db/client.ts';
import { jsonParam } from '../db/json-param.ts';
import { events, runs, vouchers } from '../db/schema.ts';
import { executeRun, warmDocument } from '../engine/engine.ts';
import type { EngineContext, Logger, RunResult, RunStatus } from '../engine/types.ts';
import { loadChart, type Chart } from '../ledger/chart.ts';
import type { Tx } from '../ledger/ledger.ts';
import { NotFound } from '../automations/store.ts';
import { recordAudit } from '../kernel/audit.ts';
import { systemClock, type LedgerClock } from '../kernel/clock.ts';
import {
  booksSource, claimsOf, commitEffects, effectKinds, effectsOf, refusalReason, StaleRead, type AnyEffectRegistry, type CommitRun, type Effect,
} from '../kernel/effects.ts';
import { Inbox, type InboxFilter } from '../kernel/inbox.ts';
import { confirmSnapshot, createPorts, type PortsSnapshot, type RuntimePorts } from '../kernel/ports.ts';
import {
  assertBatchLease, assertLease, LeaseLost, Outbox, type ClaimedBatch, type ClaimedEvent, type EventInput, type EventRow,
} from '../kernel/outbox.ts';
import { runtimeSourceKinds, runtimeSourceOf, type RanEvent, type RuntimeSourceKind, type RuntimeSourceRegistry } from '../kernel/sources.ts';
import { failpoint } from './failpoints.ts';
import { moveReceivedDeliveries } from './intake.ts';
import { message, renderMessage, storedReason, type Message } from '../../shared/i18n/messages.ts';

// Moved to the kernel; re-exported for the runner's callers.
export { LeaseLost, type ClaimedBatch, type ClaimedEvent } from '../kernel/outbox.ts';
export { ExceptionConflict } from '../kernel/errors.ts';

export interface EventOutcome {
  runs: RunSummary[];
  exceptionId: string | null;
}

/**
 * One run of an event as decided: the engine's result as it is committed
 * (its status and reason in `summary`, the trace and the skipped automations
 * as stored), its effects. Plain data, kept small: the decider thread's
 * answers are copied to the runner's thread (3.5 MB a batch of 500 with the
 * skipped runs' summaries spelled out, 1.7 MB without).
 */
export interface DecidedRun {
  summary: RunSummary;
  status: RunStatus;
  reasonText?: Message;
  /** the trace as stored (`storedTrace`: the event not repeated) */
  trace: string;
  effects: Effect[];
  /** the automations after it that it booked the source for, as stored (`storedSkipped`), or null */
  skipped: string | null;
}

/** The runs of one event as decided (`Runner.decideEvents`). */
export interface DecidedEvent {
  eventId: string;
  payload: Record<string, unknown>;
  automationCount: number;
  runs: DecidedRun[];
}

/** An event's runs as summaries: each run, then the automations it recorded as skipped. */
const decidedSummaries = (event: DecidedEvent): RunSummary[] =>
  event.runs.flatMap((r) => [r.summary, ...(r.skipped ? skippedSummaries(r.summary, parseSkipped(r.skipped)) : [])]);

/** Claimed events by company, in claim order (a batch is usually one company's). */
export function rowsByCompany(rows: readonly EventRow[]): Map<string, EventRow[]> {
  const byCompany = new Map<string, EventRow[]>();
  for (const row of rows) {
    const list = byCompany.get(row.companyId);
    if (list) list.push(row);
    else byCompany.set(row.companyId, [row]);
  }
  return byCompany;
}

/** A company's events of a batch as decided on the decider thread (runs/decider.ts), to be committed here. */
export interface DecidedBatch {
  /** when the runs started (the runs' `started_at`) */
  startedAt: string;
  /** in the order of the batch, up to the first one cut off (decided again after the earlier ones committed) */
  events: DecidedEvent[];
  /** the automations' names by id (inbox reasons name them) */
  names: [string, string][];
  /** what the decider's caches had read: confirmed inside the commit (`confirmSnapshot`) */
  snapshot: PortsSnapshot;
}

/** The decider thread's decisions of a batch read what someone else has changed since: the batch is decided again. */
export class StaleDecisions extends Error {
  constructor(companyId: string) {
    super(`Company ${companyId}: what the decider thread read changed before its decisions were committed`);
    this.name = 'StaleDecisions';
  }
}

/**
 * A decider's answer, by company, read (made objects) only when the runner is about to commit it: an answer
 * that arrives while the batch before is committed is kept as the bytes it came in until then, not as objects
 * the young generation's collector would copy again and again through that commit.
 */
export type Decisions = () => Map<string, DecidedBatch>;

/** What the runner asks of its decider thread (runs/decider.ts); null from `decide` when it cannot (the runner decides here). */
export interface DeciderPort {
  decide(rows: readonly EventRow[], startedAt: string, nowMs: number, claimed: readonly string[]): Promise<Decisions | null>;
  /** the company's data may have moved: its caches look at the database again before the next decision */
  recheck(companyId: string): void;
  /** events of the company are being queued: start, and read what deciding them reads, before the first batch is claimed */
  warm(companyId: string): void;
  close(): void;
}

class AlreadyBooked extends Error {
  constructor(readonly automationId: string) {
    super(`already booked by ${automationId}`);
  }
}

/** The result of an automation that did not run: the document (of a kind booked once) was booked by another. */
function alreadyBooked(automationId: string, sourceRef: string | null): RunResult {
  const kind = sourceKindOf(sourceRef);
  // the kinds booked once: bank lines (any other is said by its English label, as before)
  const what = kind?.id === 'bank-line' ? message('run.what.bank_line') : kind ? kind.label.toLowerCase() : message('run.what.source_document');
  const reasonText = message('run.already_booked', { what, automation: automationId });
  return { status: 'no_match', reason: renderMessage('en', reasonText), reasonText, trace: [], vouchers: [], flags: [] };
}

/**
 * An automation that did not run on a document booked once because a run
 * of higher priority booked it. Recorded on that run (`runs.skipped`, JSON),
 * not as a run row of its own: a bank line is one row, not one per bank
 * rule. Lists and details show it as a run (`skippedSummaries`), with the id
 * `<booking run>~<automation>`.
 */
interface SkippedRun { automationId: string; automationVersion: number; triggerType: string; reason: string }

/**
 * A skipped run as stored: its trigger type only when it is not the booking
 * run's, and its reason only when it is not "already booked by <the booking
 * run's automation>" — the rest is that run's, so a bank line's booking run
 * does not repeat it for each bank rule (rows before this kept both).
 */
type StoredSkippedRun = Pick<SkippedRun, 'automationId' | 'automationVersion'> & Partial<SkippedRun>;

const skippedMark = '~';

/**
 * The automations after `booking` that a run of it booked the source for, as stored on that run
 * (`runs.skipped`): only what its own fields do not say — a trigger type of their own, never the
 * reason (always "already booked by <booking>", which `skippedSummaries` puts back).
 */
function skippedRunsOf(booking: AutomationDocument, rest: readonly AutomationDocument[]): StoredSkippedRun[] {
  const bookingTrigger = triggerTypeOf(booking);
  return rest.map((d) => {
    const triggerType = triggerTypeOf(d);
    return { automationId: d.id, automationVersion: d.version, ...(triggerType === bookingTrigger ? {} : { triggerType }) };
  });
}

/** `alreadyBooked`'s reason, by automation and source kind: the same English text for every line a bulk run books. */
const alreadyBookedReasons = new Map<string, string | null>();

function alreadyBookedReason(automationId: string, sourceRef: string | null): string | null {
  const key = `${automationId}\u0000${sourceKindOf(sourceRef)?.id ?? ''}`;
  const known = alreadyBookedReasons.get(key);
  if (known !== undefined) return known;
  const { reason } = alreadyBooked(automationId, sourceRef);
  if (alreadyBookedReasons.size < 10_000) alreadyBookedReasons.set(key, reason);
  return reason;
}

/** The skipped automations recorded on a run, as the run summaries they stand for (no trace, no vouchers). */
function skippedSummaries(
  parent: { id: string; automationId: string; triggerType: string; sourceRef: string | null; startedAt: string }, skipped: readonly StoredSkippedRun[],
): RunSummary[] {
  const reason = alreadyBookedReason(parent.automationId, parent.sourceRef);
  return skipped.map((k) => ({
    id: `${parent.id}${skippedMark}${k.automationId}`, automationId: k.automationId, automationVersion: k.automationVersion, triggerType: k.triggerType ?? parent.triggerType,
    sourceRef: parent.sourceRef, status: 'no_match', reason: k.reason ?? reason, startedAt: parent.startedAt, durationMs: 0, voucherIds: [],
  }));
}

const parseSkipped = (text: string | null): StoredSkippedRun[] => (text ? JSON.parse(text) as StoredSkippedRun[] : []);

/**
 * The `event` column of a run whose event is in the outbox (`events`, never
 * deleted: migration 0014) under the run's event key: empty, and read from
 * there (`getRun`). A run row used to repeat the event's JSON — a third of
 * what a bank line's run wrote.
 */
const eventInOutbox = '';

/**
 * A run's trace as stored: a step whose output is the run's event itself
 * (the trigger's: `output: input.event`) says `outputIsEvent` instead of
 * repeating it; `traceOf` puts the event back.
 */
function storedTrace(trace: readonly TraceStep[], event: unknown): string {
  return JSON.stringify(trace.map((step) => {
    if (step.output !== event) return step;
    const { output: _, ...rest } = step;
    return { ...rest, outputIsEvent: true };
  }));
}

function traceOf(text: string, event: Record<string, unknown>): TraceStep[] {
  return (JSON.parse(text) as (TraceStep & { outputIsEvent?: true })[]).map(({ outputIsEvent, ...step }) => (outputIsEvent ? { ...step, output: event } : step));
}

/** How many times a run whose commit found its reads stale (StaleRead) is run again at once before the event is retried later. */
const staleReadAttemptsMax = 3;

/** The automation's trigger type (also for a run that never started: "already booked"). */
function triggerTypeOf(document: AutomationDocument): string {
  return document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger')?.type ?? 'unknown';
}

export const silentLogger: Logger = { info: () => {}, warn: () => {} };

/**
 * Lets the event loop serve what is waiting (other requests, timers) before
 * going on: the local database answers synchronously, so awaiting it alone
 * never yields to I/O.
 */
export const turnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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

export interface RunnerOptions {
  clock?: LedgerClock;
  logger?: Logger;
  /** the effect kinds, in commit order (default: the registry; a test may pass its own) */
  effects?: AnyEffectRegistry;
  /** the runtime source kinds (default: the registry) */
  sources?: RuntimeSourceRegistry;
  /** the executor ports (default: created over `db`) */
  ports?: RuntimePorts;
}

type RunRow = typeof runs.$inferSelect;

/** The columns of a run row, for the batched multi-row INSERT of the worker's hot path. */
const runColumns: [string, keyof typeof runs.$inferInsert][] = [
  ['id', 'id'], ['company_id', 'companyId'], ['automation_id', 'automationId'], ['automation_version', 'automationVersion'],
  ['trigger_type', 'triggerType'], ['source_ref', 'sourceRef'], ['event_key', 'eventKey'], ['status', 'status'], ['reason', 'reason'],
  ['event', 'event'], ['trace', 'trace'], ['started_at', 'startedAt'], ['duration_ms', 'durationMs'], ['skipped', 'skipped'],
  ['reason_code', 'reasonCode'], ['reason_params', 'reasonParams'],
];

export class Runner {
  readonly clock: LedgerClock;
  readonly logger: Logger;
  readonly outbox: Outbox;
  readonly inbox: Inbox;
  readonly effects: AnyEffectRegistry;
  readonly sources: RuntimeSourceRegistry;
  readonly ports: RuntimePorts;

  constructor(readonly db: Db, readonly store: AutomationStore, options: RunnerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.effects = options.effects ?? effectKinds;
    this.sources = options.sources ?? runtimeSourceKinds;
    this.ports = options.ports ?? createPorts(db);
    this.outbox = new Outbox(db, this.clock);
    this.inbox = new Inbox(db, this.clock, this.sources);
  }

  private engineContext(chart: Chart): EngineContext {
    let proposals = 0;
    const check = effectKinds['post-voucher'].check!;
    return {
      clock: { now: () => this.clock.now(), elapsedMs: () => performance.now() },
      newId: () => this.clock.newId(),
      logger: this.logger,
      ports: this.ports.forCompany(chart.companyId, chart.baseCurrency),
      ledger: {
        propose: (draft) => {
          const checked = check(chart, draft);
          if (!checked.ok) return checked;
          proposals++;
          return { ok: true, ref: `proposal-${proposals}` };
        },
      },
    };
  }

  /** Runs a document on an event without writing anything: the trace and the vouchers it would post. */
  async dryRun(companyId: string, document: AutomationDocument, event: Record<string, unknown>): Promise<RunResult> {
    const chart = await this.requireChart(companyId);
    return executeRun({ runId: 'dry-run', document, event, eventKey: 'dry-run', sourceRef: null }, this.engineContext(chart));
  }

  /**
   * Gets ready to decide the company's events (the decider thread, while a statement's lines are stored): each
   * published automation planned, with its nodes' ports ready (`warmers`: match-payment reads the open invoices and
   * builds its matcher) — what the first batch would otherwise wait for.
   */
  async warm(companyId: string): Promise<void> {
    const chart = await this.requireChart(companyId);
    const ports = this.ports.forCompany(companyId, chart.baseCurrency);
    const { rows } = await rawExecutor(this.db).execute({
      sql: 'SELECT id, published_version FROM automations WHERE company_id = ? AND published_version IS NOT NULL AND paused_at IS NULL',
      args: [companyId],
    });
    for (const row of rows) {
      // the same frozen object the runs get (store.version), so its plan is made once
      const document = await this.store.version(companyId, String(row.id), Number(row.published_version));
      if (document) await warmDocument(document, ports);
    }
  }

  /** The company's chart; NotFound when the company does not exist. */
  async requireChart(companyId: string): Promise<Chart> {
    const chart = await loadChart(this.db, companyId);
    if (!chart) throw new NotFound(`Company "${companyId}" does not exist`);
    return chart;
  }

  /**
   * "Run now": the published version of one automation, by hand. Either on
   * a stored document (`source: "bank-line:<id>"`, read by its source kind's
   * `manual`) — its stored event, its source ref on any voucher, and the
   * book-once rule of automatic runs (a document already booked runs
   * nothing, and the answer says who booked it) — or on a test event. Both
   * are dry runs (nothing written: the trace and the vouchers it would post)
   * unless `post` is true. A test event posted for real is identified by a
   * SHA-256 of its canonical JSON (or by the caller's idempotency key), so
   * the same event posts once however often it is sent. Who ran it for real
   * is in the audit log.
   */
  async runManually(companyId: string, automationId: string, request: ManualRunInput, by: string): Promise<ManualRunResponse | ManualRunRefused> {
    const chart = await this.requireChart(companyId);
    const versions = await this.versionsInForce(this.db, companyId, '', automationId);
    const version = versions[automationId];
    const document = version === undefined ? null : await this.store.version(companyId, automationId, version);
    if (!document) throw new NotFound(`Automation "${automationId}" has no published version`);
    const triggerType = triggerTypeOf(document);

    let event: Record<string, unknown>;
    let sourceRef: string;
    /** a stored document: the trigger type of its events, and whether it is booked once */
    let stored: { triggerType: string; bookOnce: boolean } | null = null;
    if (request.source !== undefined) {
      const source = runtimeSourceOf(request.source, this.sources);
      if (!source?.runtime.manual) {
        return { refused: { path: 'source', message: `"${request.source}" is not a stored document that can be run on` } };
      }
      const loaded = await source.runtime.manual({ runner: this, companyId }, source.parts, { id: automationId, triggerType }, versions);
      if ('refused' in loaded) return loaded;
      ({ event, sourceRef } = loaded);
      stored = { triggerType: loaded.triggerType, bookOnce: sourceKinds[source.kind].bookOnce };
    } else if (request.event !== undefined) {
      event = request.event;
      sourceRef = request.idempotencyKey !== undefined ? makeSourceRef('manual-key', request.idempotencyKey) : makeSourceRef('manual-event', sha256Hex(canonicalJson(event)));
    } else {
      return { refused: { path: 'source', message: 'Give "source" (a stored document, "bank-line:<id>") or "event" (a test event)' } };
    }
    const base = { automationId, automationVersion: document.version, sourceRef };
    const bookedBy = stored?.bookOnce ? await this.bookedBy(companyId, sourceRef) : null;

    if (!request.post) {
      const result = await executeRun({ runId: 'dry-run', document, event, eventKey: 'dry-run', sourceRef }, this.engineContext(chart));
      return { dryRun: true, ...base, bookedBy, status: result.status, reason: result.reason, trace: result.trace, vouchers: result.vouchers };
    }
    if (bookedBy) return { dryRun: false, ...base, bookedBy, repeated: false, runs: [], exceptionId: null };

    // A stored document: a new attempt each time (the book-once check decides); a test event: its identity, so a repeat finds the first.
    const eventKey = stored ? `${sourceRef}:manual:${this.clock.newId()}` : `manual:${automationId}:${sourceRef.slice('manual:'.length)}`;
    const [seen] = stored ? [] : await this.db.select({ id: events.id, status: events.status }).from(events)
      .where(and(eq(events.companyId, companyId), eq(events.eventKey, eventKey)));
    if (seen) {
      if (seen.status !== 'done') return { queued: seen.id };
      const rows = await this.db.select().from(runs).where(and(eq(runs.companyId, companyId), eq(runs.eventKey, eventKey)));
      const summaries: RunSummary[] = [];
      for (const row of rows) summaries.push(...await this.summariesOf(row));
      const exceptionId = await this.inbox.ofRuns(companyId, rows.map((r) => r.id));
      return { dryRun: false, ...base, bookedBy: null, repeated: true, runs: summaries, exceptionId };
    }
    const eventId = await this.db.transaction(async (tx) => this.enqueue(tx, companyId, {
      triggerType: stored ? stored.triggerType : 'manual', automationId, eventKey, sourceRef, payload: event,
      versions: { [automationId]: document.version },
    }));
    const outcome = await this.processNow(eventId);
    if (!outcome) {
      // Another process holds the event (a worker will run it): who asked for a real posting is recorded all the same.
      await recordManualRun(this, companyId, by, automationId, { version: document.version, sourceRef, eventKey, queued: eventId, runs: [], posted: false });
      return { queued: eventId };
    }
    const posted = outcome.runs.find((r) => r.status === 'posted');
    await recordManualRun(this, companyId, by, automationId, { version: document.version, sourceRef, eventKey, runs: outcome.runs.map((r) => r.id), posted: !!posted });
    if (stored?.bookOnce && posted) {
      // The document is booked now: its open inbox items (nothing handled it, a run failed) are resolved, saying by what.
      for (const id of await this.inbox.openOf(companyId, sourceRef)) {
        await this.resolveException(companyId, id, by, `Booked by a manual run: ${automationId} v${document.version}, run ${posted.id}`);
      }
    }
    // Booked meanwhile by someone else: the run says so, and the answer names the voucher.
    const bookedNow = stored?.bookOnce && !posted ? await this.bookedBy(companyId, sourceRef) : null;
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

  // The outbox (kernel/outbox.ts), through the runner: callers and tests reach it here.
  /** This process, in lease owners and logs. */
  get instanceId(): string { return this.outbox.instanceId; }
  get leaseMs(): number { return this.outbox.leaseMs; }
  set leaseMs(value: number) { this.outbox.leaseMs = value; }
  get attemptsMax(): number { return this.outbox.attemptsMax; }
  set attemptsMax(value: number) { this.outbox.attemptsMax = value; }

  /** The published version in force of each automation with this trigger (or of one automation): what an event will run on. */
  versionsInForce(dbOrTx: unknown, companyId: string, triggerType: string, automationId?: string): Promise<Record<string, number>> {
    return this.outbox.versionsInForce(dbOrTx, companyId, triggerType, automationId);
  }

  /** Stores an event in the outbox (inside the caller's transaction). The same key again is ignored. */
  enqueue(tx: Pick<Db, 'insert' | 'select'>, companyId: string, input: EventInput): Promise<string> {
    return this.outbox.enqueue(tx, companyId, input);
  }

  /** `enqueue` for many events of one company (multi-row inserts); the event ids in input order. */
  enqueueMany(tx: unknown, companyId: string, inputs: Omit<EventInput, 'automationId' | 'availableAt'>[]): Promise<string[]> {
    // A decider thread gets ready meanwhile (started, its caches read): a large import stores its lines and events for
    // seconds, and the first batch would otherwise wait for 100 000 invoices to be read.
    if (inputs.length) this.decider?.warm(companyId);
    return this.outbox.enqueueMany(tx, companyId, inputs);
  }

  /** Claims one due event (or the given one) with a lease. */
  claim(eventId?: string): Promise<ClaimedEvent | null> {
    return this.outbox.claim(eventId);
  }

  /** Claims up to `size` due events of one company at once (or the given ids), under one lease owner. */
  claimBatch(size: number, ids?: string[]): Promise<ClaimedBatch | null> {
    return this.outbox.claimBatch(size, ids);
  }

  /** Work not yet done, of one company (the Runs page shows it) or of the whole database. */
  workQueue(companyId?: string): Promise<WorkQueue> {
    return this.outbox.workQueue(companyId);
  }

  /** The whole database's work queue as counts by status, those above zero (for /metrics and operators' /api/health). */
  outboxDepth(): Promise<Record<string, number>> {
    return this.outbox.outboxDepth();
  }

  /**
   * A write transaction whose effect kinds may ask to be told once it has
   * committed (`afterCommit`: e.g. the matching cache learns what was
   * settled); nothing is told when it rolls back.
   */
  private async transaction<T>(work: (tx: Tx, afterCommit: (fn: () => void) => void) => Promise<T>): Promise<T> {
    const committed: (() => void)[] = [];
    const result = await this.db.transaction((tx) => work(tx as unknown as Tx, (fn) => committed.push(fn)));
    for (const fn of committed) fn();
    return result;
  }

  /**
   * Processes a claimed batch with a handful of statements and ONE commit
   * per company: every event's runs are executed first, in order (the
   * engine writes nothing); then one transaction commits all their effects
   * (multi-row), records the runs and marks the events done — after
   * checking the batch's lease. Inside it, the whole batch is tried in a
   * savepoint; if anything is refused, it is rolled back and each event is
   * committed in a savepoint of its own, so that only the refused ones roll
   * back: they are run again after the commit, one run per transaction
   * (`process`: a refusal recorded as a failed run, a stale read run again,
   * any other error retried later), as are events that already have runs
   * (a crash during the careful path). An event whose effects claim what
   * an earlier event of the batch claims (effect kinds' `claims`: two
   * payments of one invoice) is cut off with the rest of the batch and
   * decided again after the commit, so it sees what the earlier ones did.
   */
  async processBatch(batch: ClaimedBatch): Promise<Map<string, EventOutcome>> {
    return (await this.processClaimed(batch)).outcomes;
  }

  /**
   * `processBatch`, with the batch's runs perhaps decided already on the
   * decider thread (`decided`, by company; null: decide them here), and the
   * claims of the batch that was being committed while they were decided
   * (`inFlight`). `clean`: every event committed in the one transaction (no
   * refusal, careful path, deferral, stale decisions, lost lease or error);
   * `claims`: what its committed events claimed.
   */
  private async processClaimed(batch: ClaimedBatch, decided: ReadonlyMap<string, DecidedBatch> | null = null, inFlight?: ReadonlySet<string>)
    : Promise<{ outcomes: Map<string, EventOutcome>; clean: boolean; claims: Set<string> }> {
    const outcomes = new Map<string, EventOutcome>();
    const claims = new Set<string>();
    let clean = true;
    for (const [companyId, rows] of rowsByCompany(batch.rows)) {
      let rest = rows;
      let given = decided?.get(companyId) ?? null;
      let onThread = given !== null;
      let inFlightNow = given ? inFlight : undefined;
      while (rest.length) {
        let careful: EventRow[];
        try {
          const done = await this.processCompanyBatch(companyId, rest, batch.owner, given, inFlightNow);
          for (const [id, outcome] of done.outcomes) outcomes.set(id, outcome);
          for (const claim of done.claims) claims.add(claim);
          careful = done.careful;
          rest = done.deferred;
        } catch (error) {
          clean = false;
          if (error instanceof StaleDecisions) {
            // Someone else changed what the decider had read: decided again here, on what is committed now.
            this.logger.info('decisions made on the decider thread were stale; deciding the batch here', { companyId, events: rest.length });
            this.decider?.recheck(companyId);
            given = null;
            onThread = false;
            inFlightNow = undefined;
            continue;
          }
          if (error instanceof LeaseLost) {
            this.logger.warn('lease lost on a batch; another worker owns it now', { owner: batch.owner, events: rest.length });
            break;
          }
          // Failed as a batch (not a refusal: those roll back alone): one event at a time, each with its own retries.
          this.logger.warn('batch failed; its events run one at a time', { companyId, events: rest.length, error: (error as Error).message });
          careful = rest;
          rest = [];
        }
        if (careful.length || rest.length) clean = false;
        for (const row of careful) {
          const outcome = await this.process({ row, owner: batch.owner });
          if (outcome) outcomes.set(row.id, outcome);
        }
        // the deferred rest: decided again now that the earlier events committed (on the thread when the batch was)
        given = onThread && rest.length ? this.opened(await this.decideOnThread(rest))?.get(companyId) ?? null : null;
        onThread = given !== null;
        inFlightNow = undefined;
      }
    }
    return { outcomes, clean, claims };
  }

  /**
   * Runs `work` in a savepoint of the open transaction: what it did is kept
   * (and its `afterCommit` calls passed on to the transaction) only if it
   * succeeds; if it throws, it is rolled back alone and the error rethrown.
   */
  private async savepoint<T>(tx: Tx, afterCommit: (fn: () => void) => void, work: (afterCommit: (fn: () => void) => void) => Promise<T>): Promise<T> {
    const sqlOf = rawExecutor(tx);
    const told: (() => void)[] = [];
    await sqlOf.execute({ sql: 'SAVEPOINT batch_part', args: [] });
    let result: T;
    try {
      result = await work((fn) => told.push(fn));
    } catch (error) {
      await sqlOf.execute({ sql: 'ROLLBACK TO batch_part', args: [] });
      await sqlOf.execute({ sql: 'RELEASE batch_part', args: [] });
      throw error;
    }
    await sqlOf.execute({ sql: 'RELEASE batch_part', args: [] });
    for (const fn of told) afterCommit(fn);
    return result;
  }

  /**
   * Decides the runs of these events, in order (the engine writes nothing):
   * every published automation each is for, in priority order, up to the one
   * that books a source booked once. Stops before the first event whose
   * effects claim what an earlier one (or `claimed`) claims: it is decided
   * again after they committed. Plain data (structured-clone safe: the
   * decider thread, runs/decider.ts, answers with it), the traces as stored.
   */
  async decideEvents(companyId: string, rows: readonly EventRow[], startedAt: string, claimed: Iterable<string> = [])
    : Promise<{ events: DecidedEvent[]; names: [string, string][] }> {
    const chart = await this.requireChart(companyId);
    const taken = new Set(claimed);
    const events: DecidedEvent[] = [];
    const names = new Map<string, string>();
    // The events of one import share their versions (the same text): read, and their documents found, once.
    let versionsText: string | null = null;
    let documents: AutomationDocument[] = [];
    let automationCount = 0;
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      if (row.versions !== versionsText) {
        const versions = JSON.parse(row.versions) as Record<string, number>;
        automationCount = Object.keys(versions).length;
        documents = await this.documentsFor(companyId, versions);
        versionsText = row.versions;
      }
      const item: DecidedEvent = { eventId: row.id, payload, automationCount, runs: [] };
      const bookOnce = isBookedOnce(row.sourceRef);
      for (let d = 0; d < documents.length; d++) {
        const document = documents[d];
        names.set(document.id, document.name);
        const runId = this.clock.newId();
        const started = performance.now();
        const result = await executeRun({ runId, document, event: payload, eventKey: row.eventKey, sourceRef: row.sourceRef, arrivedAt: row.createdAt }, this.engineContext(chart));
        const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
        const summary: RunSummary = {
          id: runId, automationId: document.id, automationVersion: document.version, triggerType: triggerTypeOf(document),
          sourceRef: row.sourceRef, status: result.status, reason: result.reason, startedAt, durationMs, voucherIds: [],
        };
        // Booked now: the automations after it do not run; they are recorded on this run.
        const skipped = bookOnce && result.status === 'posted' ? skippedRunsOf(document, documents.slice(d + 1)) : null;
        item.runs.push({
          summary, status: result.status, reasonText: result.reasonText, trace: storedTrace(result.trace, payload), effects: effectsOf(result),
          skipped: skipped ? JSON.stringify(skipped) : null,
        });
        if (skipped) break;
      }
      const claims = claimsOf(item.runs.flatMap((r) => r.effects), this.effects);
      if (claims.some((c) => taken.has(c))) break; // decided again once the earlier events have committed
      for (const c of claims) taken.add(c);
      events.push(item);
    }
    return { events, names: [...names] };
  }

  private async processCompanyBatch(companyId: string, rows: EventRow[], owner: string, decided: DecidedBatch | null = null, inFlight?: ReadonlySet<string>)
    : Promise<{ outcomes: Map<string, EventOutcome>; careful: EventRow[]; deferred: EventRow[]; claims: Set<string> }> {
    // Events with runs already (a crash during the careful path): the careful path again, which finds them.
    const seen = new Set<string>();
    for (let i = 0; i < rows.length; i += 500) {
      const keys = rows.slice(i, i + 500).map((r) => r.eventKey);
      // raw SQL, the keys as one JSON parameter (one prepared statement): once a batch (runs_event_unique)
      const { rows: found } = await rawExecutor(this.db).execute({
        sql: 'SELECT event_key FROM runs WHERE company_id = ? AND event_key IN (SELECT value FROM json_each(?))', args: [companyId, jsonParam(keys)],
      });
      for (const r of found) seen.add(String(r.event_key));
    }
    const careful = rows.filter((r) => seen.has(r.eventKey));
    const fresh = rows.filter((r) => !seen.has(r.eventKey));
    const startedAt = decided?.startedAt ?? this.clock.now().toISOString();
    const { events: decidedEvents, names } = decided ?? await this.decideEvents(companyId, fresh, startedAt);
    for (const [automationId, name] of names) this.automationNames.set(`${companyId}\u0000${automationId}`, name);
    const byEvent = new Map(decidedEvents.map((e) => [e.eventId, e]));
    type Pending = DecidedEvent & { row: EventRow; summaries: RunSummary[] };
    const pending: Pending[] = [];
    const claimed = new Set<string>();
    let deferred: EventRow[] = [];
    for (let k = 0; k < fresh.length; k++) {
      const item = byEvent.get(fresh[k].id);
      const claims = item ? claimsOf(item.runs.flatMap((r) => r.effects), this.effects) : [];
      // not decided (cut off where it was decided), or claiming what an earlier event of this batch or of the batch
      // committed while it was decided claims: decided again once those have committed
      if (!item || claims.some((c) => claimed.has(c) || inFlight?.has(c))) {
        deferred = fresh.slice(k);
        break;
      }
      for (const c of claims) claimed.add(c);
      pending.push({ ...item, row: fresh[k], summaries: decidedSummaries(item) });
    }

    /** Commits some of the pending events inside the open transaction; their outcomes. */
    const commitPart = async (tx: Tx, fresh: Chart, part: Pending[], afterCommit: (fn: () => void) => void, nowIso: string) => {
      // Each attempt posts into lists of its own (post-voucher appends to `voucherIds`; payment-match settles with the voucher
      // at its index), given to the summaries once its effects are committed: a part committed again after its batch was
      // refused never sees the vouchers of the rolled-back attempt.
      const committed = part.flatMap((p) => p.runs.map(({ summary, status, effects }) => ({
        p, effects, summary,
        run: {
          runId: summary.id, automationId: summary.automationId, automationVersion: summary.automationVersion, sourceRef: p.row.sourceRef,
          eventJson: p.row.payload, status, reason: summary.reason, startedAt, voucherIds: [],
        } satisfies CommitRun,
      })));
      const bookOnce = [...new Set(committed.filter((c) => isBookedOnce(c.p.row.sourceRef) && booksSource(c.effects, this.effects)).map((c) => c.p))];
      for (let i = 0; i < bookOnce.length; i += 500) {
        const refs = bookOnce.slice(i, i + 500).map((p) => p.row.sourceRef!);
        const { rows: [booked] } = await rawExecutor(tx).execute({
          sql: 'SELECT id FROM vouchers WHERE company_id = ? AND source_ref IN (SELECT value FROM json_each(?)) LIMIT 1', args: [companyId, jsonParam(refs)],
        });
        if (booked) throw new Error('a source booked once in the batch was booked meanwhile: take the careful path');
      }
      await commitEffects({ tx, companyId, chart: fresh, clock: this.clock, ports: this.ports, afterCommit }, committed, this.effects);
      for (const c of committed) c.summary.voucherIds = c.run.voucherIds;
      failpoint('mid-run');
      const runRows = part.flatMap((p) => p.runs.map(({ summary, status, reasonText, trace, skipped }) => ({
        id: summary.id, companyId, automationId: summary.automationId, automationVersion: summary.automationVersion, triggerType: summary.triggerType,
        sourceRef: p.row.sourceRef, eventKey: p.row.eventKey, status, reason: summary.reason, event: eventInOutbox,
        trace, startedAt, durationMs: summary.durationMs, skipped,
        ...storedReason(reasonText),
      })));
      await insertRows(rawExecutor(tx), 'runs', runColumns, runRows, 200);
      const exceptionIds = await this.afterRuns(tx, companyId, part.map((p) => ({
        row: p.row, payload: p.payload, summaries: p.summaries, automationCount: p.automationCount,
        reasonTexts: new Map(p.runs.flatMap((r) => (r.reasonText ? [[r.summary.id, r.reasonText] as const] : []))),
      })));
      for (let i = 0; i < part.length; i += 500) {
        const ids = part.slice(i, i + 500).map((p) => p.row.id);
        await rawExecutor(tx).execute({
          sql: `UPDATE events SET status = 'done', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL WHERE id IN (${ids.map(() => '?').join(', ')})`,
          args: [nowIso, ...ids],
        });
      }
      return new Map(part.map((p) => [p.row.id, { runs: p.summaries, exceptionId: exceptionIds.get(p.row.id) ?? null } satisfies EventOutcome]));
    };

    const outcomes = new Map<string, EventOutcome>();
    if (pending.length) {
      await this.transaction(async (tx, afterCommit) => {
        const nowIso = this.clock.now().toISOString();
        await assertBatchLease(tx, rows.map((r) => r.id), owner, nowIso);
        // Decided on the decider thread: nobody else changed what its caches read (the write lock is ours till COMMIT).
        if (decided?.snapshot && !(await confirmSnapshot(this.ports, tx, companyId, decided.snapshot))) throw new StaleDecisions(companyId);
        const fresh = (await loadChart(tx, companyId))!;
        try {
          for (const [id, outcome] of await this.savepoint(tx, afterCommit, (told) => commitPart(tx, fresh, pending, told, nowIso))) outcomes.set(id, outcome);
        } catch (error) {
          // Refused as a whole: each event in its own savepoint; a refused one rolls back alone and takes the careful path.
          this.logger.info('batch refused; committing its events one by one', { companyId, events: pending.length, reason: (error as Error).message });
          for (const p of pending) {
            try {
              for (const [id, outcome] of await this.savepoint(tx, afterCommit, (told) => commitPart(tx, fresh, [p], told, nowIso))) outcomes.set(id, outcome);
            } catch (refused) {
              if (refused instanceof LeaseLost) throw refused;
              careful.push(p.row);
            }
          }
        }
      });
    }
    failpoint('after-commit');
    for (const p of pending) if (outcomes.has(p.row.id)) this.metrics?.eventProcessed(p.summaries);
    this.logger.info('batch finished', { companyId, events: outcomes.size, runs: pending.reduce((n, p) => n + p.runs.length, 0), careful: careful.length, deferred: deferred.length });
    const claims = new Set(pending.filter((p) => outcomes.has(p.row.id)).flatMap((p) => claimsOf(p.runs.flatMap((r) => r.effects), this.effects)));
    return { outcomes, careful, deferred, claims };
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
      await this.inbox.openForEvent(this.db, row, `Processing stopped ${row.attempts} times without finishing (crash or hang); not retried again`, nowIso);
      this.metrics?.eventFailed();
    }
    return abandoned.length;
  }

  /**
   * Decides batches on a thread of its own while this one commits (runs/decider.ts; `kontera worker` with
   * KONTERA_DECIDE_THREAD=1): set by `createServices`, or a test or the bench. Null: every batch is decided here.
   */
  decider: DeciderPort | null = null;

  /** How long `drain` waited for the decider thread's decisions, in all (ms; for the bench). */
  deciderWaitMs = 0;

  /** The decider thread's decisions of these rows, by company; null when there is none or it could not (decided here then). */
  private async decideOnThread(rows: readonly EventRow[], claimed: Iterable<string> = []): Promise<Decisions | null> {
    if (!this.decider) return null;
    return this.decider.decide(rows, this.clock.now().toISOString(), this.clock.now().getTime(), [...claimed]);
  }

  /** A decider's answer read; null (decided here, nothing lost) when it cannot be read. */
  private opened(decisions: Decisions | null): Map<string, DecidedBatch> | null {
    if (!decisions) return null;
    try {
      return decisions();
    } catch (error) {
      this.logger.warn('could not read the decider thread\'s answer; deciding the batch here', { error: (error as Error).message });
      return null;
    }
  }

  /** Stops the decider thread, if any. */
  close(): void {
    this.decider?.close();
  }

  /**
   * `drain` with a decider thread: batch N+1 is claimed and decided there
   * while this thread commits batch N. N+1's events that claim what N claims
   * are cut off and decided again after N committed (as inside a batch); if
   * N did not commit cleanly, N+1's decisions are thrown away and it is
   * decided again. The thread answering nothing (crashed, failed) means the
   * batch is decided here: nothing is lost, the events stay claimed.
   */
  private async drainDecidingOnThread(max: number, batchSize: number): Promise<number> {
    const claimer = this.batchClaimer(batchSize, max);
    try {
      await this.pipeline(claimer);
    } finally {
      await claimer.release();
    }
    return claimer.taken();
  }

  /** `drainDecidingOnThread`'s loop: batch N+1 decided on the thread while N commits here. */
  private async pipeline(claimer: ReturnType<Runner['batchClaimer']>): Promise<void> {
    const claimNext = claimer.next;
    let current = await claimNext();
    let decision = current ? this.decideOnThread(current.rows) : null;
    let inFlight: ReadonlySet<string> | undefined;
    while (current) {
      const waitStarted = performance.now();
      const decided = this.opened(await decision);
      this.deciderWaitMs += performance.now() - waitStarted;
      const next = await claimNext();
      // decided there while this batch commits here; what this batch claims is cut off there
      const claimed = decided ? [...decided.values()].flatMap((d) => d.events.flatMap((e) => claimsOf(e.runs.flatMap((r) => r.effects), this.effects))) : [];
      let nextDecision = next && decided ? this.decideOnThread(next.rows, claimed) : null;
      const done = await this.processClaimed(current, decided, inFlight).catch((error: unknown) => {
        if (next) claimer.unused(next); // not started: pending again at once (the batch that failed keeps its attempt)
        throw error;
      });
      inFlight = new Set(claimed);
      if (next && (!done.clean || !nextDecision)) {
        // decided on what the uncommitted batch would have left: thrown away, decided again on what it did leave
        if (!done.clean) for (const companyId of new Set(current.rows.map((r) => r.companyId))) this.decider?.recheck(companyId);
        nextDecision = this.decideOnThread(next.rows);
        inFlight = undefined;
      }
      current = next;
      decision = nextDecision;
    }
  }

  /**
   * How many batches `drain` claims in one transaction: the second is committed a batch later under
   * the same lease, and a large queue takes half as many claim transactions — each a commit of its
   * own, writing the events' pages that the batch's commit writes again (issue 11: 200 of them for
   * 100 000 events, ≈ 8 ms each).
   */
  claimAhead = 2;

  /**
   * `drain`'s batches: `claimAhead` batches are claimed at once (webhook deliveries moved first) and
   * handed out one at a time (`next`; null once `left()` is used up or nothing is due). A batch
   * waiting past half its lease (a slow batch before it) is given back and claimed again, so it is
   * never committed on the last of its lease; `release` gives back what the drain did not get to (it
   * stopped on an error), so those events do not wait for their lease to run out. `taken`: the events
   * claimed and not given back, at most `max`.
   */
  private batchClaimer(batchSize: number, max: number) {
    const ready: (ClaimedBatch & { claimedAt: number })[] = [];
    let taken = 0;
    const giveBack = async (batches: ClaimedBatch[]) => {
      for (const batch of batches) taken -= batch.rows.length;
      try {
        for (const batch of batches) await this.outbox.release(batch.rows.map((r) => r.id), batch.owner);
      } catch (error) {
        // their leases run out instead, and they are claimed again then
        this.logger.warn('could not give back events claimed ahead', { events: batches.reduce((n, b) => n + b.rows.length, 0), error: (error as Error).message });
      }
    };
    const next = async (): Promise<ClaimedBatch | null> => {
      const waiting = ready.shift();
      if (waiting) {
        if (performance.now() - waiting.claimedAt < this.leaseMs / 2) return waiting;
        await giveBack([waiting, ...ready.splice(0)]);
      }
      if (taken >= max) return null;
      const ahead = batchSize * Math.max(1, this.claimAhead);
      await this.moveDeliveries(ahead); // as many as are claimed: deliveries keep pace with a long drain
      const claimed = await this.claimBatch(Math.min(ahead, max - taken));
      if (!claimed) return null;
      taken += claimed.rows.length;
      const claimedAt = performance.now();
      for (let i = 0; i < claimed.rows.length; i += batchSize) ready.push({ rows: claimed.rows.slice(i, i + batchSize), owner: claimed.owner, claimedAt });
      return ready.shift()!;
    };
    /** a batch handed out that will not be processed after all: given back with the rest by `release` */
    const handedBack: ClaimedBatch[] = [];
    const release = () => giveBack([...handedBack.splice(0), ...ready.splice(0)]);
    return { next, release, unused: (batch: ClaimedBatch) => { handedBack.push(batch); }, taken: () => taken };
  }

  /** Webhook deliveries acknowledged since become their bank lines and events first (runs/intake.ts). */
  private async moveDeliveries(batchSize: number): Promise<void> {
    try {
      await moveReceivedDeliveries(this.db, this, batchSize);
    } catch (error) {
      // Nothing moved (the next drain tries again); the events already in the outbox still run.
      this.logger.warn('could not move webhook deliveries into the outbox', { error: (error as Error).message });
    }
  }

  /** Processes due events, in batches, until none is left (or about `max`). Returns how many. */
  async drain(max = 1000, batchSize = this.batchSize): Promise<number> {
    await this.failAbandoned();
    if (this.decider) return this.drainDecidingOnThread(max, batchSize);
    const claimer = this.batchClaimer(batchSize, max);
    try {
      for (let batch = await claimer.next(); batch; batch = await claimer.next()) await this.processBatch(batch);
    } finally {
      await claimer.release();
    }
    return claimer.taken();
  }

  /** Events claimed and committed together by the worker. */
  batchSize = 100;

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
      const bookOnce = isBookedOnce(row.sourceRef);
      const summaries: RunSummary[] = [];
      const reasonTexts = new Map<string, Message>();
      const documents = await this.documentsFor(row.companyId, versions);
      for (let d = 0; d < documents.length; d++) {
        const bookedBy = bookOnce ? summaries.find((r) => r.status === 'posted') : undefined;
        // (a booking run recorded before the automations after it were recorded on it: one row each)
        if (bookedBy) {
          summaries.push(await this.runAndCommit(chart, documents[d], payload, row.eventKey, row.sourceRef, fence, alreadyBooked(bookedBy.automationId, row.sourceRef), bookOnce));
          continue;
        }
        const ran = await this.runOne(chart, documents[d], payload, row.eventKey, row.sourceRef, fence, undefined, bookOnce, documents.slice(d + 1), row.createdAt);
        summaries.push(ran.summary);
        if (ran.reasonText) reasonTexts.set(ran.summary.id, ran.reasonText);
        if (ran.skipped) {
          summaries.push(...ran.skipped);
          break;
        }
      }
      failpoint('after-commit');
      let exceptionId: string | null = null;
      await this.db.transaction(async (tx) => {
        await assertLease(tx, fence, this.clock.now().toISOString());
        exceptionId = (await this.afterRuns(tx, row.companyId, [{ row, payload, summaries, reasonTexts, automationCount: Object.keys(versions).length }]))
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

  private async retryOrFail(row: EventRow, owner: string, error: Error): Promise<void> {
    const now = this.clock.now();
    const attempts = row.attempts; // counted when claimed
    this.logger.warn('event processing failed', { eventId: row.id, attempt: attempts, error: error.message });
    if (attempts >= this.attemptsMax) {
      await this.db.transaction(async (tx) => {
        const updated = await tx.update(events).set({ status: 'failed', lastError: error.message, finishedAt: now.toISOString(), leaseOwner: null, leaseExpiresAt: null })
          .where(and(eq(events.id, row.id), eq(events.leaseOwner, owner))).returning({ id: events.id });
        if (!updated.length) return;
        await this.inbox.openForEvent(tx, row, `Processing failed ${attempts} times; last error: ${error.message}`, now.toISOString());
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
   * What events leave besides their runs, in their commit transaction: the
   * inbox item a flagged or failed run made (the event's `exceptionId`), and
   * whatever each event's source kind does after its runs (`afterRuns`: a
   * bank line's status, an inbox item when nothing handled it) — a few
   * statements for a batch.
   */
  private async afterRuns(tx: Pick<Db, 'insert' | 'update' | 'select'>, companyId: string, items: RanEvent[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    await this.inbox.flaggedItems(tx, companyId, items, result);
    const byKind = new Map<RuntimeSourceKind, RanEvent[]>();
    for (const item of items) {
      const kind = runtimeSourceOf(item.row.sourceRef, this.sources)?.runtime;
      if (!kind?.afterRuns) continue;
      const list = byKind.get(kind);
      if (list) list.push(item);
      else byKind.set(kind, [item]);
    }
    const automationName = (automationId: string) => this.automationNames.get(`${companyId}\u0000${automationId}`) ?? automationId;
    for (const [kind, ran] of byKind) {
      const unhandled = await kind.afterRuns!(tx, { companyId, automationName }, ran);
      await this.inbox.openUnhandled(tx, companyId, unhandled, result);
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

  /**
   * One run, committed as one transaction: its effects (in the order of the
   * effect registry), its record, after the lease check and, for a source
   * booked once, the check that nothing booked it meanwhile.
   */
  async runAndCommit(
    chart: Chart, document: AutomationDocument, event: Record<string, unknown>, eventKey: string, sourceRef: string | null,
    fence?: { eventId: string; owner: string },
    /** a result decided without running the graph (e.g. the bank line was already booked) */
    decided?: RunResult,
    /** the source document may be booked once (a bank line): checked again inside the posting transaction */
    bookOnce = false,
  ): Promise<RunSummary> {
    return (await this.runOne(chart, document, event, eventKey, sourceRef, fence, decided, bookOnce)).summary;
  }

  /**
   * `runAndCommit`, and for a source booked once the automations after this
   * one (`rest`, in priority order): when this run books the source, they
   * are recorded on it as skipped (`skipped`: their summaries) instead of
   * running. `skipped` is null when the run did not book it (or was
   * recorded before skipped automations were recorded on their booking run).
   */
  private async runOne(
    chart: Chart, document: AutomationDocument, event: Record<string, unknown>, eventKey: string, sourceRef: string | null,
    fence: { eventId: string; owner: string } | undefined, decided: RunResult | undefined, bookOnce: boolean, rest: readonly AutomationDocument[] = [],
    /** when the event arrived (the `balance` keywords' day for an event without a date of its own) */
    arrivedAt?: string,
  ): Promise<{ summary: RunSummary; skipped: RunSummary[] | null; reasonText?: Message }> {
    const companyId = chart.companyId;
    const [existing] = await this.db.select().from(runs)
      .where(and(eq(runs.companyId, companyId), eq(runs.automationId, document.id), eq(runs.eventKey, eventKey)));
    if (existing) {
      const summary = this.summaryOf(existing, await this.voucherIdsOf(existing.id));
      return { summary, skipped: existing.skipped === null ? null : skippedSummaries(summary, parseSkipped(existing.skipped)) };
    }

    const runId = this.clock.newId();
    const startedAt = this.clock.now().toISOString();
    const started = performance.now();
    let result = decided ?? await executeRun({ runId, document, event, eventKey, sourceRef, arrivedAt }, this.engineContext(chart));
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    const eventJson = JSON.stringify(event);

    let skipped: StoredSkippedRun[] | null = null;
    /** Its effects, then its record, inside the caller's transaction; returns the vouchers posted. */
    const commit = async (final: RunResult, tx: Tx, chartNow: Chart, midRun: boolean, afterCommit: (fn: () => void) => void) => {
      skipped = bookOnce && final.status === 'posted' ? skippedRunsOf(document, rest) : null;
      const run: CommitRun = {
        runId, automationId: document.id, automationVersion: document.version, sourceRef, eventJson,
        status: final.status, reason: final.reason, startedAt, voucherIds: [],
      };
      await commitEffects({ tx, companyId, chart: chartNow, clock: this.clock, ports: this.ports, afterCommit }, [{ run, effects: effectsOf(final) }], this.effects);
      if (midRun) failpoint('mid-run');
      await tx.insert(runs).values({
        id: runId, companyId, automationId: document.id, automationVersion: document.version,
        triggerType: triggerTypeOf(document),
        sourceRef, eventKey, status: final.status, reason: final.reason, event: fence ? eventInOutbox : eventJson,
        trace: storedTrace(final.trace, event), startedAt, durationMs,
        skipped: skipped ? JSON.stringify(skipped) : null,
        ...storedReason(final.reasonText),
      });
      return run.voucherIds;
    };

    let voucherIds: string[] = [];
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          voucherIds = await this.transaction(async (tx, afterCommit) => {
            if (fence) await assertLease(tx, fence, this.clock.now().toISOString());
            if (bookOnce && sourceRef && booksSource(effectsOf(result), this.effects)) {
              // Inside the write lock: a concurrent run (e.g. two retries of one exception) may have booked it meanwhile.
              const [booked] = await tx.select({ automationId: vouchers.automationId }).from(vouchers)
                .where(and(eq(vouchers.companyId, companyId), eq(vouchers.sourceRef, sourceRef))).limit(1);
              if (booked) throw new AlreadyBooked(booked.automationId ?? 'a person');
            }
            const fresh = await loadChart(tx, companyId);
            return commit(result, tx, fresh!, true, afterCommit);
          });
          break;
        } catch (error) {
          // What the run read changed before it committed (another process settled the invoice): run it again on fresh data, now.
          if (!(error instanceof StaleRead) || decided || attempt >= staleReadAttemptsMax) throw error;
          this.logger.info('run again on fresh data', { automationId: document.id, sourceRef, attempt, reason: error.message });
          result = await executeRun({ runId, document, event, eventKey, sourceRef, arrivedAt }, this.engineContext(chart));
        }
      }
    } catch (error) {
      const refused = refusalReason(error);
      if (refused === null && !(error instanceof AlreadyBooked)) throw error;
      // An effect was refused at commit (e.g. the period was locked meanwhile), or the document was booked meanwhile: nothing was written.
      result = error instanceof AlreadyBooked
        ? alreadyBooked(error.automationId, sourceRef)
        : { ...result, status: 'failed', reason: refused, reasonText: undefined, vouchers: [] };
      await this.transaction(async (tx, afterCommit) => {
        if (fence) await assertLease(tx, fence, this.clock.now().toISOString());
        await commit(result, tx, chart, false, afterCommit);
      });
    }
    this.logger.info('run finished', { runId, automationId: document.id, status: result.status, sourceRef });
    const summary: RunSummary = {
      id: runId, automationId: document.id, automationVersion: document.version,
      triggerType: triggerTypeOf(document),
      sourceRef, status: result.status, reason: result.reason, startedAt, durationMs, voucherIds,
    };
    const recorded = skipped as StoredSkippedRun[] | null;
    return { summary, skipped: recorded ? skippedSummaries(summary, recorded) : null, reasonText: result.reasonText };
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

  /** A run row as summaries: the run, then the automations it recorded as skipped (it booked the source). */
  private async summariesOf(row: RunRow): Promise<RunSummary[]> {
    const summary = this.summaryOf(row, await this.voucherIdsOf(row.id));
    return [summary, ...skippedSummaries(summary, parseSkipped(row.skipped))];
  }

  /**
   * Runs, newest first. An automation skipped on a document another run
   * booked is listed as a run of its own (`no_match`, "already booked by …"),
   * right after the booking run, as when it had a row of its own.
   */
  async listRuns(companyId: string, filter: { automationId?: string; status?: string; sourceRef?: string; from?: string; to?: string; limit?: number; skipped?: 'show' | 'hide' } = {}): Promise<RunSummary[]> {
    const conditions: SQL[] = [eq(runs.companyId, companyId)];
    if (filter.automationId) {
      conditions.push(or(eq(runs.automationId, filter.automationId),
        sql`(${runs.skipped} IS NOT NULL AND instr(${runs.skipped}, ${`"automationId":${JSON.stringify(filter.automationId)}`}) > 0)`)!);
    }
    if (filter.status) conditions.push(filter.status === 'no_match' ? or(eq(runs.status, 'no_match'), isNotNull(runs.skipped))! : eq(runs.status, filter.status as RunRow['status']));
    if (filter.sourceRef) conditions.push(eq(runs.sourceRef, filter.sourceRef));
    if (filter.from) conditions.push(gte(runs.startedAt, filter.from));
    if (filter.to) conditions.push(lte(runs.startedAt, inclusiveUntil(filter.to)));
    const limit = Math.min(filter.limit ?? 100, 1000);
    const rows = await this.db.select().from(runs).where(and(...conditions)).orderBy(desc(runs.startedAt)).limit(limit);
    const out: RunSummary[] = [];
    for (const row of rows) {
      // the first summary is the row's own run; the rest are the automations it made stand aside (booked once)
      const summaries = await this.summariesOf(row);
      for (const summary of filter.skipped === 'hide' ? summaries.slice(0, 1) : summaries) {
        if ((filter.automationId && summary.automationId !== filter.automationId) || (filter.status && summary.status !== filter.status)) continue;
        out.push(summary);
      }
    }
    return out.slice(0, limit);
  }

  /** A run with its event and trace; a skipped automation (`<booking run>~<automation>`) has the booking run's event and no steps. */
  async getRun(companyId: string, runId: string): Promise<RunDetail> {
    const mark = runId.indexOf(skippedMark);
    const [row] = await this.db.select().from(runs).where(and(eq(runs.companyId, companyId), eq(runs.id, mark < 0 ? runId : runId.slice(0, mark))));
    if (row && mark >= 0) {
      const skipped = (await this.summariesOf(row)).slice(1).find((r) => r.id === runId);
      if (skipped) return { ...skipped, event: await this.eventOf(row), trace: [] };
    }
    if (!row || mark >= 0) throw new NotFound(`Run "${runId}" does not exist`);
    const event = await this.eventOf(row);
    return { ...this.summaryOf(row, await this.voucherIdsOf(row.id)), event, trace: traceOf(row.trace, event) };
  }

  /** The event a run ran on: its own column, or the outbox's event of its key (`eventInOutbox`). */
  private async eventOf(row: RunRow): Promise<Record<string, unknown>> {
    if (row.event !== eventInOutbox) return JSON.parse(row.event) as Record<string, unknown>;
    const [event] = await this.db.select({ payload: events.payload }).from(events).where(and(eq(events.companyId, row.companyId), eq(events.eventKey, row.eventKey)));
    if (!event) throw new Error(`Run ${row.id}: its event (key "${row.eventKey}") is not in the outbox`);
    return JSON.parse(event.payload) as Record<string, unknown>;
  }

  // The inbox (kernel/inbox.ts), through the runner: routes and tests reach it here.
  listExceptions(companyId: string, filter?: InboxFilter): Promise<ExceptionItem[]> {
    return this.inbox.list(companyId, filter);
  }

  /** A person says what they did about an exception; it leaves the open inbox (audited). */
  resolveException(companyId: string, exceptionId: string, by: string, note: string): Promise<ExceptionItem> {
    return this.inbox.resolve(companyId, exceptionId, by, note);
  }

  /** "Run again" on an inbox item: what its source kind does (a bank line runs again; a refused delivery is stored again). */
  retryException(companyId: string, exceptionId: string, by: string): Promise<{ exception: ExceptionItem; runs: RunSummary[] }> {
    return this.inbox.retry(this, companyId, exceptionId, by);
  }
}

/** "Run now" for real goes to the audit log: who ran what, on what, and whether it posted. */
async function recordManualRun(runner: Runner, companyId: string, by: string, automationId: string, details: Record<string, unknown>): Promise<void> {
  await recordAudit(runner.db, {
    id: runner.clock.newId(), companyId, at: runner.clock.now().toISOString(), actor: by, action: 'automation.run', subject: `automation:${automationId}`, details,
  });
}
