import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { accounts, auditEvents, openingBalances, periods, yearEndActs } from '../db/schema.ts';
import { setUpCompany } from '../domains/companies/companies.ts';
import { calendarYear, insertFiscalYear, listFiscalYears } from '../domains/companies/fiscal-years.ts';
import { DomainRefusal } from '../kernel/errors.ts';
import { Ledger } from './ledger.ts';
import { setPeriodStatus, trialBalance } from './reports.ts';
import { exportSie } from './sie.ts';
import { balanceSheet, incomeStatement } from './statements.ts';
import type { VoucherLineDraft } from './types.ts';
import { closeYear, reopenYear, yearEndPreview } from './year-end.ts';
import type { FiscalYear, TrialBalance, YearEnd } from '../../shared/api.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';

/*
 * A small ledger over two years, every figure computed by hand (öre; debit positive):
 *
 * 2025 opening balances (as SIE #IB sets them): 1930 50 000,00; 2081 −50 000,00 (sum 0)
 *   2025-02-10  1930 D 20 000,00 / 3001 C 20 000,00                      sale
 *   2025-03-15  5010 D  8 000,00 / 1930 C  8 000,00                      rent
 *   2025-05-20  1510 D 12 500,00 / 3001 C 10 000,00 / 2611 C 2 500,00    invoice
 * 2025 closing: 1930 62 000,00; 1510 12 500,00; 2081 −50 000,00; 2611 −2 500,00;
 *   result accounts 3001 −30 000,00 + 5010 8 000,00 = −22 000,00: a profit of 22 000,00.
 * Closing voucher: 8999 D 22 000,00 / 2099 C 22 000,00.
 * Carried into 2026: 1510 12 500,00; 1930 62 000,00; 2081 −50 000,00; 2099 −22 000,00; 2611 −2 500,00 (sum 0).
 * 2026
 *   2026-01-10  1930 D 12 500,00 / 1510 C 12 500,00                      the customer pays
 *
 * After re-opening 2025 and booking a forgotten cost (2025-12-20 6110 D 1 000,00 / 1930 C 1 000,00):
 * profit 21 000,00; carried 1930 61 000,00 and 2099 −21 000,00, the rest as before.
 */
let database: Database;
const company = 'bokslut';
const actor = 'user:test';
let ledger: Ledger;
const post = (date: string, text: string, lines: VoucherLineDraft[]) =>
  ledger.post(company, [{ date, series: 'A', text, registeredBy: actor, lines }]);

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await setUpCompany(db, { id: company, name: 'Bokslut AB', orgNumber: '556000-0001', fiscalYear: calendarYear(2025) });
  await insertFiscalYear(db, company, 2026, '2026-01-01', '2026-12-31');
  await db.insert(openingBalances).values([
    { companyId: company, fiscalYear: 2025, account: '1930', amountMinor: 5_000_000 },
    { companyId: company, fiscalYear: 2025, account: '2081', amountMinor: -5_000_000 },
  ]);
  ledger = new Ledger(db);
  await post('2025-02-10', 'Sale', [{ account: '1930', debitMinor: 2_000_000 }, { account: '3001', creditMinor: 2_000_000 }]);
  await post('2025-03-15', 'Rent', [{ account: '5010', debitMinor: 800_000 }, { account: '1930', creditMinor: 800_000 }]);
  await post('2025-05-20', 'Invoice', [{ account: '1510', debitMinor: 1_250_000 }, { account: '3001', creditMinor: 1_000_000 }, { account: '2611', creditMinor: 250_000 }]);
  await post('2026-01-10', 'Payment', [{ account: '1930', debitMinor: 1_250_000 }, { account: '1510', creditMinor: 1_250_000 }]);
});
afterAll(() => database.close());

async function refusal(promise: Promise<unknown>): Promise<DomainRefusal> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainRefusal);
  return error as DomainRefusal;
}
const opening2026 = async () => Object.fromEntries((await trialBalance(database.db, company, { fromPeriod: '2026-01', toPeriod: '2026-12' })).rows
  .filter((r) => r.openingMinor !== 0).map((r) => [r.account, r.openingMinor]));
const statuses = async (year: number) => (await database.db.select({ period: periods.period, status: periods.status }).from(periods)
  .where(and(eq(periods.companyId, company), eq(periods.fiscalYear, year))).orderBy(asc(periods.period))).map((p) => p.status);

