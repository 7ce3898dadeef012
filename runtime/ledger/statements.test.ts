import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { dimensionObjects, openingBalances } from '../db/schema.ts';
import { setUpCompany } from '../domains/companies/companies.ts';
import { calendarYear, insertFiscalYear } from '../domains/companies/fiscal-years.ts';
import { Ledger } from './ledger.ts';
import type { VoucherLineDraft } from './types.ts';
import { balanceSheet, incomeStatement, type Statement } from './statements.ts';
import { balanceSheetLayout, incomeStatementLayout, isBalanceSheetAccount, isResultAccount, type LayoutNode } from './statement-layout.ts';
import { statementCsv } from './report-csv.ts';

/*
 * A small ledger, every figure below computed by hand (öre; statements show credit positive for
 * income, equity and liabilities):
 *
 * 2025 (previous year, no opening balances)
 *   2025-03-10  1930 D 20 000,00 / 3001 C 20 000,00     sale
 *   2025-03-20  5010 D  8 000,00 / 1930 C  8 000,00     rent
 *   2025-06-15  1930 D 10 000,00 / 3001 C 10 000,00     sale
 *   2025-12-31  8999 D 22 000,00 / 2099 C 22 000,00     the year's result to equity
 * 2026 opening balances: 1930 100 000,00; 2081 −50 000,00; 2091 −30 000,00; 2440 −20 000,00 (sum 0)
 *   2026-01-15  1510 D 62 500,00 / 3001 C 50 000,00 {1:200, 6:P1} / 2611 C 12 500,00
 *   2026-02-10  5010 D 15 000,00 {1:100} / 1930 C 15 000,00
 *   2026-03-05  1930 D 62 500,00 / 1510 C 62 500,00     the customer pays
 *   2026-03-20  6110 D  2 000,00 {1:200} / 2641 D 500,00 / 2440 C 2 500,00
 *   2026-04-02  1930 D 10 000,00 / 3001 C 10 000,00 {1:200}   (after March)
 */
let database: Database;
const company = 'acme';

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await setUpCompany(db, { id: company, name: 'Acme AB', orgNumber: '556000-0001', fiscalYear: calendarYear(2026) });
  await insertFiscalYear(db, company, 2025, '2025-01-01', '2025-12-31');
  await db.insert(dimensionObjects).values([
    { companyId: company, dimension: 1, code: '100', name: 'Ledning' },
    { companyId: company, dimension: 1, code: '200', name: 'Försäljning' },
    { companyId: company, dimension: 6, code: 'P1', name: 'Webbplats' },
  ]);
  await db.insert(openingBalances).values([
    { companyId: company, fiscalYear: 2026, account: '1930', amountMinor: 10_000_000 },
    { companyId: company, fiscalYear: 2026, account: '2081', amountMinor: -5_000_000 },
    { companyId: company, fiscalYear: 2026, account: '2091', amountMinor: -3_000_000 },
    { companyId: company, fiscalYear: 2026, account: '2440', amountMinor: -2_000_000 },
  ]);
  const ledger = new Ledger(db);
  const post = (date: string, text: string, lines: VoucherLineDraft[]) =>
    ledger.post(company, [{ date, series: 'A', text, registeredBy: 'user:test', lines }]);
  await post('2025-03-10', 'Sale', [{ account: '1930', debitMinor: 2_000_000 }, { account: '3001', creditMinor: 2_000_000 }]);
  await post('2025-03-20', 'Rent', [{ account: '5010', debitMinor: 800_000 }, { account: '1930', creditMinor: 800_000 }]);
  await post('2025-06-15', 'Sale', [{ account: '1930', debitMinor: 1_000_000 }, { account: '3001', creditMinor: 1_000_000 }]);
  await post('2025-12-31', 'Årets resultat', [{ account: '8999', debitMinor: 2_200_000 }, { account: '2099', creditMinor: 2_200_000 }]);
  await post('2026-01-15', 'Invoice', [{ account: '1510', debitMinor: 6_250_000 },
    { account: '3001', creditMinor: 5_000_000, dimensions: { 1: '200', 6: 'P1' } }, { account: '2611', creditMinor: 1_250_000 }]);
  await post('2026-02-10', 'Rent', [{ account: '5010', debitMinor: 1_500_000, dimensions: { 1: '100' } }, { account: '1930', creditMinor: 1_500_000 }]);
  await post('2026-03-05', 'Payment', [{ account: '1930', debitMinor: 6_250_000 }, { account: '1510', creditMinor: 6_250_000 }]);
  await post('2026-03-20', 'Office supplies', [{ account: '6110', debitMinor: 200_000, dimensions: { 1: '200' } }, { account: '2641', debitMinor: 50_000 },
    { account: '2440', creditMinor: 250_000 }]);
  await post('2026-04-02', 'Sale', [{ account: '1930', debitMinor: 1_000_000 }, { account: '3001', creditMinor: 1_000_000, dimensions: { 1: '200' } }]);
});
afterAll(() => database.close());

