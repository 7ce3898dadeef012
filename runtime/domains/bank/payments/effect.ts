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
import { insertRows, insertTuples, rawExecutor } from '../../../db/client.ts';
import { commitAsPrepared, StaleRead, type EffectKind } from '../../../kernel/effect-kind.ts';
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

export interface PaymentMatchValue {
  bankLineId: string;
  /** the payment's booking date: the invoices' payment date */
  bookingDate: string;
  currency: string;
  decision: PaymentOutcome;
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
  companyId: string; id: string; bankLineId: string; runId: string | null; automationId: string | null; decision: PaymentMatchValue['decision'];
  account: string | null; voucherId: string | null; decidedAt: string; decidedBy: string;
}): DecisionRow {
  const { decision } = fields;
  return {
    companyId: fields.companyId, id: fields.id, bankLineId: fields.bankLineId, runId: fields.runId, automationId: fields.automationId, kind: decision.kind,
    exceptionReason: decision.exceptionReason ?? null, scoreMilli: Math.round(decision.score * 1000), reasons: JSON.stringify(decision.reasons),
    allocations: JSON.stringify(decision.allocations), candidates: fields.voucherId === null ? JSON.stringify(decision.candidates) : candidatesInTrace,
    excessMinor: decision.excessMinor ?? null,
    remainingMinor: decision.remainingMinor ?? null, account: fields.account, voucherId: fields.voucherId, decidedAt: fields.decidedAt, decidedBy: fields.decidedBy,
  };
}

/** One allocation's guarded UPDATE: the invoice is open, of the currency, with at least the amount open; StaleSettlement otherwise. */
async function settleOne(tx: unknown, companyId: string, s: Guarded): Promise<void> {
  const { rows: updated } = await rawExecutor(tx).execute({
    sql: `UPDATE invoices SET open_minor = open_minor - ?, status = CASE WHEN open_minor = ? THEN 'paid' ELSE status END
          WHERE company_id = ? AND id = ? AND kind = 'ar' AND status = 'open' AND currency = ? AND open_minor >= ? RETURNING id`,
    args: [s.amountMinor, s.amountMinor, companyId, s.invoiceId, s.currency, s.amountMinor],
  });
  if (updated.length === 0) throw new StaleSettlement(s.invoiceNumber);
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
  const rows: PaymentRow[] = [];
  for (let i = 0; i < settlement.allocations.length; i++) {
    const alloc = settlement.allocations[i];
    const invoiceId = settlement.invoiceIds[i];
    await settleOne(tx, companyId, { invoiceId, amountMinor: alloc.amountMinor, currency: settlement.currency, invoiceNumber: alloc.invoiceNumber });
    rows.push({
      companyId, id: newId(), invoiceId, invoiceNumber: alloc.invoiceNumber, bankLineId: settlement.bankLineId, decisionId: settlement.decisionId,
      voucherId: settlement.voucherId, amountMinor: alloc.amountMinor, currency: settlement.currency, paidOn: settlement.paidOn,
    });
  }
  return rows;
}

/** One allocation to settle by a guarded UPDATE: which invoice, by how much, in which currency (its number names it when stale). */
export interface Guarded {
  invoiceId: string;
  amountMinor: number;
  currency: string;
  invoiceNumber: string;
}

/** Allocations settled by one multi-row UPDATE (bound values: 3 a row, well under SQLite's limit). */
const settleChunk = 300;

/**
 * `settleInvoices` for many allocations at once: each invoice's guarded
 * UPDATE (the same guard: open, of the currency, `open_minor >= amount`) as
 * one `UPDATE … FROM (VALUES …)` per chunk instead of one statement per
 * allocation — the statement's round trip, not SQLite's work, was the cost.
 * An invoice that appears twice is settled one allocation at a time (an
 * UPDATE … FROM applies one source row per target row). Throws
 * StaleSettlement for the first allocation whose guard matched nothing.
 * The unary `+` on kind and status keep SQLite on the primary key: with
 * bound values it chose the invoices_open index and scanned every open
 * invoice for each row of the VALUES (1.3 s a batch against 100 000).
 */
export async function settleMany(tx: unknown, companyId: string, settlements: readonly Guarded[]): Promise<void> {
  const sql = rawExecutor(tx);
  const seen = new Set<string>();
  const twice = settlements.some((s) => seen.size === seen.add(s.invoiceId).size);
  if (twice) {
    for (const s of settlements) await settleOne(tx, companyId, s);
    return;
  }
  for (let start = 0; start < settlements.length; start += settleChunk) {
    const part = settlements.slice(start, start + settleChunk);
    const { rows: updated } = await sql.execute({
      sql: `UPDATE invoices SET open_minor = invoices.open_minor - v.column2, status = CASE WHEN invoices.open_minor = v.column2 THEN 'paid' ELSE invoices.status END
            FROM (VALUES ${part.map(() => '(?, ?, ?)').join(', ')}) AS v
            WHERE invoices.company_id = ? AND invoices.id = v.column1 AND +invoices.kind = 'ar' AND +invoices.status = 'open'
              AND invoices.currency = v.column3 AND invoices.open_minor >= v.column2 RETURNING invoices.id`,
      args: [...part.flatMap((s) => [s.invoiceId, s.amountMinor, s.currency]), companyId],
    });
    if (updated.length !== part.length) {
      const done = new Set(updated.map((r) => String(r.id)));
      throw new StaleSettlement(part.find((s) => !done.has(s.invoiceId))!.invoiceNumber);
    }
  }
}