describe('closing a fiscal year', () => {
  it('refuses a year whose earlier year is still open, naming it', async () => {
    const e = await refusal(closeYear(database.db, company, 2026, actor));
    expect(e.status).toBe(409);
    expect(e.code).toBe('earlier_year_open');
    expect(e.message).toContain('2025 (2025-01-01..2025-12-31)');
  });

  it('previews the result to book and the balances to carry', async () => {
    const preview = await yearEndPreview(database.db, company, 2025);
    expect(preview).toMatchObject({ fiscalYear: 2025, status: 'open', nextFiscalYear: 2026, resultMinor: 2_200_000, refusal: null, act: null });
    expect(preview.balances.map((b) => [b.account, b.closingMinor])).toEqual([
      ['1510', 1_250_000], ['1930', 6_200_000], ['2081', -5_000_000], ['2099', -2_200_000], ['2611', -250_000],
    ]);
  });

  it('books the result to 2099, carries the balances into 2026 and locks 2025, audited', async () => {
    const closed = await closeYear(database.db, company, 2025, actor);
    expect(closed).toMatchObject({ status: 'closed', resultMinor: 2_200_000, act: { act: 1, kind: 'close' } });
    const voucher = (await ledger.get(company, closed.act!.voucherId!))!;
    expect(voucher).toMatchObject({ date: '2025-12-31', series: 'A', fiscalYear: 2025 });
    expect(voucher.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([['8999', 2_200_000, 0], ['2099', 0, 2_200_000]]);

    // the next year's trial balance opens with the closing balances; the result sits on 2099
    expect(await opening2026()).toEqual({ 1510: 1_250_000, 1930: 6_200_000, 2081: -5_000_000, 2099: -2_200_000, 2611: -250_000 });
    const tb = await trialBalance(database.db, company, { fromPeriod: '2026-01', toPeriod: '2026-12' });
    expect(tb.totals).toMatchObject({ openingMinor: 0, closingMinor: 0 });
    // the new year's balance sheet balances, with nothing left as "this year's result"
    const sheet = await balanceSheet(database.db, company, { toPeriod: '2026-12' });
    expect(sheet.differenceMinor).toMatchObject({ opening: 0, change: 0, closing: 0 });
    expect(sheet.resultMinor.opening).toBe(0);
    // 2025's income statement after the closing entry: 8999 is a result account, so the year's result nets to 0
    const income = await incomeStatement(database.db, company, { fromPeriod: '2025-01', toPeriod: '2025-12' });
    expect(income.resultMinor.yearToDate).toBe(0);

    expect(await statuses(2025)).toEqual(Array(12).fill('locked'));
    expect(await statuses(2026)).toEqual(Array(12).fill('open'));
    const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.companyId, company), eq(auditEvents.action, 'fiscal_year.close')));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toMatchObject({ act: 1, resultMinor: 2_200_000, carriedInto: 2026, openingRowsWritten: 5 });
    expect(await listFiscalYears(database.db, company, { yearEnd: true })).toMatchObject([
      { year: 2025, status: 'closed', closingVoucherId: voucher.id }, { year: 2026, status: 'open', closingVoucherId: null },
    ]);
    // a closed year takes no more vouchers, and none of its periods unlocks on its own
    await expect(post('2025-12-30', 'Late', [{ account: '6110', debitMinor: 100 }, { account: '1930', creditMinor: 100 }])).rejects.toThrow(/locked/);
    const unlock = await refusal(setPeriodStatus(database.db, company, '2025-12', 'open', actor, 'just one'));
    expect([unlock.status, unlock.code]).toEqual([409, 'year_closed']);
  });

  it('refuses closing twice, and a year with no next year to carry into (saying how to create it)', async () => {
    const twice = await refusal(closeYear(database.db, company, 2025, actor));
    expect([twice.status, twice.code]).toEqual([409, 'year_already_closed']);
    const noNext = await refusal(closeYear(database.db, company, 2026, actor));
    expect([noNext.status, noNext.code]).toEqual([409, 'no_next_fiscal_year']);
    expect(noNext.message).toContain('POST /api/companies/bokslut/fiscal-years {"start":"2027-01-01","end":"2027-12-31"}');
    // the preview of a closed year shows what was booked and carried
    const preview = await yearEndPreview(database.db, company, 2025);
    expect(preview).toMatchObject({ status: 'closed', resultMinor: 2_200_000, refusal: null });
    expect(preview.balances.find((b) => b.account === '2099')?.closingMinor).toBe(-2_200_000);
  });
});

