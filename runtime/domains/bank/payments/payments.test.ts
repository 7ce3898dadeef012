/**
 * Incoming payments against the demo's open customer invoices, through the
 * HTTP API: the customer-payments example (match-payment) settles them,
 * what it cannot match waits in the inbox with its candidates, and a person
 * matches, splits or books by hand.
 *   F1001 K1001 Nordisk Design AB        50 000,00 kr  OCR 10017
 *   F1002 K1002 Bageriet i Gamla Stan HB 15 625,00 kr  OCR 10025
 *   F1003 K1003 Kommunförbundet Norr    122 500,00 kr  OCR 10033
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLineListItem, Voucher } from '../../../../shared/api.ts';
import { auditEvents, invoicePayments, invoices, paymentDecisions } from '../../../db/schema.ts';
import { createTestApp, type TestApp } from '../../../http/test-app.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp(); });
afterAll(() => testApp.close());

const today = new Date().toISOString().slice(0, 10);
const base = '/api/companies/demo';

const line = (id: string, amountMinor: number, fields: Record<string, unknown> = {}) => ({
  id, bookingDate: today, amountMinor, currency: 'SEK', text: 'INBETALNING', reference: null, counterparty: null, ...fields,
});

async function receive(...lines: ReturnType<typeof line>[]) {
  const response = await testApp.post(`${base}/bank-lines`, lines);
  expect(response.status).toBe(200);
  return response.json();
}

async function lineOf(id: string): Promise<BankLineListItem & { decisions: { kind: string; decidedBy: string }[] }> {
  const response = await testApp.request(`${base}/bank-lines/${encodeURIComponent(id)}`);
  expect(response.status).toBe(200);
  return response.json();
}

async function invoice(number: string) {
  const [row] = await testApp.database.db.select().from(invoices).where(and(eq(invoices.companyId, 'demo'), eq(invoices.invoiceNumber, number)));
  return row;
}

async function voucher(id: string): Promise<Voucher> {
  const response = await testApp.request(`${base}/vouchers/${id}`);
  expect(response.status).toBe(200);
  const body = await response.json();
  return body.voucher ?? body;
}

const linesOf = (v: Voucher) => v.lines.map((l) => [l.account, l.debitMinor, l.creditMinor]);

describe('the customer-payments automation', () => {
  it('settles an invoice paid with its OCR: debit the bank account, credit 1510, the invoice paid', async () => {
    await receive(line('PAY-1', 5_000_000, { reference: '10017', counterparty: 'NORDISK DESIGN AB' }));
    const paid = await lineOf('PAY-1');
    expect(paid.status).toBe('handled');
    expect(paid.outcome).toMatchObject({ kind: 'matched', allocations: [{ invoiceNumber: 'F1001', amountMinor: 5_000_000 }], automationId: 'customer-payments' });
    expect(paid.outcome.voucherId).toBeTruthy();
    const posted = await voucher(paid.outcome.voucherId!);
    expect(posted.series).toBe('D');
    expect(linesOf(posted)).toEqual([['1930', 5_000_000, 0], ['1510', 0, 5_000_000]]);
    expect(posted.sourceRef).toBe('bank-line:PAY-1');
    expect(posted.counterparty).toEqual({ name: 'NORDISK DESIGN AB', id: null }); // the payer, as the bank line names it
    expect(await invoice('F1001')).toMatchObject({ openMinor: 0, status: 'paid' });
    const payments = await testApp.database.db.select().from(invoicePayments).where(eq(invoicePayments.bankLineId, 'PAY-1'));
    expect(payments).toMatchObject([{ invoiceNumber: 'F1001', amountMinor: 5_000_000, voucherId: posted.id }]);
  });

  it('keeps a settling decision\'s candidates in its run\'s trace only; the line\'s detail shows them as before', async () => {
    const [row] = await testApp.database.db.select().from(paymentDecisions).where(eq(paymentDecisions.bankLineId, 'PAY-1'));
    expect(row.candidates).toBe('[]');
    const detail = await testApp.request(`${base}/bank-lines/PAY-1`);
    const { decisions } = await detail.json() as { decisions: { kind: string; candidates: { invoiceNumber: string; score: number; reasons: string[] }[] }[] };
    expect(decisions).toHaveLength(1);
    expect(decisions[0].kind).toBe('matched');
    expect(decisions[0].candidates[0]).toMatchObject({ invoiceNumber: 'F1001', customerNo: 'K1001', score: 1, reasons: expect.arrayContaining([expect.stringMatching(/OCR 10017/)]) });
  });

  it('books against the line\'s own bank account', async () => {
    const account = await testApp.post(`${base}/bank-accounts`, { id: 'savings', name: 'Sparkonto', ledgerAccount: '1940', currency: 'SEK' });
    expect(account.status).toBe(201);
    await receive(line('PAY-2', 100_000, { reference: '10025', bankAccount: '1940' }));
    const partial = await lineOf('PAY-2');
    expect(partial.outcome).toMatchObject({ kind: 'partial', remainingMinor: 1_462_500 });
    expect(linesOf(await voucher(partial.outcome.voucherId!))).toEqual([['1940', 100_000, 0], ['1510', 0, 100_000]]);
    expect(await invoice('F1002')).toMatchObject({ openMinor: 1_462_500, status: 'open' });
  });

  it('a line whose bank account is not one of the company\'s is refused, naming it; stored nothing', async () => {
    const response = await testApp.post(`${base}/bank-lines`, [line('PAY-X', 100, { bankAccount: '3001' })]);
    expect(response.status).toBe(400);
    const body = await response.json() as { message: string; issues: { path: string }[] };
    expect(body.issues[0].path).toBe('[0].bankAccount');
    expect(body.message).toMatch(/3001 is not the ledger account of any of the company's bank accounts: 1930 \(main\), 1940 \(savings\)/);
    expect((await testApp.request(`${base}/bank-lines/PAY-X`)).status).toBe(404);
  });

  it('an overpayment settles the invoice and books the excess on 2420', async () => {
    await receive(line('PAY-3', 12_300_000, { reference: '10033' }));
    const over = await lineOf('PAY-3');
    expect(over.outcome).toMatchObject({ kind: 'overpaid', excessMinor: 50_000, account: '2420' });
    expect(linesOf(await voucher(over.outcome.voucherId!))).toEqual([['1930', 12_300_000, 0], ['1510', 0, 12_250_000], ['2420', 0, 50_000]]);
    expect(await invoice('F1003')).toMatchObject({ openMinor: 0, status: 'paid' });
  });

  it('a second payment of a paid invoice is an exception in the inbox, with the reason, and settles nothing', async () => {
    await receive(line('PAY-4', 5_000_000, { reference: '10017' }));
    const again = await lineOf('PAY-4');
    expect(again.status).toBe('unhandled');
    expect(again.outcome).toMatchObject({ kind: 'exception', exceptionReason: 'already_paid' });
    expect(again.outcome.candidates?.[0]).toMatchObject({ invoiceNumber: 'F1001', openMinor: 0 });
    expect(again.exceptionId).toBeTruthy();
    const inbox = await (await testApp.request(`${base}/exceptions?status=open`)).json() as { id: string; reason: string }[];
    expect(inbox.find((e) => e.id === again.exceptionId)!.reason).toMatch(/already_paid/);
    expect(await invoice('F1001')).toMatchObject({ openMinor: 0 });
  });

  it('money out is not a customer payment: the other bank rules book it, no decision is recorded', async () => {
    await receive(line('FEE-1', -2_500, { text: 'AVGIFT BANKGIRO' }));
    const fee = await lineOf('FEE-1');
    expect(fee.outcome).toMatchObject({ kind: 'bank_rule', account: '6570', automationId: 'bank-fees' });
    expect(fee.decisions).toEqual([]);
  });

  it('lists lines with outcomes, filtered', async () => {
    const all = await (await testApp.request(`${base}/bank-lines?limit=50`)).json() as { lines: BankLineListItem[]; total: number; counts: Record<string, number> };
    expect(all.total).toBeGreaterThanOrEqual(5);
    expect(all.counts).toMatchObject({ matched: 1, partial: 1, overpaid: 1, exception: 1, bank_rule: 1 });
    const exceptions = await (await testApp.request(`${base}/bank-lines?outcome=exception`)).json() as { lines: BankLineListItem[] };
    expect(exceptions.lines.map((l) => l.id)).toEqual(['PAY-4']);
    const unhandled = await (await testApp.request(`${base}/bank-lines?status=unhandled&q=PAY`)).json() as { lines: BankLineListItem[] };
    expect(unhandled.lines.map((l) => l.id)).toEqual(['PAY-4']);
  });
});

describe('a dry run', () => {
  it('shows the match and the voucher it would post, and changes nothing', async () => {
    const { readFileSync } = await import('node:fs');
    const document = JSON.parse(readFileSync(new URL('../../../../rules-examples/customer-payments.json', import.meta.url), 'utf8'));
    const [before] = await testApp.database.db.select().from(invoices).where(and(eq(invoices.companyId, 'demo'), eq(invoices.invoiceNumber, 'F1002')));
    const response = await testApp.post(`${base}/automations/dry-run`, { document, event: line('DRY-1', before.openMinor, { reference: '10025' }) });
    expect(response.status).toBe(200);
    const result = await response.json() as { status: string; trace: { nodeId: string; branch: string; output: { kind: string } }[]; vouchers: { lines: unknown[] }[] };
    expect(result.status).toBe('posted');
    expect(result.trace.at(-1)).toMatchObject({ nodeId: 'match', branch: 'matched', output: { kind: 'matched' } });
    expect(result.vouchers).toHaveLength(1);
    expect(await invoice('F1002')).toMatchObject({ openMinor: before.openMinor });
    expect(await testApp.database.db.select().from(paymentDecisions).where(eq(paymentDecisions.bankLineId, 'DRY-1'))).toEqual([]);
  });
});

describe('a person deals with a line', () => {
  it('matches an unmatched payment by hand: posted, the invoice settled, the inbox item resolved, audited', async () => {
    await receive(line('PAY-5', 62_500, { text: 'SWISH BAGERIET' }));
    const before = await lineOf('PAY-5');
    expect(before.outcome.kind).toBe('exception');
    const response = await testApp.post(`${base}/bank-lines/PAY-5/match`, { allocations: [{ invoiceNumber: 'F1002', amountMinor: 62_500 }], note: 'Swish från Bageriet' });
    expect(response.status).toBe(200);
    const body = await response.json() as { line: BankLineListItem; voucherId: string; resolvedExceptions: string[] };
    expect(body.line.outcome).toMatchObject({ kind: 'partial', allocations: [{ invoiceNumber: 'F1002', amountMinor: 62_500 }] });
    expect(body.line.outcome.decidedBy).toMatch(/^token:/);
    expect(body.resolvedExceptions).toEqual([before.exceptionId]);
    expect(body.line.status).toBe('handled');
    expect(await invoice('F1002')).toMatchObject({ openMinor: 1_400_000 });
    expect(linesOf(await voucher(body.voucherId))).toEqual([['1930', 62_500, 0], ['1510', 0, 62_500]]);
    const audit = await testApp.database.db.select().from(auditEvents).where(eq(auditEvents.subject, 'bank-line:PAY-5'));
    expect(audit.map((a) => a.action)).toEqual(['bank-line.match']);
  });

  it('the automation sees what a person settled: the next payment of the rest settles it exactly', async () => {
    await receive(line('PAY-6', 1_400_000, { reference: '10025' }));
    expect((await lineOf('PAY-6')).outcome).toMatchObject({ kind: 'matched', allocations: [{ invoiceNumber: 'F1002', amountMinor: 1_400_000 }] });
    expect(await invoice('F1002')).toMatchObject({ openMinor: 0, status: 'paid' });
  });

  it('refuses what cannot be: beyond the open amount, an unknown invoice, beyond the payment, a booked line', async () => {
    await receive(line('PAY-7', 30_000, { text: 'OKÄND INBETALNING', counterparty: 'Kalle Karlsson' }));
    const refusals = [
      [{ allocations: [{ invoiceNumber: 'F1002', amountMinor: 10_000 }] }, 422, 'invoice_not_open'],
      [{ allocations: [{ invoiceNumber: 'F9999', amountMinor: 10_000 }] }, 422, 'unknown_invoice'],
      [{ allocations: [{ invoiceNumber: 'F1001', amountMinor: 40_000 }] }, 422, 'invoice_not_open'],
    ] as const;
    for (const [request, status, code] of refusals) {
      const response = await testApp.post(`${base}/bank-lines/PAY-7/match`, request);
      expect(response.status).toBe(status);
      expect((await response.json()).error).toBe(code);
    }
    const booked = await testApp.post(`${base}/bank-lines/PAY-1/match`, { allocations: [{ invoiceNumber: 'F1001', amountMinor: 1 }] });
    expect(booked.status).toBe(409);
    expect((await booked.json()).error).toBe('already_booked');
  });

  it('books a line to an account: money in credits it, the line handled', async () => {
    const response = await testApp.post(`${base}/bank-lines/PAY-7/book`, { account: '3004', note: 'Momsfri försäljning, kontant' });
    expect(response.status).toBe(200);
    const body = await response.json() as { line: BankLineListItem; voucherId: string };
    expect(body.line.outcome).toMatchObject({ kind: 'booked_by_hand', account: '3004' });
    const booked = await voucher(body.voucherId);
    expect(linesOf(booked)).toEqual([['1930', 30_000, 0], ['3004', 0, 30_000]]);
    expect(booked.counterparty).toEqual({ name: 'Kalle Karlsson', id: null }); // the bank line's (BFL 5:7)
  });

  it('splits one payment over invoices of a customer, the rest a customer credit', async () => {
    const { db } = testApp.database;
    for (const [number, total] of [['F2001', 100_000], ['F2002', 50_000]] as const) {
      await db.insert(invoices).values({
        companyId: 'demo', id: number, kind: 'ar', counterpartyId: 'K1001', invoiceNumber: number, invoiceDate: today, dueDate: today,
        currency: 'SEK', totalMinor: total, vatMinor: 0, openMinor: total, ocrReference: null,
      } as typeof invoices.$inferInsert);
    }
    await receive(line('PAY-8', 160_000, { text: 'BETALNING DIVERSE' }));
    const response = await testApp.post(`${base}/bank-lines/PAY-8/match`, {
      allocations: [{ invoiceNumber: 'F2001', amountMinor: 100_000 }, { invoiceNumber: 'F2002', amountMinor: 50_000 }],
    });
    expect(response.status).toBe(200);
    const body = await response.json() as { line: BankLineListItem; voucherId: string };
    expect(body.line.outcome).toMatchObject({ kind: 'multi', excessMinor: 10_000, account: '2420' });
    expect(linesOf(await voucher(body.voucherId))).toEqual([['1930', 160_000, 0], ['1510', 0, 100_000], ['1510', 0, 50_000], ['2420', 0, 10_000]]);
    const decisions = await db.select().from(paymentDecisions).where(eq(paymentDecisions.bankLineId, 'PAY-8'));
    expect(decisions.map((d) => d.kind)).toEqual(['exception', 'multi']);
  });
});

describe('the database guards the invoices', () => {
  it('refuses an open amount below zero or above the total, whatever code runs (migration 0021)', async () => {
    const { client } = testApp.database as unknown as { client: { execute(sql: string): Promise<unknown> } };
    const sqlOf = client ?? (testApp.database as unknown as { db: { $client: { execute(sql: string): Promise<unknown> } } }).db.$client;
    await expect(sqlOf.execute("UPDATE invoices SET open_minor = -1 WHERE company_id = 'demo' AND id = 'F2001'")).rejects.toThrow(/record_immutable/);
    await expect(sqlOf.execute("UPDATE invoices SET open_minor = total_minor + 1 WHERE company_id = 'demo' AND id = 'F2001'")).rejects.toThrow(/record_immutable/);
  });
});
