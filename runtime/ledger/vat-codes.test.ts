import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceRef } from '../../shared/sources.ts';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { setUpCompany } from '../domains/companies/companies.ts';
import { calendarYear } from '../domains/companies/fiscal-years.ts';
import { demoVatCodes } from '../seed/bas-accounts.ts';
import { Ledger } from './ledger.ts';
import { LedgerRefusal, type VoucherLineDraft } from './types.ts';
import { checkVatLines, vatAccountsOf, type VatCodeRule } from './vat-codes.ts';

const rules = new Map<string, VatCodeRule>(demoVatCodes.map((v) => [v.code, { ...v }]));
const types: Record<string, string> = { '3001': 'revenue', '3106': 'revenue', '4535': 'expense', '6110': 'expense', '1930': 'asset', '1250': 'asset', '2440': 'liability' };
const check = (lines: VoucherLineDraft[]) => checkVatLines(lines, rules, (a) => types[a] ?? 'liability', 'SEK');

describe('the VAT posting check (pure)', () => {
  it('30,00 VAT on a base of 80,00 at 25 % is refused: it should be 20,00', () => {
    const problem = check([{ account: '1930', debitMinor: 11_000 }, { account: '3001', creditMinor: 8_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 3_000 }]);
    expect(problem).toMatchObject({ code: 'vat_amount_mismatch', lineIndex: 1 });
    expect(problem!.message).toBe('Line 2: the base 80.00 at MP1 25 % calls for 20.00 credit on 2611; the voucher books 30.00 (difference 10.00; allowed ± 0.01, 0.01 per coded line)');
  });

  it('20,00 on 80,00 passes; 1 öre off per coded line passes, 2 öre off does not', () => {
    expect(check([{ account: '1930', debitMinor: 10_000 }, { account: '3001', creditMinor: 8_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 2_000 }])).toBeNull();
    expect(check([{ account: '1930', debitMinor: 10_001 }, { account: '3001', creditMinor: 8_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 2_001 }])).toBeNull();
    expect(check([{ account: '1930', debitMinor: 10_002 }, { account: '3001', creditMinor: 8_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 2_002 }]))
      .toMatchObject({ code: 'vat_amount_mismatch' });
    // Three lines of 0,10 at 25 % (0,025 → 0,03 each, 0,09): 0,08 booked on the invoice's total is within 3 öre.
    expect(check([
      { account: '1930', debitMinor: 38 }, { account: '3001', creditMinor: 10, vatCode: 'MP1' }, { account: '3001', creditMinor: 10, vatCode: 'MP1' },
      { account: '3001', creditMinor: 10, vatCode: 'MP1' }, { account: '2611', creditMinor: 8 },
    ])).toBeNull();
  });

  it('a coded base without its VAT line is refused (the VAT is missing)', () => {
    expect(check([{ account: '6110', debitMinor: 10_000, vatCode: 'I25' }, { account: '1930', creditMinor: 10_000 }]))
      .toMatchObject({ code: 'vat_amount_mismatch', lineIndex: 0 });
  });

  it('an output VAT code on an expense account is refused, naming the line and the code', () => {
    expect(check([{ account: '6110', debitMinor: 10_000, vatCode: 'MP1' }, { account: '2611', debitMinor: 2_500 }, { account: '1930', creditMinor: 12_500 }])).toEqual({
      code: 'vat_account_mismatch', lineIndex: 0,
      message: 'Line 1: VAT code MP1 is a sales code (output VAT); account 6110 is an expense account — use a purchase code (e.g. I25)',
    });
  });

  it('an input VAT code on 2611 (an output VAT account) is refused, and a purchase code on a revenue account', () => {
    expect(check([{ account: '6110', debitMinor: 10_000 }, { account: '2611', debitMinor: 2_500, vatCode: 'I25' }, { account: '1930', creditMinor: 12_500 }])).toEqual({
      code: 'vat_account_mismatch', lineIndex: 1,
      message: 'Line 2: VAT code I25 is a purchase code (input VAT); account 2611 is an output VAT account — I25 books its VAT to 2641',
    });
    expect(check([{ account: '3001', creditMinor: 10_000, vatCode: 'I25' }, { account: '1930', debitMinor: 10_000 }])).toMatchObject({ code: 'vat_account_mismatch', lineIndex: 0 });
  });

  it('a reverse charge: base on 4535 (EUTI), output VAT on 2614 and input VAT on 2645 both checked', () => {
    const lines = (output: number, input: number): VoucherLineDraft[] => [
      { account: '4535', debitMinor: 400_000, vatCode: 'EUTI' }, { account: '2645', debitMinor: input }, { account: '2614', creditMinor: output }, { account: '2440', creditMinor: 400_000 + input - output },
    ];
    expect(check(lines(100_000, 100_000))).toBeNull();
    expect(check(lines(100_000, 90_000))).toMatchObject({ code: 'vat_amount_mismatch', message: expect.stringContaining('on 2645') });
    expect(check(lines(0, 100_000))).toMatchObject({ code: 'vat_amount_mismatch', message: expect.stringContaining('on 2614') });
  });

  it('zero-rated codes carry no VAT; an input code on an asset (a computer) is fine', () => {
    expect(check([{ account: '1510', debitMinor: 8_000 }, { account: '3106', creditMinor: 8_000, vatCode: 'EUVF' }])).toBeNull();
    expect(check([{ account: '1250', debitMinor: 10_000, vatCode: 'I25' }, { account: '2641', debitMinor: 2_500 }, { account: '1930', creditMinor: 12_500 }])).toBeNull();
  });

  it('maps the VAT accounts to boxes from the codes (2611 → 10, 2614 → 30, 2641 and 2645 → 48)', () => {
    const accounts = vatAccountsOf(rules.values());
    expect(Object.fromEntries(accounts.boxOf)).toEqual({ 2611: '10', 2621: '11', 2631: '12', 2641: '48', 2614: '30', 2645: '48' });
    expect(accounts.conflicts).toEqual([]);
  });
});

