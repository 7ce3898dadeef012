/*
 * The VAT return says when its VAT boxes and its base boxes disagree. May 2026 of "Kontroll AB", by hand (öre):
 *   A1 05-04  1930 D 125,00 / 3001 C 100,00 MP1 / 2611 C 25,00      coded: box 05 100,00, box 10 25,00
 *   A2 05-06  1930 D 130,00 / 3001 C 100,00     / 2611 C 30,00      VAT with no coded line: box 10 only
 *   A3 05-07  6110 D  80,00 / 2641 D 20,00      / 1930 C 100,00     input VAT with no coded line: box 48 only
 * Box 10 = 55,00; the coded base (05: 100,00 at MP1 25 %) calls for 25,00: 30,00 more than rounding (± 0,01).
 * Vouchers that moved VAT accounts without a coded line: A 2, A 3.
 * June: A4 06-02 like A1 only — no warnings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { setUpCompany } from '../domains/companies/companies.ts';
import { calendarYear } from '../domains/companies/fiscal-years.ts';
import { Ledger } from './ledger.ts';
import type { VoucherLineDraft } from './types.ts';
import { vatReturn, vatReturnUncodedVouchersMax } from './vat-return.ts';

let database: Database;
let ledger: Ledger;
const company = 'kontroll';
const post = (date: string, lines: VoucherLineDraft[]) => ledger.post(company, [{ date, series: 'A', text: 'Test', registeredBy: 'user:test', lines }]);

beforeAll(async () => {
  database = await openTestDatabase();
  await setUpCompany(database.db, { id: company, name: 'Kontroll AB', orgNumber: '556000-0021', fiscalYear: calendarYear(2026) });
  ledger = new Ledger(database.db);
  await post('2026-05-04', [{ account: '1930', debitMinor: 12_500 }, { account: '3001', creditMinor: 10_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 2_500 }]);
  await post('2026-05-06', [{ account: '1930', debitMinor: 13_000 }, { account: '3001', creditMinor: 10_000 }, { account: '2611', creditMinor: 3_000 }]);
  await post('2026-05-07', [{ account: '6110', debitMinor: 8_000 }, { account: '2641', debitMinor: 2_000 }, { account: '1930', creditMinor: 10_000 }]);
  await post('2026-06-02', [{ account: '1930', debitMinor: 12_500 }, { account: '3001', creditMinor: 10_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 2_500 }]);
});
afterAll(() => database.close());

describe('the VAT return checks its VAT boxes against its coded bases', () => {
  it('May: box 10 is 55.00 where the coded base calls for 25.00; A 2 and A 3 moved VAT accounts without a coded line', async () => {
    const report = await vatReturn(database.db, company, { fromPeriod: '2026-05', toPeriod: '2026-05' });
    expect(report.boxes.find((b) => b.box === '10')!.amountMinor).toBe(5_500);
    expect(report.boxes.find((b) => b.box === '05')!.amountMinor).toBe(10_000);
    expect(report.warnings).toEqual([
      { code: 'vat_box_base_mismatch', message: 'Box 10 is 55.00, but the coded lines behind it (base 100.00 at MP1 25 %) call for 25.00: 30.00 more than rounding explains (± 0.01). VAT was booked without its base, or a base without its code' },
      { code: 'vat_without_coded_line', message: '2 vouchers moved VAT accounts without a line carrying a VAT code (their VAT is in the return, their base in no box): A 2, A 3' },
    ]);
  });

  it('June: the coded sale alone gives no warning', async () => {
    const report = await vatReturn(database.db, company, { fromPeriod: '2026-06', toPeriod: '2026-06' });
    expect(report.warnings).toEqual([]);
  });

  it('lists at most vatReturnUncodedVouchersMax vouchers and says how many more', async () => {
    for (let i = 0; i < vatReturnUncodedVouchersMax + 2; i++) {
      await post('2026-07-01', [{ account: '6110', debitMinor: 400 }, { account: '2641', debitMinor: 100 }, { account: '1930', creditMinor: 500 }]);
    }
    const report = await vatReturn(database.db, company, { fromPeriod: '2026-07', toPeriod: '2026-07' });
    const warning = report.warnings.find((w) => w.code === 'vat_without_coded_line')!;
    expect(warning.message).toMatch(new RegExp(`^${vatReturnUncodedVouchersMax + 2} vouchers moved`));
    expect(warning.message.endsWith(' and 2 more')).toBe(true);
    expect(warning.message.split('): ')[1].replace(/ and 2 more$/, '').split(', ')).toHaveLength(vatReturnUncodedVouchersMax);
  });
});

describe('the VAT return\'s warnings in Swedish (issue 12)', () => {
  it('May in Swedish: the same codes, the words and the box list in Swedish', async () => {
    const en = await vatReturn(database.db, company, { fromPeriod: '2026-05', toPeriod: '2026-05' });
    const sv = await vatReturn(database.db, company, { fromPeriod: '2026-05', toPeriod: '2026-05' }, 'sv');
    expect(sv.warnings.map((w) => w.code)).toEqual(en.warnings.map((w) => w.code));
    expect(sv.warnings.map((w) => w.message)).toEqual([
      'Ruta 10 är 55.00, men raderna med momskod bakom den (underlag 100.00 med MP1 25 %) ger 25.00: 30.00 mer än avrundning förklarar (± 0.01). Moms har bokförts utan sitt underlag, eller ett underlag utan sin momskod',
      '2 verifikationer bokförde på momskonton utan någon rad med momskod (momsen ingår i deklarationen, underlaget i ingen ruta): A 2, A 3',
    ]);
  });

  it('"and N more" in Swedish', async () => {
    const sv = await vatReturn(database.db, company, { fromPeriod: '2026-07', toPeriod: '2026-07' }, 'sv');
    expect(sv.warnings.find((w) => w.code === 'vat_without_coded_line')!.message).toMatch(/^\d+ verifikationer bokförde .* och 2 till$/);
  });
});
