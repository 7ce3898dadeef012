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

describe('a person gives the rate for a EUR bank line the company has none for (book and match, "rate")', () => {
  it('book: the given rate, with the VAT code split out of the gross; the company\'s own rate wins over a given one', async () => {
    // No EUR rate on or before 2026-01-12 in this company (the earliest is 2026-11-03).
    await post(bankLine('CUR-RATE-1', -12_500, 'Kontorsmaterial', { bookingDate: '2026-01-12' }));
    const refused = await t.post('/api/companies/demo/bank-lines/CUR-RATE-1/book', { account: '6110', vatCode: 'I25' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: 'no_exchange_rate', message: expect.stringContaining('"rate"') });
    expect((await t.post('/api/companies/demo/bank-lines/CUR-RATE-1/book', { account: '6110', vatCode: 'I25', rate: '0' })).status).toBe(400);
    const booked = await t.post('/api/companies/demo/bank-lines/CUR-RATE-1/book', { account: '6110', vatCode: 'I25', rate: '11.20' });
    expect(booked.status, await booked.clone().text()).toBe(200);
    // 125.00 EUR gross: 100.00 net + 25.00 VAT; × 11.20 = 1 120.00 + 280.00 SEK, 1 400.00 from the bank
    expect(triples((await voucherOf('CUR-RATE-1'))!)).toEqual([
      ['1940', 0, 140_000, 'EUR', 12_500, '11.20'],
      ['6110', 112_000, 0, 'EUR', 10_000, '11.20'],
      ['2641', 28_000, 0, 'EUR', 2_500, '11.20'],
    ]);

    await post(bankLine('CUR-RATE-2', 1_000, 'Återbetalning deposition', { bookingDate: '2026-11-20' }));
    const withRate = await t.post('/api/companies/demo/bank-lines/CUR-RATE-2/book', { account: '5010', rate: '99' });
    expect(withRate.status, await withRate.clone().text()).toBe(200);
    expect(triples((await voucherOf('CUR-RATE-2'))!)[0]).toEqual(['1940', 11_350, 0, 'EUR', 1_000, '11.35']);
  });

  it('match: a EUR line settles a EUR invoice at the given rate when the company has none for the day', async () => {
    const created = await t.post('/api/companies/demo/customer-invoices', {
      invoiceNumber: 'CUR-RATE-F1', customerNo: 'K1001', issueDate: '2026-01-02', dueDate: '2026-02-02', currency: 'EUR', amountMinor: 10_000, vatMinor: 0, exchangeRate: '11.00',
    });
    expect(created.status).toBe(201);
    await post(bankLine('CUR-RATE-3', 10_000, 'Betalning CUR-RATE-F1', { bookingDate: '2026-01-14' }));
    const body = { allocations: [{ invoiceNumber: 'CUR-RATE-F1', amountMinor: 10_000 }] };
    const refused = await t.post('/api/companies/demo/bank-lines/CUR-RATE-3/match', body);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: 'no_exchange_rate', message: expect.stringContaining('"rate"') });
    // a zero rate is refused as the request's fault (it was a 500: nothing converts at 0), as on book
    const zero = await t.post('/api/companies/demo/bank-lines/CUR-RATE-3/match', { ...body, rate: '0.00' });
    expect(zero.status).toBe(400);
    expect(await zero.text()).toContain('must be above zero');
    const matched = await t.post('/api/companies/demo/bank-lines/CUR-RATE-3/match', { ...body, rate: '11.10' });
    expect(matched.status, await matched.clone().text()).toBe(200);
    // 100.00 EUR: the bank at 11.10 (1 110.00), the receivable at 11.00 (1 100.00), 10.00 exchange gain
    expect(triples((await voucherOf('CUR-RATE-3'))!).map((l) => l.slice(0, 3))).toEqual([['1940', 111_000, 0], ['1510', 0, 110_000], ['3960', 0, 1_000]]);
  });
});