describe('the VAT posting check in the ledger', () => {
  let database: Database;
  let ledger: Ledger;
  beforeAll(async () => {
    database = await openTestDatabase();
    await setUpCompany(database.db, { id: 'vatcheck', name: 'Vat Check AB', orgNumber: '556000-0003', fiscalYear: calendarYear(2026) });
    ledger = new Ledger(database.db);
  });
  afterAll(() => database.close());
  const post = (lines: VoucherLineDraft[], extra: { sourceRef?: string; importedHistory?: boolean } = {}) =>
    ledger.post('vatcheck', [{ date: '2026-05-04', series: 'A', text: 'Försäljning', registeredBy: 'user:test', lines, ...extra }]);
  const wrong: VoucherLineDraft[] = [{ account: '1930', debitMinor: 11_000 }, { account: '3001', creditMinor: 8_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 3_000 }];

  it('refuses 30,00 on 80,00 at 25 % with a LedgerRefusal naming line 2; 20,00 posts', async () => {
    const refusal = await post(wrong).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(LedgerRefusal);
    expect(refusal).toMatchObject({ code: 'vat_amount_mismatch', lineIndex: 1 });
    const [{ voucher }] = await post([{ account: '1930', debitMinor: 10_000 }, { account: '3001', creditMinor: 8_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 2_000 }]);
    expect(voucher.number).toBe(1);
    // …and its reversal posts (a reversal is never re-checked).
    const reversal = await ledger.reverse('vatcheck', voucher.id, { registeredBy: 'user:test', date: '2026-05-05' });
    expect(reversal.voucher.reversesVoucherId).toBe(voucher.id);
  });

  it('keeps a SIE import\'s history as written', async () => {
    const [{ voucher }] = await post(wrong, { sourceRef: sourceRef('sie', 'A', '77'), importedHistory: true });
    expect(voucher.lines[2].creditMinor).toBe(3_000);
  });
});

describe('migration 0029 on a company made before it', () => {
  it('gives the standard codes their boxes and adds EUVI, leaving a code it does not know alone', async () => {
    const { readFileSync } = await import('node:fs');
    const database = await openTestDatabase();
    try {
      await setUpCompany(database.db, { id: 'old', name: 'Old AB', orgNumber: '556000-0005', fiscalYear: calendarYear(2026) });
      const sql = database.client;
      // As it was before 0029: no boxes, no EUVI, and a code of the company's own.
      await sql.execute("UPDATE vat_codes SET base_box = NULL, vat_box = NULL WHERE company_id = 'old'");
      await sql.execute("DELETE FROM vat_codes WHERE company_id = 'old' AND code = 'EUVI'");
      await sql.execute("INSERT INTO vat_codes (company_id, code, name, rate_basis_points, kind) VALUES ('old', 'X9', 'Egen', 0, 'exempt')");
      const statements = readFileSync(new URL('../db/migrations/0029_vat_return.sql', import.meta.url), 'utf8').split('--> statement-breakpoint')
        .map((s) => s.trim()).filter((s) => s.startsWith('UPDATE') || s.startsWith('INSERT'));
      expect(statements).toHaveLength(2);
      for (const statement of statements) await sql.execute(statement);
      const rows = (await sql.execute("SELECT code, base_box, vat_box FROM vat_codes WHERE company_id = 'old' ORDER BY code")).rows;
      const boxes = Object.fromEntries(rows.map((r) => [String(r.code), [r.base_box, r.vat_box]]));
      // The same as a company made after it (runtime/seed/bas-accounts.ts), and X9 untouched.
      expect(boxes).toEqual({ ...Object.fromEntries(demoVatCodes.map((v) => [v.code, [v.baseBox, v.vatBox]])), X9: [null, null] });
    } finally {
      database.close();
    }
  });
});

describe('a company made by a SIE import', () => {
  it('gets the standard VAT codes with their boxes, so its return and posting check work', async () => {
    const { encodeCp437 } = await import('../formats/sie/index.ts');
    const { importSie } = await import('./sie.ts');
    const database = await openTestDatabase();
    try {
      const file = encodeCp437(['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20260101', '#SIETYP 4', '#ORGNR 556000-0013', '#FNAMN "Sie Moms AB"',
        '#RAR 0 20260101 20261231', '#KONTO 1930 "Bank"', '#KONTO 3001 "Försäljning"', '#KONTO 2611 "Utgående moms"'].join('\n')).bytes;
      const summary = await importSie(database.db, file, {});
      expect(summary.created).toBe(true);
      const rows = (await database.client.execute({ sql: 'SELECT code, base_box, vat_box FROM vat_codes WHERE company_id = ? ORDER BY code', args: [summary.companyId] })).rows;
      expect(rows.map((r) => [r.code, r.base_box, r.vat_box])).toEqual([...demoVatCodes].sort((a, b) => a.code.localeCompare(b.code)).map((v) => [v.code, v.baseBox, v.vatBox]));
      await database.client.execute({ sql: "INSERT OR IGNORE INTO voucher_series (company_id, code, name) VALUES (?, 'A', 'Manuella')", args: [summary.companyId] });
      const refusal = await new Ledger(database.db).post(summary.companyId, [{ date: '2026-02-02', series: 'A', text: 'Försäljning', registeredBy: 'user:test',
        lines: [{ account: '1930', debitMinor: 11_000 }, { account: '3001', creditMinor: 8_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 3_000 }] }]).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: 'vat_amount_mismatch', lineIndex: 1 });
    } finally {
      database.close();
    }
  });
});