/** { rowKey: amounts } for account rows (by account) and totals (by kind:key). */
function figures(statement: Statement) {
  const out: Record<string, Record<string, number | string | null>> = {};
  for (const row of statement.rows) {
    if (row.kind === 'account') out[row.account!] = row.amounts;
    else if (row.kind !== 'section' && row.kind !== 'group') out[`${row.kind}:${row.key}`] = row.amounts;
  }
  return out;
}

describe('the layout', () => {
  const groups = (nodes: readonly LayoutNode[]): Extract<LayoutNode, { kind: 'group' }>[] =>
    nodes.flatMap((n) => (n.kind === 'group' ? [n] : n.kind === 'section' ? groups(n.children) : []));
  it('puts every four-digit account in exactly one group: classes 1–2 in the balance sheet, the rest in the income statement', () => {
    const bs = groups(balanceSheetLayout.sections);
    const is = groups(incomeStatementLayout.sections);
    for (let n = 0; n <= 9999; n++) {
      const account = String(n).padStart(4, '0');
      const inBs = bs.filter((g) => g.accounts.some(([a, b]) => a <= account && account <= b)).length;
      const inIs = is.filter((g) => g.accounts.some(([a, b]) => a <= account && account <= b)).length;
      const balance = account.startsWith('1') || account.startsWith('2');
      expect([account, inBs, inIs]).toEqual([account, balance ? 1 : 0, balance ? 0 : 1]);
      // the rule the year-end close books the result by (year-end.ts) is the layout's
      expect([account, isBalanceSheetAccount(account), isResultAccount(account)]).toEqual([account, inBs === 1, inIs === 1]);
    }
  });
});

