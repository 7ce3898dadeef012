/**
 * "Today" where the company is: defaults that mean today (a reversal's date,
 * the open items' "as of", the reconciliation's date, the example statement)
 * are the company's date in its time zone, not the server's UTC date — which
 * is yesterday for a Swedish company between midnight and 01:00/02:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { fakeDateInEachTest } from '../testing/fake-date.ts';
import { companyToday } from './clock.ts';

// 22:30 UTC on 30 June is 00:30 on 1 July in Stockholm (summer time)
const lateEvening = new Date('2026-06-30T22:30:00Z');
let t: TestApp;
beforeAll(async () => { t = await createTestApp({ today: lateEvening }); });
afterAll(() => t.close());
fakeDateInEachTest(lateEvening);

describe('companyToday', () => {
  it('is the date in the company\'s time zone', async () => {
    expect(await companyToday(t.database.db, 'demo', lateEvening)).toBe('2026-07-01');
    expect(await companyToday(t.database.db, 'demo', new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    // winter time: UTC+1
    expect(await companyToday(t.database.db, 'demo', new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(await companyToday(t.database.db, 'no-such-company', lateEvening)).toBe('2026-07-01'); // Stockholm by default
  });
});

describe('defaults that mean today', () => {
  it('a reversal without a date is dated the company\'s today', async () => {
    const posted = await t.post('/api/companies/demo/vouchers', {
      date: '2026-06-30', text: 'Kontantinsättning', lines: [{ account: '1930', debitMinor: 10_000 }, { account: '2081', creditMinor: 10_000 }],
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    const reversed = await t.post(`/api/companies/demo/vouchers/${(await posted.json()).id}/reverse`, {});
    expect(reversed.status, await reversed.clone().text()).toBe(201);
    expect((await reversed.json()).date).toBe('2026-07-01');
  });

  it('open items without "as of" are as of the company\'s today', async () => {
    const response = await t.request('/api/companies/demo/reports/open-items?kind=ar');
    expect(response.status, await response.clone().text()).toBe(200);
    expect((await response.json()).asOf).toBe('2026-07-01');
  });
});
