import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { convertToBase, parseExchangeRate } from '../../shared/exchange.ts';
import { demoVatCodes } from '../seed/bas-accounts.ts';
import { linesInBase } from './foreign-lines.ts';
import type { VoucherLineDraft } from './types.ts';
import { checkVatLines, foreignVatToleranceMinor, type VatCodeRule } from './vat-codes.ts';

const rules = new Map<string, VatCodeRule>(demoVatCodes.map((v) => [v.code, { ...v }]));
const types: Record<string, string> = { '3001': 'revenue', '6110': 'expense', '4010': 'expense', '1930': 'asset', '1510': 'asset', '2440': 'liability' };
const check = (lines: VoucherLineDraft[]) => checkVatLines(lines, rules, (a) => types[a] ?? 'liability', 'SEK');
const sek = (minor: number, rate: string) => convertToBase(minor, parseExchangeRate(rate)!, 'EUR', 'SEK')!;
const eur = (minor: number, rate: string) => ({ currency: 'EUR', currencyAmountMinor: minor, rate });

/** A customer invoice in EUR as runtime/domains/ar/invoices.ts books it: each line converted, the rounding on the revenue line (which then loses its triple). */
function arInvoice(totalMinor: number, vatMinor: number, rate: string): VoucherLineDraft[] {
  const total = sek(totalMinor, rate);
  const vat = sek(vatMinor, rate);
  const revenue = sek(totalMinor - vatMinor, rate);
  const rounding = total - revenue - vat;
  return [
    { account: '1510', debitMinor: total, ...eur(totalMinor, rate) },
    { account: '3001', creditMinor: revenue + rounding, vatCode: 'MP1', ...(rounding === 0 ? eur(totalMinor - vatMinor, rate) : {}) },
    { account: '2611', creditMinor: vat, ...eur(vatMinor, rate) },
  ];
}

describe('the VAT posting check on lines in another currency', () => {
  it('the tolerance for a EUR line at 11.4523 is ⌈11.4523 / 2⌉ + 1 = 7 öre; for JPY at 0.0712 ⌈7.12 / 2⌉ + 1 = 5', () => {
    expect(foreignVatToleranceMinor('EUR', '11.4523', 'SEK')).toBe(7);
    expect(foreignVatToleranceMinor('JPY', '0.0712', 'SEK')).toBe(5);
    expect(foreignVatToleranceMinor('SEK', null, 'SEK')).toBe(1);
  });

  it('a EUR customer invoice of 125.09 with VAT 25.02 at 11.4523 passes (it was refused: difference 0.03)', () => {
    expect(check(arInvoice(12_509, 2_502, '11.4523'))).toBeNull();
  });

  it('125.04 EUR with VAT 25.01 at 11.4523 passes: the revenue line took the rounding öre and lost its currency (it was refused: "the voucher books 0.00")', () => {
    const lines = arInvoice(12_504, 2_501, '11.4523');
    expect(lines[1].currency).toBeUndefined();
    expect(check(lines)).toBeNull();
  });

  it('a manual voucher with a EUR base line and a SEK VAT line is compared in SEK on the account', () => {
    const base = sek(10_000, '11.4523'); // 100.00 EUR → 1 145.23 SEK
    const lines: VoucherLineDraft[] = [
      { account: '6110', debitMinor: base, vatCode: 'I25', ...eur(10_000, '11.4523') },
      { account: '2641', debitMinor: 28_631 }, { account: '1930', creditMinor: base + 28_631 },
    ];
    expect(check(lines)).toBeNull();
    // still refused when clearly wrong: 30 % instead of 25 %
    lines[1].debitMinor = 34_357;
    lines[2].creditMinor = base + 34_357;
    expect(check(lines)).toMatchObject({ code: 'vat_amount_mismatch', lineIndex: 0 });
  });

  it('beyond the widened tolerance it is refused, and the message says what was allowed', () => {
    const lines = arInvoice(12_509, 2_502, '11.4523');
    lines[2].creditMinor! += 8; lines[0].debitMinor! += 8;
    delete lines[2].currency; delete lines[2].currencyAmountMinor; delete lines[2].rate;
    delete lines[0].currency; delete lines[0].currencyAmountMinor; delete lines[0].rate;
    const problem = check(lines);
    expect(problem).toMatchObject({ code: 'vat_amount_mismatch' });
    expect(problem!.message).toContain('allowed ± 0.07');
  });

  it('any EUR bill with percent_of VAT, converted through linesInBase, passes', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom('11.4523', '11.45', '10.9871', '12.3456', '9.87'), fc.constantFrom(2500, 1200, 600),
      (netEur, rate, rateBp) => {
        const code = rateBp === 2500 ? 'I25' : rateBp === 1200 ? 'I12' : 'I6';
        if (!rules.has(code)) return;
        const vatEur = Math.round((netEur * rateBp) / 10_000); // half away from zero for positives
        const made = linesInBase([
          { account: '4010', debitMinor: netEur, vatCode: code }, { account: '2641', debitMinor: vatEur }, { account: '2440', creditMinor: netEur + vatEur },
        ].filter((l) => (l.debitMinor ?? 0) > 0 || (l as { creditMinor?: number }).creditMinor! > 0), 'EUR', rate, 'SEK');
        if (!made.ok) throw new Error(made.message);
        expect(check(made.lines)).toBeNull();
      },
    ), { numRuns: 1000 });
  });
});
