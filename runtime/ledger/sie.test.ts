import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { vatCodes } from '../db/schema.ts';
import { demoVatCodes } from '../seed/bas-accounts.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { encodeCp437, parseSie } from '../formats/sie/index.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import { Ledger } from './ledger.ts';
import { trialBalance } from './reports.ts';
import { exportSie, importSie, SieImportRefused } from './sie.ts';

const sieFile = (vouchers: string) => encodeCp437([
  '#FLAGGA 0', '#PROGRAM "Testprogram" 1.0', '#FORMAT PC8', '#GEN 20250105', '#SIETYP 4',
  '#ORGNR 556000-0001', '#FNAMN "Småföretaget AB"', '#RAR 0 20250101 20251231',
  '#KONTO 1930 "Företagskonto"', '#KTYP 1930 T', '#KONTO 2081 "Aktiekapital"', '#KTYP 2081 S',
  '#KONTO 3001 "Försäljning 25 %"', '#KTYP 3001 I', '#KONTO 2611 "Utgående moms 25 %"', '#KONTO 1510 "Kundfordringar"',
  '#DIM 1 "Kostnadsställe"', '#OBJEKT 1 "10" "Butiken"',
  '#IB 0 1930 50000.00', '#IB 0 2081 -50000.00',
  vouchers,
].join('\r\n') + '\r\n').bytes;

const goodVouchers = [
  '#VER A 1 20250110 "Kontantförsäljning"', '{', '#TRANS 1930 {} 1250.00', '#TRANS 3001 {1 "10"} -1000.00', '#TRANS 2611 {} -250.00', '}',
  '#VER A 2 20250215 "Faktura 1"', '{', '#TRANS 1510 {} 625.00', '#TRANS 3001 {} -500.00', '#TRANS 2611 {} -125.00', '#TRANS 7777 {} 0.00', '}',
].join('\r\n');

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoCompany(database.db, { today: new Date('2026-11-29T12:00:00Z') });
});
afterAll(() => database.close());

describe('SIE 4 import into the ledger', () => {
  it('imports accounts, dimensions, opening balances and vouchers into a new company', async () => {
    const summary = await importSie(database.db, sieFile(goodVouchers), { fileName: 'test.se' });
    expect(summary).toMatchObject({ companyId: 'smaforetaget-ab', created: true, vouchers: 2, vouchersReplayed: 0, lines: 6, openingBalances: 2 });
    expect(summary.accountsCreated).toBe(6); // five declared, 7777 used on a zero line
    const tb = await trialBalance(database.db, summary.companyId, { fromPeriod: '2025-01', toPeriod: '2025-12' });
    const rows = Object.fromEntries(tb.rows.map((r) => [r.account, r]));
    expect(rows['1930']).toMatchObject({ openingMinor: 5_000_000, debitMinor: 125_000, closingMinor: 5_125_000 });
    expect(rows['3001'].closingMinor).toBe(-150_000);
    expect(tb.totals.closingMinor).toBe(0);
    const [voucher] = await new Ledger(database.db).list(summary.companyId, { limit: 1 });
    expect(voucher).toMatchObject({ series: 'A', number: 2, sourceRef: 'sie:A:2', registeredBy: 'import:sie' });
  });

  it('gives a company it creates the standard VAT codes, as POST /api/companies does (SIE carries none)', async () => {
    const codes = await database.db.select().from(vatCodes).where(eq(vatCodes.companyId, 'smaforetaget-ab')).orderBy(vatCodes.code);
    expect(codes.map((c) => c.code)).toEqual(demoVatCodes.map((c) => c.code).sort());
    expect(codes.find((c) => c.code === 'MP1')).toMatchObject({ rateBasisPoints: 2500, kind: 'output', outputAccount: '2611', active: true });
    const demo = await database.db.select().from(vatCodes).where(eq(vatCodes.companyId, 'demo')).orderBy(vatCodes.code);
    expect(codes.map(({ companyId: _c, ...rest }) => rest)).toEqual(demo.map(({ companyId: _c, ...rest }) => rest));
  });

  it('posts nothing twice when the same file comes again', async () => {
    const summary = await importSie(database.db, sieFile(goodVouchers), { companyId: 'smaforetaget-ab' });
    expect(summary).toMatchObject({ created: false, vouchers: 0, vouchersReplayed: 2 });
  });

  it('refuses an unbalanced voucher, naming the line, and writes nothing', async () => {
    const broken = goodVouchers.replace('#TRANS 2611 {} -125.00', '#TRANS 2611 {} -120.00');
    const error = await importSie(database.db, sieFile(broken), { companyId: 'new-co' }).catch((e) => e);
    expect(error).toBeInstanceOf(SieImportRefused);
    expect(error.errors[0]).toMatchObject({ code: 'voucher_unbalanced', line: 27 });
    const again = await importSie(database.db, sieFile(goodVouchers), { companyId: 'new-co' });
    expect(again.created).toBe(true); // the refused import left no company behind
  });

  it('refuses a file for another organisation number', async () => {
    const error = await importSie(database.db, sieFile(goodVouchers), { companyId: 'demo' }).catch((e) => e);
    expect(error).toBeInstanceOf(SieImportRefused);
    expect(error.message).toMatch(/556000-0001/);
  });

  it('refuses vouchers in a locked period with the line of the voucher', async () => {
    await database.client.execute("UPDATE periods SET status = 'locked' WHERE company_id = 'new-co' AND period = '2025-02'");
    const other = goodVouchers.replace(/20250215/, '20250216').replace('Faktura 1', 'Faktura 2');
    const error = await importSie(database.db, sieFile(other), { companyId: 'new-co' }).catch((e) => e);
    expect(error).toBeInstanceOf(SieImportRefused);
    expect(error.errors[0].line).toBe(27);
    expect(error.message).toMatch(/locked/);
  });
});

