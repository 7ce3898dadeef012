/**
 * The `balance` operator in runs (issue 13): an accrual automation reads an
 * account's balance through the ledger-read port, read once before the walk,
 * and posts a twelfth of it, in the designer's dry run and in a real run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualRunResponse, Voucher } from '../../shared/api.ts';
import type { BalanceRequest } from '../../shared/json-logic/index.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { Ledger } from '../ledger/ledger.ts';
import { readBalances } from '../ledger/balance-reads.ts';
import { executeRun } from './engine.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();

/** Each month: 1/12 of what was prepaid on 1790 by the start of the year (opening balance included) to insurance 6310. */
const accrual = (balance: unknown[] = ['1790', null, `${year}-01-31`]) => ({
  id: 'insurance-accrual', name: 'Försäkring: periodisering', status: 'draft', nodes: [
    { id: 't', type: 'manual-run', config: {} },
    { id: 'p', type: 'post-voucher', config: {
      series: 'A', text: 'Periodisering försäkring', date: { var: 'event.date' }, lines: [
        { account: '6310', side: 'debit', amount: { round: [{ '/': [{ balance }, 12] }] } },
        { account: '1790', side: 'credit', amount: null },
      ],
    } },
  ], edges: [{ id: 'e1', source: 't', target: 'p' }],
});

beforeAll(async () => {
  t = await createTestApp();
  // 12 000.00 prepaid for the year in January, plus 100.00 on 1790 in February (not in the January figure)
  await new Ledger(t.database.db).post('demo', [
    { date: `${year}-01-05`, series: 'A', text: 'Försäkringspremie helår', registeredBy: 'user:test', lines: [
      { account: '1790', debitMinor: 1_200_000 }, { account: '1930', creditMinor: 1_200_000 }] },
    { date: `${year}-02-10`, series: 'A', text: 'Annat förutbetalt', registeredBy: 'user:test', lines: [
      { account: '1790', debitMinor: 10_000 }, { account: '1930', creditMinor: 10_000 }] },
  ]);
});
afterAll(() => t.close());

const amountsOf = (v: { lines: { account: string; debitMinor?: number; creditMinor?: number }[] }) =>
  v.lines.map((l) => [l.account, (l.debitMinor ?? 0) - (l.creditMinor ?? 0)]);

