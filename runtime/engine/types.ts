import type { TraceStep } from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import type { VoucherDraft } from '../ledger/types.ts';
import type { DomainEffect } from '../kernel/effects.ts';
import type { ExecutorPorts } from '../kernel/ports.ts';
import type { Message } from '../../shared/i18n/messages.ts';

export interface RunLimits {
  /** trace steps per run, loop iterations included */
  stepsMax: number;
  /** wall time of a run, measured with the injected clock */
  runTimeMs: number;
}

export const defaultRunLimits: RunLimits = { stepsMax: 500, runTimeMs: 5_000 };

/** The ledger as the engine sees it: it proposes, the runner commits. */
export interface LedgerPort {
  /** Checks a voucher against the chart and records it as an effect of the run. */
  propose(draft: VoucherDraft): { ok: true; ref: string; /** its place among the run's vouchers (as CommitRun.voucherIds) */ index?: number } | { ok: false; code: string; message: string; lineIndex?: number };
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Everything a run depends on, passed in so a run can be replayed in a test. */
export interface EngineContext {
  clock: { now(): Date; elapsedMs(): number };
  newId(): string;
  ledger: LedgerPort;
  logger: Logger;
  limits?: Partial<RunLimits>;
  /** what executors may read beyond the event (kernel/ports.ts: e.g. the open invoices a payment is matched against) */
  ports?: ExecutorPorts;
}

export interface RunInput {
  runId: string;
  document: AutomationDocument;
  event: Record<string, unknown>;
  /** identifies the event for idempotency, e.g. "bank-line:2026113000042" */
  eventKey: string;
  sourceRef: string | null;
  /** when the event arrived (ISO); the `balance` keywords' day when the event carries no date. Absent: the context clock's now */
  arrivedAt?: string;
}

export interface Flag {
  nodeId: string;
  reason: string;
}

export type RunStatus = 'posted' | 'no_match' | 'flagged' | 'failed';

export interface RunResult {
  status: RunStatus;
  reason: string | null;
  /** the reason as a message, when the engine or a node wrote it (stored beside the text: runs.reason_code, migration 0034) */
  reasonText?: Message;
  trace: TraceStep[];
  vouchers: VoucherDraft[];
  flags: Flag[];
  /** what else the run would do (kernel/effects.ts, e.g. settle invoices), in the order proposed; none when it failed */
  effects?: DomainEffect[];
}

/** What an executor sees: its run, the ledger port, and where to put effects. */
export interface ExecutorContext {
  run: {
    id: string; automationId: string; automationVersion: number; eventKey: string; sourceRef: string | null; nodeId: string;
    /** the item's index inside a for-each body, else null (part of idempotency keys) */
    iteration: number | null;
  };
  ledger: LedgerPort;
  flag(reason: string): void;
  /** proposes an effect besides vouchers and flags (committed with the run's vouchers, after them) */
  effect(effect: DomainEffect): void;
  /** the ports the runner wired (a missing one: the executor fails with a clear error) */
  readonly ports: ExecutorPorts;
  evaluate(rule: unknown, data: unknown): unknown;
  now(): Date;
}

/**
 * The data JSON Logic sees: `{"var": "event.text"}`, `{"var": "steps.post-fee.voucherRef"}`,
 * and inside a for-each body `{"var": "item.amountMinor"}` and `{"var": "index"}`.
 */
export interface StepInput {
  event: Record<string, unknown>;
  steps: Record<string, unknown>;
  item?: unknown;
  index?: number;
}

export interface StepResult {
  /** the branch to follow; null ends the run here */
  branch: string | null;
  output?: unknown;
  error?: { code: string; message: string };
  /** a compact account of what the step read (e.g. evaluated amounts); by default the engine records the vars the node's expressions read */
  input?: unknown;
  /** an action's branch that leads nowhere: why the run ends without posting (the no_match reason) */
  endReason?: string;
  /** endReason as a message, for another language */
  endReasonText?: Message;
}

export type Executor<Config = unknown> = (ctx: ExecutorContext, config: Config, input: StepInput) => StepResult | Promise<StepResult>;

/**
 * Gets a node's ports ready before its first run (e.g. match-payment builds its matcher over the company's open
 * invoices): asked when a batch of events is on its way (runs/decider.ts `warm`). Never required — a run without it
 * only waits longer.
 */
export type Warmer<Config = unknown> = (ports: ExecutorPorts, config: Config) => Promise<void>;
