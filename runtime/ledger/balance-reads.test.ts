/**
 * The balance port's one query, by its plan: the fiscal year of a request without `from` is looked up
 * once per read (the span is materialized), and the vouchers are still searched by company and date.
 * The figures themselves: runtime/engine/ledger-balance-run.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { balancesQuery } from './balance-reads.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

describe('balancesQuery', () => {
  it('reads fiscal_years once, and vouchers by the company/date index', async () => {
    const query = balancesQuery('demo', [
      ['a', { accountFrom: '1790', accountTo: '1790', from: null, to: '2026-02-28' }],
      ['b', { accountFrom: '3000', accountTo: '3999', from: null, to: '2026-03-31' }],
      ['c', { accountFrom: '1790', accountTo: '1790', from: '2026-01-01', to: '2026-01-31' }],
    ]);
    const plan = (await t.database.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`)).map((row) => row.detail);
    expect(plan.filter((detail) => /\bfy\b/.test(detail))).toHaveLength(1);
    expect(plan.some((detail) => /SEARCH v USING INDEX vouchers_company_date/.test(detail))).toBe(true);
  });
});
