/**
 * What a person does with an inbox item in place, besides "Run again" and
 * "Resolve" (kernel/inbox.ts): book it with a voucher they edited, or
 * dismiss it with a reason. Both are one transaction with the audit entry.
 *
 * Booking goes through the ledger's normal path (postVouchersWithin: the
 * balance, the chart, open periods, gap-free numbering) with the item's
 * source ref, and an idempotency key of the item, so the same item is never
 * booked twice; the item and every other open item of the same source are
 * resolved with the voucher's number. A bank line is not booked here: its
 * own actions (bank-lines/:id/match and /book) also settle invoices, record
 * the decision and mark the line handled.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { ExceptionItem } from '../../shared/api.ts';
import { parseSourceRef } from '../../shared/sources.ts';
import { NotFound } from '../automations/store.ts';
import type { Db } from '../db/client.ts';
import { exceptions } from '../db/schema.ts';
import { loadChart } from '../ledger/chart.ts';
import { postVouchersWithin, type Tx } from '../ledger/ledger.ts';
import type { VoucherLineDraft } from '../ledger/types.ts';
import { recordAudit } from './audit.ts';
import type { LedgerClock } from './clock.ts';
import { DomainRefusal } from './errors.ts';
import { closedConflict, exceptionItem } from './inbox.ts';

export interface InboxActionContext {
  db: Db;
  clock: LedgerClock;
  companyId: string;
  exceptionId: string;
  /** "user:<id>" or "token:<id>" */
  by: string;
}

export interface InboxBooking {
  date: string;
  series: string;
  text: string;
  lines: VoucherLineDraft[];
  note?: string;
}

async function openItem(tx: Tx, { companyId, exceptionId }: InboxActionContext) {
  const [row] = await tx.select().from(exceptions).where(and(eq(exceptions.companyId, companyId), eq(exceptions.id, exceptionId)));
  if (!row) throw new NotFound(`Exception "${exceptionId}" does not exist`);
  if (row.status !== 'open') throw closedConflict(row);
  return row;
}

/**
 * Books an open inbox item: posts the voucher (refused, naming the line, when
 * it does not balance, an account is unknown or the period is locked; nothing
 * is then changed), resolves the item and the other open items of its source,
 * and audits who booked what and why.
 */
export async function bookException(ctx: InboxActionContext, request: InboxBooking)
  : Promise<{ exception: ExceptionItem; voucherId: string; voucherNumber: string; resolvedExceptions: string[] }> {
  const { db, clock, companyId, exceptionId, by } = ctx;
  const now = clock.now().toISOString();
  return db.transaction(async (tx) => {
    const row = await openItem(tx, ctx);
    const source = parseSourceRef(row.sourceRef);
    if (source?.kind === 'bank-line') {
      const id = source.parts[0];
      throw new DomainRefusal(422, 'bank_line_item',
        `${row.sourceRef} is a bank line: match it to invoices or book it to an account with its own actions (POST …/bank-lines/${id}/match or …/bank-lines/${id}/book), which also mark the line handled`,
        { field: 'exceptionId' });
    }
    const chart = await loadChart(tx, companyId);
    if (!chart) throw new NotFound(`Company "${companyId}" does not exist`);
    const [posted] = await postVouchersWithin(tx, chart, [{
      date: request.date, series: request.series, text: request.text, sourceRef: row.sourceRef, registeredBy: by,
      automationId: null, automationVersion: null, runId: null, idempotencyKey: `inbox:${exceptionId}`, lines: request.lines,
    }], clock);
    const voucherNumber = `${posted.voucher.series}${posted.voucher.number}`;
    const resolution = `Booked by hand: voucher ${voucherNumber}${request.note ? ` — ${request.note}` : ''}`;
    const open = await tx.select({ id: exceptions.id }).from(exceptions)
      .where(and(eq(exceptions.companyId, companyId), eq(exceptions.sourceRef, row.sourceRef), eq(exceptions.status, 'open')));
    const resolvedExceptions = open.map((o) => o.id);
    await tx.update(exceptions).set({ status: 'resolved', resolvedAt: now, resolvedBy: by, resolution })
      .where(and(eq(exceptions.companyId, companyId), inArray(exceptions.id, resolvedExceptions)));
    await recordAudit(tx, {
      id: clock.newId(), companyId, at: now, actor: by, action: 'exception.book', subject: `exception:${exceptionId}`,
      details: {
        sourceRef: row.sourceRef, voucherId: posted.voucher.id, voucherNumber, date: request.date, text: request.text,
        lines: request.lines, note: request.note ?? null, resolvedExceptions,
      },
    });
    const [updated] = await tx.select().from(exceptions).where(eq(exceptions.id, exceptionId));
    return { exception: exceptionItem(updated), voucherId: posted.voucher.id, voucherNumber, resolvedExceptions };
  });
}

/** Dismisses an open inbox item: nothing to book, for the reason given (kept on the item and in the audit log). */
export async function dismissException(ctx: InboxActionContext, reason: string): Promise<ExceptionItem> {
  const { db, clock, companyId, exceptionId, by } = ctx;
  const text = reason.trim();
  if (!text) throw new DomainRefusal(422, 'reason_required', 'Say why the exception needs no booking', { field: 'reason' });
  const now = clock.now().toISOString();
  return db.transaction(async (tx) => {
    const row = await openItem(tx, ctx);
    const [updated] = await tx.update(exceptions).set({ status: 'dismissed', resolvedAt: now, resolvedBy: by, resolution: text })
      .where(eq(exceptions.id, exceptionId)).returning();
    await recordAudit(tx, {
      id: clock.newId(), companyId, at: now, actor: by, action: 'exception.dismiss', subject: `exception:${exceptionId}`,
      details: { sourceRef: row.sourceRef, reason: text },
    });
    return exceptionItem(updated);
  });
}
