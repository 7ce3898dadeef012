/**
 * The bank reconciliation report and the statements list, with figures worked
 * out by hand from the camt fixture (camt053-v2.xml, statement STMT-2026-11-30,
 * opening 1 000.00, closing 1 325.50, all lines booked 2026-11-30):
 *
 *   REF-0001:1          +1 000.00   unbooked
 *   REF-0002:1            −300.00   unbooked
 *   REF-0002:2            −500.00   unbooked
 *   FEE-11:1               −25.00   booked by "Bank fees" (1930 / 6570)
 *   H:8393df9ffeb472b1      +0.25   booked by "Interest income" (1930 / 8310)
 *   REF-0006:1            +150.25   unbooked (a returned payment)
 *
 * The ledger: 1930 opens the year at 1 000.00; a manual deposit of 200.00 on
 * 2026-11-15 (before the statement's period, not on it) and a manual
 * withdrawal of 50.00 on 2026-11-30 (in the period, no bank line).
 *
 *   ledger 2026-11-30   = 1 000.00 + 200.00 − 25.00 + 0.25 − 50.00   = 1 125.25
 *   difference          = 1 325.50 − 1 125.25                        =   200.25
 *   unbooked lines      = 1 000.00 − 300.00 − 500.00 + 150.25        =   350.25
 *   vouchers, no line   = −50.00
 *   unexplained         = 200.25 − (350.25 − (−50.00))               =  −200.00  (the deposit of 11-15)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankReconciliation, BankStatementImport, BankStatementListItem } from '../../../shared/api.ts';
import { openingBalances } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';

let t: TestApp;
let imported: BankStatementImport;
const camt = readFileSync(new URL('../../formats/camt/fixtures/camt053-v2.xml', import.meta.url));

const voucher = (date: string, text: string, lines: { account: string; debitMinor?: number; creditMinor?: number }[]) =>
  t.post('/api/companies/demo/vouchers', { date, text, lines });

async function report(query: string): Promise<{ status: number; body: BankReconciliation & { error?: string } }> {
  const response = await t.request(`/api/companies/demo/reports/bank-reconciliation?${query}`);
  return { status: response.status, body: (await response.json()) as BankReconciliation & { error?: string } };
}

beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-12-01T09:00:00Z') });
  await t.database.db.insert(openingBalances).values({ companyId: 'demo', fiscalYear: 2026, account: '1930', amountMinor: 100000 });
  expect((await voucher('2026-11-15', 'Insättning aktiekapital', [{ account: '1930', debitMinor: 20000 }, { account: '2081', creditMinor: 20000 }])).status).toBe(201);
  expect((await voucher('2026-11-30', 'Kontantuttag', [{ account: '6570', debitMinor: 5000 }, { account: '1930', creditMinor: 5000 }])).status).toBe(201);
  const response = await t.request('/api/companies/demo/bank-statements', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: new Uint8Array(camt) });
  imported = (await response.json()) as BankStatementImport;
  expect(response.status, JSON.stringify(imported)).toBe(200);
});
afterAll(() => t.close());

describe('GET …/reports/bank-reconciliation', () => {
  it('sets the statement beside the ledger on its date, with the lines behind the difference', async () => {
    const { status, body } = await report('bankAccount=main&date=2026-11-30');
    expect(status).toBe(200);
    expect(body.date).toBe('2026-11-30');
    expect(body.accounts).toHaveLength(1);
    const [main] = body.accounts;
    expect(main).toMatchObject({
      bankAccount: { id: 'main', ledgerAccount: '1930', currency: 'SEK' },
      statement: { statementId: 'STMT-2026-11-30', format: 'camt.053', date: '2026-11-30', closingMinor: 132550, originalId: imported.originalId },
      comparedOn: '2026-11-30',
      period: { from: '2026-11-30', to: '2026-11-30' },
      statementBalanceMinor: 132550,
      ledgerBalanceMinor: 112525,
      ledgerBalanceAtDateMinor: 112525,
      differenceMinor: 20025,
      unbookedLines: { count: 4, totalMinor: 35025 },
      vouchersWithoutLine: { count: 1, totalMinor: -5000 },
      unexplainedMinor: -20000,
    });
    expect(main.unbookedLines.items.map((l) => [l.id, l.amountMinor])).toEqual([
      ['REF-0001:1', 100000], ['REF-0002:1', -30000], ['REF-0002:2', -50000], ['REF-0006:1', 15025],
    ]);
    expect(main.unbookedLines.items.every((l) => l.statementId === 'STMT-2026-11-30')).toBe(true);
    expect(main.vouchersWithoutLine.items).toMatchObject([{ date: '2026-11-30', text: 'Kontantuttag', sourceRef: null, amountMinor: -5000 }]);
  });

  it('on a later date: the latest statement on or before it, the ledger both on the statement\'s date and on the date asked', async () => {
    expect((await voucher('2026-12-01', 'Insättning', [{ account: '1930', debitMinor: 1000 }, { account: '2081', creditMinor: 1000 }])).status).toBe(201);
    const { body } = await report('date=2026-12-01');
    expect(body.accounts[0]).toMatchObject({
      statement: { statementId: 'STMT-2026-11-30' }, comparedOn: '2026-11-30',
      ledgerBalanceMinor: 112525, ledgerBalanceAtDateMinor: 113525, differenceMinor: 20025, unexplainedMinor: -20000,
    });
  });

  it('before any statement: no statement balance, the ledger, and the vouchers of the year so far without a bank line', async () => {
    const { body } = await report('bankAccount=main&date=2026-11-29');
    expect(body.accounts[0]).toMatchObject({
      statement: null, comparedOn: '2026-11-29', period: { from: '2026-01-01', to: '2026-11-29' },
      statementBalanceMinor: null, ledgerBalanceMinor: 120000, differenceMinor: null, unexplainedMinor: null,
      unbookedLines: { count: 0, totalMinor: 0, items: [] },
      vouchersWithoutLine: { count: 1, totalMinor: 20000 },
    });
  });

  it('refuses an unknown bank account and a date no fiscal year covers', async () => {
    expect(await report('bankAccount=nope&date=2026-11-30')).toMatchObject({ status: 422, body: { error: 'unknown_bank_account' } });
    expect((await report('date=2031-01-01')).status).toBe(422);
    expect((await report('date=30/11/2026')).status).toBe(400);
  });
});

describe('GET …/bank-statements', () => {
  it('lists the imported statements with their period, balances and file', async () => {
    const response = await t.request('/api/companies/demo/bank-statements?bankAccount=main');
    expect(response.status).toBe(200);
    expect((await response.json()) as BankStatementListItem[]).toEqual([{
      bankAccount: 'main', statementId: 'STMT-2026-11-30', format: 'camt.053', currency: 'SEK',
      fromDate: '2026-11-30', toDate: '2026-11-30', openingDate: '2026-11-30', closingDate: '2026-11-30',
      openingMinor: 100000, closingMinor: 132550, creditMinor: 115050, debitMinor: -82500, lines: 6,
      originalId: imported.originalId, importedAt: expect.any(String),
    }]);
    expect(await (await t.request('/api/companies/demo/bank-statements?bankAccount=other')).json()).toEqual([]);
  });
});