export async function insertDecisions(tx: unknown, decisions: DecisionRow[], payments: PaymentRow[]): Promise<void> {
  const sql = rawExecutor(tx);
  await insertRows(sql, 'payment_decisions', decisionColumns as never, decisions as never, 100);
  await insertRows(sql, 'invoice_payments', paymentColumns as never, payments as never, 200);
}

/** A column value as bound to a statement. */
type Value = string | number | null;

/**
 * One run's payment decisions prepared for committing (`prepare`: pure, on
 * the decider thread or here): the decision and payment rows as column
 * values (compact: a structured clone costs per property), the voucher id
 * left out — it is the run's voucher, known once post-voucher committed.
 */
export interface PreparedMatches {
  /** the `payment_decisions` rows, `decisionColumns` order, one after another (voucher_id null) */
  decisions: Value[];
  /** per decision, the place of its voucher among the run's vouchers (null: it settles nothing) */
  voucherIndexes: (number | null)[];
  /** the `invoice_payments` rows, `paymentColumns` order, one after another (voucher_id null) */
  payments: Value[];
  /** per payment, its decision (an index into `voucherIndexes`) */
  paymentOf: number[];
  /** what is settled, for the matcher cache's after-commit notice */
  settled: Allocation[];
}

const decisionVoucher = decisionColumns.findIndex(([name]) => name === 'voucher_id');
const paymentVoucher = paymentColumns.findIndex(([name]) => name === 'voucher_id');
const payment = Object.fromEntries(paymentColumns.map(([name], i) => [name, i])) as Record<string, number>;

export const paymentMatchEffect: EffectKind<PaymentMatchValue, PreparedMatches> = {
  // The settlement voucher is a post-voucher effect of the same run: that is what books the line.
  books: false,
  // A later payment of the same batch must be decided after this settlement (it may see the invoice paid).
  claims: (value) => (value.voucherIndex === null ? [] : value.invoiceIds.map((id) => `invoice:${id}`)),
  prepare(chart, items, newId) {
    const companyId = chart.companyId;
    return items.map(({ run, effects }) => {
      const prepared: PreparedMatches = { decisions: [], voucherIndexes: [], payments: [], paymentOf: [], settled: [] };
      for (const value of effects) {
        const id = newId();
        const settles = value.voucherIndex !== null;
        const row = decisionRow({
          companyId, id, bankLineId: value.bankLineId, runId: run.runId, automationId: run.automationId, decision: value.decision,
          account: value.excessAccount, voucherId: settles ? '' : null, decidedAt: run.startedAt, decidedBy: `automation:${run.automationId}`,
        });
        for (const [, key] of decisionColumns) prepared.decisions.push(row[key] ?? null);
        prepared.decisions[prepared.decisions.length - decisionColumns.length + decisionVoucher] = null;
        if (settles && value.decision.allocations.length) {
          value.decision.allocations.forEach((allocation, i) => {
            const paymentRow: PaymentRow = {
              companyId, id: newId(), invoiceId: value.invoiceIds[i], invoiceNumber: allocation.invoiceNumber, bankLineId: value.bankLineId, decisionId: id,
              voucherId: null, amountMinor: allocation.amountMinor, currency: value.currency, paidOn: value.bookingDate,
            };
            for (const [, key] of paymentColumns) prepared.payments.push(paymentRow[key] ?? null);
            prepared.paymentOf.push(prepared.voucherIndexes.length);
          });
          prepared.settled.push(...value.decision.allocations);
        }
        prepared.voucherIndexes.push(value.voucherIndex);
      }
      return prepared;
    });
  },
  async commitPrepared({ tx, companyId, ports, afterCommit }, items) {
    const decisions: Value[] = [];
    const payments: Value[] = [];
    const settlements: Guarded[] = [];
    const settled: Allocation[] = [];
    for (const { run, prepared } of items) {
      const voucherIds = prepared.voucherIndexes.map((index) => {
        const voucherId = index === null ? null : run.voucherIds[index] ?? null;
        if (index !== null && voucherId === null) throw new Error(`payment-match: run ${run.runId} has no voucher ${index}`);
        return voucherId;
      });
      for (let d = 0; d < voucherIds.length; d++) {
        const start = d * decisionColumns.length;
        for (let c = 0; c < decisionColumns.length; c++) decisions.push(c === decisionVoucher ? voucherIds[d] : prepared.decisions[start + c]);
      }
      for (let p = 0; p < prepared.paymentOf.length; p++) {
        const row = prepared.payments.slice(p * paymentColumns.length, (p + 1) * paymentColumns.length);
        row[paymentVoucher] = voucherIds[prepared.paymentOf[p]];
        payments.push(...row);
        settlements.push({
          invoiceId: row[payment.invoice_id] as string, amountMinor: row[payment.amount_minor] as number,
          currency: row[payment.currency] as string, invoiceNumber: row[payment.invoice_number] as string,
        });
      }
      settled.push(...prepared.settled);
    }
    try {
      await settleMany(tx, companyId, settlements);
    } catch (error) {
      // Another process settled it (the cache has not seen that yet): look at the counter before the next match.
      if (error instanceof StaleSettlement) ports?.openInvoices.recheck(companyId);
      throw error;
    }
    const sql = rawExecutor(tx);
    await insertTuples(sql, 'payment_decisions', decisionColumns.map(([name]) => name), decisions, 100);
    await insertTuples(sql, 'invoice_payments', paymentColumns.map(([name]) => name), payments, 200);
    if (settled.length && ports && afterCommit) {
      const after = await receivablesGeneration(sql, companyId);
      afterCommit(() => ports.openInvoices.committed(companyId, after - settled.length, after, settled));
    }
  },
  commit: (ctx, items) => commitAsPrepared(paymentMatchEffect, ctx, items),
};
