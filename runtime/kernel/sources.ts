/**
 * The runtime side of each source kind (`shared/sources.ts` holds the pure
 * side: ids, refs, labels, book-once), in a registry typed
 * `Record<SourceKindId, RuntimeSourceKind>`: a kind added to shared/ without
 * an entry here is a compile error. Each entry lives with its domain
 * (`runtime/domains/<domain>/sources.ts`) or, for the kernel's own kinds,
 * here; the pipeline (runner, inbox) only reads the registry.
 *
 * Every hook is optional:
 * - `retry`: what "Run again" on an open inbox item of this source does
 *   (exists exactly when the shared kind has `runAgain`; a test checks it).
 * - `manual`: "Run now" on a stored document of this kind (`source`).
 * - `afterRuns`: what an event of this source leaves besides its runs, in
 *   the commit transaction (e.g. a bank line's status), and the inbox items
 *   for events that nothing handled.
 */
import type { RunSummary } from '../../shared/api.ts';
import { parseSourceRef, type ParsedSourceRef, type SourceKindId } from '../../shared/sources.ts';
import type { Db } from '../db/client.ts';
import type { exceptions } from '../db/schema.ts';
import { bankLineSource } from '../domains/bank/sources.ts';
import type { Tx } from '../ledger/ledger.ts';
import type { Runner } from '../runs/runner.ts';
import { refusedDeliverySource } from '../runs/intake.ts';
import type { EventRow } from './outbox.ts';
import type { Message } from '../../shared/i18n/messages.ts';

export type ExceptionRow = typeof exceptions.$inferSelect;

/** What a hook may use: the run pipeline (outbox, processing, inbox), the company, and who asked. */
export interface SourceContext {
  runner: Runner;
  companyId: string;
}

export interface RetryOutcome {
  runs: RunSummary[];
  /** the inbox item is resolved with this note; null: it stays open */
  resolution: string | null;
}

/** A manual run on a stored document: its event, or why it cannot be asked that way (400, naming the field). */
export type ManualSource =
  | { event: Record<string, unknown>; sourceRef: string; triggerType: string }
  | { refused: { path: string; message: string } };

/** An event that ran, as `afterRuns` sees it. */
export interface RanEvent {
  row: EventRow;
  payload: Record<string, unknown>;
  summaries: RunSummary[];
  /** a run's reason as a message (run id → message), where the run has one: the inbox reason is built of them */
  reasonTexts?: ReadonlyMap<string, Message>;
  /** automations the event was for */
  automationCount: number;
}

/** An inbox item for an event nothing handled (one open item per source; a run again updates its reason). */
export interface Unhandled {
  eventId: string;
  sourceRef: string;
  reason: string;
  /** the reason as a message, stored beside it (exceptions.reason_code, migration 0034) */
  reasonText?: Message;
  /** the event, JSON text */
  payload: string;
}

export interface RuntimeSourceKind {
  retry?(ctx: SourceContext & { by: string }, item: ExceptionRow, parts: string[]): Promise<RetryOutcome>;
  manual?(ctx: SourceContext, parts: string[], automation: { id: string; triggerType: string }, versions: Record<string, number>): Promise<ManualSource>;
  afterRuns?(tx: Tx | Pick<Db, 'insert' | 'update' | 'select'>, ctx: { companyId: string; automationName(automationId: string): string }, items: RanEvent[])
    : Promise<Unhandled[]>;
}

export type RuntimeSourceRegistry = Record<SourceKindId, RuntimeSourceKind>;

export const runtimeSourceKinds: RuntimeSourceRegistry = {
  'bank-line': bankLineSource,
  'webhook-delivery': refusedDeliverySource,
  webhook: {},
  schedule: {},
  'manual-event': {},
  'manual-key': {},
  run: {},
  event: {},
  invoice: {},
  voucher: {},
  sie: {},
};

/** A source ref read back with its runtime kind; null when it is of no known kind. */
export function runtimeSourceOf(ref: string | null | undefined, registry: RuntimeSourceRegistry = runtimeSourceKinds)
  : (ParsedSourceRef & { runtime: RuntimeSourceKind }) | null {
  const parsed = ref ? parseSourceRef(ref) : null;
  return parsed ? { ...parsed, runtime: registry[parsed.kind] } : null;
}
