/**
 * The shape of an effect kind (see effects.ts for the contract and the
 * registry). In a module of its own so a domain's effect kind can import it
 * while the registry imports the domain's kind.
 */
import type { Chart } from '../ledger/chart.ts';
import type { Tx } from '../ledger/ledger.ts';
import type { RunStatus } from '../engine/types.ts';
import type { LedgerClock } from './clock.ts';
import type { RuntimePorts } from './ports.ts';

/** One run as its effects are committed. */
export interface CommitRun {
  runId: string;
  automationId: string;
  automationVersion: number;
  /** the source document (null: none, e.g. a dry run's test event) */
  sourceRef: string | null;
  /** the event as stored (JSON text) */
  eventJson: string;
  status: RunStatus;
  reason: string | null;
  startedAt: string;
  /** the vouchers posted for this run so far, in this transaction */
  voucherIds: string[];
}

export interface CommitContext {
  tx: Tx;
  companyId: string;
  /** the chart read inside the transaction */
  chart: Chart;
  clock: LedgerClock;
  /** the runtime's ports, when the runner has them (a domain's cache learns what was committed) */
  ports?: RuntimePorts;
  /** runs `fn` once the transaction has committed (never when it rolls back) */
  afterCommit?(fn: () => void): void;
}

export type EffectCheck = { ok: true } | { ok: false; code: string; message: string; lineIndex?: number };

export interface EffectKind<V = unknown> {
  /** committing it books the source document (the book-once check applies) */
  books: boolean;
  check?(chart: Chart, value: V): EffectCheck;
  /**
   * What committing the effect changes that a later run's decision may have
   * read (e.g. `invoice:<id>` for a settlement): in a batch, a run whose
   * effects claim something an earlier run of the batch claims is not
   * committed with them — it is decided again after they committed, so it
   * sees what they did (runs/runner.ts). Optional: an effect that only adds
   * rows of its own claims nothing.
   */
  claims?(value: V): string[];
  commit(ctx: CommitContext, items: { run: CommitRun; effects: V[] }[]): Promise<void>;
}

/** An effect refused at commit for a business reason: the run fails with this message, nothing is written. */
export class EffectRefusal extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'EffectRefusal';
  }
}


/**
 * What the run read changed before it committed (an invoice settled by
 * another process after the decision): not a refusal — the commit rolls
 * back and the run is executed again on fresh data (the runner does so at
 * once, a few times, then retries the event later).
 */
export class StaleRead extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleRead';
  }
}