describe('re-opening a fiscal year', () => {
  it('needs a reason', async () => {
    const e = await refusal(reopenYear(database.db, company, 2025, actor, '  '));
    expect([e.status, e.code]).toEqual([422, 'reason_required']);
  });

  it('reverses the closing voucher, takes the carried balances back and unlocks the periods, audited', async () => {
    const before = await yearEndPreview(database.db, company, 2025);
    const reopened = await reopenYear(database.db, company, 2025, actor, 'A supplier invoice from December was found');
    expect(reopened).toMatchObject({ status: 'open', resultMinor: 2_200_000, act: { act: 2, kind: 'reopen', reason: 'A supplier invoice from December was found' } });
    const reversal = (await ledger.get(company, reopened.act!.voucherId!))!;
    expect(reversal.reversesVoucherId).toBe(before.act!.voucherId);
    expect(reversal.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([['8999', 0, 2_200_000], ['2099', 2_200_000, 0]]);
    expect(await opening2026()).toEqual({});
    expect(await statuses(2025)).toEqual(Array(12).fill('open'));
    const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.companyId, company), eq(auditEvents.action, 'fiscal_year.reopen')));
    expect(JSON.parse(audit[0].details)).toMatchObject({ reason: 'A supplier invoice from December was found', reversedVoucherId: before.act!.voucherId });
    const again = await refusal(reopenYear(database.db, company, 2025, actor, 'again'));
    expect([again.status, again.code]).toEqual([409, 'year_not_closed']);
  });

  it('closes again with the corrected figures: the new balances replace the carried ones', async () => {
    await post('2025-12-20', 'Forgotten cost', [{ account: '6110', debitMinor: 100_000 }, { account: '1930', creditMinor: 100_000 }]);
    const closed = await closeYear(database.db, company, 2025, actor);
    expect(closed).toMatchObject({ status: 'closed', resultMinor: 2_100_000, act: { act: 3 } });
    const expected = { 1510: 1_250_000, 1930: 6_100_000, 2081: -5_000_000, 2099: -2_100_000, 2611: -250_000 };
    expect(await opening2026()).toEqual(expected);
    expect((await balanceSheet(database.db, company, { toPeriod: '2026-12' })).differenceMinor).toMatchObject({ opening: 0, closing: 0 });

    // re-open and close again without changes: the same figures
    await reopenYear(database.db, company, 2025, actor, 'Checking');
    const same = await closeYear(database.db, company, 2025, actor);
    expect(same).toMatchObject({ resultMinor: 2_100_000, act: { act: 5 } });
    expect(same.balances).toEqual(closed.balances);
    expect(await opening2026()).toEqual(expected);
    const acts = await database.db.select().from(yearEndActs).where(eq(yearEndActs.companyId, company));
    expect(acts.map((a) => a.kind)).toEqual(['close', 'reopen', 'close', 'reopen', 'close']);
    // the carries are summed wherever opening balances are read: SIE export writes one #IB per account
    const { document } = await exportSie(database.db, company, 2026, { today: '2026-12-04' });
    expect(document.balances.opening.filter((b) => b.yearIndex === 0).map((b) => [b.account, b.amountMinor]))
      .toEqual(Object.entries(expected));
  });

  it('carries over an opening balance the next year already had (e.g. from SIE), and refuses re-opening while a later year is closed', async () => {
    await insertFiscalYear(database.db, company, 2027, '2027-01-01', '2027-12-31');
    await database.db.insert(openingBalances).values({ companyId: company, fiscalYear: 2027, account: '1930', amountMinor: 12_345 });
    // 2026: no result accounts touched, so no result voucher
    const closed = await closeYear(database.db, company, 2026, actor);
    expect(closed).toMatchObject({ resultMinor: 0, act: { act: 1, voucherId: null } });
    const tb2027 = await trialBalance(database.db, company, { fromPeriod: '2027-01', toPeriod: '2027-12' });
    expect(Object.fromEntries(tb2027.rows.map((r) => [r.account, r.openingMinor]))).toEqual({ 1930: 7_350_000, 2081: -5_000_000, 2099: -2_100_000, 2611: -250_000 });
    const blocked = await refusal(reopenYear(database.db, company, 2025, actor, 'Another correction'));
    expect([blocked.status, blocked.code]).toEqual([409, 'later_year_closed']);
    expect(blocked.message).toContain('2026');
    // re-opening 2026 restores 2027's imported balance
    await reopenYear(database.db, company, 2026, actor, 'Audit question');
    const restored = await trialBalance(database.db, company, { fromPeriod: '2027-01', toPeriod: '2027-12' });
    expect(Object.fromEntries(restored.rows.map((r) => [r.account, r.openingMinor]))).toEqual({ 1930: 12_345 });
  });

  it('year-end acts are records: the database refuses changing or deleting them', async () => {
    const raw = database.client;
    await expect(raw.execute(`UPDATE year_end_acts SET reason = 'x' WHERE company_id = '${company}'`)).rejects.toThrow(/record_immutable/);
    await expect(raw.execute(`DELETE FROM year_end_acts WHERE company_id = '${company}'`)).rejects.toThrow(/record_immutable/);
    await expect(raw.execute(`INSERT OR REPLACE INTO year_end_acts (company_id, fiscal_year, act, kind, result_minor, carried_into, at, actor)
      VALUES ('${company}', 2025, 1, 'reopen', 0, 2026, 'now', 'x')`)).rejects.toThrow(/record_immutable/);
    await expect(raw.execute(`DELETE FROM opening_balances WHERE company_id = '${company}'`)).rejects.toThrow(/ledger_immutable/);
  });
});