describe('a given rate is audited, and said when the company\'s own was used instead', () => {
  type Audit = { subject: string; details: Record<string, unknown> };
  const auditOf = async (action: string, bankLineId: string) => ((await (await t.request(`/api/companies/demo/audit?action=${action}`)).json()) as Audit[])
    .find((a) => a.subject === `bank-line:${bankLineId}`)!;

  it('book: the company has 11.35 for the day, the person gave 99 — booked at 11.35, the answer and the audit say so', async () => {
    await post(bankLine('CUR-GIVEN-1', 2_000, 'Återbetalning', { bookingDate: '2026-11-18' }));
    const booked = await t.post('/api/companies/demo/bank-lines/CUR-GIVEN-1/book', { account: '5010', rate: '99' });
    expect(booked.status).toBe(200);
    const body = await booked.json() as { notes?: { code: string; message: string }[] };
    expect(body.notes).toEqual([{ code: 'api.given_rate_not_used', message: expect.stringMatching(/rate you gave \(99\) was not used.*EUR rate for 2026-11-17 \(11\.35\)/) }]);
    // Swedish on request
    await post(bankLine('CUR-GIVEN-1B', 2_000, 'Återbetalning', { bookingDate: '2026-11-18' }));
    const sv = await t.request('/api/companies/demo/bank-lines/CUR-GIVEN-1B/book', {
      method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'sv' }, body: JSON.stringify({ account: '5010', rate: '98' }),
    });
    expect(((await sv.json()) as { notes: { message: string }[] }).notes[0].message).toMatch(/^Kursen du angav \(98\) användes inte/);
    expect((await auditOf('bank-line.book', 'CUR-GIVEN-1')).details).toMatchObject({ rateGiven: '99', rateUsed: '11.35', rateFrom: 'company:2026-11-17' });
  });

  it('book: the same rate as the company\'s, or none given — no note; a given rate used is audited as given', async () => {
    await post(bankLine('CUR-GIVEN-2', 2_000, 'Återbetalning', { bookingDate: '2026-11-17' }));
    const same = await t.post('/api/companies/demo/bank-lines/CUR-GIVEN-2/book', { account: '5010', rate: '11.3500' });
    expect(((await same.json()) as { notes?: unknown }).notes).toBeUndefined();
    expect((await auditOf('bank-line.book', 'CUR-GIVEN-2')).details).toMatchObject({ rateGiven: '11.3500', rateUsed: '11.35', rateFrom: 'company:2026-11-17' });
    // CUR-RATE-1 (above) was booked at the given 11.20, the company having none for 2026-01-12
    expect((await auditOf('bank-line.book', 'CUR-RATE-1')).details).toMatchObject({ rateGiven: '11.20', rateUsed: '11.20', rateFrom: 'given' });
  });

  it('match: a EUR line with the company\'s rate and a given one; a SEK line for EUR invoices checked at the given rate', async () => {
    const created = await t.post('/api/companies/demo/customer-invoices', {
      invoiceNumber: 'CUR-GIVEN-F71', customerNo: 'K1001', issueDate: '2026-11-02', dueDate: '2026-12-02', currency: 'EUR', amountMinor: 10_000, vatMinor: 0, exchangeRate: '11.00',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    // a part payment without a reference: nothing matches it on its own
    await post(bankLine('CUR-GIVEN-3', 4_000, 'Delbetalning', { bookingDate: '2026-11-17' }));
    const matched = await t.post('/api/companies/demo/bank-lines/CUR-GIVEN-3/match', { allocations: [{ invoiceNumber: 'CUR-GIVEN-F71', amountMinor: 4_000 }], rate: '12' });
    expect(matched.status, await matched.clone().text()).toBe(200);
    expect(((await matched.json()) as { notes?: { code: string }[] }).notes?.map((n) => n.code)).toEqual(['api.given_rate_not_used']);
    expect((await auditOf('bank-line.match', 'CUR-GIVEN-3')).details).toMatchObject({ rateGiven: '12', rateUsed: '11.35', rateFrom: 'company:2026-11-17' });
    // a SEK line for an EUR invoice on a day without a EUR rate: checked at the given rate, audited as given
    const second = await t.post('/api/companies/demo/customer-invoices', {
      invoiceNumber: 'CUR-GIVEN-F72', customerNo: 'K1001', issueDate: '2026-01-02', dueDate: '2026-02-02', currency: 'EUR', amountMinor: 10_000, vatMinor: 0, exchangeRate: '11.00',
    });
    expect(second.status).toBe(201);
    await post(bankLine('CUR-GIVEN-4', 110_000, 'Betalning CUR-GIVEN-F72', { bookingDate: '2026-01-20', currency: 'SEK' }));
    const converted = await t.post('/api/companies/demo/bank-lines/CUR-GIVEN-4/match', { allocations: [{ invoiceNumber: 'CUR-GIVEN-F72', amountMinor: 10_000 }], rate: '11.00' });
    expect(converted.status, await converted.clone().text()).toBe(200);
    expect((await auditOf('bank-line.match', 'CUR-GIVEN-4')).details).toMatchObject({ rateGiven: '11.00', rateUsed: '11.00', rateFrom: 'given' });
  });
});