describe('income statement', () => {
  it('for February–March, the year to date and the previous year beside', async () => {
    const is = await incomeStatement(database.db, company, { fromPeriod: '2026-02', toPeriod: '2026-03' });
    expect(is.columns.map((c) => [c.key, c.from, c.to])).toEqual([
      ['period', '2026-02-01', '2026-03-31'], ['periodPrevious', '2025-02-01', '2025-03-31'],
      ['yearToDate', '2026-01-01', '2026-03-31'], ['yearToDatePrevious', '2025-01-01', '2025-03-31'],
    ]);
    expect(is.previous).toEqual({ fiscalYear: 2025, fromPeriod: '2025-02', toPeriod: '2025-03' });
    const f = figures(is);
    expect(f['3001']).toEqual({ period: 0, periodPrevious: 2_000_000, yearToDate: 5_000_000, yearToDatePrevious: 2_000_000 });
    expect(f['5010']).toEqual({ period: -1_500_000, periodPrevious: -800_000, yearToDate: -1_500_000, yearToDatePrevious: -800_000 });
    expect(f['6110']).toEqual({ period: -200_000, periodPrevious: 0, yearToDate: -200_000, yearToDatePrevious: 0 });
    expect(f['group_total:other_external_expenses']).toEqual({ period: -1_700_000, periodPrevious: -800_000, yearToDate: -1_700_000, yearToDatePrevious: -800_000 });
    expect(f['section_total:operating_income']).toEqual({ period: 0, periodPrevious: 2_000_000, yearToDate: 5_000_000, yearToDatePrevious: 2_000_000 });
    expect(f['subtotal:operating_result']).toEqual({ period: -1_700_000, periodPrevious: 1_200_000, yearToDate: 3_300_000, yearToDatePrevious: 1_200_000 });
    expect(f['subtotal:year_result']).toEqual(f['subtotal:operating_result']);
    expect(is.resultMinor).toEqual(f['subtotal:year_result']);
    // No balance accounts, no resultatdisposition (nothing on 8990–8999 in these periods).
    expect(Object.keys(f).filter((k) => /^\d/.test(k)).sort()).toEqual(['3001', '5010', '6110']);
    expect(f['subtotal:result_after_disposition']).toBeUndefined();
  });

  it('shows the booked year-end result as a resultatdisposition after the year\'s result', async () => {
    const is = await incomeStatement(database.db, company, { fromPeriod: '2025-01', toPeriod: '2025-12' });
    const f = figures(is);
    expect(is.previous).toBeNull();
    expect(f['subtotal:year_result'].yearToDate).toBe(2_200_000);
    expect(f['8999'].yearToDate).toBe(-2_200_000);
    expect(f['subtotal:result_after_disposition'].yearToDate).toBe(0);
    // No previous fiscal year: the columns are empty, not zero.
    expect(f['subtotal:year_result'].periodPrevious).toBeNull();
    expect(f['3001']).toEqual({ period: 3_000_000, periodPrevious: null, yearToDate: 3_000_000, yearToDatePrevious: null });
    expect(is.columns.find((c) => c.key === 'yearToDatePrevious')).toMatchObject({ from: null, to: null });
  });

  it('filters by cost centre and by project', async () => {
    const sales = await incomeStatement(database.db, company, { fromPeriod: '2026-01', toPeriod: '2026-03', dimension: { dimension: 1, object: '200' } });
    expect(sales.dimension).toEqual({ dimension: 1, object: '200', name: 'Försäljning' });
    const f = figures(sales);
    expect(Object.keys(f).filter((k) => /^\d/.test(k)).sort()).toEqual(['3001', '6110']);
    expect(sales.resultMinor.period).toBe(4_800_000);
    expect(sales.resultMinor.periodPrevious).toBe(0);
    const project = await incomeStatement(database.db, company, { fromPeriod: '2026-01', toPeriod: '2026-04', dimension: { dimension: 6, object: 'P1' } });
    expect(project.resultMinor.period).toBe(5_000_000);
    await expect(incomeStatement(database.db, company, { fromPeriod: '2026-01', toPeriod: '2026-03', dimension: { dimension: 1, object: '999' } }))
      .rejects.toMatchObject({ code: 'unknown_dimension_object' });
  });

  it('refuses a range outside one fiscal year', async () => {
    await expect(incomeStatement(database.db, company, { fromPeriod: '2025-11', toPeriod: '2026-02' })).rejects.toMatchObject({ code: 'invalid_date' });
    await expect(incomeStatement(database.db, company, { fromPeriod: '2026-03', toPeriod: '2026-02' })).rejects.toMatchObject({ code: 'invalid_date' });
    await expect(incomeStatement(database.db, company, { fromPeriod: '2024-01', toPeriod: '2024-02' })).rejects.toMatchObject({ code: 'no_fiscal_year' });
  });
});