describe('a year that does not balance', () => {
  it('is refused with the amount it is out by', async () => {
    const db = database.db;
    await setUpCompany(db, { id: 'skev', name: 'Skev AB', orgNumber: '556000-0002', fiscalYear: calendarYear(2025) });
    await insertFiscalYear(db, 'skev', 2026, '2026-01-01', '2026-12-31');
    await db.insert(openingBalances).values({ companyId: 'skev', fiscalYear: 2025, account: '1930', amountMinor: 10_000 });
    const e = await refusal(closeYear(db, 'skev', 2025, actor));
    expect([e.status, e.code]).toEqual([422, 'year_unbalanced']);
    expect(e.message).toContain('out by 10000 öre');
    expect(await refusal(closeYear(db, 'skev', 2031, actor))).toMatchObject({ status: 422, code: 'no_fiscal_year' });
  });
});

/** A company with 2025 and 2026, and in 2025 a sale of 1 000,00 (1930 D / 3001 C) and 200,00 on internal account 9100 (9100 D / 1930 C). */
async function withClassNine(id: string, name: string, orgNumber: string) {
  const db = database.db;
  await setUpCompany(db, { id, name, orgNumber, fiscalYear: calendarYear(2025) });
  await insertFiscalYear(db, id, 2026, '2026-01-01', '2026-12-31');
  await db.insert(accounts).values({ companyId: id, number: '9100', name: 'Internt konto', type: 'expense' });
  await ledger.post(id, [
    { date: '2025-04-01', series: 'A', text: 'Sale', registeredBy: actor, lines: [{ account: '1930', debitMinor: 100_000 }, { account: '3001', creditMinor: 100_000 }] },
    { date: '2025-04-02', series: 'A', text: 'Internal', registeredBy: actor, lines: [{ account: '9100', debitMinor: 20_000 }, { account: '1930', creditMinor: 20_000 }] },
  ]);
  return db;
}

describe('accounts outside BAS classes 1–8 (class 0, class 9)', () => {
  it('count in the result the close books, as the income statement counts them: the carried balances still net to zero', async () => {
    // 2025: a sale of 1 000,00 (1930 D / 3001 C) and 200,00 on internal account 9100 (9100 D / 1930 C).
    // The income statement: 3001 −1 000,00 and "Övriga konton" 9100 200,00 — a profit of 800,00.
    const db = await withClassNine('klass9', 'Klass Nio AB', '556000-0003');
    const income = await incomeStatement(db, 'klass9', { fromPeriod: '2025-01', toPeriod: '2025-12' });
    expect(income.resultMinor.yearToDate).toBe(80_000);
    expect(await yearEndPreview(db, 'klass9', 2025)).toMatchObject({ resultMinor: 80_000 });
    const closed = await closeYear(db, 'klass9', 2025, actor);
    expect(closed.balances.map((b) => [b.account, b.closingMinor])).toEqual([['1930', 80_000], ['2099', -80_000]]);
    const sheet = await balanceSheet(db, 'klass9', { toPeriod: '2026-01' });
    expect(Object.values(sheet.differenceMinor).filter((d) => d !== null && d !== 0)).toEqual([]);
  });
});

