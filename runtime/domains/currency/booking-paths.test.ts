/**
 * Every path where an amount of an event becomes a voucher amount, with an
 * event in EUR: never booked as SEK silently. Through the HTTP API on the demo
 * company (its bank rules published), with hand-computed figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLinesResponse, ExceptionItem, Voucher } from '../../../shared/api.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
  const account = await t.post('/api/companies/demo/bank-accounts', { id: 'eur', name: 'Valutakonto EUR', ledgerAccount: '1940', currency: 'EUR' });
  expect([200, 201]).toContain(account.status);
});
afterAll(() => t.close());

const bankLine = (id: string, amountMinor: number, text: string, extra: Record<string, unknown> = {}) => ({
  id, bookingDate: '2026-11-03', amountMinor, currency: 'EUR', text, reference: null, counterparty: null, bankAccount: '1940', ...extra,
});
async function post(line: ReturnType<typeof bankLine>) {
  const response = await t.post('/api/companies/demo/bank-lines', line);
  expect(response.status).toBe(200);
  return ((await response.json()) as BankLinesResponse).results[0];
}
const voucherOf = async (bankLineId: string) => ((await (await t.request('/api/companies/demo/vouchers')).json()) as Voucher[])
  .find((v) => v.sourceRef === `bank-line:${bankLineId}`);
const inbox = async () => (await (await t.request('/api/companies/demo/exceptions')).json()) as ExceptionItem[];
const triples = (v: Voucher) => v.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.currency, l.currencyAmountMinor ?? null, l.rate ?? null]);

describe('a bank rule (post-voucher) meets a EUR bank line', () => {
  it('the issue\'s case: a 10.00 EUR fee without a rate goes to the inbox; with 11.50 set it is 115.00 SEK, EUR 10.00 @ 11.50 on each line', async () => {
    const result = await post(bankLine('CUR-FEE-1', -1_000, 'AVGIFT UTLANDSBETALNING'));
    expect(await voucherOf('CUR-FEE-1')).toBeUndefined();
    expect(result.exceptionId).not.toBeNull();
    const item = (await inbox()).find((e) => e.id === result.exceptionId)!;
    expect(item.reason).toMatch(/No EUR→SEK rate for 2026-11-03/);

    expect((await t.post('/api/companies/demo/exchange-rates', { rates: [{ currency: 'EUR', date: '2026-11-03', rate: '11.50' }] })).status).toBe(200);
    const retried = await t.post(`/api/companies/demo/exceptions/${result.exceptionId}/retry`, {});
    expect(retried.status).toBe(200);
    const voucher = (await voucherOf('CUR-FEE-1'))!;
    expect(voucher).toMatchObject({ series: 'E', automationId: 'bank-fees', date: '2026-11-03' });
    expect(triples(voucher)).toEqual([
      ['6570', 11_500, 0, 'EUR', 1_000, '11.50'],
      ['1940', 0, 11_500, 'EUR', 1_000, '11.50'],
    ]);
  });

  it('a weekend line uses the latest rate before it (Friday 2026-11-06 for Sunday the 8th)', async () => {
    await t.post('/api/companies/demo/exchange-rates', { rates: [{ currency: 'EUR', date: '2026-11-06', rate: '11.4523' }] });
    await post(bankLine('CUR-FEE-2', -2_345, 'Monthly fee', { bookingDate: '2026-11-08' }));
    // 23.45 × 11.4523 = 268.556435 → 268.56 SEK
    expect(triples((await voucherOf('CUR-FEE-2'))!)).toEqual([
      ['6570', 26_856, 0, 'EUR', 2_345, '11.4523'],
      ['1940', 0, 26_856, 'EUR', 2_345, '11.4523'],
    ]);
  });
});

describe('a person books a EUR bank line to an account (POST …/bank-lines/:id/book)', () => {
  it('without a rate for the day: refused, naming the missing rate; with one: SEK at the rate, the triple on both lines', async () => {
    await post(bankLine('CUR-BOOK-1', 5_000, 'Återbetalning hyra', { bookingDate: '2026-11-17' }));
    const refused = await t.post('/api/companies/demo/bank-lines/CUR-BOOK-1/book', { account: '5010' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: 'no_exchange_rate', message: expect.stringMatching(/No EUR→SEK rate for 2026-11-17/) });
    await t.post('/api/companies/demo/exchange-rates', { rates: [{ currency: 'EUR', date: '2026-11-17', rate: '11.35' }] });
    const booked = await t.post('/api/companies/demo/bank-lines/CUR-BOOK-1/book', { account: '5010' });
    expect(booked.status).toBe(200);
    // 50.00 EUR × 11.35 = 567.50 SEK
    expect(triples((await voucherOf('CUR-BOOK-1'))!)).toEqual([
      ['1940', 56_750, 0, 'EUR', 5_000, '11.35'],
      ['5010', 0, 56_750, 'EUR', 5_000, '11.35'],
    ]);
  });
});