describe('balance sheet', () => {
  it('at the end of March: opening balances, the year\'s result in equity, and it balances', async () => {
    const bs = await balanceSheet(database.db, company, { toPeriod: '2026-03' });
    expect(bs.columns.map((c) => [c.key, c.from, c.to])).toEqual([
      ['opening', '2026-01-01', '2026-01-01'], ['change', '2026-01-01', '2026-03-31'], ['closing', '2026-01-01', '2026-03-31'],
      ['closingPrevious', '2025-01-01', '2025-03-31'],
    ]);
    const f = figures(bs);
    expect(f['1930']).toEqual({ opening: 10_000_000, change: 4_750_000, closing: 14_750_000, closingPrevious: 1_200_000 });
    expect(f['1510']).toBeUndefined(); // invoiced and paid: zero in every column
    expect(f['2081']).toEqual({ opening: 5_000_000, change: 0, closing: 5_000_000, closingPrevious: 0 });
    expect(f['2091']).toEqual({ opening: 3_000_000, change: 0, closing: 3_000_000, closingPrevious: 0 });
    expect(f['year_result:year_result']).toEqual({ opening: 0, change: 3_300_000, closing: 3_300_000, closingPrevious: 1_200_000 });
    expect(f['group_total:equity']).toEqual({ opening: 8_000_000, change: 3_300_000, closing: 11_300_000, closingPrevious: 1_200_000 });
    expect(f['2440']).toEqual({ opening: 2_000_000, change: 250_000, closing: 2_250_000, closingPrevious: 0 });
    expect(f['2611'].closing).toBe(1_250_000);
    expect(f['2641'].closing).toBe(-50_000);
    expect(f['group_total:current_liabilities']).toEqual({ opening: 2_000_000, change: 1_450_000, closing: 3_450_000, closingPrevious: 0 });
    expect(f['section_total:assets']).toEqual({ opening: 10_000_000, change: 4_750_000, closing: 14_750_000, closingPrevious: 1_200_000 });
    expect(f['section_total:equity_and_liabilities']).toEqual(f['section_total:assets']);
    expect(bs.differenceMinor).toEqual({ opening: 0, change: 0, closing: 0, closingPrevious: 0 });
    expect(bs.resultMinor.closing).toBe(3_300_000);
  });

  it('after the year-end entry the result sits on 2099 and the result line is zero', async () => {
    const bs = await balanceSheet(database.db, company, { toPeriod: '2025-12' });
    const f = figures(bs);
    expect(bs.previous).toBeNull();
    expect(f['2099'].closing).toBe(2_200_000);
    expect(f['year_result:year_result']).toEqual({ opening: 0, change: 0, closing: 0, closingPrevious: null });
    expect(f['1930'].closing).toBe(2_200_000);
    expect(bs.differenceMinor).toEqual({ opening: 0, change: 0, closing: 0, closingPrevious: null });
  });

  it('with a dimension filter: movements only, no opening balances', async () => {
    const bs = await balanceSheet(database.db, company, { toPeriod: '2026-03', dimension: { dimension: 1, object: '200' } });
    expect(bs.openingBalancesIncluded).toBe(false);
    const f = figures(bs);
    expect(f['year_result:year_result']).toEqual({ opening: null, change: 4_800_000, closing: 4_800_000, closingPrevious: 0 });
    expect(f['1930']).toBeUndefined();
  });
});