describe('an opening balance on a result account in the next year (e.g. an SIE #IB on 3001)', () => {
  it('is taken out by the close: the next year opens with the balance-sheet accounts and the result on 2099 only; re-opening puts it back', async () => {
    // 2025: IB 1930 1 000,00 / 2081 −1 000,00; a sale of 500,00 (1930 D / 3001 C): a profit of 500,00.
    // 2026 already opens (imported) with 1930 1 000,00, 3001 −300,00, 2081 −700,00.
    // After the close 2026 opens with 1930 1 500,00, 2081 −1 000,00, 2099 −500,00 — no 3001.
    const db = database.db;
    await setUpCompany(db, { id: 'ibres', name: 'IB Resultat AB', orgNumber: '556000-0004', fiscalYear: calendarYear(2025) });
    await insertFiscalYear(db, 'ibres', 2026, '2026-01-01', '2026-12-31');
    await db.insert(openingBalances).values([
      { companyId: 'ibres', fiscalYear: 2025, account: '1930', amountMinor: 100_000 },
      { companyId: 'ibres', fiscalYear: 2025, account: '2081', amountMinor: -100_000 },
      { companyId: 'ibres', fiscalYear: 2026, account: '1930', amountMinor: 100_000 },
      { companyId: 'ibres', fiscalYear: 2026, account: '3001', amountMinor: -30_000 },
      { companyId: 'ibres', fiscalYear: 2026, account: '2081', amountMinor: -70_000 },
    ]);
    await ledger.post('ibres', [{ date: '2025-06-01', series: 'A', text: 'Sale', registeredBy: actor, lines: [{ account: '1930', debitMinor: 50_000 }, { account: '3001', creditMinor: 50_000 }] }]);
    const opening = async () => Object.fromEntries((await trialBalance(db, 'ibres', { fromPeriod: '2026-01', toPeriod: '2026-12' })).rows
      .filter((r) => r.openingMinor !== 0).map((r) => [r.account, r.openingMinor]));
    await closeYear(db, 'ibres', 2025, actor);
    expect(await opening()).toEqual({ 1930: 150_000, 2081: -100_000, 2099: -50_000 });
    await reopenYear(db, 'ibres', 2025, actor, 'Check the import');
    expect(await opening()).toEqual({ 1930: 100_000, 2081: -70_000, 3001: -30_000 });
  });
});

describe('a year closed by an earlier release (class 0/9 balances neither booked nor carried)', () => {
  it('is reported by the year-end check (the next year\'s opening balances do not net to zero, a result account opens with a balance) until re-opened and closed again', async () => {
    // 2025: a sale of 1 000,00 (1930 D / 3001 C) and 200,00 on 9100 (9100 D / 1930 C). The old close booked
    // 3001 only (a profit of 1 000,00, no voucher here) and carried 1930 800,00 and 2099 −1 000,00 — and 2026
    // had an imported 3001 −10,00 it left there: 2026 opens off by −210,00 (800,00 − 1 000,00 − 10,00).
    const db = await withClassNine('oldclose', 'Gammalt Bokslut AB', '556000-0005');
    expect((await yearEndPreview(db, 'oldclose', 2025)).openingCheck).toBeNull();
    await db.insert(openingBalances).values({ companyId: 'oldclose', fiscalYear: 2026, account: '3001', amountMinor: -1_000 });
    await db.insert(yearEndActs).values({ companyId: 'oldclose', fiscalYear: 2025, act: 1, kind: 'close', voucherId: null, resultMinor: 100_000, carriedInto: 2026, at: '2026-01-15T10:00:00Z', actor });
    await db.insert(openingBalances).values([
      { companyId: 'oldclose', fiscalYear: 2026, account: '1930', carry: 1, amountMinor: 80_000 },
      { companyId: 'oldclose', fiscalYear: 2026, account: '2099', carry: 1, amountMinor: -100_000 },
    ]);
    const old = await yearEndPreview(db, 'oldclose', 2025);
    expect(old.openingCheck).toEqual({
      nextFiscalYear: 2026, netsToZero: false, differenceMinor: -21_000, resultAccounts: ['3001'],
      message: expect.stringMatching(/^Fiscal year 2026 does not open with what closing 2025 carried: its opening balances do not net to zero \(off by -210\.00\); result accounts 3001 have opening balances\. Re-open 2025 and close it again/),
    });
    expect((await yearEndPreview(db, 'oldclose', 2025, 'sv')).openingCheck?.message).toMatch(/^Räkenskapsår 2026 öppnar inte med det som bokslutet för 2025 förde över/);

    await reopenYear(db, 'oldclose', 2025, actor, 'Closed by an earlier release');
    expect((await yearEndPreview(db, 'oldclose', 2025)).openingCheck).toBeNull();
    const closed = await closeYear(db, 'oldclose', 2025, actor);
    expect(closed.resultMinor).toBe(80_000);
    expect(closed.openingCheck).toEqual({ nextFiscalYear: 2026, netsToZero: true, differenceMinor: 0, resultAccounts: [], message: null });
  });
});

