/**
 * A backtest's work: walks the company's stored events of a period whose
 * trigger fits the automation, evaluates the document through the same
 * engine as every run — in dry-run mode: ports read (open invoices), the
 * ledger port only checks and collects proposals, nothing is written — and
 * compares each event with what actually happened to it (the runs recorded
 * for it, the vouchers they posted).
 *
 * For an event booked once (a bank line) the automations in force when it
 * arrived are walked again in priority order with the evaluated document in
 * its automation's place: an automation whose recorded run really ran keeps
 * what it did; one that was passed by ("already booked") or that now comes
 * after the document is evaluated too. So a draft that takes an event over
 * from another automation, or leaves it to another, says so.
 */
import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import {
  backtestDifferencesMax, backtestEventsMax, type BacktestAccountDelta, type BacktestChange, type BacktestDifference, type BacktestOutcome,
  type BacktestResult, type BacktestVoucher,
} from '../../shared/backtest.ts';
import { inclusiveUntil } from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { isBookedOnce, sourceKinds, type SourceKindId } from '../../shared/sources.ts';
import type { AutomationStore } from '../automations/store.ts';
import type { Db } from '../db/client.ts';
import { events, runs, voucherLines, vouchers } from '../db/schema.ts';
import { executeRun } from '../engine/engine.ts';
import type { EngineContext, RunResult } from '../engine/types.ts';
import { loadChart, type Chart } from '../ledger/chart.ts';
import { effectKinds } from '../kernel/effects.ts';
import { DomainRefusal } from '../kernel/errors.ts';
import type { RuntimePorts } from '../kernel/ports.ts';

export interface BacktestScope {
  companyId: string;
  automationId: string;
  /** the document evaluated (a draft or a published version) */
  document: AutomationDocument;
  /** its published version; null: a draft */
  version: number | null;
  from: string;
  to: string;
  eventKinds: SourceKindId[] | null;
}

export interface BacktestDeps {
  db: Db;
  store: AutomationStore;
  ports: RuntimePorts;
}

/** What the job sees between chunks: progress to record, and whether to stop (cancelled). */
export interface BacktestControl {
  progress(done: number, total: number): Promise<void>;
  /** true: stop now (the caller records why) */
  stopped(): Promise<boolean>;
  /** lets other work run between chunks (the local database answers synchronously) */
  yieldTurn(): Promise<void>;
  /** events between two progress reports (default backtestChunkSize) */
  chunkSize?: number;
}

/** Events evaluated between two progress reports (and two turns of the event loop). */
export const backtestChunkSize = 100;

export const backtestApproximations = [
  'Payment matching runs against the open invoices of today, not those open on the day the event arrived.',
  'The other automations are those in force when each event arrived; one whose recorded run really ran keeps what it did.',
  'Only what automatic runs did is compared: a line booked later by hand or by "Run now" counts as not booked before.',
  'Events are taken by the day they arrived (UTC); events still waiting or failed are left out.',
  'Each event is evaluated as of when it arrived ("today" is its arrival), but balances are read from today\'s ledger, including vouchers these events later posted.',
];

export function triggerTypeOf(document: AutomationDocument): string {
  return document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger')?.type ?? 'unknown';
}

/** The events of the scope, as SQL conditions: done, of the trigger, of the period (by arrival), not manual re-runs. */
function eventConditions(scope: BacktestScope): SQL[] {
  const conditions: SQL[] = [
    eq(events.companyId, scope.companyId), gte(events.createdAt, scope.from), lte(events.createdAt, inclusiveUntil(scope.to)),
    eq(events.triggerType, triggerTypeOf(scope.document)), eq(events.status, 'done'),
    sql`(${events.automationId} IS NULL OR ${events.automationId} = ${scope.automationId})`,
    sql`${events.eventKey} NOT LIKE '%:manual:%'`,
  ];
  if (scope.eventKinds) {
    const prefixes = scope.eventKinds.map((kind) => sql`${events.sourceRef} LIKE ${`${sourceKinds[kind].prefix}%`}`);
    conditions.push(sql`(${sql.join(prefixes, sql` OR `)})`);
  }
  return conditions;
}

