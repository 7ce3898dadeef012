/**
 * A person matches a SEK bank line to invoices in EUR (the bank converted): the SEK received is checked
 * against the allocations at the day's rate. Hand-computed figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerInvoice, Voucher } from '../../../shared/api.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
  expect((await t.post('/api/companies/demo/exchange-rates', { rates: [{ currency: 'EUR', date: '2026-11-16', rate: '11.45' }] })).status).toBe(200);
});
afterAll(() => t.close());

async function invoice(invoiceNumber: string, amountMinor = 100_000): Promise<void> {
  const response = await t.post('/api/companies/demo/customer-invoices', {
    invoiceNumber, customerNo: 'K1001', issueDate: '2026-11-02', dueDate: '2026-12-02', currency: 'EUR', amountMinor, vatMinor: 0, exchangeRate: '11.20',
  });
  expect(response.status).toBe(201);
}
async function sekLine(id: string, amountMinor: number, bookingDate = '2026-11-16') {
  const response = await t.post('/api/companies/demo/bank-lines', { id, bookingDate, amountMinor, currency: 'SEK', text: 'INBETALNING UTLAND', reference: null, counterparty: null, bankAccount: '1930' });
  expect(response.status).toBe(200);
}
const match = (id: string, body: unknown) => t.post(`/api/companies/demo/bank-lines/${id}/match`, body);
const voucherOf = async (id: string) => ((await (await t.request('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[]).find((v) => v.sourceRef === `bank-line:${id}`);
const rows = (v: Voucher) => v.lines.map((l) => [l.account, l.debitMinor, l.creditMinor]);
const openOf = async (n: string) => ((await (await t.request('/api/companies/demo/customer-invoices?status=all&limit=1000')).json()) as { invoices: CustomerInvoice[] })
  .invoices.find((i) => i.invoiceNumber === n)!;

describe('a SEK line matched by hand to EUR invoices', () => {
  it('0.01 EUR allocated against 10 000.00 SEK: 0.11 settles the invoice part, 9 999.89 is an overpayment on 2420 — not an exchange gain', async () => {
    await invoice('MB-1');
    await sekLine('MB-L1', 1_000_000);
    const response = await match('MB-L1', { allocations: [{ invoiceNumber: 'MB-1', amountMinor: 1 }] });
    expect(response.status, await response.clone().text()).toBe(200);
    // 0.01 EUR at 11.45 (the day) = 0.11 SEK; at 11.20 (the invoice) = 0.11 SEK: no exchange difference
    expect(rows((await voucherOf('MB-L1'))!)).toEqual([['1930', 1_000_000, 0], ['1510', 0, 11], ['2420', 0, 999_989]]);
  });

  it('1 000.00 EUR against 5 000.00 SEK (implied 5.00, the day 11.45) is refused, naming the allocation; nothing is settled', async () => {
    await invoice('MB-2');
    await sekLine('MB-L2', 500_000);
    const response = await match('MB-L2', { allocations: [{ invoiceNumber: 'MB-2', amountMinor: 100_000 }] });
    expect(response.status).toBe(422);
    const body = await response.json() as { error: string; message: string };
    expect(body.error).toBe('implausible_exchange_rate');
    expect(body.message).toContain('allocations[0]');
    expect(body.message).toContain('MB-2');
    expect(body.message).toContain('5.0000');
    expect(await openOf('MB-2')).toMatchObject({ openMinor: 100_000, status: 'open' });
  });

  it('within 10 % of the day\'s rate the difference is an exchange difference (1 000.00 EUR for 11 000.00 SEK: loss 200.00 against 11.20)', async () => {
    await invoice('MB-3');
    await sekLine('MB-L3', 1_100_000);
    expect((await match('MB-L3', { allocations: [{ invoiceNumber: 'MB-3', amountMinor: 100_000 }] })).status).toBe(200);
    expect(rows((await voucherOf('MB-L3'))!)).toEqual([['1930', 1_100_000, 0], ['1510', 0, 1_120_000], ['7960', 20_000, 0]]);
  });

  it('with no rate for the day the caller gives one; without it the match is refused, asking for it', async () => {
    await invoice('MB-4');
    await sekLine('MB-L4', 1_130_000, '2026-01-20');
    const refused = await match('MB-L4', { allocations: [{ invoiceNumber: 'MB-4', amountMinor: 100_000 }] });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: 'no_exchange_rate', message: expect.stringContaining('"rate"') });
    const matched = await match('MB-L4', { allocations: [{ invoiceNumber: 'MB-4', amountMinor: 100_000 }], rate: '11.30' });
    expect(matched.status, await matched.clone().text()).toBe(200);
    expect(rows((await voucherOf('MB-L4'))!)).toEqual([['1930', 1_130_000, 0], ['1510', 0, 1_120_000], ['3960', 0, 10_000]]);
  });
});
