/**
 * The `payment-match` effect kind (registered in kernel/effects.ts): what
 * the match-payment node decided about a payment, committed in the run's
 * transaction after its voucher (post-voucher commits first, so the
 * settlement voucher's id is in `run.voucherIds`).
 *
 * For a decision that settles invoices, each invoice's open amount is
 * reduced by a guarded UPDATE (`open_minor >= amount`, status open), and an
 * `invoice_payments` row links invoice, bank line, decision and voucher. If
 * a guard matches no row the invoice changed since the decision (another
 * process settled it): the transaction rolls back and the run is tried again
 * on fresh data — never settled beyond the open amount (migration 0022's
 * trigger refuses that too). Every decision, an exception included, is a
 * `payment_decisions` row with its candidates and reasons: the bank line's
 * outcome (outcomes.ts).
 */
import { insertRows, rawExecutor } from '../../../db/client.ts';
import { StaleRead, type EffectKind } from '../../../kernel/effect-kind.ts';
import type { Allocation, MatchDecision } from '../matching/index.ts';
import { receivablesGeneration } from './open-invoices.ts';

/** A decision as recorded: the matcher's, or one the node or a person made (an exception reason of their own, e.g. foreign_currency). */
export interface PaymentOutcome {
  kind: MatchDecision['kind'] | 'account';
  allocations: Allocation[];
  excessMinor?: number;
  remainingMinor?: number;
  exceptionReason?: string;
  score: number;
  reasons: string[];
  candidates: MatchDecision['candidates'];
}

/**
 * A decision as its row stores it: its reasons and candidates as their JSON
 * text, made where the decision is made. A payment-match effect carries it
 * so: decided on a decider thread, a batch's decisions come back as one
 * string each instead of arrays of strings and objects to copy and then
 * stringify again on the committing thread (≈ 2.5 ms of 10 a 500-event
 * batch's answer took to read; issue 11).
 */
export interface StoredOutcome extends Omit<PaymentOutcome, 'reasons' | 'candidates'> {
  /** JSON: the reasons */
  reasons: string;
  /** JSON: the ranked candidates (stored only for a decision that settles nothing: `decisionRow`) */
  candidates: string;
}

/** The decision with its reasons and candidates as stored. */
export const storedOutcome = (outcome: PaymentOutcome): StoredOutcome =>
  ({ ...outcome, reasons: JSON.stringify(outcome.reasons), candidates: JSON.stringify(outcome.candidates) });

export interface PaymentMatchValue {
  bankLineId: string;
  /** the payment's booking date: the invoices' payment date */
  bookingDate: string;
  currency: string;
  decision: StoredOutcome;
  /** the invoices' ids, per allocation */
  invoiceIds: string[];
  /** the settlement voucher's place among the run's vouchers; null when nothing is settled */
  voucherIndex: number | null;
  /** where the excess of an overpayment was booked */
  excessAccount: string | null;
}

/** The invoice changed after the decision was made: not a business refusal, the run is tried again on fresh data. */
export class StaleSettlement extends StaleRead {
  constructor(readonly invoiceNumber: string) {
    super(`Invoice ${invoiceNumber} changed after the payment was matched (settled meanwhile?): the run is tried again`);
    this.name = 'StaleSettlement';
  }
}

const decisionColumns: [string, string][] = [
  ['company_id', 'companyId'], ['id', 'id'], ['bank_line_id', 'bankLineId'], ['run_id', 'runId'], ['automation_id', 'automationId'], ['kind', 'kind'],
  ['exception_reason', 'exceptionReason'], ['score_milli', 'scoreMilli'], ['reasons', 'reasons'], ['allocations', 'allocations'],
  ['candidates', 'candidates'], ['excess_minor', 'excessMinor'], ['remaining_minor', 'remainingMinor'], ['account', 'account'],
  ['voucher_id', 'voucherId'], ['decided_at', 'decidedAt'], ['decided_by', 'decidedBy'],
];
const paymentColumns: [string, string][] = [
  ['company_id', 'companyId'], ['id', 'id'], ['invoice_id', 'invoiceId'], ['invoice_number', 'invoiceNumber'], ['bank_line_id', 'bankLineId'],
  ['decision_id', 'decisionId'], ['voucher_id', 'voucherId'], ['amount_minor', 'amountMinor'], ['currency', 'currency'], ['paid_on', 'paidOn'],
];

export type DecisionRow = Record<string, string | number | null>;
export type PaymentRow = Record<string, string | number | null>;