describe('SIE 4 export', () => {
  it('exports the demo company as a 4E file that our reader accepts, with a valid checksum', async () => {
    const { bytes } = await exportSie(database.db, 'demo', 2026, { today: '2026-11-29' });
    const parsed = parseSie(bytes);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { document } = parsed;
    expect(document.header).toMatchObject({ companyName: 'Demo AB', orgNumber: '556677-8899', sieType: 4, format: 'PC8' });
    expect(document.checksum.valid).toBe(true);
    expect(document.accounts.find((a) => a.number === '1930')).toMatchObject({ name: 'Företagskonto / checkkonto / affärskonto', type: 'T' });
    expect(document.vouchers).toHaveLength(6);
    expect(document.balances.result.find((r) => r.account === '3001')?.amountMinor).toBe(-15_050_000);
    expect(document.balances.closing.find((r) => r.account === '1510')?.amountMinor).toBe(18_812_500);
    expect(bytes.includes(Buffer.from([0x94]))).toBe(true); // "ö" in CP437
  });

  it('round-trips: export → import → export gives the same file', async () => {
    const first = await exportSie(database.db, 'smaforetaget-ab', 2025, { today: '2026-01-01' });
    const imported = await importSie(database.db, first.bytes, { companyId: 'roundtrip' });
    expect(imported.vouchers).toBe(2);
    const second = await exportSie(database.db, 'roundtrip', 2025, { today: '2026-01-01' });
    const strip = (b: Buffer) => b.toString('latin1').split('\r\n').filter((l) => !l.startsWith('#KSUMMA')).join('\n').replace(/#VER (\S+ \S+ \d+ "[^"]*") \d+/g, '#VER $1');
    expect(strip(second.bytes)).toBe(strip(first.bytes));
  });
});

describe('the chart cache after a refused import', () => {
  it('never trusts a chart that a rolled-back import built (locked periods and unknown accounts stay refused)', async () => {
    const ledger = new Ledger(database.db);
    await database.client.execute("UPDATE periods SET status = 'locked' WHERE company_id = 'demo' AND period = '2026-03'");
    const file = encodeCp437(['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20260101', '#SIETYP 4', '#ORGNR 556677-8899', '#FNAMN "Demo AB"',
      '#VER A 1 20260310 "Mars"', '{', '#TRANS 7123 {} 10.00', '#TRANS 1930 {} -10.00', '}'].join('\n')).bytes;
    const refused = await importSie(database.db, file, { companyId: 'demo' }).catch((e) => e);
    expect(refused).toBeInstanceOf(SieImportRefused);
    await database.client.execute("UPDATE periods SET status = 'locked' WHERE company_id = 'demo' AND period = '2026-04'");
    const locked = await ledger.post('demo', [{ date: '2026-04-15', series: 'A', text: 'x', registeredBy: 'user:test',
      lines: [{ account: '6110', debitMinor: 100 }, { account: '1930', creditMinor: 100 }] }]).catch((e) => e);
    expect(locked.code).toBe('period_locked');
    const unknown = await ledger.post('demo', [{ date: '2026-05-15', series: 'A', text: 'x', registeredBy: 'user:test',
      lines: [{ account: '7123', debitMinor: 100 }, { account: '1930', creditMinor: 100 }] }]).catch((e) => e);
    expect(unknown.code).toBe('unknown_account');
  });
});

describe('opening balances from SIE', () => {
  it('warns when #IB does not net to zero, and refuses #IB into a year with a locked period', async () => {
    const file = (ib: string[]) => encodeCp437(['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20250101', '#SIETYP 4', '#ORGNR 556000-0009', '#FNAMN "IB AB"',
      '#RAR 0 20250101 20251231', '#KONTO 1930 "Bank"', '#KONTO 2081 "Aktiekapital"', ...ib].join('\n')).bytes;
    const unbalanced = await importSie(database.db, file(['#IB 0 1930 1000.00']), { companyId: 'ib-unbalanced' });
    expect(unbalanced.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/do not net to zero: they differ by 1000\.00/));
    const ok = await importSie(database.db, file(['#IB 0 1930 1000.00', '#IB 0 2081 -1000.00']), { companyId: 'ib-ab' });
    expect(ok.openingBalances).toBe(2);
    await database.client.execute("UPDATE periods SET status = 'locked' WHERE company_id = 'ib-ab' AND period = '2025-01'");
    const locked = await importSie(database.db, file(['#IB 0 1510 500.00', '#IB 0 2440 -500.00']), { companyId: 'ib-ab' }).catch((e) => e);
    expect(locked).toBeInstanceOf(SieImportRefused);
    expect(locked.message).toMatch(/locked period \(2025-01\)/);
  });

  it('warns of an #IB on a result account (it should open at zero), naming it, and imports it as given', async () => {
    const file = encodeCp437(['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20250101', '#SIETYP 4', '#ORGNR 556000-0010', '#FNAMN "IB Res AB"',
      '#RAR 0 20250101 20251231', '#KONTO 1930 "Bank"', '#KONTO 3001 "Försäljning"', '#KONTO 2081 "Aktiekapital"',
      '#IB 0 1930 1000.00', '#IB 0 3001 -300.00', '#IB 0 2081 -700.00'].join('\n')).bytes;
    const imported = await importSie(database.db, file, { companyId: 'ib-result' });
    expect(imported.openingBalances).toBe(3);
    expect(imported.warnings.filter((w) => w.code === 'opening_on_result_account').map((w) => w.message))
      .toEqual([expect.stringMatching(/^Year 0 has opening balances \(#IB\) on result account 3001: a result account opens each year at zero/)]);
    // a file with #IB on balance-sheet accounts only says nothing of it
    expect((await importSie(database.db, encodeCp437(['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20250101', '#SIETYP 4', '#ORGNR 556000-0011', '#FNAMN "IB Bal AB"',
      '#RAR 0 20250101 20251231', '#KONTO 1930 "Bank"', '#KONTO 2081 "Aktiekapital"', '#IB 0 1930 1000.00', '#IB 0 2081 -1000.00'].join('\n')).bytes, { companyId: 'ib-balance' }))
      .warnings.map((w) => w.code)).not.toContain('opening_on_result_account');
  });
});

describe('fiscal years from SIE after a shortened year', () => {
  it('keys the year by the year it ends in, as POST …/fiscal-years does, and refuses an overlap naming both years', async () => {
    const file = (rar: string) => encodeCp437(['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20260501', '#SIETYP 4', '#ORGNR 556000-0017', '#FNAMN "Bruten AB"',
      rar, '#KONTO 1930 "Bank"', '#KONTO 2081 "Aktiekapital"'].join('\n')).bytes;
    const first = await importSie(database.db, file('#RAR 0 20250101 20251231'), { companyId: 'bruten-ab' });
    expect(first.created).toBe(true);
    const { addFiscalYear } = await import('../domains/companies/fiscal-years.ts');
    const shortened = await addFiscalYear(database.db, 'bruten-ab', { start: '2026-01-01', end: '2026-04-30' }, { actor: 'user:test', at: '2026-05-01T00:00:00Z', auditId: 'audit-bruten' });
    expect(shortened.year).toBe(2026);
    await importSie(database.db, file('#RAR 0 20260501 20270430'), { companyId: 'bruten-ab' });
    const { rows } = await database.client.execute("SELECT year, start_date, end_date FROM fiscal_years WHERE company_id = 'bruten-ab' ORDER BY start_date");
    expect(rows.map((r) => [r.year, r.start_date, r.end_date])).toEqual([
      [2025, '2025-01-01', '2025-12-31'], [2026, '2026-01-01', '2026-04-30'], [2027, '2026-05-01', '2027-04-30'],
    ]);
    // a year that starts before the company's first and ends inside it
    const overlapping = await importSie(database.db, file('#RAR 0 20240701 20250630'), { companyId: 'bruten-ab' }).catch((e) => e);
    expect(overlapping).toBeInstanceOf(SieImportRefused);
    expect(overlapping.message).toMatch(/2024-07-01\.\.2025-06-30 overlaps the company's fiscal year 2025-01-01\.\.2025-12-31/);
  });
});
