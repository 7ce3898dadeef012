/**
 * A person books a bank line to an account with a VAT code (POST …/bank-lines/:id/book): the gross is
 * split into net on the account and VAT on the code's account, hand-computed figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Voucher } from '../../../../shared/api.ts';
import { createTestApp, type TestApp } from '../../../http/test-app.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') }); });
afterAll(() => t.close());

const base = '/api/companies/demo';
async function line(id: string, amountMinor: number, text: string) {
  const response = await t.post(`${base}/bank-lines`, { id, bookingDate: '2026-11-03', amountMinor, currency: 'SEK', text, reference: null, counterparty: null, bankAccount: '1930' });
  expect(response.status).toBe(200);
}
const voucherOf = async (id: string) => ((await (await t.request(`${base}/vouchers`)).json()) as Voucher[]).find((v) => v.sourceRef === `bank-line:${id}`);
const rows = (v: Voucher) => v.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.vatCode ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('booking a bank line to an account with a VAT code', () => {
  it('−125.00 with I25 on 6110: 6110 100.00, 2641 25.00 debit, bank 125.00 credit (it was refused 422)', async () => {
    await line('VAT-BOOK-1', -12_500, 'Kontorsmaterial');
    const response = await t.post(`${base}/bank-lines/VAT-BOOK-1/book`, { account: '6110', vatCode: 'I25' });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(rows((await voucherOf('VAT-BOOK-1'))!)).toEqual([
      ['1930', 0, 12_500, null], ['2641', 2_500, 0, null], ['6110', 10_000, 0, 'I25'],
    ]);
  });

  it('+250.00 in with MP1 on 3001: 3001 200.00, 2611 50.00 credit', async () => {
    await line('VAT-BOOK-2', 25_000, 'Kontantförsäljning');
    const response = await t.post(`${base}/bank-lines/VAT-BOOK-2/book`, { account: '3001', vatCode: 'MP1' });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(rows((await voucherOf('VAT-BOOK-2'))!)).toEqual([
      ['1930', 25_000, 0, null], ['2611', 0, 5_000, null], ['3001', 0, 20_000, 'MP1'],
    ]);
  });

  it('a line with no code is booked gross as before', async () => {
    await line('VAT-BOOK-3', -4_000, 'Parkering');
    expect((await t.post(`${base}/bank-lines/VAT-BOOK-3/book`, { account: '5800' })).status).toBe(200);
    expect(rows((await voucherOf('VAT-BOOK-3'))!)).toEqual([['1930', 0, 4_000, null], ['5800', 4_000, 0, null]]);
  });
});

describe('a EUR bank line booked with a VAT code', () => {
  it('−125.09 EUR with I25 at 11.4523: net 100.07 EUR (1 146.03 SEK), VAT 25.02 EUR (286.54 SEK), each line carrying EUR and rate', async () => {
    expect([200, 201]).toContain((await t.post(`${base}/bank-accounts`, { id: 'eur', name: 'Valutakonto EUR', ledgerAccount: '1940', currency: 'EUR' })).status);
    expect((await t.post(`${base}/exchange-rates`, { rates: [{ currency: 'EUR', date: '2026-11-03', rate: '11.4523' }] })).status).toBe(200);
    const response = await t.post(`${base}/bank-lines`, { id: 'VAT-BOOK-EUR', bookingDate: '2026-11-03', amountMinor: -12_509, currency: 'EUR', text: 'Software', reference: null, counterparty: null, bankAccount: '1940' });
    expect(response.status).toBe(200);
    // 286.54 SEK of VAT against 1 146.03 × 25 % = 286.51: 3 öre of a half EUR cent's rounding, within the 7 öre a EUR line at 11.4523 allows
    const booked = await t.post(`${base}/bank-lines/VAT-BOOK-EUR/book`, { account: '6110', vatCode: 'I25' });
    expect(booked.status, await booked.clone().text()).toBe(200);
    const voucher = (await voucherOf('VAT-BOOK-EUR'))!;
    expect(voucher.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.currency, l.currencyAmountMinor ?? null, l.rate ?? null])).toEqual([
      ['1940', 0, 143_257, 'EUR', 12_509, '11.4523'],
      ['6110', 114_603, 0, 'EUR', 10_007, '11.4523'],
      ['2641', 28_654, 0, 'EUR', 2_502, '11.4523'],
    ]);
  });
});