/**
 * The `candidates` of a decision that settled something (it has a voucher):
 * not stored — the inbox shows candidates only for exceptions, and the run
 * that decided has them in its trace (the match-payment step's output), where
 * the bank line's detail reads them (`candidatesOf`). A row per matched line
 * used to repeat them.
 */
export const candidatesInTrace = '[]';

/** A decision as its row. */
export function decisionRow(fields: {
  companyId: string; id: string; bankLineId: string; runId: string | null; automationId: string | null; decision: StoredOutcome;
  account: string | null; voucherId: string | null; decidedAt: string; decidedBy: string;
}): DecisionRow {
  const { decision } = fields;
  return {
    companyId: fields.companyId, id: fields.id, bankLineId: fields.bankLineId, runId: fields.runId, automationId: fields.automationId, kind: decision.kind,
    exceptionReason: decision.exceptionReason ?? null, scoreMilli: Math.round(decision.score * 1000), reasons: decision.reasons,
    allocations: JSON.stringify(decision.allocations), candidates: fields.voucherId === null ? decision.candidates : candidatesInTrace,
    excessMinor: decision.excessMinor ?? null,
    remainingMinor: decision.remainingMinor ?? null, account: fields.account, voucherId: fields.voucherId, decidedAt: fields.decidedAt, decidedBy: fields.decidedBy,
  };
}

/**
 * Settles invoices inside the caller's transaction: one guarded UPDATE per
 * allocation; throws StaleSettlement when a guard matches nothing. Returns
 * the payment rows to insert.
 */
export async function settleInvoices(
  tx: unknown, companyId: string, settlement: { allocations: Allocation[]; invoiceIds: string[]; currency: string; bankLineId: string; decisionId: string; voucherId: string; paidOn: string },
  newId: () => string,
): Promise<PaymentRow[]> {
  const sql = rawExecutor(tx);
  const rows: PaymentRow[] = [];
  for (let i = 0; i < settlement.allocations.length; i++) {
    const alloc = settlement.allocations[i];
    const invoiceId = settlement.invoiceIds[i];
    const { rows: updated } = await sql.execute({
      sql: `UPDATE invoices SET open_minor = open_minor - ?, status = CASE WHEN open_minor = ? THEN 'paid' ELSE status END
            WHERE company_id = ? AND id = ? AND kind = 'ar' AND status = 'open' AND currency = ? AND open_minor >= ? RETURNING id`,
      args: [alloc.amountMinor, alloc.amountMinor, companyId, invoiceId, settlement.currency, alloc.amountMinor],
    });
    if (updated.length === 0) throw new StaleSettlement(alloc.invoiceNumber);
    rows.push({
      companyId, id: newId(), invoiceId, invoiceNumber: alloc.invoiceNumber, bankLineId: settlement.bankLineId, decisionId: settlement.decisionId,
      voucherId: settlement.voucherId, amountMinor: alloc.amountMinor, currency: settlement.currency, paidOn: settlement.paidOn,
    });
  }
  return rows;
}

/** One allocation to settle: an invoice, by how much, for which decision. */
export interface Settlement {
  invoiceId: string;
  allocation: Allocation;
  currency: string;
  bankLineId: string;
  decisionId: string;
  voucherId: string;
  paidOn: string;
}

/** Allocations settled by one multi-row UPDATE (bound values: 3 a row, well under SQLite's limit). */
const settleChunk = 300;

/**
 * `settleInvoices` for many decisions at once: each invoice's guarded UPDATE
 * (the same guard: open, of the currency, `open_minor >= amount`) as one
 * `UPDATE … FROM (VALUES …)` per chunk instead of one statement per
 * allocation — the statement's round trip, not SQLite's work, was the cost.
 * An invoice that appears twice is settled one allocation at a time (an
 * UPDATE … FROM applies one source row per target row). Throws
 * StaleSettlement for the first allocation whose guard matched nothing.
 * The unary `+` on kind and status keep SQLite on the primary key: with
 * bound values it chose the invoices_open index and scanned every open
 * invoice for each row of the VALUES (1.3 s a batch against 100 000).
 */
