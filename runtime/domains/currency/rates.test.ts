import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Voucher } from '../../../shared/api.ts';
import { auditEvents } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { parseRatesCsv, rateFor } from './rates.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') }); });
afterAll(() => testApp.close());
const path = '/api/companies/demo/exchange-rates';

describe('exchange rates', () => {
  it('reads a CSV and a Riksbanken paste: dates, currencies (or SEKEURPMI), decimal commas; headers skipped', () => {
    expect(parseRatesCsv('date;currency;rate\n2026-11-03;EUR;11,4523\r\n2026-11-03\tUSD\t10.12\n')).toEqual([
      { currency: 'EUR', date: '2026-11-03', rate: '11.4523' }, { currency: 'USD', date: '2026-11-03', rate: '10.12' },
    ]);
    expect(parseRatesCsv('Period;Grupp;Serie;Värde\n2026-11-04;Valutor mot svenska kronor;SEKEURPMI;11,4611')).toEqual([
      { currency: 'EUR', date: '2026-11-04', rate: '11.4611' },
    ]);
    expect(() => parseRatesCsv('2026-11-03;EUR;x')).toThrow(/line 1: no rate above zero/);
    expect(() => parseRatesCsv('head\n2026-11-03;ABC;11,2')).toThrow(/line 2: no currency the product knows/);
  });

  it('sets rates by hand and by CSV, audited; the same rate again is unchanged, a different one needs replace', async () => {
    let response = await testApp.post(path, { rates: [{ currency: 'EUR', date: '2026-11-02', rate: '11.40' }] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ created: 1, corrected: 0, unchanged: 0 });
    response = await testApp.post(path, { csv: 'Period;Serie;Värde\n2026-11-02;SEKEURPMI;11,40\n2026-11-05;SEKEURPMI;11,50', source: 'riksbanken' });
    expect(await response.json()).toEqual({ created: 1, corrected: 0, unchanged: 1 });
    response = await testApp.post(path, { rates: [{ currency: 'EUR', date: '2026-11-05', rate: '11.55' }] });
    expect(response.status).toBe(409);
    expect((await response.json()).message).toMatch(/EUR on 2026-11-05 is already 11.50, not 11.55: send replace: true/);
    response = await testApp.post(path, { rates: [{ currency: 'EUR', date: '2026-11-05', rate: '11.55' }], replace: true });
    expect(await response.json()).toEqual({ created: 0, corrected: 1, unchanged: 0 });
    const listed = await (await testApp.request(`${path}?currency=EUR`)).json();
    expect(listed.rates.map((r: { date: string; rate: string; source: string }) => [r.date, r.rate, r.source]))
      .toEqual([['2026-11-05', '11.55', 'manual'], ['2026-11-02', '11.40', 'manual']]);
    const audits = await testApp.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.companyId, 'demo'), eq(auditEvents.action, 'exchange-rates.set')));
    expect(audits).toHaveLength(3);
  });

  it('refuses SEK, unknown currencies, bad dates and rates, naming the row', async () => {
    for (const [rate, message] of [
      [{ currency: 'SEK', date: '2026-11-02', rate: '1' }, /rates\[0\]\.currency: SEK is the company's own currency/],
      [{ currency: 'XYZ', date: '2026-11-02', rate: '1' }, /rates\[0\]\.currency: unknown currency "XYZ"/],
      [{ currency: 'EUR', date: '2026-11-02', rate: '0' }, /rates\[0\]\.rate: "0" is not a rate above zero/],
    ] as const) {
      const response = await testApp.post(path, { rates: [rate] });
      expect(response.status).toBe(422);
      expect((await response.json()).message).toMatch(message);
    }
    expect((await testApp.post(path, { rates: [{ currency: 'EUR', date: '2026-13-02', rate: '1' }] })).status).toBe(400); // the request schema's date
  });

  it('a day without a rate uses the latest of the 4 days before it, and no older one', async () => {
    const { db } = testApp.database;
    expect((await rateFor(db, 'demo', 'EUR', '2026-11-08'))?.rate).toBe('11.55'); // a Sunday: Thursday's rate
    expect(await rateFor(db, 'demo', 'EUR', '2026-11-10')).toBeNull(); // 5 days after the last rate
    expect(await rateFor(db, 'demo', 'EUR', '2026-11-01')).toBeNull(); // before the first
    expect(await rateFor(db, 'demo', 'USD', '2026-11-05')).toBeNull();
  });

  it('a manual voucher may carry a line in EUR with its amount and rate; the SEK amount must agree', async () => {
    const body = (debitMinor: number) => ({
      date: '2026-11-05', series: 'A', text: 'Konferensavgift i euro',
      lines: [{ account: '6570', debitMinor, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' }, { account: '1930', creditMinor: debitMinor }],
    });
    const ok = await testApp.post('/api/companies/demo/vouchers', body(11_500));
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as Voucher).lines[0]).toMatchObject({ currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50', debitMinor: 11_500 });
    const wrong = await testApp.post('/api/companies/demo/vouchers', body(1_000));
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).message).toMatch(/Line 1: 10.00 EUR at 11.50 is 115.00 SEK, but the line says 10.00 SEK/);
  });
});
