/**
 * Realised exchange differences: a customer invoice in EUR booked at one rate
 * and paid at another. The receivable (1510) is credited at what the invoice
 * booked, the bank debited at what the payment is worth in SEK, and the
 * difference goes to 3960 (gain) or 7960 (loss). Figures computed by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLinesResponse, CustomerInvoice, Voucher } from '../../../shared/api.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
  const account = await t.post('/api/companies/demo/bank-accounts', { id: 'eur', name: 'Valutakonto EUR', ledgerAccount: '1940', currency: 'EUR' });
  expect([200, 201]).toContain(account.status);
  const rates = await t.post('/api/companies/demo/exchange-rates', {
    rates: [['2026-11-10', '11.35'], ['2026-11-11', '11.05'], ['2026-11-12', '11.35'], ['2026-11-13', '11.05']].map(([date, rate]) => ({ currency: 'EUR', date, rate })),
  });
  expect(rates.status).toBe(200);
});
afterAll(() => t.close());

/** 1 000.00 EUR (or `amountMinor`) at 11.20: 11 200.00 SEK on 1510. */
async function invoice(invoiceNumber: string, amountMinor = 100_000): Promise<CustomerInvoice> {
  const response = await t.post('/api/companies/demo/customer-invoices', {
    invoiceNumber, customerNo: 'K1001', issueDate: '2026-11-02', dueDate: '2026-12-02', currency: 'EUR', amountMinor, vatMinor: 0, exchangeRate: '11.20',
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { invoices: CustomerInvoice[] }).invoices[0];
}
const bankLine = (id: string, amountMinor: number, bookingDate: string, extra: Record<string, unknown> = {}) => ({
  id, bookingDate, amountMinor, currency: 'EUR', text: 'PAYMENT', reference: null, counterparty: null, bankAccount: '1940', ...extra,
});
async function post(line: ReturnType<typeof bankLine>) {
  const response = await t.post('/api/companies/demo/bank-lines', line);
  expect(response.status).toBe(200);
  return ((await response.json()) as BankLinesResponse).results[0];
}
const voucherOf = async (bankLineId: string) => ((await (await t.request('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[])
  .find((v) => v.sourceRef === `bank-line:${bankLineId}`);
const lines = (v: Voucher) => v.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.currency, l.currencyAmountMinor ?? null, l.rate ?? null]);
const openOf = async (invoiceNumber: string) => ((await (await t.request('/api/companies/demo/customer-invoices?status=all&limit=1000')).json()) as { invoices: CustomerInvoice[] })
  .invoices.find((i) => i.invoiceNumber === invoiceNumber)!;

describe('match-payment settles a EUR invoice paid into a EUR account', () => {
  it('a gain: booked at 11.20, paid at 11.35 → bank 11 350.00, 1510 11 200.00, 3960 150.00', async () => {
    const made = await invoice('FX-1');
    expect(made.amountBaseMinor).toBe(1_120_000);
    const result = await post(bankLine('FX-L1', 100_000, '2026-11-10', { reference: made.ocrReference }));
    expect(result.runs.find((r) => r.automationId === 'customer-payments')?.status).toBe('posted');
    expect(lines((await voucherOf('FX-L1'))!)).toEqual([
      ['1940', 1_135_000, 0, 'EUR', 100_000, '11.35'],
      ['1510', 0, 1_120_000, 'EUR', 100_000, '11.20'],
      ['3960', 0, 15_000, 'SEK', null, null],
    ]);
    expect(await openOf('FX-1')).toMatchObject({ openMinor: 0, status: 'paid' });
  });

  it('a loss: paid at 11.05 → bank 11 050.00, 1510 11 200.00, 7960 150.00', async () => {
    const made = await invoice('FX-2');
    await post(bankLine('FX-L2', 100_000, '2026-11-11', { reference: made.ocrReference }));
    expect(lines((await voucherOf('FX-L2'))!)).toEqual([
      ['1940', 1_105_000, 0, 'EUR', 100_000, '11.05'],
      ['1510', 0, 1_120_000, 'EUR', 100_000, '11.20'],
      ['7960', 15_000, 0, 'SEK', null, null],
    ]);
  });

  it('no rate for the payment\'s day: not settled, the inbox says which rate is missing', async () => {
    const made = await invoice('FX-3');
    const result = await post(bankLine('FX-L3', 100_000, '2026-11-25', { reference: made.ocrReference }));
    expect(await voucherOf('FX-L3')).toBeUndefined();
    expect(await openOf('FX-3')).toMatchObject({ openMinor: 100_000, status: 'open' });
    const inbox = (await (await t.request('/api/companies/demo/exceptions')).json()) as { id: string; reason: string }[];
    expect(inbox.find((e) => e.id === result.exceptionId)?.reason).toMatch(/no EUR→SEK rate for 2026-11-25/);
  });
});

describe('matching by hand (POST …/bank-lines/:id/match)', () => {
  it('in parts, the receivable ends at zero: 400.00 EUR at 11.35 (gain 60.00), then 600.00 EUR at 11.05 (loss 90.00)', async () => {
    await invoice('FX-4');
    // No reference: nothing matches it automatically; a person settles it.
    await post(bankLine('FX-L4', 40_000, '2026-11-12', { text: 'DELBETALNING' }));
    const first = await t.post('/api/companies/demo/bank-lines/FX-L4/match', { allocations: [{ invoiceNumber: 'FX-4', amountMinor: 40_000 }] });
    expect(first.status).toBe(200);
    // 400.00 × 11.35 = 4 540.00 bank; 400.00 × 11.20 = 4 480.00 receivable; gain 60.00
    expect(lines((await voucherOf('FX-L4'))!)).toEqual([
      ['1940', 454_000, 0, 'EUR', 40_000, '11.35'],
      ['1510', 0, 448_000, 'EUR', 40_000, '11.20'],
      ['3960', 0, 6_000, 'SEK', null, null],
    ]);
    await post(bankLine('FX-L5', 60_000, '2026-11-13', { text: 'SLUTBETALNING' }));
    const second = await t.post('/api/companies/demo/bank-lines/FX-L5/match', { allocations: [{ invoiceNumber: 'FX-4', amountMinor: 60_000 }] });
    expect(second.status).toBe(200);
    // 600.00 × 11.05 = 6 630.00 bank; the rest of the receivable 11 200.00 − 4 480.00 = 6 720.00; loss 90.00
    expect(lines((await voucherOf('FX-L5'))!)).toEqual([
      ['1940', 663_000, 0, 'EUR', 60_000, '11.05'],
      ['1510', 0, 672_000, 'EUR', 60_000, '11.20'],
      ['7960', 9_000, 0, 'SEK', null, null],
    ]);
    expect(await openOf('FX-4')).toMatchObject({ openMinor: 0, status: 'paid' });
  });

  it('a SEK account receiving converted SEK for a EUR invoice: 11 050.00 SEK for 1 000.00 EUR booked at 11 200.00 → loss 150.00', async () => {
    await invoice('FX-5');
    await post(bankLine('FX-L6', 1_105_000, '2026-11-14', { currency: 'SEK', bankAccount: '1930', text: 'INBETALNING UTLAND' }));
    const matched = await t.post('/api/companies/demo/bank-lines/FX-L6/match', { allocations: [{ invoiceNumber: 'FX-5', amountMinor: 100_000 }] });
    expect(matched.status).toBe(200);
    expect(lines((await voucherOf('FX-L6'))!)).toEqual([
      ['1930', 1_105_000, 0, 'SEK', null, null],
      ['1510', 0, 1_120_000, 'EUR', 100_000, '11.20'],
      ['7960', 15_000, 0, 'SEK', null, null],
    ]);
    expect(await openOf('FX-5')).toMatchObject({ openMinor: 0, status: 'paid' });
  });

  it('a EUR line without a rate for its day is refused, naming the missing rate; nothing is settled', async () => {
    await invoice('FX-6');
    await post(bankLine('FX-L7', 100_000, '2026-11-27', { text: 'BETALNING' }));
    const refused = await t.post('/api/companies/demo/bank-lines/FX-L7/match', { allocations: [{ invoiceNumber: 'FX-6', amountMinor: 100_000 }] });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: 'no_exchange_rate', message: expect.stringMatching(/No EUR→SEK rate for 2026-11-27/) });
    expect(await openOf('FX-6')).toMatchObject({ openMinor: 100_000, status: 'open' });
  });
});
