import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { accounts, companies, sieBalances } from '../db/schema.ts';
import { parseSie, type SieDocument } from '../formats/sie/index.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { Ledger } from './ledger.ts';
import { exportSie, importSie, SieImportRefused } from './sie.ts';
import { balanceMismatches } from './sie-fidelity.ts';
import { balanceSheet, incomeStatement } from './statements.ts';

const fixture = readFileSync(new URL('./fixtures/fidelity.se', import.meta.url));
/** The fixture with some lines changed (CP437 survives latin1 for the lines touched here). */
const variant = (edit: (text: string) => string) => new Uint8Array(Buffer.from(edit(fixture.toString('latin1')), 'latin1'));
const parsed = (bytes: Uint8Array): SieDocument => {
  const result = parseSie(bytes);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.document;
};
const figures = (list: { yearIndex: number; account: string; amountMinor: number | bigint }[], yearIndex: number) =>
  list.filter((b) => b.yearIndex === yearIndex).map((b) => `${b.account} ${b.amountMinor}`);

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

describe('SIE fidelity: what a file says beyond live vouchers', () => {
  it('keeps previous years, object and period balances, SRU codes, and checks #UB against #IB plus the vouchers', async () => {
    const summary = await importSie(t.database.db, fixture, { companyId: 'fidelity', fileName: 'fidelity.se' });
    expect(summary).toMatchObject({ created: true, vouchers: 2, balancesKept: 23 });
    expect(summary.warnings.filter((w) => w.code === 'balance_mismatch')).toEqual([]);
    const sru = await t.database.db.select({ n: accounts.number, sru: accounts.sru }).from(accounts).where(eq(accounts.companyId, 'fidelity'));
    expect(Object.fromEntries(sru.filter((a) => a.sru).map((a) => [a.n, a.sru]))).toEqual({ 1930: '7281', 2081: '7301', 3001: '7410', 5010: '7513' });
    const previous = await t.database.db.select().from(sieBalances)
      .where(and(eq(sieBalances.companyId, 'fidelity'), eq(sieBalances.yearStart, '2024-01-01'), eq(sieBalances.kind, 'UB')));
    expect(previous.map((r) => [r.account, r.amountMinor]).sort()).toEqual([['1930', 4_200_000], ['2081', -3_000_000], ['2099', -1_200_000]]);
  });

  it('imports #RTRANS/#BTRANS as history, not as lines, and keeps the number, registration date and signature', async () => {
    const [first] = await new Ledger(t.database.db).list('fidelity', { limit: 10 }).then((list) => list.filter((v) => v.sourceRef === 'sie:A:1'));
    // the live lines are the #TRANS rows: the #RTRANS mirrored by its #TRANS is not counted twice, the #BTRANS not at all
    expect(first.lines.map((l) => [l.account, l.debitMinor - l.creditMinor])).toEqual([['1930', 125_000], ['3001', -100_000], ['2611', -25_000]]);
    const token = await t.tokenFor('fidelity');
    const response = await t.app.request(`/api/companies/fidelity/vouchers/${first.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.imported).toMatchObject({ series: 'A', number: '1', registeredDate: '2025-01-11', sign: 'Anna' });
    expect(body.imported.history).toEqual([
      { kind: 'removed', account: '1930', objects: [], amountMinor: 120_000, transDate: '2025-01-10', text: 'Fel belopp', quantity: '0', sign: 'Anna' },
      { kind: 'added', account: '1930', objects: [], amountMinor: 125_000, transDate: '2025-01-11', text: null, quantity: '0', sign: 'Anna' },
    ]);
  });

  it('exports the file\'s previous-year #IB/#UB/#RES, #SRU, #OIB/#OUB and #PSALDO back as read', async () => {
    const original = parsed(fixture);
    const { bytes } = await exportSie(t.database.db, 'fidelity', 2025, { today: '2026-01-10' });
    const back = parsed(bytes);
    for (const index of [0, -1]) {
      expect(figures(back.balances.opening, index).sort()).toEqual(figures(original.balances.opening, index).sort());
      expect(figures(back.balances.closing, index).sort()).toEqual(figures(original.balances.closing, index).sort());
      expect(figures(back.balances.result, index).sort()).toEqual(figures(original.balances.result, index).sort());
    }
    const withObjects = (list: { yearIndex: number; account: string; amountMinor: number | bigint; objects: { dimension: number; id: string }[]; period?: string }[]) =>
      list.map((b) => `${b.yearIndex} ${b.period ?? ''} ${b.account} ${JSON.stringify(b.objects)} ${b.amountMinor}`).sort();
    expect(withObjects(back.balances.objectOpening)).toEqual(withObjects(original.balances.objectOpening));
    expect(withObjects(back.balances.objectClosing)).toEqual(withObjects(original.balances.objectClosing));
    expect(withObjects(back.balances.period)).toEqual(withObjects(original.balances.period));
    expect(back.accounts.filter((a) => a.sru).map((a) => `${a.number}:${a.sru}`)).toEqual(original.accounts.filter((a) => a.sru).map((a) => `${a.number}:${a.sru}`));
  });

  it('reading its own export back changes nothing and keeps no second copy of the balances', async () => {
    const { bytes } = await exportSie(t.database.db, 'fidelity', 2025, { today: '2026-01-10' });
    const before = (await t.database.db.select().from(sieBalances).where(eq(sieBalances.companyId, 'fidelity'))).length;
    const again = await importSie(t.database.db, bytes, { companyId: 'fidelity' });
    expect(again).toMatchObject({ vouchers: 0, vouchersReplayed: 2 });
    expect(again.warnings.filter((w) => w.code === 'balance_mismatch')).toEqual([]);
    expect((await t.database.db.select().from(sieBalances).where(eq(sieBalances.companyId, 'fidelity'))).length).toBe(before);
  });

  it('statements show the previous year from the imported #UB/#RES when it has no vouchers, and say so', async () => {
    const sheet = await balanceSheet(t.database.db, 'fidelity', { toPeriod: '2025-12' });
    expect(sheet.previousFromImport).toBe(true);
    const row = (key: string) => sheet.rows.find((r) => r.key === key)!;
    expect(row('1930').amounts.closingPrevious).toBe(4_200_000);
    expect(row('2081').amounts.closingPrevious).toBe(3_000_000); // equity shown positive
    expect(sheet.differenceMinor.closingPrevious).toBe(0);
    const income = await incomeStatement(t.database.db, 'fidelity', { fromPeriod: '2025-01', toPeriod: '2025-12' });
    expect(income.previousFromImport).toBe(true);
    expect(income.rows.find((r) => r.key === '3001')!.amounts.yearToDatePrevious).toBe(2_000_000);
    expect(income.rows.find((r) => r.key === '5010')!.amounts.yearToDatePrevious).toBe(-800_000);
    // mid-year there is nothing to compare with: null, not the opening balances passed off as June's closing
    const june = await balanceSheet(t.database.db, 'fidelity', { toPeriod: '2025-06' });
    expect(june.rows.find((r) => r.key === '1930')!.amounts.closingPrevious).toBeNull();
    expect(june.differenceMinor.closingPrevious).toBeNull();
  });

  it('never writes a #UB -1 or #RES -1 it has no figures for', async () => {
    // the same file without the previous year's #UB/#RES: its #IB -1 is real, a #UB -1 would be made up
    const bytes = variant((text) => text.replace(/^#(UB|RES) -1 .*\r\n/gm, '').replace('556000-0032', '556000-0033').replace('Fidelitet AB', 'Utan UB AB'));
    await importSie(t.database.db, bytes, { companyId: 'no-previous-ub' });
    const back = parsed((await exportSie(t.database.db, 'no-previous-ub', 2025)).bytes);
    expect(figures(back.balances.opening, -1)).toEqual(['1930 3000000', '2081 -3000000']);
    expect(figures(back.balances.closing, -1)).toEqual([]);
    expect(figures(back.balances.result, -1)).toEqual([]);
    expect(back.header.fiscalYears.map((y) => y.index)).toEqual([0, -1]);

    // a company with no previous year writes none of year -1
    const only = variant((text) => text.replace(/^#(UB|RES|IB) -1 .*\r\n/gm, '').replace(/^#RAR -1 .*\r\n/m, '')
      .replace('556000-0032', '556000-0034').replace('Fidelitet AB', 'Forsta AB'));
    await importSie(t.database.db, only, { companyId: 'first-year' });
    const first = parsed((await exportSie(t.database.db, 'first-year', 2025)).bytes);
    expect(first.header.fiscalYears.map((y) => y.index)).toEqual([0]);
    expect([...first.balances.opening, ...first.balances.closing, ...first.balances.result].filter((b) => b.yearIndex !== 0)).toEqual([]);
  });

  it('warns when #UB is not #IB plus the vouchers, naming accounts and differences; refuses it with strict', async () => {
    const wrong = (org: string) => variant((text) => text.replace('#UB 0 1930 42250.00', '#UB 0 1930 42200.00').replace('#RES 0 5010 1000.00', '#RES 0 5010 900.00')
      .replace('556000-0032', org));
    expect(balanceMismatches(parsed(wrong('556000-0035'))).map((m) => [m.account, m.kind, m.stated - m.expected])).toEqual([['1930', 'UB', -5000n], ['5010', 'RES', -10000n]]);

    const summary = await importSie(t.database.db, wrong('556000-0035'), { companyId: 'warned' });
    const [warning] = summary.warnings.filter((w) => w.code === 'balance_mismatch');
    expect(warning.message).toContain('2 accounts');
    expect(warning.message).toContain('1930 #UB 42200.00, #IB plus the vouchers 42250.00 (difference -50.00)');
    expect(warning.message).toContain('5010 #RES 900.00, the vouchers 1000.00 (difference -100.00)');

    const refused = await importSie(t.database.db, wrong('556000-0036'), { companyId: 'strict-co', strict: true }).catch((e) => e);
    expect(refused).toBeInstanceOf(SieImportRefused);
    expect(refused.errors[0].code).toBe('balance_mismatch');
    expect(await t.database.db.select().from(companies).where(eq(companies.id, 'strict-co'))).toEqual([]);

    // the same through HTTP: ?strict=true refuses with 422 and names the account
    const token = await t.tokenFor('warned');
    const response = await t.app.request('/api/companies/warned/sie?strict=true', {
      method: 'POST', body: wrong('556000-0035'), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    });
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain('1930 #UB 42200.00');
  });
});
