import { describe, expect, it } from 'vitest';
import { linesInBase } from './foreign-lines.ts';

describe('lines in another currency made into SEK lines', () => {
  it('converts each line and keeps its currency, amount and rate: 10.00 EUR @ 11.50', () => {
    const result = linesInBase([{ account: '6570', debitMinor: 1_000 }, { account: '1930', creditMinor: 1_000 }], 'EUR', '11.50', 'SEK');
    expect(result).toEqual({
      ok: true, roundingMinor: 0, lines: [
        { account: '6570', debitMinor: 11_500, creditMinor: undefined, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' },
        { account: '1930', creditMinor: 11_500, debitMinor: undefined, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' },
      ],
    });
  });

  it('puts what the rounding leaves on 3740 (hand-computed: 0.01 + 0.01 EUR vs 0.02 EUR at 11.25)', () => {
    // 0.01 EUR × 11.25 = 0.1125 → 0.11 SEK, twice = 0.22; 0.02 EUR × 11.25 = 0.225 → 0.23 SEK: 0.01 SEK short on the debit side.
    const result = linesInBase([
      { account: '6570', debitMinor: 1 }, { account: '6570', debitMinor: 1 }, { account: '1930', creditMinor: 2 },
    ], 'EUR', '11.25', 'SEK');
    if (!result.ok) throw new Error(result.message);
    expect(result.lines.map((l) => [l.account, l.debitMinor ?? 0, l.creditMinor ?? 0])).toEqual([
      ['6570', 11, 0], ['6570', 11, 0], ['1930', 0, 23], ['3740', 1, 0],
    ]);
    expect(result.roundingMinor).toBe(-1);
  });
});