/** How many events the backtest would walk; refused (422) over backtestEventsMax, saying so. */
export async function countBacktestEvents(db: Db, scope: BacktestScope): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)` }).from(events).where(and(...eventConditions(scope)));
  const total = Number(n);
  if (total > backtestEventsMax) {
    throw new DomainRefusal(422, 'backtest_too_many_events',
      `The period ${scope.from}..${scope.to} has ${total} events for this trigger; a backtest walks at most ${backtestEventsMax}: choose a shorter period`,
      { eventsMax: backtestEventsMax, events: total });
  }
  return total;
}

type EventRow = typeof events.$inferSelect;
type RunRow = Pick<typeof runs.$inferSelect, 'id' | 'automationId' | 'automationVersion' | 'eventKey' | 'status' | 'reason' | 'trace'>;

/** An automation's outcome on one event, with whether it may be kept as recorded. */
interface Step { outcome: BacktestOutcome; evaluated: boolean }

const priorityOf = (document: AutomationDocument) => document.priority ?? 100;
const byPriority = (a: AutomationDocument, b: AutomationDocument) => priorityOf(a) - priorityOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The event in short, for people: its text, amount and date where it has them. */
export function summarizeEvent(payload: Record<string, unknown>): string {
  const parts: string[] = [];
  const text = [payload.text, payload.description, payload.reference, payload.name].find((v) => typeof v === 'string' && v.trim());
  if (typeof text === 'string') parts.push(text.trim().slice(0, 80));
  if (typeof payload.amountMinor === 'number' && Number.isSafeInteger(payload.amountMinor)) {
    const minor = payload.amountMinor;
    const sign = minor < 0 ? '-' : '';
    const abs = Math.abs(minor);
    parts.push(`${sign}${Math.floor(abs / 100).toLocaleString('sv-SE')},${String(abs % 100).padStart(2, '0')}${typeof payload.currency === 'string' ? ` ${payload.currency}` : ''}`);
  }
  const date = [payload.bookingDate, payload.date, payload.scheduledAt].find((v) => typeof v === 'string');
  if (typeof date === 'string') parts.push(date.slice(0, 10));
  return parts.join(', ') || 'an event';
}

function voucherKey(v: BacktestVoucher): string {
  const lines = v.lines.map((l) => `${l.account}|${l.debitMinor}|${l.creditMinor}|${l.currency}|${l.foreignCurrency ?? ''}|${l.foreignAmountMinor ?? ''}|${l.rate ?? ''}`).sort().join(';');
  return `${v.series}|${v.date}|${v.text}|${lines}`;
}

function sumInto(target: Map<string, BacktestAccountDelta>, vouchersOf: BacktestVoucher[], side: 'before' | 'after') {
  for (const voucher of vouchersOf) {
    for (const line of voucher.lines) {
      const key = `${line.account}\u0000${line.currency}`;
      const row = target.get(key) ?? { account: line.account, currency: line.currency, beforeDebitMinor: 0, beforeCreditMinor: 0, afterDebitMinor: 0, afterCreditMinor: 0 };
      if (side === 'before') { row.beforeDebitMinor += line.debitMinor; row.beforeCreditMinor += line.creditMinor; } else { row.afterDebitMinor += line.debitMinor; row.afterCreditMinor += line.creditMinor; }
      target.set(key, row);
    }
  }
}

const changed = (d: BacktestAccountDelta) => d.beforeDebitMinor !== d.afterDebitMinor || d.beforeCreditMinor !== d.afterCreditMinor;
const sortAccounts = (rows: BacktestAccountDelta[]) => rows.sort((a, b) => Number(changed(b)) - Number(changed(a)) || a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency));

/**
 * Runs the backtest. Returns the result, or null when `control.stopped()`
 * said to stop between two chunks. Writes nothing: every run is the engine's
 * on a context whose ledger port only checks and counts proposals.
 */
export async function evaluateBacktest(deps: BacktestDeps, scope: BacktestScope, control: BacktestControl): Promise<BacktestResult | null> {
  const { db, store } = deps;
  const chart = await loadChart(db, scope.companyId);
  if (!chart) throw new Error(`Company "${scope.companyId}" does not exist`);
  const total = await countBacktestEvents(db, scope);
  await control.progress(0, total);
  const triggerType = triggerTypeOf(scope.document);
  const draft = scope.document;

  const emptyCounts = () => ({ posted: 0, noMatch: 0, flagged: 0, failed: 0, notRun: 0, vouchers: 0, unbooked: 0 });
  const totals: BacktestResult['totals'] = {
    eventsConsidered: 0, eventsChanged: 0, before: emptyCounts(), after: emptyCounts(),
    vouchersAdded: 0, vouchersRemoved: 0, vouchersChanged: 0, takesOver: 0, leftTo: 0,
  };
  const accounts = new Map<string, BacktestAccountDelta>();
  const differences: BacktestDifference[] = [];
  let differencesLeftOff = 0;

  const count = (counts: ReturnType<typeof emptyCounts>, outcome: BacktestOutcome | null) => {
    const status = outcome?.status ?? 'not_run';
    if (status === 'posted') counts.posted++;
    else if (status === 'no_match') counts.noMatch++;
    else if (status === 'flagged') counts.flagged++;
    else if (status === 'failed') counts.failed++;
    else counts.notRun++;
    counts.vouchers += outcome?.vouchers.length ?? 0;
  };

  let cursor: { createdAt: string; id: string } | null = null;
  let done = 0;
  while (done < total) {
    const page: EventRow[] = await db.select().from(events).where(and(...eventConditions(scope),
      cursor ? sql`(${events.createdAt}, ${events.id}) > (${cursor.createdAt}, ${cursor.id})` : undefined))
      .orderBy(events.createdAt, events.id).limit(Math.min(control.chunkSize ?? backtestChunkSize, total - done));
    if (!page.length) break;
    cursor = { createdAt: page[page.length - 1].createdAt, id: page[page.length - 1].id };
    const recorded = await recordedRuns(db, scope.companyId, page.map((e) => e.eventKey));

    for (const event of page) {
      const payload = JSON.parse(event.payload) as Record<string, unknown>;
      const versions = JSON.parse(event.versions) as Record<string, number>;
      const ran = recorded.get(event.eventKey) ?? new Map<string, RecordedRun>();
      const bookOnce = isBookedOnce(event.sourceRef);

      // Before: what the runs recorded for the event did.
      const beforeOutcomes = new Map<string, BacktestOutcome>();
      for (const [automationId, run] of ran) beforeOutcomes.set(automationId, run.outcome);
      const mineBefore = beforeOutcomes.get(scope.automationId) ?? null;
      const bookedBefore = bookOnce ? [...ran.values()].sort((a, b) => a.order - b.order).find((r) => r.outcome.status === 'posted')?.outcome.automationId ?? null : null;

      // After: the document in its automation's place among those in force when the event arrived.
      const documents: AutomationDocument[] = [draft];
      for (const [automationId, version] of Object.entries(versions)) {
        if (automationId === scope.automationId) continue;
        const other = await store.version(scope.companyId, automationId, version);
        if (other) documents.push(other);
      }
      documents.sort(byPriority);
      const afterOutcomes = new Map<string, BacktestOutcome>();
      let bookedAfter: string | null = null;
      for (const document of documents) {
        const isDraft = document === draft;
        let step: Step;
        if (bookOnce && bookedAfter) {
          step = { outcome: passedBy(document, isDraft ? scope.version : document.version, bookedAfter), evaluated: true };
        } else if (!isDraft && ran.get(document.id)?.reallyRan) {
          step = { outcome: ran.get(document.id)!.outcome, evaluated: false };
        } else {
          // "Now" is when the event arrived, not the day the backtest runs (the `balance` keywords' day, the clock of every step).
          const result = await executeRun({ runId: `backtest`, document, event: payload, eventKey: event.eventKey, sourceRef: event.sourceRef, arrivedAt: event.createdAt },
            dryContext(deps, chart, new Date(event.createdAt)));
          step = { outcome: outcomeOf(document.id, isDraft ? scope.version : document.version, result, chart.baseCurrency), evaluated: true };
        }
        afterOutcomes.set(document.id, step.outcome);
        if (bookOnce && !bookedAfter && step.outcome.status === 'posted') bookedAfter = document.id;
      }
      const mineAfter = afterOutcomes.get(scope.automationId)!;

      totals.eventsConsidered++;
      count(totals.before, mineBefore);
      count(totals.after, mineAfter);
      if (bookOnce && !bookedBefore) totals.before.unbooked++;
      if (bookOnce && !bookedAfter) totals.after.unbooked++;

      // The ledger before and after, over every automation of the event.
      const eventAccounts = new Map<string, BacktestAccountDelta>();
      const automationIds = new Set([...beforeOutcomes.keys(), ...afterOutcomes.keys()]);
      let added = 0; let removed = 0; let changedVouchers = 0;
      for (const automationId of automationIds) {
        const before = beforeOutcomes.get(automationId)?.vouchers ?? [];
        const after = afterOutcomes.get(automationId)?.vouchers ?? (beforeOutcomes.has(automationId) && !afterOutcomes.has(automationId) ? before : []);
        sumInto(eventAccounts, before, 'before');
        sumInto(eventAccounts, after, 'after');
        for (let i = 0; i < Math.min(before.length, after.length); i++) if (voucherKey(before[i]) !== voucherKey(after[i])) changedVouchers++;
        if (after.length > before.length) added += after.length - before.length;
        if (before.length > after.length) removed += before.length - after.length;
      }
      for (const row of eventAccounts.values()) {
        const key = `${row.account}\u0000${row.currency}`;
        const sum = accounts.get(key) ?? { ...row, beforeDebitMinor: 0, beforeCreditMinor: 0, afterDebitMinor: 0, afterCreditMinor: 0 };
        sum.beforeDebitMinor += row.beforeDebitMinor; sum.beforeCreditMinor += row.beforeCreditMinor;
        sum.afterDebitMinor += row.afterDebitMinor; sum.afterCreditMinor += row.afterCreditMinor;
        accounts.set(key, sum);
      }
      totals.vouchersAdded += added;
      totals.vouchersRemoved += removed;
      totals.vouchersChanged += changedVouchers;

      const change = changeOf(scope.automationId, mineBefore, mineAfter, bookedBefore, bookedAfter, added + removed + changedVouchers > 0);
      if (change) {
        totals.eventsChanged++;
        if (change.kind === 'takes_over') totals.takesOver++;
        if (change.kind === 'left_to') totals.leftTo++;
        if (differences.length < backtestDifferencesMax) {
          differences.push({
            eventId: event.id, sourceRef: event.sourceRef, triggerType: event.triggerType, arrivedAt: event.createdAt, summary: summarizeEvent(payload),
            change: change.kind, otherAutomationId: change.other, before: mineBefore, after: mineAfter, bookedBefore, bookedAfter,
            accounts: sortAccounts([...eventAccounts.values()].filter(changed)),
          });
        } else differencesLeftOff++;
      }
      done++;
    }
    await control.progress(done, total);
    await control.yieldTurn();
    if (await control.stopped()) return null;
  }

  return {
    totals, accounts: sortAccounts([...accounts.values()]), differences, differencesLeftOff,
    approximations: backtestApproximations, triggerType,
  };
}

/** How this event changed for the automation; null: it did not. */
function changeOf(
  automationId: string, before: BacktestOutcome | null, after: BacktestOutcome, bookedBefore: string | null, bookedAfter: string | null, ledgerChanged: boolean,
): { kind: BacktestChange; other: string | null } | null {
  const postedBefore = before?.status === 'posted';
  const postedAfter = after.status === 'posted';
  if (!postedBefore && postedAfter) {
    return bookedBefore && bookedBefore !== automationId && bookedAfter === automationId ? { kind: 'takes_over', other: bookedBefore } : { kind: 'added', other: null };
  }
  if (postedBefore && !postedAfter) {
    return bookedAfter && bookedAfter !== automationId ? { kind: 'left_to', other: bookedAfter } : { kind: 'removed', other: null };
  }
  if (postedBefore && postedAfter) {
    const a = before!.vouchers.map(voucherKey).join('\n');
    const b = after.vouchers.map(voucherKey).join('\n');
    return a !== b ? { kind: 'changed', other: null } : null;
  }
  // An automation that did not run on the event and would not match it changes nothing.
  if (!before && after.status === 'no_match') return ledgerChanged ? { kind: 'outcome', other: null } : null;
  if ((before?.status ?? 'not_run') !== after.status) return { kind: 'outcome', other: null };
  return ledgerChanged ? { kind: 'outcome', other: null } : null;
}

function passedBy(document: AutomationDocument, version: number | null, bookedBy: string): BacktestOutcome {
  return {
    automationId: document.id, automationVersion: version, status: 'no_match', runId: null, vouchers: [],
    reason: `Already booked by "${bookedBy}" (higher priority); it is booked once`,
  };
}

/** What a run proposed, its lines in the company's base currency (as recorded lines are), a foreign amount and rate beside. */
function outcomeOf(automationId: string, version: number | null, result: RunResult, baseCurrency: string): BacktestOutcome {
  const vouchersOf = result.status === 'failed' ? [] : result.vouchers;
  return {
    automationId, automationVersion: version, status: result.status, reason: result.reason, runId: null,
    vouchers: vouchersOf.map((v) => ({
      series: v.series, date: v.date, text: v.text, voucherId: null,
      lines: v.lines.map((l) => {
        const foreign = l.currency && l.currency !== baseCurrency;
        return {
          account: l.account, debitMinor: l.debitMinor ?? 0, creditMinor: l.creditMinor ?? 0, currency: baseCurrency,
          foreignCurrency: foreign ? l.currency! : null, foreignAmountMinor: foreign ? l.currencyAmountMinor ?? null : null, rate: foreign ? l.rate ?? null : null,
        };
      }),
    })),
  };
}

/**
 * The engine's context for an evaluation: the executor ports read (the open
 * invoices a payment is matched against), the ledger port checks a voucher
 * against the chart and counts it — no write port exists here.
 */
function dryContext(deps: BacktestDeps, chart: Chart, now: Date): EngineContext {
  let proposals = 0;
  const check = effectKinds['post-voucher'].check!;
  return {
    clock: { now: () => new Date(now), elapsedMs: () => performance.now() },
    newId: () => crypto.randomUUID(),
    logger: { info: () => {}, warn: () => {} },
    ports: deps.ports.forCompany(chart.companyId, chart.baseCurrency),
    ledger: {
      propose: (draft) => {
        const checked = check(chart, draft);
        if (!checked.ok) return checked;
        proposals++;
        return { ok: true, ref: `backtest-proposal-${proposals}` };
      },
    },
  };
}

interface RecordedRun {
  outcome: BacktestOutcome;
  /** the graph ran (not passed by because another automation had booked the event) */
  reallyRan: boolean;
  /** the order the runs were recorded in */
  order: number;
}

/** The runs recorded for these events, by event key and automation, with the vouchers each posted and their lines. */
async function recordedRuns(db: Db, companyId: string, eventKeys: string[]): Promise<Map<string, Map<string, RecordedRun>>> {
  const out = new Map<string, Map<string, RecordedRun>>();
  if (!eventKeys.length) return out;
  const rows: (RunRow & { startedAt: string })[] = await db.select({
    id: runs.id, automationId: runs.automationId, automationVersion: runs.automationVersion, eventKey: runs.eventKey,
    status: runs.status, reason: runs.reason, trace: runs.trace, startedAt: runs.startedAt,
  }).from(runs).where(and(eq(runs.companyId, companyId), inArray(runs.eventKey, eventKeys)));
  const runIds = rows.map((r) => r.id);
  const voucherRows = runIds.length ? await db.select().from(vouchers).where(and(eq(vouchers.companyId, companyId), inArray(vouchers.runId, runIds))) : [];
  const lineRows = voucherRows.length ? await db.select().from(voucherLines).where(inArray(voucherLines.voucherId, voucherRows.map((v) => v.id))) : [];
  const linesOf = new Map<string, typeof lineRows>();
  for (const line of lineRows) linesOf.set(line.voucherId, [...(linesOf.get(line.voucherId) ?? []), line]);
  const vouchersOf = new Map<string, BacktestVoucher[]>();
  for (const v of voucherRows.sort((a, b) => a.number - b.number)) {
    const lines = (linesOf.get(v.id) ?? []).sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        account: l.account, debitMinor: l.debitMinor, creditMinor: l.creditMinor, currency: l.currency,
        foreignCurrency: l.foreignCurrency ?? null, foreignAmountMinor: l.foreignCurrency ? l.foreignAmountMinor ?? null : null, rate: l.foreignCurrency ? l.rate ?? null : null,
      }));
    vouchersOf.set(v.runId!, [...(vouchersOf.get(v.runId!) ?? []), { series: v.series, date: v.date, text: v.text, voucherId: v.id, lines }]);
  }
  rows.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  rows.forEach((row, order) => {
    const byAutomation = out.get(row.eventKey) ?? new Map<string, RecordedRun>();
    out.set(row.eventKey, byAutomation);
    const status = row.status === 'dry_run' ? 'no_match' : row.status;
    byAutomation.set(row.automationId, {
      order,
      reallyRan: row.trace !== '[]',
      outcome: {
        automationId: row.automationId, automationVersion: row.automationVersion, status, reason: row.reason, runId: row.id,
        vouchers: vouchersOf.get(row.id) ?? [],
      },
    });
  });
  return out;
}