export async function settleMany(tx: unknown, companyId: string, settlements: Settlement[], newId: () => string): Promise<PaymentRow[]> {
  const sql = rawExecutor(tx);
  const seen = new Set<string>();
  const twice = settlements.some((s) => seen.size === seen.add(s.invoiceId).size);
  if (twice) {
    const rows: PaymentRow[] = [];
    for (const s of settlements) {
      rows.push(...await settleInvoices(tx, companyId, {
        allocations: [s.allocation], invoiceIds: [s.invoiceId], currency: s.currency, bankLineId: s.bankLineId, decisionId: s.decisionId,
        voucherId: s.voucherId, paidOn: s.paidOn,
      }, newId));
    }
    return rows;
  }
  for (let start = 0; start < settlements.length; start += settleChunk) {
    const part = settlements.slice(start, start + settleChunk);
    const { rows: updated } = await sql.execute({
      sql: `UPDATE invoices SET open_minor = invoices.open_minor - v.column2, status = CASE WHEN invoices.open_minor = v.column2 THEN 'paid' ELSE invoices.status END
            FROM (VALUES ${part.map(() => '(?, ?, ?)').join(', ')}) AS v
            WHERE invoices.company_id = ? AND invoices.id = v.column1 AND +invoices.kind = 'ar' AND +invoices.status = 'open'
              AND invoices.currency = v.column3 AND invoices.open_minor >= v.column2 RETURNING invoices.id`,
      args: [...part.flatMap((s) => [s.invoiceId, s.allocation.amountMinor, s.currency]), companyId],
    });
    if (updated.length !== part.length) {
      const done = new Set(updated.map((r) => String(r.id)));
      throw new StaleSettlement(part.find((s) => !done.has(s.invoiceId))!.allocation.invoiceNumber);
    }
  }
  return settlements.map((s) => ({
    companyId, id: newId(), invoiceId: s.invoiceId, invoiceNumber: s.allocation.invoiceNumber, bankLineId: s.bankLineId, decisionId: s.decisionId,
    voucherId: s.voucherId, amountMinor: s.allocation.amountMinor, currency: s.currency, paidOn: s.paidOn,
  }));
}

export async function insertDecisions(tx: unknown, decisions: DecisionRow[], payments: PaymentRow[]): Promise<void> {
  const sql = rawExecutor(tx);
  await insertRows(sql, 'payment_decisions', decisionColumns as never, decisions as never, 100);
  await insertRows(sql, 'invoice_payments', paymentColumns as never, payments as never, 200);
}

export const paymentMatchEffect: EffectKind<PaymentMatchValue> = {
  // The settlement voucher is a post-voucher effect of the same run: that is what books the line.
  books: false,
  // A later payment of the same batch must be decided after this settlement (it may see the invoice paid).
  claims: (value) => (value.voucherIndex === null ? [] : value.invoiceIds.map((id) => `invoice:${id}`)),
  async commit({ tx, companyId, clock, ports, afterCommit }, items) {
    const decisions: DecisionRow[] = [];
    const settlements: Settlement[] = [];
    const settled: Allocation[] = [];
    for (const { run, effects } of items) {
      for (const value of effects) {
        const id = clock.newId();
        const voucherId = value.voucherIndex === null ? null : run.voucherIds[value.voucherIndex] ?? null;
        if (value.voucherIndex !== null && voucherId === null) throw new Error(`payment-match: run ${run.runId} has no voucher ${value.voucherIndex}`);
        decisions.push(decisionRow({
          companyId, id, bankLineId: value.bankLineId, runId: run.runId, automationId: run.automationId, decision: value.decision,
          account: value.excessAccount, voucherId, decidedAt: run.startedAt, decidedBy: `automation:${run.automationId}`,
        }));
        if (voucherId !== null && value.decision.allocations.length) {
          value.decision.allocations.forEach((allocation, i) => settlements.push({
            invoiceId: value.invoiceIds[i], allocation, currency: value.currency, bankLineId: value.bankLineId, decisionId: id, voucherId, paidOn: value.bookingDate,
          }));
          settled.push(...value.decision.allocations);
        }
      }
    }
    let payments: PaymentRow[];
    try {
      payments = await settleMany(tx, companyId, settlements, () => clock.newId());
    } catch (error) {
      // Another process settled it (the cache has not seen that yet): look at the counter before the next match.
      if (error instanceof StaleSettlement) ports?.openInvoices.recheck(companyId);
      throw error;
    }
    await insertDecisions(tx, decisions, payments);
    if (settled.length && ports && afterCommit) {
      const after = await receivablesGeneration(rawExecutor(tx), companyId);
      afterCommit(() => ports.openInvoices.committed(companyId, after - settled.length, after, settled));
    }
  },
};
