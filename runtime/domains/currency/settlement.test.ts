import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bookedBaseMinor, type InvoiceBooked } from './settlement.ts';

/** Pays `parts` of an invoice one after another, as the settlement does (open shrinks by each part). */
function creditsFor(totalMinor: number, rate: string, totalBaseMinor: number | null, parts: number[]): number[] {
  let open = totalMinor;
  return parts.map((part) => {
    const invoice: InvoiceBooked = {
      invoiceNumber: 'F-1', receivableAccount: '1510', currency: 'EUR', allocationMinor: part,
      openMinor: open, totalMinor, totalBaseMinor, exchangeRate: rate,
    };
    const credit = bookedBaseMinor(invoice, 'SEK');
    open -= part;
    return credit;
  });
}

describe('bookedBaseMinor: an invoice paid in parts', () => {
  it('3.00 EUR at 11.45 paid 0.01 + 0.01 + 2.98 credits the booked 34.35 SEK exactly', () => {
    const credits = creditsFor(300, '11.45', 3435, [1, 1, 298]);
    expect(credits.reduce((a, b) => a + b, 0)).toBe(3435);
    // 0.01 → 0.11 (0.1145); 0.02 → 0.23 (0.229); the last: 34.35 − 0.23
    expect(credits).toEqual([11, 12, 3412]);
  });

  it('a single payment of the whole credits what the invoice booked, even where that differs from the conversion', () => {
    expect(creditsFor(300, '11.45', 3436, [300])).toEqual([3436]);
  });

  it('any split of the total in 1–5 parts credits exactly the booked base amount in total', () => {
    const rates = ['11.45', '11.4523', '10.9871', '0.0951', '1', '123.456789'];
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5_000_000 }), fc.constantFrom(...rates), fc.integer({ min: -3, max: 3 }),
      fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 0, maxLength: 4 }),
      (total, rate, drift, cuts) => {
        // parts: up to 4 cut points inside the total, the rest is the last part
        const points = [...new Set(cuts.map((c) => c % total).filter((c) => c > 0))].sort((a, b) => a - b);
        const parts = [...points, total].map((p, i, all) => p - (i === 0 ? 0 : all[i - 1]));
        const booked = Math.max(0, Math.round(total * Number(rate)) + drift); // the invoice's own SEK figure (may differ by öre)
        const credits = creditsFor(total, rate, booked, parts);
        expect(credits.reduce((a, b) => a + b, 0)).toBe(booked);
      },
    ), { numRuns: 500 });
  });
});