describe('over HTTP', () => {
  let testApp: TestApp;
  beforeAll(async () => { testApp = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') }); });
  afterAll(() => testApp.close());
  const base = '/api/companies/demo/fiscal-years';

  it('previews, refuses without a next year, closes (idempotently), lists the status, and re-opens with a reason', async () => {
    const preview = (await (await testApp.request(`${base}/2026/year-end`)).json()) as YearEnd;
    expect(preview).toMatchObject({ fiscalYear: 2026, status: 'open', nextFiscalYear: null, refusal: { error: 'no_next_fiscal_year' } });
    const refused = await testApp.post(`${base}/2026/close`, {});
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'no_next_fiscal_year' });

    expect((await testApp.post(base, { start: '2027-01-01', end: '2027-12-31' })).status).toBe(201);
    const ready = (await (await testApp.request(`${base}/2026/year-end`)).json()) as YearEnd;
    expect(ready).toMatchObject({ nextFiscalYear: 2027, refusal: null });

    const key = { 'idempotency-key': 'close-2026' };
    const closed = await testApp.post(`${base}/2026/close`, {}, key);
    expect(closed.status).toBe(200);
    const body = (await closed.json()) as YearEnd;
    expect(body).toMatchObject({ status: 'closed', resultMinor: ready.resultMinor, balances: ready.balances });
    const replay = await testApp.post(`${base}/2026/close`, {}, key);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(body);

    const years = (await (await testApp.request(base)).json()) as FiscalYear[];
    expect(years.map((y) => [y.year, y.status, y.closingVoucherId ?? null])).toEqual([[2026, 'closed', body.act!.voucherId], [2027, 'open', null]]);
    const opening = (await (await testApp.request('/api/companies/demo/reports/trial-balance?from=2027-01&to=2027-12')).json()) as TrialBalance;
    expect(Object.fromEntries(opening.rows.filter((r) => r.openingMinor !== 0).map((r) => [r.account, r.openingMinor])))
      .toEqual(Object.fromEntries(body.balances.map((b) => [b.account, b.closingMinor])));

    expect((await testApp.post(`${base}/2026/reopen`, {})).status).toBe(400);
    const reopened = await testApp.post(`${base}/2026/reopen`, { reason: 'Correct a December invoice' });
    expect(reopened.status).toBe(200);
    expect(await reopened.json()).toMatchObject({ status: 'open', act: { kind: 'reopen', reason: 'Correct a December invoice' } });
    const notClosed = await testApp.post(`${base}/2026/reopen`, { reason: 'again' });
    expect(notClosed.status).toBe(409);
  });

  it('needs periods:manage', async () => {
    const reader = await testApp.tokenFor('demo', ['read']);
    expect((await testApp.post(`${base}/2026/close`, {}, { authorization: `Bearer ${reader}` })).status).toBe(403);
    expect((await testApp.post(`${base}/2026/reopen`, { reason: 'x' }, { authorization: `Bearer ${reader}` })).status).toBe(403);
  });
});
