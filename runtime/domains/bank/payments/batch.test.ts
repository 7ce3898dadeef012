/**
 * Payments in one batch (issue 11's bulk path): the batch's runs are decided
 * before anything is committed, so a payment of an invoice that an earlier
 * payment of the same batch settles must be decided again after that
 * settlement committed — it sees the invoice as it is then.
 *   F1002 K1002 Bageriet i Gamla Stan HB 15 625,00 kr  OCR 10025
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLineListItem } from '../../../../shared/api.ts';
import { invoicePayments, invoices, runs, vouchers } from '../../../db/schema.ts';
import { createTestApp, type TestApp } from '../../../http/test-app.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp(); });
afterAll(() => testApp.close());

const today = new Date().toISOString().slice(0, 10);
const base = '/api/companies/demo';
const half = (id: string) => ({ id, bookingDate: today, amountMinor: 781_250, currency: 'SEK', text: 'INBETALNING', reference: '10025', counterparty: 'BAGERIET I GAMLA STAN HB' });

async function lineOf(id: string): Promise<BankLineListItem> {
  const response = await testApp.request(`${base}/bank-lines/${encodeURIComponent(id)}`);
  expect(response.status).toBe(200);
  return response.json();
}

describe('two payments of one invoice in one batch', () => {
  it('the second is decided after the first settled: partial, then the rest (matched), the invoice paid, each line booked once', async () => {
    expect(testApp.services.runner.batchSize).toBeGreaterThanOrEqual(2); // both lines are claimed as one batch
    const response = await testApp.post(`${base}/bank-lines`, [half('HALF-1'), half('HALF-2')]);
    expect(response.status).toBe(200);
    const first = await lineOf('HALF-1');
    const second = await lineOf('HALF-2');
    expect(first.outcome).toMatchObject({ kind: 'partial', allocations: [{ invoiceNumber: 'F1002', amountMinor: 781_250 }], remainingMinor: 781_250 });
    // decided on the invoice as the first left it (7 812,50 open), not as it was before the batch (15 625,00)
    expect(second.outcome).toMatchObject({ kind: 'matched', allocations: [{ invoiceNumber: 'F1002', amountMinor: 781_250 }] });
    expect(second.outcome.remainingMinor ?? 0).toBe(0);
    const [invoice] = await testApp.database.db.select().from(invoices).where(and(eq(invoices.companyId, 'demo'), eq(invoices.invoiceNumber, 'F1002')));
    expect(invoice).toMatchObject({ openMinor: 0, status: 'paid' });
    const payments = await testApp.database.db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoice.id));
    expect(payments.map((p) => p.amountMinor)).toEqual([781_250, 781_250]);
    for (const id of ['HALF-1', 'HALF-2']) {
      const booked = await testApp.database.db.select().from(vouchers).where(eq(vouchers.sourceRef, `bank-line:${id}`));
      expect(booked).toHaveLength(1);
      const rows = await testApp.database.db.select().from(runs).where(eq(runs.sourceRef, `bank-line:${id}`));
      expect(rows.filter((r) => r.status === 'posted').map((r) => r.automationId)).toEqual(['customer-payments']);
    }
  });

  it('a third payment of the paid invoice in a later batch is an exception, not a settlement beyond the total', async () => {
    const response = await testApp.post(`${base}/bank-lines`, [half('HALF-3')]);
    expect(response.status).toBe(200);
    const third = await lineOf('HALF-3');
    expect(third.outcome.kind).toBe('exception');
    const booked = await testApp.database.db.select().from(vouchers).where(eq(vouchers.sourceRef, 'bank-line:HALF-3'));
    expect(booked.filter((v) => v.automationId === 'customer-payments')).toHaveLength(0);
  });
});