describe('broken and shortened fiscal years', () => {
  it('compares by position in the year, capped at a shortened previous year, empty where it has no such period', async () => {
    const db = database.db;
    await setUpCompany(db, { id: 'broken', name: 'Brutet AB', orgNumber: '556000-0002', fiscalYear: calendarYear(2026) });
    await insertFiscalYear(db, 'broken', 2027, '2027-01-01', '2027-04-30');
    await insertFiscalYear(db, 'broken', 2028, '2027-05-01', '2028-04-30');
    const ledger = new Ledger(db);
    const sale = (date: string, minor: number) => ledger.post('broken', [{ date, series: 'A', text: 'Sale', registeredBy: 'user:test',
      lines: [{ account: '1930', debitMinor: minor }, { account: '3001', creditMinor: minor }] }]);
    await sale('2027-01-10', 100_00);
    await sale('2027-04-10', 400_00);
    await sale('2027-05-10', 500_00);
    await sale('2027-09-10', 900_00);
    const first = await incomeStatement(db, 'broken', { fromPeriod: '2027-05', toPeriod: '2027-08' });
    expect(first.fiscalYear).toBe(2028);
    expect(first.previous).toEqual({ fiscalYear: 2027, fromPeriod: '2027-01', toPeriod: '2027-04' });
    expect(first.resultMinor).toEqual({ period: 500_00, periodPrevious: 500_00, yearToDate: 500_00, yearToDatePrevious: 500_00 });
    const fifth = await incomeStatement(db, 'broken', { fromPeriod: '2027-09', toPeriod: '2027-09' });
    expect(fifth.previous).toEqual({ fiscalYear: 2027, fromPeriod: null, toPeriod: '2027-04' });
    expect(fifth.resultMinor).toEqual({ period: 900_00, periodPrevious: null, yearToDate: 1400_00, yearToDatePrevious: 500_00 });
    const bs = await balanceSheet(db, 'broken', { toPeriod: '2027-09' });
    expect(bs.columns.find((c) => c.key === 'closingPrevious')?.to).toBe('2027-04-30');
    expect(figures(bs)['1930']).toMatchObject({ closing: 1400_00, closingPrevious: 500_00 });
  });
});

describe('beyond 2^53', () => {
  it('sums exactly: decimal strings, and the balance sheet still balances to the öre', async () => {
    // Two vouchers of 2^53 − 1 öre, as a database from before the amount caps holds them (raw inserts, as in amount-caps.test.ts).
    await setUpCompany(database.db, { id: 'big', name: 'Stora Belopp AB', orgNumber: '556000-0099', fiscalYear: calendarYear(2026) });
    for (const number of [1, 2]) {
      await database.client.execute({
        sql: `INSERT INTO vouchers (id, company_id, series, number, fiscal_year, date, text, registered_at, registered_by)
          VALUES (?, 'big', 'A', ?, 2026, '2026-03-0${number}', 'Före taket', '2026-03-01T00:00:00Z', 'user:old')`, args: [`old-${number}`, number],
      });
      await database.client.execute({
        sql: `INSERT INTO voucher_lines (voucher_id, line_no, company_id, account, debit_minor, credit_minor, currency)
          VALUES (?, 1, 'big', '1930', ?, 0, 'SEK'), (?, 2, 'big', '3001', 0, ?, 'SEK')`, args: [`old-${number}`, Number.MAX_SAFE_INTEGER, `old-${number}`, Number.MAX_SAFE_INTEGER],
      });
    }
    const twice = (2n * BigInt(Number.MAX_SAFE_INTEGER)).toString(); // 18014398509481982
    const bs = await balanceSheet(database.db, 'big', { toPeriod: '2026-03' });
    const f = figures(bs);
    expect(f['1930'].closing).toBe(twice);
    expect(f['year_result:year_result'].closing).toBe(twice);
    expect(f['section_total:equity_and_liabilities'].closing).toBe(twice);
    expect(bs.differenceMinor.closing).toBe(0);
    const is = await incomeStatement(database.db, 'big', { fromPeriod: '2026-03', toPeriod: '2026-03' });
    expect(is.resultMinor.period).toBe(twice);
    expect(statementCsv(is).split('\r\n')).toContain(';Årets resultat;180143985094819,82;;180143985094819,82;');
  });
});

describe('CSV', () => {
  it('is UTF-8 with a BOM, semicolon-separated, with decimal commas', async () => {
    const is = await incomeStatement(database.db, company, { fromPeriod: '2026-02', toPeriod: '2026-03' });
    const csv = statementCsv(is);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Konto;Benämning;Perioden 2026-02–2026-03;Perioden föreg. år 2025-02–2025-03;Ackumulerat 2026-01–2026-03;Ackumulerat föreg. år 2025-01–2025-03');
    expect(lines).toContain('5010;Lokalhyra;-15000,00;-8000,00;-15000,00;-8000,00');
    expect(lines).toContain(';Rörelseresultat;-17000,00;12000,00;33000,00;12000,00');
    expect(lines).toContain(';Nettoomsättning;;;;');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
