import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import { Ledger } from './ledger.ts';
import { ageingBucketOf, generalLedger, listPeriods, openItems, setPeriodStatus, trialBalance } from './reports.ts';

// The demo company seeded as of 2026-11-29; every figure below is computed by hand from runtime/seed/demo.ts.
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoCompany(database.db, { today: new Date('2026-11-29T12:00:00Z') });
});
afterAll(() => database.close());

const byAccount = <T extends { account: string }>(rows: T[]): Record<string, T> => Object.fromEntries(rows.map((r) => [r.account, r]));

describe('reports on the demo company', () => {
  it('trial balance for the whole year', async () => {
    const tb = await trialBalance(database.db, 'demo', { fromPeriod: '2026-01', toPeriod: '2026-12' });
    const rows = byAccount(tb.rows);
    // 3 customer invoices: 40 000 + 12 500 + 98 000 kr net, 25 % VAT
    expect(rows['1510']).toMatchObject({ openingMinor: 0, debitMinor: 18_812_500, creditMinor: 0, closingMinor: 18_812_500 });
    expect(rows['3001']).toMatchObject({ debitMinor: 0, creditMinor: 15_050_000, closingMinor: -15_050_000 });
    expect(rows['2611'].closingMinor).toBe(-3_762_500);
    // 3 supplier invoices: phone 896 kr + VAT, rent 18 500 kr without VAT, office supplies 2 340 kr + VAT
    expect(rows['2641'].closingMinor).toBe(80_900);
    expect(rows['2440'].closingMinor).toBe(-2_254_500);
    expect(rows['5010'].closingMinor).toBe(1_850_000);
    expect(tb.totals.debitMinor).toBe(tb.totals.creditMinor);
    expect(tb.totals.closingMinor).toBe(0);
    expect(tb.totals.openingMinor).toBe(0);
  });

  it('trial balance for November opens with October', async () => {
    const tb = await trialBalance(database.db, 'demo', { fromPeriod: '2026-11', toPeriod: '2026-11' });
    const rows = byAccount(tb.rows);
    expect(rows['1510']).toMatchObject({ openingMinor: 5_000_000, debitMinor: 13_812_500, closingMinor: 18_812_500 });
    expect(rows['3001']).toMatchObject({ openingMinor: -4_000_000, creditMinor: 11_050_000 });
    expect(tb.totals.openingMinor).toBe(0);
    expect(tb.totals.closingMinor).toBe(0);
  });

  it('general ledger with a running balance', async () => {
    const gl = await generalLedger(database.db, 'demo', '1510', { from: '2026-11-01', to: '2026-11-30' });
    expect(gl.name).toBe('Kundfordringar');
    expect(gl.openingMinor).toBe(5_000_000);
    expect(gl.entries.map((e) => [e.date, e.debitMinor, e.balanceMinor])).toEqual([
      ['2026-11-09', 1_562_500, 6_562_500],
      ['2026-11-24', 12_250_000, 18_812_500],
    ]);
    expect(gl.closingMinor).toBe(18_812_500);
  });

  it('AR and AP open items with ageing', async () => {
    const ar = await openItems(database.db, 'demo', 'ar', '2026-11-29');
    expect(ar.items.map((i) => [i.id, i.dueDate, i.bucket, i.daysOverdue])).toEqual([
      ['F1001', '2026-11-19', 'd0_30', 10], ['F1002', '2026-12-09', 'not_due', 0], ['F1003', '2026-12-24', 'not_due', 0],
    ]);
    expect(ar.totals).toEqual({ not_due: 13_812_500, d0_30: 5_000_000, d31_60: 0, d61_90: 0, over_90: 0 });
    expect(ar.items[0].counterpartyName).toBe('Nordisk Design AB');
    const ap = await openItems(database.db, 'demo', 'ap', '2027-03-01');
    expect(ap.totalMinor).toBe(2_254_500);
    expect(ap.items.every((i) => i.bucket === 'd61_90' || i.bucket === 'd31_60')).toBe(true);
  });

  it('ageing buckets have the right edges', () => {
    expect(ageingBucketOf('2026-01-31', '2026-01-31').bucket).toBe('not_due');
    expect(ageingBucketOf('2026-01-01', '2026-01-31')).toEqual({ bucket: 'd0_30', daysOverdue: 30 });
    expect(ageingBucketOf('2026-01-01', '2026-02-01').bucket).toBe('d31_60');
    expect(ageingBucketOf('2026-01-01', '2026-04-01').bucket).toBe('d61_90');
    expect(ageingBucketOf('2026-01-01', '2026-04-02').bucket).toBe('over_90');
  });

  it('locks a period (nothing can be posted), unlocks only with a reason, audited', async () => {
    const ledger = new Ledger(database.db);
    await setPeriodStatus(database.db, 'demo', '2026-10', 'locked', 'user:test', undefined);
    await expect(ledger.post('demo', [{ date: '2026-10-05', series: 'A', text: 'x', registeredBy: 'user:test',
      lines: [{ account: '6110', debitMinor: 100 }, { account: '1930', creditMinor: 100 }] }])).rejects.toThrow(/locked/);
    await expect(setPeriodStatus(database.db, 'demo', '2026-10', 'open', 'user:test', '')).rejects.toThrow(/reason/);
    await setPeriodStatus(database.db, 'demo', '2026-10', 'open', 'user:test', 'Late supplier invoice');
    expect((await listPeriods(database.db, 'demo')).find((p) => p.period === '2026-10')?.status).toBe('open');
    const audit = await database.client.execute("SELECT action, subject, details FROM audit_events WHERE action LIKE 'period.%' ORDER BY at");
    expect(audit.rows.map((r) => r.action)).toEqual(['period.lock', 'period.unlock']);
    expect(String(audit.rows[1].details)).toMatch(/Late supplier invoice/);
  });
});