describe('an accrual automation reads a balance', () => {
  it('the port reads every balance of a run in one go: accounts, ranges, dates, opening balances', async () => {
    const { rows } = await t.database.client.execute(`SELECT coalesce(sum(amount_minor), 0) FROM opening_balances WHERE company_id = 'demo' AND account = '1790'`);
    const opening1790 = Number(rows[0][0]);
    const requests: BalanceRequest[] = [
      { accountFrom: '1790', accountTo: '1790', from: `${year}-01-01`, to: `${year}-01-31` },
      { accountFrom: '1790', accountTo: '1790', from: null, to: `${year}-02-28` },
      { accountFrom: '1700', accountTo: '1799', from: `${year}-02-01`, to: `${year}-02-28` },
      { accountFrom: '1790', accountTo: '1790', from: `${year}-03-01`, to: `${year}-03-31` },
    ];
    const read = await readBalances(t.database.db, 'demo', requests);
    expect([...read.values()]).toEqual([1_200_000, opening1790 + 1_210_000, 10_000, 0]);
    const tooMany = Array.from({ length: 51 }, (_, i): BalanceRequest => ({ accountFrom: String(3000 + i), accountTo: String(3000 + i), from: null, to: `${year}-12-31` }));
    await expect(readBalances(t.database.db, 'demo', tooMany)).rejects.toThrow('balance_limit: a run may read at most 50 balances, this one asked for 51');
  });

  it('in the designer\'s dry run: 1/12 of the balance, read-only', async () => {
    const before = await t.database.client.execute('SELECT count(*) FROM vouchers');
    const response = await t.post('/api/companies/demo/automations/dry-run', { document: accrual(), event: { date: `${year}-03-31`, note: '' } });
    expect(response.status).toBe(200);
    const body = await response.json() as { status: string; vouchers: { lines: { account: string; debitMinor?: number; creditMinor?: number }[] }[] };
    expect(body.status).toBe('posted');
    expect(amountsOf(body.vouchers[0])).toEqual([['6310', 100_000], ['1790', -100_000]]);
    expect((await t.database.client.execute('SELECT count(*) FROM vouchers')).rows).toEqual(before.rows);
  });

  it('a real run posts it; period keywords follow the event\'s date', async () => {
    await t.services.store.saveDraft('demo', 'insurance-accrual', accrual(['1790', 'previous_period_start', 'previous_period_end']), 'user:a');
    await t.services.store.publish('demo', 'insurance-accrual', 'user:b');
    // the run dated in March reads February's movement on 1790: 100.00 → 8.33
    const response = await t.post('/api/companies/demo/automations/insurance-accrual/run', { event: { date: `${year}-03-31`, note: 'mars' }, post: true });
    expect(response.status).toBe(200);
    const body = await response.json() as ManualRunResponse;
    expect(body).toMatchObject({ dryRun: false });
    const voucherId = (body as { runs: { voucherIds: string[] }[] }).runs[0].voucherIds[0];
    const voucher = await (await t.request(`/api/companies/demo/vouchers/${voucherId}`)).json() as Voucher;
    expect(voucher.lines.map((l) => [l.account, l.debitMinor - l.creditMinor])).toEqual([['6310', 833], ['1790', -833]]);
  });

  it('validation refuses a balance whose arguments are computed, naming the node and the argument', async () => {
    const document = accrual([{ cat: ['17', '90'] }, null, `${year}-01-31`]);
    const response = await t.post('/api/companies/demo/automations/validate', document);
    const body = JSON.stringify(await response.json());
    expect(body).toContain('expression_invalid_argument');
    expect(body).toContain('"p"');
    expect(body).toContain('not a computed value');
  });

  it('without a ledger port, or over the limit, the run fails and says why (nothing posted)', async () => {
    const { validateAutomation } = await import('../../shared/automation/validate.ts');
    const document = validateAutomation({ ...accrual(), schemaVersion: 1, version: 1 }).document!;
    const ctx = {
      clock: { now: () => new Date(`${year}-03-31T12:00:00Z`), elapsedMs: () => 0 }, newId: () => 'x',
      logger: { info: () => {}, warn: () => {} }, ledger: { propose: () => ({ ok: true as const, ref: 'p1' }) },
    };
    const input = { runId: 'r', document, event: { date: `${year}-03-31` }, eventKey: 'k', sourceRef: null };
    expect(await executeRun(input, ctx)).toMatchObject({ status: 'failed', reason: 'balance_unreadable: this run has no ledger to read balances from', vouchers: [] });
    let asked: BalanceRequest[] = [];
    const withPort = { ...ctx, ports: { ledgerRead: { balances: async (requests: readonly BalanceRequest[]) => { asked = [...requests]; return new Map([[`1790-1790||${year}-01-31`, 240_000]]); } } } };
    const result = await executeRun(input, withPort);
    expect(asked).toEqual([{ accountFrom: '1790', accountTo: '1790', from: null, to: `${year}-01-31` }]);
    expect(result.status).toBe('posted');
    expect(result.vouchers[0].lines[0]).toMatchObject({ account: '6310', debitMinor: 20_000 });
  });

  it('from null with a to in no fiscal year is refused, naming the date (never a silent 0); the run fails saying so', async () => {
    await expect(readBalances(t.database.db, 'demo', [{ accountFrom: '1790', accountTo: '1790', from: null, to: '1990-12-31' }]))
      .rejects.toThrow('balance_unreadable: the balance 1790-1790||1990-12-31 reads from the start of the fiscal year 1990-12-31 is in, and 1990-12-31 is in no fiscal year of the company');
    // with a from date the same period reads (an empty ledger there is a true 0)
    expect([...(await readBalances(t.database.db, 'demo', [{ accountFrom: '1790', accountTo: '1790', from: '1990-01-01', to: '1990-12-31' }])).values()]).toEqual([0]);
    const { validateAutomation } = await import('../../shared/automation/validate.ts');
    const document = validateAutomation({ ...accrual(['1790', null, '1990-12-31']), schemaVersion: 1, version: 1 }).document!;
    const ctx = {
      clock: { now: () => new Date(`${year}-03-31T12:00:00Z`), elapsedMs: () => 0 }, newId: () => 'x',
      logger: { info: () => {}, warn: () => {} }, ledger: { propose: () => ({ ok: true as const, ref: 'p1' }) },
      ports: { ledgerRead: { balances: (requests: readonly BalanceRequest[]) => readBalances(t.database.db, 'demo', requests) } },
    };
    const result = await executeRun({ runId: 'r', document, event: { date: `${year}-03-31` }, eventKey: 'k', sourceRef: null }, ctx);
    expect(result).toMatchObject({ status: 'failed', vouchers: [] });
    expect(result.reason).toMatch(/^balance_unreadable: .*1990-12-31 is in no fiscal year/);
  });

  it('keywords resolve against the event\'s bookingDate, else the day it arrived: never the run\'s wall clock', async () => {
    const { validateAutomation } = await import('../../shared/automation/validate.ts');
    const document = validateAutomation({ ...accrual(['3000-3999', 'previous_period_start', 'previous_period_end']), schemaVersion: 1, version: 1 }).document!;
    let asked: BalanceRequest[] = [];
    const ctx = {
      clock: { now: () => new Date(`${year}-12-02T12:00:00Z`), elapsedMs: () => 0 }, newId: () => 'x',
      logger: { info: () => {}, warn: () => {} }, ledger: { propose: () => ({ ok: true as const, ref: 'p1' }) },
      ports: { ledgerRead: { balances: async (requests: readonly BalanceRequest[]) => { asked = [...requests]; return new Map<string, number>(); } } },
    };
    // a March bank line processed in December: February, not November
    await executeRun({ runId: 'r', document, event: { bookingDate: `${year}-03-14` }, eventKey: 'k', sourceRef: null, arrivedAt: `${year}-03-15T08:00:00.000Z` }, ctx);
    expect(asked).toEqual([{ accountFrom: '3000', accountTo: '3999', from: `${year}-02-01`, to: new Date(Date.UTC(year, 2, 0)).toISOString().slice(0, 10) }]);
    // an event without a date, arrived in June, run (retried) in December: May
    await executeRun({ runId: 'r', document, event: {}, eventKey: 'k', sourceRef: null, arrivedAt: `${year}-06-20T08:00:00.000Z` }, ctx);
    expect(asked).toEqual([{ accountFrom: '3000', accountTo: '3999', from: `${year}-05-01`, to: `${year}-05-31` }]);
  });
});
